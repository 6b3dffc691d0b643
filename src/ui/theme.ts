/**
 * Colours for canvases (CSS has the same values as variables). Particle hues are the
 * Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
 */
export const PALETTE = {
  canvas: '#ffffff',
  grid: '#e3e6ea',
  target: '#3a3f47',
  brush: '#0072b2',
  eraser: '#d55e00',
  field: '#33415c',
  exactField: '#d55e00',
  launch: '#000000',
  conditionalPath: '#cc79a7',
} as const;

/** Okabe–Ito hues for particles, by sector of the starting angle of x0. */
export const PARTICLE_HUES = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#56b4e9',
  '#cc79a7',
] as const;
