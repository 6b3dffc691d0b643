/**
 * A conditional step's row labels in the slow-motion caption: a legend of the class colours
 * (∅ grey) from the first stage, and at the network stage row 1's one-hot input
 * [x, y, t, one-hot(c)] (all zeros for ∅) with how many rows were dropped to ∅.
 */
import { useT } from '../../i18n';
import { NULL_CLASS_COLOR } from '../../render/palette';
import { labelColor } from '../../render/slowmo';
import { SLOWMO_STAGES, type SlowMoNumbers } from './stages';

const NETWORK_STAGE = SLOWMO_STAGES.indexOf('network');

/** Nothing for an unconditional step. */
export function ClassLabels({ numbers, stage }: { numbers: SlowMoNumbers; stage: number }) {
  const t = useT();
  const l = numbers.labels;
  if (!l) return null;
  const hot = Array.from({ length: l.classes }, (_, k) => (k === l.first ? 1 : 0)).join(', ');
  const kept = numbers.batch - l.dropped;
  return (
    <div className="slowmo-labels" data-testid="slowmo-labels">
      <ul className="slowmo-legend" aria-label={t('slowmoLabels')}>
        {l.counts.map((count, c) => (
          <li key={c}>
            <span
              className="swatch swatch-square"
              style={{ color: labelColor(c) }}
              aria-hidden="true"
            />
            {t('slowmoLabelClass', { c })} ({count})
          </li>
        ))}
        <li>
          <span
            className="swatch swatch-square"
            style={{ color: NULL_CLASS_COLOR }}
            aria-hidden="true"
          />
          {t('slowmoLabelNull')} ({l.dropped})
        </li>
      </ul>
      {stage >= NETWORK_STAGE && (
        <p data-testid="slowmo-onehot">
          {l.first < l.classes
            ? t('slowmoOneHot', { c: l.first, hot })
            : t('slowmoOneHotNull', { hot })}{' '}
          {t('slowmoLabelCounts', { kept, dropped: l.dropped, batch: numbers.batch })}
        </p>
      )}
    </div>
  );
}
