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
import type { Settings } from '../../state/settings';
import { useStore } from '../../state/store';
import { useCompare } from '../compare/context';
import { SelectField } from '../controls';
import type { Clock } from '../engine/clock';
import { useEngine } from '../engineContext';
import { PlayScrub } from '../PlayScrub';
import { CompareTrainButtons, PlaygroundTrainButtons } from '../TrainButtons';

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
      {has('train') && (compare ? <CompareTrainButtons swap /> : <PlaygroundTrainButtons />)}
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
