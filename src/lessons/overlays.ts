/**
 * The overlay flags a scene switches on (all others off): `overlays('pathLines', 'trails')`.
 * (A literal, not the defaults: settings.ts imports the lessons, so they cannot import it.)
 */
import type { Overlays } from '../state/settings';

export function overlays(...on: (keyof Overlays)[]): Overlays {
  const off: Overlays = {
    pathLines: false,
    trails: false,
    learnedField: false,
    exactField: false,
    density: false,
    nfeHeat: false,
  };
  for (const key of on) off[key] = true;
  return off;
}
