/**
 * The header's presenter controls: the Present button (F) and the keyboard shortcuts button
 * (?), the shortcuts dialog itself and the blank screen of presenter mode.
 */
import { useEffect, useId, useRef } from 'react';
import { useT, type MessageKey } from '../../i18n';
import { useStore } from '../../state/store';
import { Tex } from '../Tex';
import { presenterStore, togglePresenting } from './presenter';
import './presenter.css';

/** The shortcuts the dialog lists, in the order a lecturer needs them. */
export const KEY_ROWS: readonly { keys: string[]; text: MessageKey }[] = [
  { keys: ['Space'], text: 'keySpace' },
  { keys: ['←', '→'], text: 'keyArrows' },
  { keys: ['T'], text: 'keyTrain' },
  { keys: ['R'], text: 'keyReset' },
  { keys: ['PageDown', 'PageUp'], text: 'keyPages' },
  { keys: ['F'], text: 'keyPresent' },
  { keys: ['Esc'], text: 'keyEscape' },
  { keys: ['B', '.'], text: 'keyBlank' },
  { keys: ['?'], text: 'keyHelp' },
];

function KeysDialog() {
  const t = useT();
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="keys-backdrop" onClick={() => presenterStore.setState({ keys: false })}>
      <div
        className="keys-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="keys-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Focus stays in the dialog: its one control.
          if (e.key === 'Tab') {
            e.preventDefault();
            close.current?.focus();
          }
        }}
      >
        <h2 id={titleId}>{t('keysTitle')}</h2>
        <table>
          <tbody>
            {KEY_ROWS.map((row) => (
              <tr key={row.text}>
                <th scope="row">
                  {row.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>
                  <Tex source={t(row.text)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="keys-note">{t('keysNote')}</p>
        <button
          ref={close}
          type="button"
          onClick={() => presenterStore.setState({ keys: false })}
          data-testid="keys-close"
        >
          {t('keysClose')}
        </button>
      </div>
    </div>
  );
}

export function PresenterControls() {
  const t = useT();
  const presenting = useStore(presenterStore, (s) => s.presenting);
  const keys = useStore(presenterStore, (s) => s.keys);
  const blank = useStore(presenterStore, (s) => s.blank);
  return (
    <>
      <button
        type="button"
        className="presenter-tool"
        aria-pressed={presenting}
        title={t('presentHint')}
        onClick={togglePresenting}
        data-testid="present"
      >
        {presenting ? t('presentExit') : t('present')}
      </button>
      <button
        type="button"
        className="presenter-tool"
        aria-label={t('keysTitle')}
        aria-haspopup="dialog"
        title={t('keysTitle')}
        onClick={() => presenterStore.setState({ keys: true })}
        data-testid="keys"
      >
        ?
      </button>
      {keys && <KeysDialog />}
      {blank && (
        <div
          className="blank-screen"
          role="button"
          tabIndex={-1}
          aria-label={t('blankLabel')}
          onClick={() => presenterStore.setState({ blank: false })}
          data-testid="blank"
        />
      )}
    </>
  );
}
