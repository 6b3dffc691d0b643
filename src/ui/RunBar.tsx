/**
 * Train / Pause / Step / Reset and the live figures (step, loss, steps per second, status),
 * always visible whatever tab is open. Training refuses to start on too few target points.
 */
import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { MIN_POINTS, targetCount } from '../state/settings';
import { useStore } from '../state/store';
import { useEngine } from './engineContext';
import { formatLoss } from './format';
import { PlaygroundTrainButtons } from './TrainButtons';

export function RunBar() {
  const t = useT();
  const engine = useEngine();
  const run = useStore(appStore, (s) => s.run);
  const points = useStore(appStore, (s) => targetCount(s.settings));
  const tooFew = points < MIN_POINTS;
  const training = run.status === 'training' || run.status === 'starting';
  const disabled = !engine || tooFew;
  return (
    <section className="runbar" aria-label={t('trainingControls')}>
      <div className="buttons">
        <PlaygroundTrainButtons trainNote="too-few">
          <button type="button" disabled={disabled || training} onClick={() => engine?.step()}>
            {t('step')}
          </button>
        </PlaygroundTrainButtons>
      </div>
      {tooFew ? (
        <p id="too-few" className="warning stats-slot" role="status" data-testid="too-few">
          {t('tooFew', { min: MIN_POINTS, n: points })}
        </p>
      ) : (
        <dl className="stats stats-slot">
          <div>
            <dt>{t('statStep')}</dt>
            <dd data-testid="step">{run.step}</dd>
          </div>
          <div>
            <dt>{t('statLoss')}</dt>
            <dd>{formatLoss(run.loss)}</dd>
          </div>
          <div>
            <dt>{t('statSpeed')}</dt>
            <dd>
              {run.stepsPerSec > 0 ? run.stepsPerSec.toFixed(run.stepsPerSec < 100 ? 1 : 0) : '–'}
            </dd>
          </div>
          <div>
            <dt>{t('statStatus')}</dt>
            <dd data-testid="status">{t(`status_${run.status}`)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
