/**
 * The scheduler comparison page: one button trains OT, VP and VE (and OT with minibatch-OT
 * pairs, and on request OT with σ = 0.1 around the path) on the playground's target. Its layout (`ui/layouts.tsx`) fills it with three
 * animated columns, the schedules, a live metrics table, quality versus NFE, the coupling
 * comparison and the findings the numbers support.
 */
import { useId, type ReactNode } from 'react';
import { useT, type MessageKey } from '../../i18n';
import { appStore } from '../../state/appStore';
import { compareStore, type CompareStatus } from '../../state/compareStore';
import { targetCount } from '../../state/settings';
import { useStore } from '../../state/store';
import { Tex } from '../Tex';
import { CompareTrainButtons } from '../TrainButtons';
import { useCompare } from './context';
import { useMessage } from './Tables';

const STATUS_KEY: Record<CompareStatus, MessageKey> = {
  idle: 'cmpStatusIdle',
  starting: 'cmpStatusStarting',
  training: 'cmpStatusTraining',
  paused: 'cmpStatusPaused',
  error: 'cmpStatusError',
};

function Toolbar() {
  const t = useT();
  const ctl = useCompare();
  const status = useStore(compareStore, (s) => s.status);
  const withPairs = useStore(compareStore, (s) => s.withPairs);
  const withSigma = useStore(appStore, (s) => s.settings.compareSigma);
  return (
    <div className="cmp-actions" role="group" aria-label={t('cmpHeading')}>
      <CompareTrainButtons swap={false} />
      <label className="check-inline">
        <input
          type="checkbox"
          checked={withPairs}
          disabled={!ctl}
          onChange={(e) => void ctl?.setWithPairs(e.target.checked)}
          data-testid="cmp-with-pairs"
        />{' '}
        {t('cmpWithPairs')}
      </label>
      <label className="check-inline">
        <input
          type="checkbox"
          checked={withSigma}
          disabled={!ctl}
          onChange={(e) => ctl?.setWithSigma(e.target.checked)}
          data-testid="cmp-with-sigma"
        />{' '}
        {t('cmpWithSigma')}
      </label>
      <span className="cmp-status" aria-live="polite" data-testid="cmp-status">
        {t('cmpStatus')}: <strong>{t(STATUS_KEY[status])}</strong>
      </span>
    </div>
  );
}

function CompareNotices() {
  const t = useT();
  const message = useMessage();
  const notice = useStore(compareStore, (s) => s.notice);
  const stale = useStore(compareStore, (s) => s.stale);
  const error = useStore(compareStore, (s) => s.error);
  if (!notice && !stale && !error) return null;
  return (
    <div className="notices">
      {notice && (
        <p className="notice warning" role="alert" data-testid="cmp-notice">
          {message(notice)}
        </p>
      )}
      {stale && (
        <p className="notice" role="status" data-testid="cmp-stale">
          {t('cmpStale')}
        </p>
      )}
      {error && (
        <p className="notice warning" role="alert" data-testid="cmp-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The page's frame: heading, toolbar and notices above the parts the layout puts inside it
 * (columns, charts and tables mounted by id, see `ui/layouts.tsx`).
 */
export function ComparePage({ children }: { children?: ReactNode }) {
  const t = useT();
  const hid = useId();
  const settings = useStore(appStore, (s) => s.settings);
  const name = t(`ds_${settings.target}` as MessageKey);
  return (
    <section className="compare" aria-labelledby={hid} data-testid="compare-page">
      <div className="cmp-head">
        <div className="cmp-intro">
          <h2 id={hid}>{t('cmpHeading')}</h2>
          <Tex as="p" source={t('cmpIntro')} />
          <p className="cmp-note">{t('cmpTarget', { name, n: targetCount(settings) })}</p>
        </div>
        <Toolbar />
      </div>
      <CompareNotices />
      {children}
    </section>
  );
}
