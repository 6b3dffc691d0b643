/**
 * The slow-motion step's caption under the views: which stage is shown and what it means
 * (with its formula), the step's numbers as the stages reveal them, a legend of the marks in
 * the views, the weights' update at the last stage, and Previous / Next / Auto / Close.
 * ←/→ move between stages while the focus is in the panel; Escape closes it.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { PALETTE } from '../../render/palette';
import { formatLoss } from '../format';
import { Tex } from '../Tex';
import { ClassLabels } from './ClassLabels';
import type { SlowMoState } from './slowMotion';
import { SLOWMO_STAGES, type SlowMoNumbers } from './stages';
import { useSlowMotion } from './useSlowMotion';

const num = (v: number) => formatLoss(v);

/** The numbers a stage has revealed so far: [label key, value, from stage, test id]. */
function figures(n: SlowMoNumbers): [MessageKey, string, number, string][] {
  return [
    ['slowmoBatch', `${n.shown} / ${n.batch}`, 0, 'batch'],
    ['slowmoTRange', `${n.tMin.toFixed(3)} – ${n.tMax.toFixed(3)}`, 2, 't-range'],
    ['slowmoMeanU', num(n.meanU), 4, 'mean-u'],
    ['slowmoMeanV', num(n.meanV), 5, 'mean-v'],
    ['slowmoMeanError', num(n.meanError), 6, 'mean-error'],
    ['slowmoLoss', num(n.loss), 7, 'loss'],
    ['slowmoUpdateNorm', n.updateNorm.toPrecision(3), 7, 'update-norm'],
  ];
}

/** The marks in the views so far, with their colours (shapes tell them apart too). */
const LEGEND: [MessageKey, string, string, number][] = [
  ['slowmoLegendNoise', PALETTE.slowNoise, 'dot', 0],
  ['slowmoLegendData', PALETTE.slowData, 'square', 0],
  ['slowmoLegendXt', PALETTE.slowPoint, 'dot', 3],
  ['slowmoLegendU', PALETTE.slowTarget, 'arrow', 4],
  ['slowmoLegendV', PALETTE.slowNetwork, 'arrow', 5],
  ['slowmoLegendError', PALETTE.slowError, 'dash', 6],
];

function bodyKey(stage: number, coupling: SlowMoState['coupling']): MessageKey {
  const id = SLOWMO_STAGES[stage]!;
  if (id === 'pairing') return coupling === 'ot' ? 'slowmoBody_pairing_ot' : 'slowmoBody_pairing';
  return `slowmoBody_${id}`;
}

function UpdateTable({ state, t }: { state: SlowMoState; t: Translate }) {
  return (
    <div className="slowmo-update">
      <table>
        <caption>{t('slowmoUpdateCaption', { lr: state.numbers?.lr ?? 0 })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('slowmoTensor')}</th>
            <th scope="col">‖w‖</th>
            <th scope="col">‖Δw‖</th>
          </tr>
        </thead>
        <tbody>
          {state.layers.map((l) => (
            <tr key={l.name}>
              <th scope="row">
                {l.name} <span className="hint">({l.shape.join('×')})</span>
              </th>
              <td>{l.norm.toPrecision(3)}</td>
              <td>{l.updateNorm.toPrecision(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="slowmo-samples" aria-label={t('slowmoSamples')}>
        {state.samples.map((s) => (
          <li key={s.name}>
            {s.name}[{s.row},{s.col}]: {s.before.toFixed(5)} → {s.after.toFixed(5)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SlowMoPanel() {
  const t = useT();
  const slow = useSlowMotion();
  const { state } = slow;
  const next = useRef<HTMLButtonElement>(null);
  const showing = state.status === 'showing';
  useEffect(() => {
    if (showing) next.current?.focus();
  }, [showing]);
  if (state.status === 'off') return null;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight') slow.next();
    else if (e.key === 'ArrowLeft') slow.previous();
    else if (e.key === 'Escape') void slow.close();
    else return;
    e.preventDefault();
  };
  const n = state.numbers;
  const stage = state.stage;
  const id = SLOWMO_STAGES[stage]!;
  const last = SLOWMO_STAGES.length - 1;
  const params = n && {
    batch: n.batch,
    shown: n.shown,
    tMin: n.tMin.toFixed(3),
    tMax: n.tMax.toFixed(3),
    meanU: num(n.meanU),
    meanV: num(n.meanV),
    meanError: num(n.meanError),
    maxError: num(n.maxError),
    loss: num(n.loss),
    lr: n.lr,
    updateNorm: n.updateNorm.toPrecision(3),
    step: n.step,
  };
  return (
    <section
      className="slowmo-panel"
      aria-labelledby="slowmo-title"
      onKeyDown={onKey}
      data-testid="slowmo-panel"
      data-stage={showing ? id : state.status}
    >
      <h2 id="slowmo-title">{n ? t('slowmoTitle', { step: n.step }) : t('slowmoStart')}</h2>
      {state.status === 'stepping' && <p role="status">{t('slowmoStepping')}</p>}
      {state.error && (
        <p className="warning" role="alert" data-testid="slowmo-error">
          {state.error}
        </p>
      )}
      {showing && n && params && (
        <>
          <ol className="slowmo-stages" aria-label={t('slowmoStages')}>
            {SLOWMO_STAGES.map((s, k) => (
              <li key={s}>
                <button
                  type="button"
                  aria-current={k === stage ? 'step' : undefined}
                  onClick={() => slow.goTo(k)}
                >
                  {k + 1}. {t(`slowmo_${s}`)}
                </button>
              </li>
            ))}
          </ol>
          <div className="slowmo-caption" aria-live="polite" data-testid="slowmo-caption">
            <h3>{t('slowmoStageOf', { k: stage + 1, n: last + 1, name: t(`slowmo_${id}`) })}</h3>
            <Tex as="p" source={t(bodyKey(stage, state.coupling), params)} />
          </div>
          <dl className="slowmo-numbers">
            {figures(n)
              .filter(([, , from]) => stage >= from)
              .map(([key, value, , test]) => (
                <div key={key}>
                  <dt>{t(key)}</dt>
                  <dd data-testid={`slowmo-${test}`}>{value}</dd>
                </div>
              ))}
          </dl>
          <ul className="slowmo-legend" aria-label={t('slowmoLegend')}>
            {LEGEND.filter(([, , , from]) => stage >= from).map(([key, color, shape]) => (
              <li key={key}>
                <span className={`swatch swatch-${shape}`} style={{ color }} aria-hidden="true" />
                {t(key)}
              </li>
            ))}
          </ul>
          <ClassLabels numbers={n} stage={stage} />
          {id === 'update' && <UpdateTable state={state} t={t} />}
        </>
      )}
      <div className="slowmo-controls">
        {/* aria-disabled, not disabled: the focus stays on a button that stops doing anything. */}
        <button
          type="button"
          aria-disabled={!showing || stage === 0}
          onClick={slow.previous}
          data-testid="slowmo-previous"
        >
          {t('slowmoPrevious')}
        </button>
        <button
          type="button"
          ref={next}
          className="primary"
          aria-disabled={!showing}
          onClick={() => (stage === last ? void slow.close() : slow.next())}
          data-testid="slowmo-next"
        >
          {stage === last ? t('slowmoDone') : t('slowmoNext')}
        </button>
        <button
          type="button"
          aria-pressed={state.auto}
          disabled={!showing}
          onClick={() => slow.setAuto(!state.auto)}
        >
          {t('slowmoAuto')}
        </button>
        <button
          type="button"
          disabled={state.status === 'stepping'}
          onClick={() => void slow.close()}
          data-testid="slowmo-close"
        >
          {t('slowmoClose')}
        </button>
      </div>
    </section>
  );
}
