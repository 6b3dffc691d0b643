/**
 * The one time slider both views share: play/pause (Space anywhere outside a text field),
 * scrub, speed and loop. The slider follows t imperatively each frame; React never sees t.
 */
import { useEffect, useId, useRef } from 'react';
import { useT } from '../i18n';
import { appStore, updateSettings } from '../state/appStore';
import { useStore } from '../state/store';
import { Check } from './controls';
import { useEngine } from './engineContext';

const SLIDER_STEPS = 1000;
const SPEEDS = [0.25, 0.5, 1, 2, 4];

export function TimeBar() {
  const t = useT();
  const engine = useEngine();
  const playing = useStore(appStore, (s) => s.playing);
  const speed = useStore(appStore, (s) => s.settings.speed);
  const loop = useStore(appStore, (s) => s.settings.loop);
  const slider = useRef<HTMLInputElement>(null);
  const readout = useRef<HTMLOutputElement>(null);
  const speedId = useId();
  useEffect(() => {
    if (!engine) return;
    return engine.clock.onFrame((time) => {
      const v = String(Math.round(time * SLIDER_STEPS));
      if (slider.current && slider.current.value !== v) slider.current.value = v;
      if (readout.current) readout.current.textContent = `t = ${time.toFixed(2)}`;
    });
  }, [engine]);
  const scrub = (value: string) => {
    appStore.setState({ playing: false });
    engine?.clock.setT(Number(value) / SLIDER_STEPS);
  };
  return (
    <div className="timebar" role="group" aria-label={t('timeControls')}>
      <button
        type="button"
        className="play"
        aria-pressed={playing}
        onClick={() => appStore.setState({ playing: !playing })}
        data-testid="play"
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
        onInput={(e) => scrub(e.currentTarget.value)}
        data-testid="time-slider"
      />
      <output ref={readout} className="t-readout" data-testid="t-readout">
        t = 0.00
      </output>
      <div className="field inline">
        <label htmlFor={speedId}>{t('speed')}</label>
        <select
          id={speedId}
          value={speed}
          onChange={(e) => updateSettings({ speed: Number(e.target.value) })}
        >
          {(SPEEDS.includes(speed) ? SPEEDS : [...SPEEDS, speed].sort((a, b) => a - b)).map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </div>
      <Check label={t('loop')} checked={loop} onChange={(v) => updateSettings({ loop: v })} />
    </div>
  );
}
