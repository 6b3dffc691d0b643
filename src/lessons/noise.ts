/**
 * Lesson "Three ways to add noise": OT, VP and VE side by side (the comparison's views), their
 * α_t and σ_t, log-SNR, straight against curved paths, quality against the number of network
 * evaluations, and minibatch-OT pairs. Definitions as in MATH.md §2 and its corrections (§6:
 * VE has α ≡ 1 and a wide source, VP keeps α² + σ² = 1).
 */
import { overlays } from './overlays';
import type { Lesson } from './types';

export const noise: Lesson = {
  id: 'noise',
  title: { en: 'Three ways to add noise', zh: '三种加噪方式' },
  summary: {
    en: 'OT, VP and VE side by side: schedules, signal-to-noise, path shapes, cost of sampling, minibatch-OT pairs.',
    zh: '并排比较 OT、VP 与 VE：调度、信噪比、路径形状、采样代价与小批量 OT 配对。',
  },
  settings: { target: 'moons', scheduler: 'ot', coupling: 'independent' },
  text: () => import('./noise.text'),
  scenes: [
    {
      id: 'paths',
      title: { en: 'One formula, three schedules', zh: '一个公式，三种调度' },
      views: ['ot', 'vp', 've'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
    {
      id: 'alpha-sigma',
      title: { en: 'α and σ', zh: 'α 与 σ' },
      views: ['schedules'],
    },
    {
      id: 'snr',
      title: { en: 'Signal to noise', zh: '信噪比' },
      views: ['schedules'],
    },
    {
      id: 'shapes',
      title: { en: 'Straight or curved', zh: '直线还是曲线' },
      views: ['ot', 'vp', 've'],
      actions: [
        { kind: 'pair', index: 7 },
        { kind: 'play', from: 0, to: 1 },
      ],
    },
    {
      id: 'train',
      title: { en: 'Training side by side', zh: '并排训练' },
      views: ['ot', 'vp', 've'],
      controls: ['time', 'train'],
      actions: [{ kind: 'compare', train: true }],
    },
    {
      id: 'nfe',
      title: { en: 'Quality against evaluations', zh: '质量与评估次数' },
      views: ['nfe', 'metrics'],
    },
    {
      id: 'minibatch-ot',
      title: { en: 'Minibatch-OT pairs', zh: '小批量 OT 配对' },
      settings: { coupling: 'ot', overlays: overlays('pathLines', 'trails') },
      views: ['conditional', 'learned'],
      actions: [{ kind: 'play', from: 0, to: 1 }],
    },
  ],
};
