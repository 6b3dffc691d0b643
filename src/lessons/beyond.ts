/**
 * Lesson "Beyond the basics": σ around the path (it blurs the target; diversity comes from
 * x0), the adaptive Dormand–Prince solver's NFE on a curved and a straighter flow, reflow
 * (rectified flow is retraining on the flow's own pairs, not gradient clipping or weight
 * normalisation), the exact log-likelihood, evaluated after training, and class-conditional
 * flows with classifier-free guidance (docs/guidance.md). Maths as in
 * /work/shared/MATH.md and docs/sigma-and-reflow.md, docs/adaptive-and-likelihood.md.
 */
import { overlays } from './overlays';
import type { Lesson } from './types';

export const beyond: Lesson = {
  id: 'beyond',
  title: { en: 'Beyond the basics', zh: '进阶内容' },
  summary: {
    en: 'Noise around the path, an adaptive solver, reflow, the exact likelihood and guided classes, and what the source texts get wrong about them.',
    zh: '路径周围的噪声、自适应求解器、重流（Reflow）、精确似然与类别引导，以及原始文章对它们的误解。',
  },
  settings: { target: 'moons', scheduler: 'ot', coupling: 'independent' },
  text: () => import('./beyond.text'),
  scenes: [
    {
      id: 'sigma',
      title: { en: 'Noise around the path', zh: '路径周围的噪声' },
      settings: { pathSigma: 0.1, overlays: overlays('pathLines') },
      views: ['conditional'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'adaptive',
      title: { en: 'An adaptive solver', zh: '自适应求解器' },
      settings: { solver: 'dopri5', tol: 1e-3, overlays: overlays('nfeHeat') },
      views: ['learned'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'straighter',
      title: { en: 'A straighter flow costs fewer evaluations', zh: '更直的流需要更少的评估' },
      settings: { coupling: 'ot', solver: 'dopri5', tol: 1e-3, overlays: overlays('nfeHeat') },
      views: ['learned'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'reflow',
      title: { en: 'Reflow (rectified flow)', zh: '重流（整流）' },
      settings: { solver: 'euler', steps: 1, overlays: overlays('trails') },
      views: ['learned', 'reflow'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'likelihood',
      title: { en: 'The exact likelihood', zh: '精确似然' },
      views: ['density'],
    },
    {
      id: 'classes',
      title: { en: 'Classes as an input', zh: '把类别作为输入' },
      // The two moons as two classes; each particle sampled with a class in their proportions.
      settings: { conditional: true, labelDrop: 0.2, overlays: overlays('trails') },
      views: ['conditional', 'learned'],
      controls: ['time', 'train'],
      // No shipped network takes a class: this trains a fresh one.
      actions: [
        { kind: 'train', steps: 1500 },
        { kind: 'play', from: 0, to: 1 },
      ],
    },
    {
      id: 'guidance',
      title: { en: 'Classifier-free guidance', zh: '无分类器引导' },
      // The same network (w and the class to sample do not change it), sampling the upper moon.
      settings: {
        conditional: true,
        labelDrop: 0.2,
        sampleClass: 0,
        overlays: overlays('trails'),
      },
      views: ['conditional', 'learned'],
      controls: ['time', 'train', 'guidance'],
      actions: [
        { kind: 'train', steps: 1500 },
        ...[0, 2, 8, 20].flatMap((w) => [
          { kind: 'guidance' as const, w },
          { kind: 'play' as const, from: 0, to: 1 },
        ]),
      ],
    },
  ],
};
