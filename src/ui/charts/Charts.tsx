/**
 * The playground's training charts, each a view of its own (`loss` and `quality` in
 * `ui/viewParts.tsx`): the loss curve with its moving average and the note on why it does not reach zero, and the
 * live sample-quality curve (sliced W₂ reported by the worker).
 */
import { PALETTE } from '../../render/palette';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { Tex } from '../Tex';
import { LineChart } from './LineChart';

const LOSS_COLOR = PALETTE.loss;
const AVERAGE_COLOR = PALETTE.lossAverage;
const QUALITY_COLOR = PALETTE.quality;

/** The loss curve and its moving average, with the note on why it does not reach zero. */
export function LossChart() {
  const t = useT();
  const losses = useStore(appStore, (s) => s.run.losses);
  return (
    <figure className="chart-box">
      <figcaption>
        {t('lossChart')}{' '}
        <span className="legend">
          <i style={{ background: LOSS_COLOR }} /> {t('statLoss')}{' '}
          <i style={{ background: AVERAGE_COLOR }} /> {t('lossAverage')}
        </span>
      </figcaption>
      <LineChart
        data={losses}
        average={25}
        label={t('lossChart')}
        color={LOSS_COLOR}
        averageColor={AVERAGE_COLOR}
        empty={t('noData')}
        testId="loss-chart"
        png="loss"
      />
      <Tex as="p" source={t('lossNote')} />
    </figure>
  );
}

/** The live sample-quality curve and its latest value. */
export function QualityChart() {
  const t = useT();
  const quality = useStore(appStore, (s) => s.run.quality);
  const last = quality[quality.length - 1];
  return (
    <figure className="chart-box">
      <figcaption>
        {t('qualityChart')}
        {last && (
          <strong className="quality-now" data-testid="quality-now">
            {' '}
            {last[1].toFixed(3)}
          </strong>
        )}
      </figcaption>
      <LineChart
        data={quality}
        label={t('qualityChart')}
        color={QUALITY_COLOR}
        empty={t('noData')}
        testId="quality-chart"
        png="quality"
      />
    </figure>
  );
}
