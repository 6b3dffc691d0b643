/**
 * Play/pause, a time slider and a t readout for one clock. The slider and readout follow t
 * imperatively each frame (`subscribe`), so React never re-renders for t.
 */
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

const SLIDER_STEPS = 1000;

export function PlayScrub(props: {
  playing: boolean;
  setPlaying: (on: boolean) => void;
  /** Calls the listener with t every frame; returns the unsubscribe. */
  subscribe: ((listener: (t: number) => void) => () => void) | null;
  /** Jumps to t (playback is paused first). */
  seek: (t: number) => void;
  /** Prefix of the test ids: '' for the playground, 'cmp-' for the comparison. */
  testIds?: string;
}) {
  const t = useT();
  const { playing, setPlaying, subscribe, seek, testIds = '' } = props;
  const slider = useRef<HTMLInputElement>(null);
  const readout = useRef<HTMLOutputElement>(null);
  useEffect(() => {
    if (!subscribe) return;
    return subscribe((time) => {
      const v = String(Math.round(time * SLIDER_STEPS));
      if (slider.current && slider.current.value !== v) slider.current.value = v;
      if (readout.current) readout.current.textContent = `t = ${time.toFixed(2)}`;
    });
  }, [subscribe]);
  return (
    <>
      <button
        type="button"
        className="play"
        aria-pressed={playing}
        onClick={() => setPlaying(!playing)}
        data-testid={`${testIds}play`}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>{' '}
        {playing ? t('pausePlayback') : t('play')}
      </button>
      <input
        ref={slider}
        className="time-slider"
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        defaultValue={0}
        aria-label={t('timeSlider')}
        onInput={(e) => {
          setPlaying(false);
          seek(Number(e.currentTarget.value) / SLIDER_STEPS);
        }}
        data-testid={`${testIds}time-slider`}
      />
      <output ref={readout} className="t-readout" data-testid={`${testIds}t-readout`}>
        t = 0.00
      </output>
    </>
  );
}
