/** The overlay flags a scene switches on (all others off): `overlays('pathLines', 'trails')`. */
import type { Overlays } from '../state/settings';

export function overlays(...on: (keyof Overlays)[]): Overlays {
  const off: Overlays = {
    pathLines: false,
    trails: false,
    learnedField: false,
    exactField: false,
    density: false,
  };
  for (const key of on) off[key] = true;
  return off;
}
