/**
 * An embed's one row of controls: play (always), and what `controls=` names — Train/Pause/
 * Reset, the time bar, the target picker, the path picker — then the link that opens the full
 * playground in a new tab with the same state.
 */
import { DATASET_IDS } from '../../flow/datasets';
import { SCHEDULER_IDS } from '../../flow/schedulers';
import { useT, type MessageKey } from '../../i18n';
import { appStore } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import type { EmbedControl } from '../../state/embed';
import { fullPageLink } from '../../state/embedLink';
import { MIN_POINTS, targetCount, type Settings } from '../../state/settings';
import { useStore } from '../../state/store';
import { useCompare } from '../compare/context';
import { SelectField } from '../controls';
import type { Clock } from '../engine/clock';
import { useEngine } from '../engineContext';
import { PlayScrub } from '../PlayScrub';

/** Play/pause alone (no time bar): the same button, test id and look as PlayScrub's. */
function PlayButton({ clock, playing, testIds }: PlayProps) {
  const t = useT();
  return (
    <button
      type="button"
      className="play"
      aria-pressed={playing}
      onClick={() => (playing ? clock?.pause() : clock?.play())}
      data-testid={`${testIds}play`}
    >
      <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>{' '}
      {playing ? t('pausePlayback') : t('play')}
    </button>
  );
}

interface PlayProps {
  clock: Clock | null;
  playing: boolean;
  testIds: string;
}

/** Train or Pause, and Reset, on the playground's engine. */
function PlaygroundTrain() {
  const t = useT();
  const engine = useEngine();
  const status = useStore(appStore, (s) => s.run.status);
  const tooFew = useStore(appStore, (s) => targetCount(s.settings) < MIN_POINTS);
  const busy = status === 'training' || status === 'starting';
  return (
    <>
      {busy ? (
        <button
          type="button"
          className="primary"
          onClick={() => engine?.pause()}
          data-testid="pause"
        >
          {t('pause')}
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!engine || tooFew}
          onClick={() => engine?.train()}
          data-testid="train"
        >
          {t('train')}
        </button>
      )}
      <button type="button" disabled={!engine} onClick={() => engine?.reset()} data-testid="reset">
        {t('reset')}
      </button>
    </>
  );
}

/** Train all or Pause, and Fresh networks, on the comparison's controller. */
function CompareTrain() {
  const t = useT();
  const ctl = useCompare();
  const status = useStore(compareStore, (s) => s.status);
  const busy = status === 'training' || status === 'starting';
  return (
    <>
      {busy ? (
        <button
          type="button"
          className="primary"
          disabled={status !== 'training'}
          onClick={() => void ctl?.pause()}
          data-testid="cmp-pause"
        >
          {t('cmpPause')}
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!ctl}
          onClick={() => void ctl?.train()}
          data-testid="cmp-train"
        >
          {t('cmpTrainAll')}
        </button>
      )}
      <button
        type="button"
        disabled={!ctl || status === 'idle' || status === 'starting'}
        onClick={() => void ctl?.reset()}
        data-testid="cmp-reset"
      >
        {t('cmpReset')}
      </button>
    </>
  );
}

function TargetPicker() {
  const t = useT();
  const hasDrawing = useStore(appStore, (s) => s.settings.drawn.length > 0);
  const ids: Settings['target'][] = hasDrawing ? [...DATASET_IDS, 'drawn'] : DATASET_IDS;
  return (
    <SelectField
      field="target"
      label={t('embedTarget')}
      options={ids.map((id) => ({ value: id, label: t(`ds_${id}` as MessageKey) }))}
    />
  );
}

function SchedulerPicker() {
  const t = useT();
  return (
    <SelectField
      field="scheduler"
      label={t('scheduler')}
      options={SCHEDULER_IDS.map((id) => ({ value: id, label: t(`sch_${id}` as MessageKey) }))}
    />
  );
}

export function EmbedBar({
  page,
  controls,
}: {
  page: 'playground' | 'compare';
  controls: readonly EmbedControl[];
}) {
  const t = useT();
  const engine = useEngine();
  const ctl = useCompare();
  const settings = useStore(appStore, (s) => s.settings);
  const appPlaying = useStore(appStore, (s) => s.playing);
  const cmpPlaying = useStore(compareStore, (s) => s.playing);
  const compare = page === 'compare';
  const play: PlayProps = compare
    ? { clock: ctl?.views.clock ?? null, playing: cmpPlaying, testIds: 'cmp-' }
    : { clock: engine?.clock ?? null, playing: appPlaying, testIds: '' };
  const has = (c: EmbedControl) => controls.includes(c);
  return (
    <div className="embed-bar" role="group" aria-label={t('embedControls')}>
      {has('time') ? <PlayScrub {...play} /> : <PlayButton {...play} />}
      {has('train') && (compare ? <CompareTrain /> : <PlaygroundTrain />)}
      {has('preset') && <TargetPicker />}
      {/* The comparison shows every path at once: there is no path to pick there. */}
      {has('scheduler') && !compare && <SchedulerPicker />}
      <a
        className="embed-open"
        href={fullPageLink(settings)}
        target="_blank"
        rel="noopener"
        data-testid="embed-open-full"
      >
        {t('embedOpenFull')}
      </a>
    </div>
  );
}
