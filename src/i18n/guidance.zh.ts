/** 类别条件模型的中文消息（在 zh.ts 中展开进目录）。 */
import type { guidanceEn } from './guidance.en';

export const guidanceZh: Record<keyof typeof guidanceEn, string> = {
  guidanceModelClasses:
    '该网络是在 {classes} 个类别上训练的，但数据集“{target}”有 {targetClasses} 个类别。',
  // 条件训练器的慢动作训练步（ui/slowmo/ClassLabels.tsx）。
  slowmoLabels: '各行的标签',
  slowmoLabelClass: '类别 {c}',
  slowmoLabelNull: '∅（标签被丢弃）',
  slowmoLabelCounts: '{kept} 行保留其类别；{batch} 行中有 {dropped} 行被丢弃为 ∅',
  slowmoOneHot: '第 1 行的网络输入：[x, y, t, one-hot(c)]，c = {c}，one-hot = ({hot})。',
  slowmoOneHotNull:
    '第 1 行的网络输入：[x, y, t, one-hot(c)]，c = ∅，one-hot = ({hot})：全为零，因此这一行训练的是引导时被减去的无条件场。',
};
