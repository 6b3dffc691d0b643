/**
 * An image on its way to becoming the target ("draw your logo"): the sampled points drawn as
 * they will be, with the darkness threshold, the point count and light-on-dark as controls.
 * Nothing changes until "Use as target"; Cancel drops the image.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { DEFAULT_IMAGE_POINTS, DEFAULT_THRESHOLD, imageToPoints } from '../../io/image';
import { useT } from '../../i18n';
import { setDrawn } from '../../state/appStore';
import { MAX_DRAWN, MIN_POINTS } from '../../state/settings';
import { useStore } from '../../state/store';
import { PALETTE } from '../../render/palette';
import { WORLD_HALF } from '../../render/canvas';
import { IMPORT_PLACE, ioStore, say } from './ioStore';

const PREVIEW_PX = 200;

function drawPreview(canvas: HTMLCanvasElement, points: readonly number[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const k = PREVIEW_PX / (2 * WORLD_HALF);
  ctx.fillStyle = PALETTE.canvas;
  ctx.fillRect(0, 0, PREVIEW_PX, PREVIEW_PX);
  ctx.fillStyle = PALETTE.target;
  for (let i = 0; i < points.length; i += 2) {
    ctx.fillRect(
      PREVIEW_PX / 2 + points[i]! * k - 1,
      PREVIEW_PX / 2 - points[i + 1]! * k - 1,
      2,
      2,
    );
  }
}

export function ImagePreview() {
  const t = useT();
  const id = useId();
  const draft = useStore(ioStore, (s) => s.draft);
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [count, setCount] = useState(DEFAULT_IMAGE_POINTS);
  const [invert, setInvert] = useState(false);
  const ref = useRef<HTMLCanvasElement>(null);
  const result = useMemo(
    () => draft && imageToPoints(draft.pixels, { threshold, count, invert, seed: 1 }),
    [draft, threshold, count, invert],
  );
  useEffect(() => {
    if (ref.current) drawPreview(ref.current, result?.ok ? result.points : []);
  }, [result]);
  if (!draft || !result) return null;
  const accept = () => {
    if (!result.ok) return;
    setDrawn(result.points);
    ioStore.setState({ draft: null });
    say(IMPORT_PLACE, {
      kind: 'ok',
      text: { key: 'ioImported', params: { n: result.points.length / 2, name: draft.name } },
      name: draft.name,
    });
  };
  return (
    <div
      className="image-preview"
      role="group"
      aria-labelledby={`${id}-h`}
      data-testid="image-preview"
    >
      <h3 id={`${id}-h`}>{t('ioImageHeading')}</h3>
      <canvas
        ref={ref}
        width={PREVIEW_PX}
        height={PREVIEW_PX}
        role="img"
        aria-label={t('ioImagePreview', { name: draft.name })}
      />
      <div className="field slider">
        <label htmlFor={`${id}-t`}>
          {t('ioThreshold')} <output htmlFor={`${id}-t`}>{threshold}</output>
        </label>
        <input
          id={`${id}-t`}
          type="range"
          min={1}
          max={255}
          step={1}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          data-testid="image-threshold"
        />
      </div>
      <div className="field slider">
        <label htmlFor={`${id}-n`}>
          {t('ioImagePoints')} <output htmlFor={`${id}-n`}>{count}</output>
        </label>
        <input
          id={`${id}-n`}
          type="range"
          min={MIN_POINTS}
          max={MAX_DRAWN}
          step={1}
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
          data-testid="image-count"
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} />
        {t('ioInvert')}
      </label>
      {!result.ok && (
        <p className="count warning" role="status" data-testid="image-problem">
          {t(result.error.key, result.error.params)}
        </p>
      )}
      <div className="tools">
        <button type="button" disabled={!result.ok} onClick={accept} data-testid="image-accept">
          {t('ioAccept')}
        </button>
        <button type="button" onClick={() => ioStore.setState({ draft: null })}>
          {t('ioCancel')}
        </button>
      </div>
    </div>
  );
}
