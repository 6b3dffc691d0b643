/**
 * English messages of class-conditional training and classifier-free guidance (spread into
 * the catalogue in en.ts). Formulas: docs/guidance.md.
 */
export const guidanceEn = {
  condHeading: 'Classes and guidance',
  conditional: 'Class-conditional',
  conditionalHint:
    'The network also takes each point’s class, $v_\\theta(x,t,c)$, as a one-hot input; the empty label $\\varnothing$ (all zeros) stands for “no class”.',
  conditionalFewClasses:
    'This target has only one class: draw with a second colour (or pick a preset) to train a class-conditional flow.',
  labelDrop: 'Label dropout p',
  labelDropHint:
    'While training, each label is replaced by $\\varnothing$ with probability $p$, so one network learns both $v(x,t,c)$ and the unconditional $v(x,t,\\varnothing)$.',
  guidance: 'Guidance scale w',
  guidanceFormula: 'v = (1+w)\\,v_\\theta(x,t,c) - w\\,v_\\theta(x,t,\\varnothing)',
  guidanceHint:
    'Classifier-free guidance extrapolates away from the unconditional field, pushing particles toward the chosen class and away from the others; too large a $w$ overshoots: particles are carried past the class, off the data.',
  guidanceNeedsDrop:
    'Guidance needs $p>0$: a network never trained on $\\varnothing$ has no $\\varnothing$ field to extrapolate from.',
  guidanceCost:
    '$w>0$ costs two network evaluations per solver step (with $c$ and with $\\varnothing$).',
  sampleClass: 'Class to sample',
  sampleClassMix: 'Mixed (the target’s proportions)',
  sampleClassNone: '∅ unconditional',
  className: 'Class {n}',
  classChoices: 'Classes to sample',
  brushClass: 'Brush colour',
  brushClassLabel: 'Brush colour: class {n}',
  needsTrainingConditional:
    'The shipped networks are unconditional (no class input): press Train for a class-conditional one.',
  ioBadClass: 'row {row}, column {col} is {value}, not a class (a whole number from 0 to {max}).',
  guidanceModelClasses:
    'the network was trained on {classes} classes, but the data set “{target}” has {targetClasses}.',
  condRetrains:
    'Switching classes on or off, or changing p, needs a fresh network; w and the class to sample apply at once.',
  // Slow-motion step of a conditional trainer (ui/slowmo/ClassLabels.tsx).
  slowmoLabels: 'Row labels',
  slowmoLabelClass: 'class {c}',
  slowmoLabelNull: '∅ (label dropped)',
  slowmoLabelCounts: '{kept} rows keep their class; {dropped} of {batch} were dropped to ∅.',
  slowmoOneHot: 'Network input of row 1: [x, y, t, one-hot(c)] with c = {c}, one-hot = ({hot}).',
  slowmoOneHotNull:
    'Network input of row 1: [x, y, t, one-hot(c)] with c = ∅, one-hot = ({hot}): all zeros, so this row trains the unconditional field that guidance subtracts.',
} as const;
