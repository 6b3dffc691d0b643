/** The import/export message of one place (the target panel, a view, the model export). */
import { useT } from '../../i18n';
import { useStore } from '../../state/store';
import { ioStore, say } from './ioStore';

export function IoNotice({ place }: { place: string }) {
  const t = useT();
  const m = useStore(ioStore, (s) => s.messages[place]);
  if (!m) return null;
  const main = t(m.text.key, m.text.params);
  const error = m.kind === 'error';
  return (
    <div
      className={`io-notice ${m.kind}`}
      role={error ? 'alert' : 'status'}
      data-testid={`io-notice-${place}`}
    >
      <p>{m.refused && m.name ? t('ioRefused', { name: m.name, reason: main }) : main}</p>
      {m.note && <p>{t(m.note.key, m.note.params)}</p>}
      {m.refused && <p>{t('ioUnchanged')}</p>}
      <button type="button" onClick={() => say(place, null)}>
        {t('dismiss')}
      </button>
    </div>
  );
}
