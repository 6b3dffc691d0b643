/**
 * The animated columns (OT, VP, VE, and OT with σ = 0.1 around the path when its toggle is on)
 * with their formulas, live figures, loss curve and
 * loss-by-time profile, and the comparison's own time bar. Canvases are handed to the
 * controller, which draws them every frame; React only shows the figures.
 */
import { SCHEDULERS } from '../../flow/schedulers';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { compareStore, type CompareTrainerId, type TrainerFigures } from '../../state/compareStore';
import { useStore } from '../../state/store';
import { LineChart } from '../charts/LineChart';
import { SavePng } from '../io/SavePng';
import { PlayScrub } from '../PlayScrub';
import { Tex } from '../Tex';
import { COLORS, COMPARE_PATH_SIGMA, SIGMA_ID, type ViewColumnId } from './compareSetup';
import { useCompare, useCompareCanvas, useNames } from './context';
import { fmt } from './findings';

export function profileSeries(profile: readonly number[] | null): [number, number][] {
  if (!profile) return [];
  return profile.map((v, i) => [(i + 0.5) / profile.length, v]);
}

/** Loss curve and loss-by-time profile of one trainer. */
export function TrainerCharts({ id }: { id: CompareTrainerId }) {
  const t = useT();
  const names = useNames();
  const losses = useStore(compareStore, (s) => s.trainers[id].losses);
  const profile = useStore(compareStore, (s) => s.trainers[id].profile);
  return (
    <div className="cmp-mini">
      <figure>
        <figcaption>{t('cmpLossTitle')}</figcaption>
        <LineChart
          data={losses}
          average={10}
          label={`${names[id]}: ${t('cmpLossTitle')}`}
          color={COLORS[id]}
          empty={t('noData')}
          testId={`cmp-loss-${id}`}
        />
      </figure>
      <figure>
        <figcaption>
          <Tex source={t('cmpProfileTitle')} />
        </figcaption>
        <LineChart
          data={profileSeries(profile)}
          label={`${names[id]}: ${t('cmpProfileTitle').replace(/\$/g, '')}`}
          color={COLORS[id]}
          empty={t('noData')}
          testId={`cmp-profile-${id}`}
        />
      </figure>
    </div>
  );
}

/** What a column shows, labelled as the playground's view: pretrained, training, or idle. */
function columnNote(fig: TrainerFigures, t: ReturnType<typeof useT>): string {
  if (fig.pretrained) return t('shownPretrained', { n: fig.step });
  if (fig.step <= 0 && fig.status !== 'training') return t('cmpNotTrained');
  const values = { step: fig.step, rate: fig.stepsPerSec.toFixed(0), loss: fmt(fig.lossAvg, 3) };
  return t(fig.status === 'training' ? 'cmpColumnTraining' : 'cmpColumnStats', values);
}

/** KaTeX of a column's path: its scheduler's α_t and σ_t, or OT's interpolant plus σ ε. */
function pathTex(id: ViewColumnId): string {
  if (id === SIGMA_ID)
    return `$x_t = t\\,x_1 + (1-t)\\,x_0 + ${COMPARE_PATH_SIGMA}\\,\\varepsilon$`;
  const info = SCHEDULERS[id];
  return `$${info.alphaTex},\\ ${info.sigmaTex}$`;
}

/**
 * One comparison column (`ot`, `vp`, `ve`, mounted by id through `ui/viewParts.tsx`; the σ
 * column `ot-sigma` by the comparison's layout, shown only while its toggle is on).
 */
export function Column({ id }: { id: ViewColumnId }) {
  const sigmaOn = useStore(appStore, (s) => s.settings.compareSigma);
  return id === SIGMA_ID && !sigmaOn ? null : <ShownColumn id={id} />;
}

function ShownColumn({ id }: { id: ViewColumnId }) {
  const t = useT();
  const names = useNames();
  const ref = useCompareCanvas((ctl, canvas) => ctl.views.attachColumn(id, canvas), [id]);
  const fig = useStore(compareStore, (s) => s.trainers[id]);
  return (
    <figure
      className="view cmp-column"
      style={{ borderTopColor: COLORS[id] }}
      data-testid={`cmp-column-${id}`}
    >
      <figcaption>
        <h3>{names[id]}</h3>
        <Tex source={pathTex(id)} />
      </figcaption>
      <div className="canvas-box">
        <canvas
          ref={ref}
          role="img"
          aria-label={t('cmpColumnLabel', { name: names[id] })}
          data-testid={`cmp-view-${id}`}
        />
        <p className="view-note" aria-live="off" data-testid={`cmp-note-${id}`}>
          {columnNote(fig, t)}
        </p>
        <SavePng id={`column-${id}`} view={names[id]} target={ref} />
      </div>
      <TrainerCharts id={id} />
      {id === SIGMA_ID && (
        <div className="cmp-note" data-testid="cmp-sigma-note">
          <Tex as="p" source={t('cmpSigmaNote')} />
        </div>
      )}
    </figure>
  );
}

export function CompareTimeBar() {
  const t = useT();
  const ctl = useCompare();
  const playing = useStore(compareStore, (s) => s.playing);
  return (
    <div className="timebar" role="group" aria-label={t('cmpTimeControls')}>
      <PlayScrub clock={ctl?.views.clock ?? null} playing={playing} testIds="cmp-" />
      <button
        type="button"
        onClick={() => compareStore.setState((s) => ({ pair: s.pair + 1 }))}
        data-testid="cmp-next-pair"
      >
        {t('cmpNextPair')}
      </button>
    </div>
  );
}
