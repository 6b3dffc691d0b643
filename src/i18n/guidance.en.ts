/** English messages of class-conditional models (spread into the catalogue in en.ts). */
export const guidanceEn = {
  guidanceModelClasses:
    'the network was trained on {classes} classes, but the data set “{target}” has {targetClasses}.',
  // Slow-motion step of a conditional trainer (ui/slowmo/ClassLabels.tsx).
  slowmoLabels: 'Row labels',
  slowmoLabelClass: 'class {c}',
  slowmoLabelNull: '∅ (label dropped)',
  slowmoLabelCounts: '{kept} rows keep their class; {dropped} of {batch} were dropped to ∅',
  slowmoOneHot: 'Network input of row 1: [x, y, t, one-hot(c)] with c = {c}, one-hot = ({hot}).',
  slowmoOneHotNull:
    'Network input of row 1: [x, y, t, one-hot(c)] with c = ∅, one-hot = ({hot}): all zeros, so this row trains the unconditional field that guidance subtracts.',
};
