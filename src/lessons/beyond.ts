/**
 * Lesson "Beyond the basics": σ around the path (it blurs the target; diversity comes from
 * x0), the adaptive Dormand–Prince solver's NFE on a curved and a straighter flow, reflow
 * (rectified flow is retraining on the flow's own pairs, not gradient clipping or weight
 * normalisation), and the exact log-likelihood, evaluated after training. Maths as in
 * /work/shared/MATH.md and docs/sigma-and-reflow.md, docs/adaptive-and-likelihood.md.
 */
import { overlays } from './overlays';
import type { Lesson } from './types';

export const beyond: Lesson = {
  id: 'beyond',
  title: { en: 'Beyond the basics', zh: '进阶内容' },
  summary: {
    en: 'Noise around the path, an adaptive solver, reflow and the exact likelihood, and what the source texts get wrong about them.',
    zh: '路径周围的噪声、自适应求解器、重流（Reflow）与精确似然，以及原始文章对它们的误解。',
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
  ],
};
