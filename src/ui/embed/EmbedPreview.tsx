/**
 * The Embed dialog's live preview: the snippet's own iframe (same src, same sandbox, same
 * size), scaled down as a whole when it is wider than the dialog or taller than 60 % of the
 * window, so what it shows is what a host page will show.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';

export function EmbedPreview(props: { src: string; width: number; height: number; title: string }) {
  const t = useT();
  const { src, width, height, title } = props;
  const box = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ w: width, h: height });
  useLayoutEffect(() => {
    const el = box.current?.parentElement;
    if (!el) return;
    const update = () => setRoom({ w: el.clientWidth, h: window.innerHeight * 0.6 });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    window.addEventListener('resize', update);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', update);
    };
  }, []);
  const scale = Math.min(1, room.w / width, room.h / height);
  return (
    <figure className="embed-preview" style={{ margin: '0 0 8px' }}>
      <figcaption className="embed-hint">
        <strong>{t('embedPreview')}</strong> {`${width} × ${height}`}
        {scale < 1 && ` · ${t('embedScaled', { p: Math.round(scale * 100) })}`}
      </figcaption>
      <div
        ref={box}
        className="embed-preview-box"
        style={{ width: Math.floor(width * scale), height: Math.floor(height * scale) }}
      >
        {/* A new frame per src: a hash-only change would not reload it, and the preview must
            be what a fresh load of the snippet shows (autoplay, paused at t = 1). */}
        <iframe
          key={src}
          src={src}
          width={width}
          height={height}
          sandbox="allow-scripts allow-popups"
          title={title}
          style={{ transform: scale < 1 ? `scale(${scale})` : undefined }}
          data-testid="embed-preview"
        />
      </div>
    </figure>
  );
}
