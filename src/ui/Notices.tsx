/** Messages about the link the page was opened with (malformed or invalid settings). */
import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { useStore } from '../state/store';
import { IoNotice } from './io/IoNotice';
import { ioStore, LINK_PLACE } from './io/ioStore';
import { runErrorText } from './runErrorText';

export function Notices() {
  const t = useT();
  const notices = useStore(appStore, (s) => s.notices);
  const error = useStore(appStore, (s) => s.run.error);
  const linkModel = useStore(ioStore, (s) => LINK_PLACE in s.messages);
  if (notices.length === 0 && !error && !linkModel) return null;
  return (
    <div className="notices">
      <IoNotice place={LINK_PLACE} />
      {notices.length > 0 && (
        <div className="notice" role="status" data-testid="link-notice">
          <p>{t('linkProblems')}</p>
          <ul>
            {/* The list is replaced whole by each link, and lines may repeat: keys by position. */}
            {notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
          <button type="button" onClick={() => appStore.setState({ notices: [] })}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {error && (
        <div className="notice error" role="alert" data-testid="run-error">
          <p>{runErrorText(error, t)}</p>
        </div>
      )}
    </div>
  );
}
