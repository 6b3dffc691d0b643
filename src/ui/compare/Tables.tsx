/**
 * The live metrics table (one row per trainer), the adjustable scheduler parameters with their
 * refusals, the coupling comparison, and the measured findings.
 */
import { useId, useMemo } from 'react';
import { paramsOf } from '../../flow/schedulers';
import { useT, type MessageKey } from '../../i18n';
import { appStore } from '../../state/appStore';
import { compareStore, type KeyedMessage } from '../../state/compareStore';
import { useStore } from '../../state/store';
import { Tex } from '../Tex';
import { buildScene } from './compareScene';
import {
  COLORS,
  COMPARE_IDS,
  PAIRS_ID,
  type ColumnId,
  type CompareId,
  type CompareParams,
} from './compareSetup';
import { useComparedIds, useCompare, useCompareCanvas, useNames } from './context';
import { findings, fmt } from './findings';
import { sceneConditionalFigures, type PathFigures } from './measures';
import { PARAM_GROUPS, type ParamGroup } from './params';
import { DraftNumberInput } from '../controls';
import { TrainerCharts } from './Columns';

export function useMessage(): (m: KeyedMessage) => string {
  const t = useT();
  return (m) => t(m.key as MessageKey, m.values);
}

export function MetricsTable() {
  const t = useT();
  const names = useNames();
  const ctl = useCompare();
  const trainers = useStore(compareStore, (s) => s.trainers);
  const exactRunning = useStore(compareStore, (s) => s.exactRunning);
  const ids = useComparedIds();
  const hid = useId();
  const head: MessageKey[] = [
    'cmpColScheduler',
    'cmpColStep',
    'cmpColLoss',
    'cmpColSliced',
    'cmpColExact',
    'cmpColStraight',
    'cmpColEnergy',
    'cmpColEnergyRatio',
  ];
  const anyShown = ids.some((id) => trainers[id].shownStep >= 0);
  return (
    <section className="cmp-card cmp-wide" aria-labelledby={hid}>
      <h3 id={hid}>{t('cmpMetricsTitle')}</h3>
      <div className="table-scroll">
        <table className="cmp-table" data-testid="cmp-metrics">
          <thead>
            <tr>
              {head.map((k) => (
                <th key={k} scope="col">
                  <Tex source={t(k)} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const f = trainers[id];
              return (
                <tr key={id} data-trainer={id}>
                  <th scope="row">
                    <i className="swatch" style={{ background: COLORS[id] }} aria-hidden="true" />
                    {names[id]}
                  </th>
                  <td>{f.step}</td>
                  <td>{fmt(f.lossAvg, 3)}</td>
                  <td data-metric="sliced">{fmt(f.slicedW2, 3)}</td>
                  <td data-metric="exact">{f.exactW2 === null ? '–' : fmt(f.exactW2, 3)}</td>
                  <td data-metric="straightness">{fmt(f.straightness, 3)}</td>
                  <td>{fmt(f.energy, 2)}</td>
                  <td>{fmt(f.energyRatio, 2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="cmp-toolbar">
        <button
          type="button"
          disabled={!anyShown || exactRunning}
          onClick={() => void ctl?.computeExact()}
          data-testid="cmp-exact"
        >
          {exactRunning ? t('cmpExactRunning') : t('cmpExact')}
        </button>
      </div>
      <Tex as="p" source={t('cmpMetricsNote')} />
      <Tex as="p" source={t('cmpLossNote')} />
    </section>
  );
}

function ParamInput({ group, name }: { group: ParamGroup; name: keyof CompareParams }) {
  const t = useT();
  const ctl = useCompare();
  const id = useId();
  const value = useStore(compareStore, (s) => s.params[name]);
  return (
    <div className="field">
      <label htmlFor={id}>{t(name as MessageKey)}</label>
      <DraftNumberInput
        id={id}
        type="text"
        inputMode="decimal"
        value={value}
        commit={(n) => ctl?.setParams(group, { [name]: n }) ?? false}
        data-testid={`cmp-param-${name}`}
      />
    </div>
  );
}

export function ParamsEditor() {
  const t = useT();
  const names = useNames();
  const message = useMessage();
  const errors = useStore(compareStore, (s) => s.paramErrors);
  const hid = useId();
  return (
    <section className="cmp-card" aria-labelledby={hid}>
      <h3 id={hid}>{t('cmpParamsTitle')}</h3>
      {PARAM_GROUPS.map((group) => (
        <fieldset key={group} className="cmp-params">
          <legend>{names[group]}</legend>
          <div className="grid2">
            {paramsOf(group).map(({ key }) => (
              <ParamInput key={key} group={group} name={key} />
            ))}
          </div>
          {errors[group] && (
            <p className="field-error" role="alert" data-testid={`cmp-param-error-${group}`}>
              {message(errors[group])} {t('cmpKept')}
            </p>
          )}
        </fieldset>
      ))}
      <p className="cmp-note">{t('cmpParamsNote')}</p>
    </section>
  );
}

function PathsCanvas({ id }: { id: CompareId }) {
  const t = useT();
  const ref = useCompareCanvas((ctl, canvas) => ctl.views.attachPaths(id, canvas), [id]);
  const fig = useStore(compareStore, (s) => s.trainers[id]);
  const name = id === PAIRS_ID ? t('cmpOtPairs') : t('cmpIndependent');
  return (
    <figure className="cmp-paths" style={{ borderTopColor: COLORS[id] }}>
      <figcaption>
        <strong>{name}</strong> · {t('cmpColStraight').replace(/\$/g, '')}{' '}
        {fmt(fig.straightness, 3)} · {t('cmpColSliced').replace(/\$/g, '').replace('W_2', 'W₂')}{' '}
        {fmt(fig.slicedW2, 3)}
      </figcaption>
      <div className="canvas-box cmp-paths-box">
        <canvas
          ref={ref}
          role="img"
          aria-label={t('cmpPathsLabel', { name })}
          data-testid={`cmp-paths-${id}`}
        />
      </div>
      <TrainerCharts id={id} />
    </figure>
  );
}

export function CouplingSection() {
  const t = useT();
  const hid = useId();
  return (
    <section className="cmp-card cmp-coupling cmp-wide" aria-labelledby={hid}>
      <h3 id={hid}>{t('cmpCouplingTitle')}</h3>
      <Tex as="p" source={t('cmpCouplingIntro')} />
      <div className="cmp-two">
        <PathsCanvas id="ot" />
        <PathsCanvas id={PAIRS_ID} />
      </div>
    </section>
  );
}

/** Straightness and energy of the conditional paths of the first pairs, from the formulas. */
function useConditionalFigures(): Record<ColumnId, PathFigures> {
  const settings = useStore(appStore, (s) => s.settings);
  const params = useStore(compareStore, (s) => s.params);
  return useMemo(
    () => sceneConditionalFigures(buildScene(settings, params, 0)),
    [settings, params],
  );
}

export function Findings() {
  const t = useT();
  const names = useNames();
  const message = useMessage();
  const trainers = useStore(compareStore, (s) => s.trainers);
  const sweep = useStore(compareStore, (s) => s.sweep);
  const cond = useConditionalFigures();
  const withSigma = useStore(appStore, (s) => s.settings.compareSigma);
  const list = findings(trainers, sweep, cond, names).filter(
    (f) => withSigma || f.key !== 'cmpFindSigma',
  );
  const hid = useId();
  const trained = COMPARE_IDS.some((id) => trainers[id].shownStep >= 0);
  return (
    <section className="cmp-card cmp-findings" aria-labelledby={hid}>
      <h3 id={hid}>{t('cmpFindingsTitle')}</h3>
      <ul data-testid="cmp-findings">
        {list.map((f, i) => (
          <li key={`${f.key}-${i}`} data-key={f.key}>
            {message(f)}
          </li>
        ))}
      </ul>
      {!trained && <p className="cmp-note">{t('cmpFindingsEmpty')}</p>}
    </section>
  );
}
