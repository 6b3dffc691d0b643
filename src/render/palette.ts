/**
 * Every colour the canvases and charts use, in one place (the stylesheet has the same values
 * as variables). Hues are the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies.
 */
export const PALETTE = {
  canvas: '#ffffff',
  grid: '#e3e6ea',
  target: '#3a3f47',
  /** Target points behind the particles (faint, so the particles read first). */
  targetFaint: '#9aa1ab',
  brush: '#0072b2',
  eraser: '#d55e00',
  field: '#33415c',
  exactField: '#d55e00',
  density: '#56b4e9',
  launch: '#000000',
  conditionalPath: '#cc79a7',
  /** The conditional view's path lines (conditionalPath, mostly transparent). */
  pathLine: 'rgba(204, 121, 167, 0.22)',
  /** σ around the path: the ±2σ band and its centre line (conditionalPath, translucent). */
  pathBand: 'rgba(204, 121, 167, 0.13)',
  pathBandCentre: 'rgba(204, 121, 167, 0.55)',
  markerRing: '#ffffff',
  insetBackground: '#fbfbfc',
  insetFrame: '#545d69',
  insetText: '#1b2129',
  /** A reference line in a chart (e.g. the sampling floor). */
  reference: '#6b7280',
  loss: '#56b4e9',
  lossAverage: '#0072b2',
  quality: '#d55e00',
  /** The slow-motion step: noise x0 (circles), data x1 (squares), their pairing lines. */
  slowNoise: '#56b4e9',
  slowData: '#e69f00',
  slowPair: 'rgba(84, 93, 105, 0.45)',
  /** xt and the part of each path up to t. */
  slowPoint: '#009e73',
  /** Target velocity u, the network's v, and the error v − u (dashed, with rings). */
  slowTarget: '#d55e00',
  slowNetwork: '#0072b2',
  slowError: '#000000',
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

/** One colour per trainer of the scheduler comparison. */
export const TRAINER_COLORS = {
  ot: '#0072b2',
  vp: '#e69f00',
  ve: '#009e73',
  'ot-pairs': '#d55e00',
  /** OT with σ = 0.1 around the path (the comparison's optional fourth column). */
  'ot-sigma': '#cc79a7',
} as const;

/**
 * One colour per class (the drawing's brush colours are the first three), all eight Okabe–Ito
 * hues: blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow (last:
 * it is faint on white and only 8 Gaussians has eight classes).
 */
export const CLASS_COLORS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#cc79a7',
  '#56b4e9',
  '#000000',
  '#f0e442',
] as const;

/** Particles sampled with the null label ∅ (the unconditional flow). */
export const NULL_CLASS_COLOR = '#6b7280';
