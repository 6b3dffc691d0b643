/**
 * The flow as an animation, t from 0 to 1: an animated GIF (gifenc: a palette of 256 colours
 * per frame, looping) or a WebM (WebCodecs' VideoEncoder, VP9 else VP8, muxed by webm-muxer)
 * where the browser has an encoder. Both libraries are loaded on first use (dynamic import),
 * so they cost the first paint nothing. Frames come from a renderer of one view at fixed
 * size; progress is reported per frame and an AbortSignal cancels between frames.
 */

/** Frames of an animation: t = i / (FRAMES − 1), i = 0 … FRAMES − 1. */
export const ANIMATION_FRAMES = 48;
/** Milliseconds per frame (about 2.9 s for 0 → 1), and the hold on the last frame. */
export const FRAME_MS = 60;
export const LAST_FRAME_MS = 1200;
/** Longest side of an animation in pixels (the view's CSS size is scaled down to it). */
export const MAX_ANIMATION_SIDE = 480;

export type Render = (t: number) => HTMLCanvasElement;

export class Cancelled extends Error {
  override name = 'Cancelled';
}

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

function pixelsOf(canvas: HTMLCanvasElement): Uint8ClampedArray {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D context unavailable');
  return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
}

/** An animated GIF of `frames` frames of `render`, looping forever. */
export async function encodeGif(
  render: Render,
  frames: number,
  onFrame: (done: number) => void,
  signal: AbortSignal,
): Promise<Blob> {
  const { GIFEncoder, quantize, applyPalette } = await import('gifenc');
  const gif = GIFEncoder();
  for (let i = 0; i < frames; i++) {
    if (signal.aborted) throw new Cancelled();
    const canvas = render(i / (frames - 1));
    const rgba = pixelsOf(canvas);
    const palette = quantize(rgba, 256);
    const delay = i === frames - 1 ? LAST_FRAME_MS : FRAME_MS;
    gif.writeFrame(applyPalette(rgba, palette), canvas.width, canvas.height, { palette, delay });
    onFrame(i + 1);
    await nextTask();
  }
  gif.finish();
  return new Blob([gif.bytes().slice()], { type: 'image/gif' });
}

/** Whether this browser has WebCodecs' video encoder at all (the codec is checked later). */
export function webmAvailable(): boolean {
  return typeof VideoEncoder !== 'undefined' && typeof VideoFrame !== 'undefined';
}

const CODECS = [
  { webcodecs: 'vp09.00.10.08', matroska: 'V_VP9' },
  { webcodecs: 'vp8', matroska: 'V_VP8' },
];

/** The first codec the encoder supports at this size, or null. */
async function pickCodec(width: number, height: number) {
  for (const c of CODECS) {
    const support = await VideoEncoder.isConfigSupported({ codec: c.webcodecs, width, height });
    if (support.supported) return c;
  }
  return null;
}

/** A WebM video of `frames` frames of `render`; null when no VP9/VP8 encoder exists here. */
export async function encodeWebm(
  render: Render,
  frames: number,
  onFrame: (done: number) => void,
  signal: AbortSignal,
): Promise<Blob | null> {
  if (!webmAvailable()) return null;
  const first = render(0);
  // Video encoders want even sizes.
  const [width, height] = [first.width & ~1, first.height & ~1];
  const codec = await pickCodec(width, height);
  if (!codec) return null;
  const { Muxer, ArrayBufferTarget } = await import('webm-muxer');
  const fps = Math.round(1000 / FRAME_MS);
  const muxer = new Muxer({
    target: new ArrayBufferTarget(),
    video: { codec: codec.matroska, width, height, frameRate: fps },
  });
  let failure: Error | null = null;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => muxer.addVideoChunk(chunk, meta),
    error: (e) => (failure = e),
  });
  encoder.configure({ codec: codec.webcodecs, width, height, bitrate: 2_000_000, framerate: fps });
  const crop = document.createElement('canvas');
  [crop.width, crop.height] = [width, height];
  const ctx = crop.getContext('2d')!;
  try {
    for (let i = 0; i < frames; i++) {
      if (signal.aborted) throw new Cancelled();
      if (failure) throw failure;
      ctx.drawImage(render(i / (frames - 1)), 0, 0);
      const frame = new VideoFrame(crop, {
        timestamp: Math.round((i * 1e6) / fps),
        duration: Math.round(1e6 / fps),
      });
      encoder.encode(frame, { keyFrame: i % 30 === 0 });
      frame.close();
      onFrame(i + 1);
      while (encoder.encodeQueueSize > 4) await new Promise((r) => setTimeout(r, 5));
      await nextTask();
    }
    await encoder.flush();
    if (failure) throw failure;
  } finally {
    if (encoder.state !== 'closed') encoder.close();
  }
  muxer.finalize();
  return new Blob([muxer.target.buffer], { type: 'video/webm' });
}
