/**
 * The controls a scene asks for (`controls`): the time bar of the views it shows, and Train /
 * Pause / Reset for its networks (the playground's one, or the comparison's four together);
 * and the progress of a long action ("training until W2 ≤ 0.25").
 */
import { useT } from '../../i18n';
import type { Scene } from '../../lessons/types';
import { appStore } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import { useStore } from '../../state/store';
import { CompareTimeBar } from '../compare/Columns';
import { useCompare } from '../compare/context';
import { useEngine } from '../engineContext';
import { lessonEngine } from './sceneEngine';
import { Tex } from '../Tex';
import { TimeBar } from '../TimeBar';
import { GuidanceFields } from '../classes/GuidanceControls';
import { W2_SAMPLES, type ActionProgress } from './actions';

function TrainButtons({ compare }: { compare: boolean }) {
  const t = useT();
  const engine = useEngine();
  const ctl = useCompare();
  const runStatus = useStore(appStore, (s) => s.run.status);
  const compareStatus = useStore(compareStore, (s) => s.status);
  const status = compare ? compareStatus : runStatus;
  const busy = status === 'training' || status === 'starting';
  const train = () => void (compare ? ctl?.train() : engine?.train());
  const pause = () => void (compare ? ctl?.pause() : engine?.pause());
  const reset = () => void (compare ? ctl?.reset() : engine?.reset());
  return (
    <div className="lesson-train" role="group" aria-label={t('trainingControls')}>
      <button
        type="button"
        className="primary"
        onClick={busy ? pause : train}
        data-testid="lesson-train"
      >
        {busy ? t('pause') : compare ? t('cmpTrainAll') : t('train')}
      </button>
      <button type="button" onClick={reset} data-testid="lesson-reset">
        {compare ? t('cmpReset') : t('reset')}
      </button>
    </div>
  );
}

export function SceneControls({ scene }: { scene: Scene }) {
  const compare = useStore(appStore, (s) => lessonEngine(s.settings) === 'compare');
  const controls = scene.controls ?? ['time'];
  return (
    <div className="lesson-controls">
      {controls.includes('time') && (compare ? <CompareTimeBar /> : <TimeBar />)}
      {controls.includes('train') && <TrainButtons compare={compare} />}
      {controls.includes('guidance') && <GuidanceFields compact />}
    </div>
  );
}

export function ProgressNote({ progress }: { progress: ActionProgress }) {
  const t = useT();
  const { step, w2, goal, done } = progress;
  const parts = [t('progressSteps', { n: step, max: goal.steps })];
  if (goal.w2 !== undefined) {
    const value = Number.isFinite(w2) ? w2.toFixed(3) : '–';
    parts.push(t('progressW2', { n: W2_SAMPLES, v: value, goal: goal.w2 }));
  }
  if (done) parts.push(t('progressDone'));
  return (
    <p className="lesson-progress" data-testid="lesson-progress">
      <Tex source={parts.join(' · ')} />
    </p>
  );
}
