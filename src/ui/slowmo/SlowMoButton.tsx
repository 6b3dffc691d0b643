/** The Train panel's "Step in slow motion" button (ui/slowmo/slowMotion.ts does the work). */
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { MIN_POINTS, targetCount } from '../../state/settings';
import { useStore } from '../../state/store';
import { useEngine } from '../engineContext';
import { useSlowMotion } from './useSlowMotion';

export function SlowMoButton() {
  const t = useT();
  const engine = useEngine();
  const slow = useSlowMotion();
  const tooFew = useStore(appStore, (s) => targetCount(s.settings) < MIN_POINTS);
  const busy = slow.state.status === 'stepping';
  const ref = useRef<HTMLButtonElement>(null);
  const open = slow.state.status !== 'off';
  const wasOpen = useRef(open);
  useEffect(() => {
    // The caption closed with the focus inside it: the focus comes back here, not to the page.
    const lost = !document.activeElement || document.activeElement === document.body;
    if (wasOpen.current && !open && lost) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <div className="slowmo-start">
      <button
        ref={ref}
        type="button"
        disabled={!engine || tooFew || busy}
        aria-describedby="slowmo-hint"
        onClick={() => void slow.start()}
        data-testid="slowmo-start"
      >
        {busy ? t('slowmoStepping') : t('slowmoStart')}
      </button>
      <p className="hint" id="slowmo-hint">
        {t('slowmoHint')}
      </p>
    </div>
  );
}
