/**
 * The Embed dialog: choose views, controls, autoplay and a frame size; it shows the
 * `<iframe>` snippet built from the current state and a live preview that is that very
 * iframe (same src, same sandbox), scaled down when it is larger than the dialog. A modal
 * `<dialog>`: labelled, Esc closes, Tab stays inside, focus returns to the Embed button.
 */
import {
  lazy,
  Suspense,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useT } from '../../i18n';

/** The content, a chunk of its own: nothing of it is needed at first paint. */
const DialogBody = lazy(() => import('./EmbedDialogBody'));

/** The dialog's focusable controls in order (the focus sentinels left out). */
function focusables(dialog: HTMLElement): HTMLElement[] {
  return Array.from(
    dialog.querySelectorAll<HTMLElement>(
      'button, input, select, textarea, iframe, a[href], [tabindex]:not([tabindex="-1"])',
    ),
  ).filter(
    (el) =>
      !el.classList.contains('focus-sentinel') &&
      !(el as HTMLButtonElement).disabled &&
      el.offsetParent !== null,
  );
}

/**
 * Focus that leaves the dialog's end without a keydown the dialog sees (Tab out of the live
 * preview, whose keys go to the frame's own document) lands on this sentinel, which sends it
 * on to the first control.
 */
function FocusSentinel() {
  return (
    <span
      className="focus-sentinel"
      tabIndex={0}
      aria-hidden="true"
      onFocus={(e) => {
        const items = focusables(e.currentTarget.closest('dialog')!);
        items[0]?.focus();
      }}
    />
  );
}

/** Keeps Tab and Shift+Tab inside the dialog. */
function trapTab(e: KeyboardEvent<HTMLDialogElement>): void {
  if (e.key !== 'Tab') return;
  const items = focusables(e.currentTarget);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/** The header's Embed button and its dialog (the content exists only while it is open). */
export function EmbedButton() {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="embed-button">
        {t('embedButton')}
      </button>
      <dialog
        ref={ref}
        className="embed-dialog"
        aria-labelledby={titleId}
        onClose={() => setOpen(false)}
        onKeyDown={trapTab}
        data-testid="embed-dialog"
      >
        {open && (
          <Suspense fallback={<p className="embed-hint">…</p>}>
            <DialogBody titleId={titleId} onClose={() => setOpen(false)} />
            <FocusSentinel />
          </Suspense>
        )}
      </dialog>
    </>
  );
}
