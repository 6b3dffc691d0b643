/**
 * 类别条件训练与无分类器引导的中文消息（在 zh.ts 中展开）。公式见 docs/guidance.md。
 */
import type { guidanceEn } from './guidance.en';

export const guidanceZh: Record<keyof typeof guidanceEn, string> = {
  condHeading: '类别与引导',
  conditional: '类别条件',
  conditionalHint:
    '网络还以每个点的类别 $v_\\theta(x,t,c)$ 作为独热（one-hot）输入；空标签 $\\varnothing$（全零）表示“没有类别”。',
  conditionalFewClasses:
    '这个目标只有一个类别：请用第二种颜色画（或选一个预设），才能训练类别条件的流。',
  labelDrop: '标签丢弃概率 p',
  labelDropHint:
    '训练时，每个标签以概率 $p$ 被替换为 $\\varnothing$，这样同一个网络既学到 $v(x,t,c)$，也学到无条件的 $v(x,t,\\varnothing)$。',
  guidance: '引导强度 w',
  guidanceFormula: 'v = (1+w)\\,v_\\theta(x,t,c) - w\\,v_\\theta(x,t,\\varnothing)',
  guidanceHint:
    '无分类器引导（classifier-free guidance）沿着远离无条件速度场的方向外推，把粒子推向所选的类别、远离其他类别；$w$ 太大会过冲：粒子被带过该类，离开数据。',
  guidanceNeedsDrop:
    '引导需要 $p>0$：从未在 $\\varnothing$ 上训练过的网络没有 $\\varnothing$ 速度场可供外推。',
  guidanceCost: '$w>0$ 时每个求解步需要两次网络评估（分别带 $c$ 和 $\\varnothing$）。',
  sampleClass: '采样的类别',
  sampleClassMix: '混合（按目标的比例）',
  sampleClassNone: '∅ 无条件',
  className: '类别 {n}',
  classChoices: '要采样的类别',
  brushClass: '画笔颜色',
  brushClassLabel: '画笔颜色：类别 {n}',
  needsTrainingConditional:
    '随附的网络都是无条件的（没有类别输入）：请点击“训练”得到类别条件的网络。',
  ioBadClass: '第 {row} 行第 {col} 列是 {value}，不是类别（应为 0 到 {max} 的整数）。',
  guidanceModelClasses:
    '该网络是在 {classes} 个类别上训练的，但数据集“{target}”有 {targetClasses} 个类别。',
  condRetrains: '打开或关闭类别、改变 p 都需要新的网络；w 和采样的类别会立即生效。',
  // 条件训练器的慢动作训练步（ui/slowmo/ClassLabels.tsx）。
  slowmoLabels: '各行的标签',
  slowmoLabelClass: '类别 {c}',
  slowmoLabelNull: '∅（标签被丢弃）',
  slowmoLabelCounts: '{kept} 行保留其类别；{batch} 行中有 {dropped} 行被丢弃为 ∅。',
  slowmoOneHot: '第 1 行的网络输入：[x, y, t, one-hot(c)]，c = {c}，one-hot = ({hot})。',
  slowmoOneHotNull:
    '第 1 行的网络输入：[x, y, t, one-hot(c)]，c = ∅，one-hot = ({hot})：全为零，因此这一行训练的是引导时被减去的无条件场。',
} as const;
