/**
 * Lesson "From noise to data": the target, noise, pairs and their conditional paths, the CFM
 * loss and its floor, one training step in slow motion, training live, learned against conditional trajectories, the exact
 * marginal field against the learned one, few-step sampling and the solvers. Maths as in
 * /work/shared/MATH.md (t = 0 noise, t = 1 data; OT path α_t = t, σ_t = 1 − t).
 */
import { overlays } from './overlays';
import type { Lesson } from './types';

export const intro: Lesson = {
  id: 'intro',
  title: { en: 'From noise to data', zh: '从噪声到数据' },
  summary: {
    en: 'How flow matching turns noise into samples: paths, the loss, training, the flow and its solvers.',
    zh: '流匹配如何把噪声变成样本：路径、损失、训练、学到的流与求解器。',
  },
  settings: { target: 'moons', scheduler: 'ot', coupling: 'independent' },
  text: () => import('./intro.text'),
  scenes: [
    {
      id: 'target',
      title: { en: 'The target', zh: '目标分布' },
      views: ['conditional'],
      actions: [{ kind: 'play', from: 1, to: 1 }],
    },
    {
      id: 'noise',
      title: { en: 'Noise', zh: '噪声' },
      views: ['conditional'],
      actions: [{ kind: 'play', from: 0, to: 0 }],
    },
    {
      id: 'pairs',
      title: { en: 'Pairs and their conditional paths', zh: '配对与条件路径' },
      settings: { overlays: overlays('pathLines') },
      views: ['conditional'],
      actions: [
        { kind: 'pair', index: 0 },
        { kind: 'play', from: 0, to: 1 },
      ],
    },
    {
      id: 'loss',
      title: { en: 'The CFM loss and its floor', zh: 'CFM 损失及其下限' },
      views: ['conditional', 'loss'],
      controls: ['time', 'train'],
      actions: [{ kind: 'train', fresh: true, steps: 1500 }],
    },
    {
      id: 'slowstep',
      title: { en: 'One training step in slow motion', zh: '慢动作看一步训练' },
      // The batch is drawn in the conditional view, the network's v and errors in the learned.
      views: ['conditional', 'learned'],
      actions: [{ kind: 'slowStep', stageMs: 4000 }],
    },
    {
      id: 'train',
      title: { en: 'Training live', zh: '实时训练' },
      views: ['learned', 'quality'],
      controls: ['time', 'train'],
      actions: [{ kind: 'train', steps: 6000, w2: 0.25 }],
    },
    {
      id: 'bend',
      title: { en: 'Learned trajectories bend', zh: '学到的轨迹会弯曲' },
      settings: { overlays: overlays('pathLines', 'trails') },
      views: ['conditional', 'learned'],
      actions: [
        { kind: 'launch', at: [-2.5, -2.5] },
        { kind: 'play', from: 0, to: 1 },
      ],
    },
    {
      id: 'field',
      title: {
        en: 'The exact marginal field and the learned one',
        zh: '精确边缘速度场与学到的速度场',
      },
      settings: { overlays: overlays('exactField', 'learnedField') },
      views: ['conditional', 'learned'],
      actions: [{ kind: 'play', from: 0, to: 0.6 }],
    },
    {
      id: 'fewsteps',
      title: { en: 'Sampling in a few steps', zh: '少步采样' },
      settings: { solver: 'euler', steps: 3, overlays: overlays('trails') },
      views: ['learned'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'solvers',
      title: { en: 'Better solvers', zh: '更好的求解器' },
      settings: { solver: 'rk4', steps: 5, overlays: overlays('trails') },
      views: ['learned'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
  ],
};
