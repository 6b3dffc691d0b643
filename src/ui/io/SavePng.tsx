/**
 * "Save PNG" for a view that is not a flow view (the training charts, the comparison's
 * columns, schedule plots and NFE chart, the density view), styled as the flow views' Export
 * menu. An SVG chart is redrawn from its markup at 1× or 2× its on-screen size (svgImage.ts);
 * a canvas view is copied from its backing store at that size, and the message says so.
 * Hidden in an embed, like the flow views' menu.
 */
import type { RefObject } from 'react';
import './io.css';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { saveAndSay } from './download';
import { IoNotice } from './IoNotice';
import { say } from './ioStore';

type Target = SVGSVGElement | HTMLCanvasElement;

/** The first opaque background behind `el` (the card's colour), white when none is. */
export function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

async function savePng(target: Target, id: string, scale: number) {
  const place = `png-${id}`;
  const bg = backgroundOf(target);
  try {
    // Loaded on first use: nothing of it is needed at first paint.
    const { copyCanvas, pngBlob, svgToCanvas } = await import('./svgImage');
    const isCanvas = target instanceof HTMLCanvasElement;
    const canvas = isCanvas ? copyCanvas(target, scale, bg) : await svgToCanvas(target, scale, bg);
    const name = `${id}${scale === 1 ? '' : `@${scale}x`}.png`;
    const r = saveAndSay(await pngBlob(canvas), name, place);
    if (r === 'saved' && isCanvas) {
      say(place, { kind: 'ok', text: { key: 'ioPngCopied', params: { name } } });
    }
  } catch (e) {
    say(place, { kind: 'error', text: { key: 'ioEncodeFailed', params: { detail: String(e) } } });
  }
}

/**
 * The control: `id` names the file and the test ids (`png-<id>`, `png2-<id>`), `view` is the
 * view's name for the menu's accessible name, `target` gives the SVG or canvas to save.
 */
export function SavePng({
  id,
  view,
  target,
  inline = false,
}: {
  id: string;
  view: string;
  target: RefObject<Target | null>;
  inline?: boolean;
}) {
  const t = useT();
  const embedded = useStore(appStore, (s) => s.settings.embed.length > 0);
  if (embedded) return null;
  const png = (scale: number) => target.current && void savePng(target.current, id, scale);
  return (
    <div className={inline ? 'view-export save-png inline' : 'view-export save-png'}>
      <details>
        <summary aria-label={t('ioExportOf', { view })} data-testid={`png-menu-${id}`}>
          {t('ioExportHeading')}
        </summary>
        <div className="tools" role="group" aria-label={t('ioPngHint')}>
          <button type="button" onClick={() => png(1)} data-testid={`png-${id}`}>
            {t('ioPng')}
          </button>
          <button type="button" onClick={() => png(2)} data-testid={`png2-${id}`}>
            {t('ioPng2x')}
          </button>
        </div>
      </details>
      <IoNotice place={`png-${id}`} />
    </div>
  );
}
