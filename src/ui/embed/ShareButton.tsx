/**
 * Share: copies a link to this page with the current settings. Where the clipboard is refused
 * it says so and shows the link selected for Ctrl+C; it never fails silently.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { fullPageLink } from '../../state/embedLink';
import { copyText, selectAll } from './copy';

export function ShareButton() {
  const t = useT();
  const id = useId();
  const [state, setState] = useState<{ result: 'copied' | 'refused'; link: string } | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (state?.result === 'refused') selectAll(field.current);
    if (state?.result !== 'copied') return;
    const timer = setTimeout(() => setState(null), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const share = async () => {
    const link = fullPageLink(appStore.getState().settings);
    setState({ result: await copyText(link), link });
  };
  const close = () => {
    setState(null);
    button.current?.focus();
  };
  return (
    <span className="header-share">
      <button
        ref={button}
        type="button"
        title={t('shareLabel')}
        onClick={() => void share()}
        data-testid="share"
      >
        {t('share')}
      </button>
      <span className="copy-status" role="status" data-testid="share-status">
        {state?.result === 'copied' ? t('shareCopied') : ''}
      </span>
      {state?.result === 'refused' && (
        <div
          className="share-fallback"
          role="group"
          aria-labelledby={`${id}-msg`}
          onKeyDown={(e) => e.key === 'Escape' && close()}
          data-testid="share-fallback"
        >
          <p id={`${id}-msg`} className="copy-status refused" role="alert">
            {t('copyRefused')}
          </p>
          <input
            ref={field}
            type="text"
            readOnly
            value={state.link}
            aria-label={t('shareLink')}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="share-link"
          />
          <button type="button" onClick={close}>
            {t('close')}
          </button>
        </div>
      )}
    </span>
  );
}
