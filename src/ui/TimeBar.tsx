/**
 * The one time slider both views share: play/pause (Space anywhere outside a text field),
 * scrub, speed and loop. The slider follows t imperatively each frame; React never sees t.
 */
import { useId } from 'react';
import { useT } from '../i18n';
import { appStore, updateSettings } from '../state/appStore';
import { useStore } from '../state/store';
import { Check } from './controls';
import { useEngine } from './engineContext';
import { PlayScrub } from './PlayScrub';

const SPEEDS = [0.25, 0.5, 1, 2, 4];

export function TimeBar() {
  const t = useT();
  const engine = useEngine();
  const playing = useStore(appStore, (s) => s.playing);
  const speed = useStore(appStore, (s) => s.settings.speed);
  const loop = useStore(appStore, (s) => s.settings.loop);
  const speedId = useId();
  return (
    <div className="timebar" role="group" aria-label={t('timeControls')}>
      <PlayScrub clock={engine?.clock ?? null} playing={playing} />
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
