/**
 * Play/pause, a time slider and a t readout for one clock. The slider and readout follow t
 * imperatively (`subscribe`), so React never re-renders for t. While playing they move at
 * most ten times a second: every DOM change repaints the page, and doing that each frame
 * cost more main-thread time than drawing the views (measured on the comparison page).
 */
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import type { Clock } from './engine/clock';

const SLIDER_STEPS = 1000;
/** Minimum time between two updates of the slider and readout while playing. */
const PLAYING_UPDATE_MS = 100;

export function PlayScrub(props: {
  /** The clock it drives (null until the engine exists). */
  clock: Clock | null;
  /** Whether it plays, as the page's store mirrors it (React renders the button from it). */
  playing: boolean;
  /** Prefix of the test ids: '' for the playground, 'cmp-' for the comparison. */
  testIds?: string;
}) {
  const t = useT();
  const { clock, playing, testIds = '' } = props;
  const setPlaying = (on: boolean) => (on ? clock?.play() : clock?.pause());
  const slider = useRef<HTMLInputElement>(null);
  const readout = useRef<HTMLOutputElement>(null);
  const live = useRef(playing);
  live.current = playing;
  /** The clock's latest t (the slider may lag it by up to PLAYING_UPDATE_MS). */
  const latest = useRef(0);
  /** Puts the slider on the latest t before a key or pointer moves it from there. */
  const sync = () => {
    const v = String(Math.round(latest.current * SLIDER_STEPS));
    if (slider.current && slider.current.value !== v) slider.current.value = v;
  };
  useEffect(() => {
    if (!clock) return;
    let last = -Infinity;
    return clock.onFrame((time) => {
      latest.current = time;
      const now = performance.now();
      const ends = time === 0 || time === 1;
      if (live.current && !ends && now - last < PLAYING_UPDATE_MS) return;
      last = now;
      const v = String(Math.round(time * SLIDER_STEPS));
      if (slider.current && slider.current.value !== v) slider.current.value = v;
      const text = `t = ${time.toFixed(2)}`;
      if (readout.current && readout.current.textContent !== text) {
        readout.current.textContent = text;
      }
    });
  }, [clock]);
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
        onKeyDown={sync}
        onPointerDown={sync}
        onInput={(e) => {
          setPlaying(false);
          clock?.seek(Number(e.currentTarget.value) / SLIDER_STEPS);
        }}
        data-testid={`${testIds}time-slider`}
      />
      <output ref={readout} className="t-readout" data-testid={`${testIds}t-readout`}>
        t = 0.00
      </output>
    </>
  );
}
