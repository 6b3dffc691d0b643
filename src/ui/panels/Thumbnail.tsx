/** A small picture of a preset data set, drawn once from the registry's own sampler. */
import { memo, useEffect, useRef } from 'react';
import type { DatasetId } from '../../flow/types';
import { squareMap } from '../../render/canvas';
import { WORLD_HALF } from '../../render/canvas';
import { presetPoints } from '../../state/target';
import { PALETTE } from '../../render/palette';

const SIZE = 56;
const POINTS = 500;

export const Thumbnail = memo(function Thumbnail({ id }: { id: DatasetId }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
    canvas.width = canvas.height = SIZE * dpr;
    const map = squareMap(canvas.width, canvas.height, WORLD_HALF, dpr);
    const pts = presetPoints(id, POINTS, 7);
    ctx.fillStyle = PALETTE.target;
    for (let i = 0; i < pts.length; i += 2) {
      ctx.fillRect(map.x(pts[i]!) - dpr / 2, map.y(pts[i + 1]!) - dpr / 2, dpr * 1.2, dpr * 1.2);
    }
  }, [id]);
  return <canvas ref={ref} className="thumb" width={SIZE} height={SIZE} aria-hidden="true" />;
});
