/**
 * A flow view's Export menu: PNG at the view's size and at 2×, and the flow from t = 0 to 1
 * as a GIF or WebM with a progress bar and Cancel while it encodes. Frames are drawn off
 * screen (Engine.frames), so the view on screen keeps playing.
 */
import { useRef, type RefObject } from 'react';
import './io.css';
import { useT } from '../../i18n';
import { useStore } from '../../state/store';
import { useEngine } from '../engineContext';
import type { Engine, ViewKind } from '../scene/engine';
import { saveAndSay } from './download';
import {
  ANIMATION_FRAMES,
  Cancelled,
  encodeGif,
  encodeWebm,
  MAX_ANIMATION_SIDE,
  webmAvailable,
} from './encode';
import { IoNotice } from './IoNotice';
import { ioStore, say, type EncodeProgress } from './ioStore';

const cssSize = (c: HTMLCanvasElement) => [Math.max(1, c.clientWidth), Math.max(1, c.clientHeight)];

function savePng(engine: Engine, kind: ViewKind, canvas: HTMLCanvasElement, scale: number) {
  const [w, h] = cssSize(canvas);
  const t = engine.clock.t;
  const place = `view-${kind}`;
  engine
    .frames(
      kind,
      w!,
      h!,
      scale,
    )(t)
    .toBlob((blob) => {
      const name = `flow-${kind}-t${t.toFixed(2)}${scale === 1 ? '' : `@${scale}x`}.png`;
      if (blob) saveAndSay(blob, name, place);
    }, 'image/png');
}

async function saveAnimation(
  engine: Engine,
  kind: ViewKind,
  canvas: HTMLCanvasElement,
  what: 'GIF' | 'WebM',
  signal: AbortSignal,
) {
  const place = `view-${kind}`;
  if (what === 'WebM' && !webmAvailable()) {
    return say(place, { kind: 'error', text: { key: 'ioWebmUnavailable' } });
  }
  const [w, h] = cssSize(canvas);
  const scale = Math.min(1, MAX_ANIMATION_SIDE / Math.max(w!, h!));
  const render = engine.frames(kind, w!, h!, scale);
  const n = ANIMATION_FRAMES;
  ioStore.setState({ encoding: { what, view: kind, i: 0, n } });
  say(place, null);
  const onFrame = (i: number) => ioStore.setState({ encoding: { what, view: kind, i, n } });
  try {
    const blob =
      what === 'GIF'
        ? await encodeGif(render, n, onFrame, signal)
        : await encodeWebm(render, n, onFrame, signal);
    if (!blob) return say(place, { kind: 'error', text: { key: 'ioWebmUnavailable' } });
    saveAndSay(blob, `flow-${kind}.${what === 'GIF' ? 'gif' : 'webm'}`, place);
  } catch (e) {
    if (e instanceof Cancelled) say(place, { kind: 'info', text: { key: 'ioEncodeCancelled' } });
    else
      say(place, { kind: 'error', text: { key: 'ioEncodeFailed', params: { detail: String(e) } } });
  } finally {
    ioStore.setState({ encoding: null });
  }
}

export function ViewExport({
  kind,
  canvas,
}: {
  kind: ViewKind;
  canvas: RefObject<HTMLCanvasElement | null>;
}) {
  const t = useT();
  const engine = useEngine();
  const encoding = useStore(ioStore, (s) => s.encoding);
  const abort = useRef<AbortController | null>(null);
  const run = (what: EncodeProgress['what']) => {
    if (!engine || !canvas.current || ioStore.getState().encoding) return;
    abort.current = new AbortController();
    void saveAnimation(engine, kind, canvas.current, what, abort.current.signal);
  };
  const png = (scale: number) =>
    engine && canvas.current && savePng(engine, kind, canvas.current, scale);
  return (
    <div className="view-export">
      <details>
        <summary data-testid={`export-menu-${kind}`}>{t('ioExportHeading')}</summary>
        <div className="tools" role="group" aria-label={t('ioExportHint')}>
          <button type="button" onClick={() => png(1)} data-testid={`export-png-${kind}`}>
            {t('ioPng')}
          </button>
          <button type="button" onClick={() => png(2)} data-testid={`export-png2-${kind}`}>
            {t('ioPng2x')}
          </button>
          <button
            type="button"
            disabled={!!encoding}
            onClick={() => run('GIF')}
            data-testid={`export-gif-${kind}`}
          >
            {t('ioGif')}
          </button>
          <button
            type="button"
            disabled={!!encoding}
            onClick={() => run('WebM')}
            data-testid={`export-webm-${kind}`}
          >
            {t('ioWebm')}
          </button>
        </div>
      </details>
      {encoding?.view === kind && (
        <div className="encode-progress" role="status">
          <label>
            {t('ioEncoding', { what: encoding.what, i: encoding.i, n: encoding.n })}
            <progress max={encoding.n} value={encoding.i} data-testid="encode-progress" />
          </label>
          <button type="button" onClick={() => abort.current?.abort()} data-testid="encode-cancel">
            {t('ioEncodeCancel')}
          </button>
        </div>
      )}
      <IoNotice place={`view-${kind}`} />
    </div>
  );
}
