/**
 * The drawing surface: shows the target points and sprays or erases them with Pointer Events
 * (mouse, touch and pen alike). Redraws imperatively on store changes, never via React state.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { createRng } from '../../flow/rng';
import { useT } from '../../i18n';
import { appStore, setDrawn } from '../../state/appStore';
import { eraseClass, sprayClass } from '../scene/brush';
import { sizeCanvas, type SquareMap } from '../../render/canvas';
import { WORLD_HALF } from '../../render/canvas';
import { targetLabels, targetPoints } from '../../state/target';
import { CLASS_COLORS, PALETTE } from '../../render/palette';
import { showsClasses } from '../../state/classes';
import { useEngine } from '../engineContext';

function drawTarget(canvas: HTMLCanvasElement, map: SquareMap, cursor: [number, number] | null) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { settings, tool } = appStore.getState();
  const pts = targetPoints(settings);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = PALETTE.canvas;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = PALETTE.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(map.x(-WORLD_HALF), map.y(WORLD_HALF), map.size, map.size);
  ctx.beginPath();
  ctx.moveTo(map.x(0), map.y(-WORLD_HALF));
  ctx.lineTo(map.x(0), map.y(WORLD_HALF));
  ctx.moveTo(map.x(-WORLD_HALF), map.y(0));
  ctx.lineTo(map.x(WORLD_HALF), map.y(0));
  ctx.stroke();
  const r = Math.max(1, map.dpr * 1.2);
  const labels = showsClasses(settings) ? targetLabels(settings) : null;
  // One fill colour at a time: a path of squares per class.
  const colors = labels ? CLASS_COLORS : [PALETTE.target];
  colors.forEach((color, c) => {
    ctx.fillStyle = color;
    ctx.beginPath();
    for (let i = 0; i < pts.length; i += 2) {
      if (labels && labels[i / 2] !== c) continue;
      ctx.rect(map.x(pts[i]!) - r / 2, map.y(pts[i + 1]!) - r / 2, r, r);
    }
    ctx.fill();
  });
  if (cursor) {
    ctx.strokeStyle =
      tool === 'eraser'
        ? PALETTE.eraser
        : showsClasses(settings)
          ? CLASS_COLORS[settings.brushClass]!
          : PALETTE.brush;
    ctx.lineWidth = 1.5 * map.dpr;
    ctx.beginPath();
    ctx.arc(
      map.x(cursor[0]),
      map.y(cursor[1]),
      (settings.brushSize / 2) * map.scale,
      0,
      2 * Math.PI,
    );
    ctx.stroke();
  }
}

export function DrawCanvas() {
  const t = useT();
  const ref = useRef<HTMLCanvasElement>(null);
  const engine = useEngine();
  const [dropping, setDropping] = useState(false);
  // A file dropped on the drawing is imported like one from the picker (ui/io/importFile.ts).
  const over = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDropping(false);
    const file = e.dataTransfer.files[0];
    if (file) void import('../io/importFile').then((m) => m.importFile(file, engine));
  };
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let map = sizeCanvas(canvas, WORLD_HALF);
    let cursor: [number, number] | null = null;
    let last: [number, number] | null = null;
    const rng = createRng(0x5eed);
    const redraw = () => drawTarget(canvas, map, cursor);
    const world = (e: PointerEvent): [number, number] => {
      const rect = canvas.getBoundingClientRect();
      return map.toWorld((e.clientX - rect.left) * map.dpr, (e.clientY - rect.top) * map.dpr);
    };
    const apply = (p: [number, number], first: boolean) => {
      const { settings: s, tool } = appStore.getState();
      const base = { points: s.drawn, labels: s.drawnLabels };
      const next =
        tool === 'eraser'
          ? eraseClass(base, p[0], p[1], s.brushSize)
          : sprayClass(base, p[0], p[1], s.brushSize, s.brushDensity, rng, s.brushClass);
      if (first || next.points.length !== base.points.length) {
        setDrawn(next.points, first, next.labels);
      }
      last = p;
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      canvas.setPointerCapture(e.pointerId);
      e.preventDefault();
      apply(world(e), true);
    };
    const move = (e: PointerEvent) => {
      cursor = world(e);
      if (last && canvas.hasPointerCapture(e.pointerId)) {
        const spacing = appStore.getState().settings.brushSize * 0.3;
        if (Math.hypot(cursor[0] - last[0], cursor[1] - last[1]) >= spacing) apply(cursor, false);
      }
      redraw();
    };
    const up = () => {
      last = null;
    };
    const leave = () => {
      cursor = null;
      redraw();
    };
    const resize = new ResizeObserver(() => {
      map = sizeCanvas(canvas, WORLD_HALF);
      redraw();
    });
    resize.observe(canvas);
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    canvas.addEventListener('pointerleave', leave);
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.settings !== prev.settings || s.tool !== prev.tool) redraw();
    });
    redraw();
    return () => {
      resize.disconnect();
      unsubscribe();
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      canvas.removeEventListener('pointerleave', leave);
    };
  }, []);
  return (
    <figure
      className={dropping ? 'draw-canvas dropping' : 'draw-canvas'}
      onDragOver={over}
      onDragLeave={() => setDropping(false)}
      onDrop={drop}
      data-testid="draw-drop"
    >
      <canvas ref={ref} role="img" aria-label={t('editorLabel')} data-testid="draw-canvas" />
      {dropping && (
        <p className="drop-hint" aria-hidden="true">
          {t('ioDropHere')}
        </p>
      )}
      <figcaption>{t('drawHint')}</figcaption>
    </figure>
  );
}
