/** 类别条件模型的中文消息（在 zh.ts 中展开进目录）。 */
import type { guidanceEn } from './guidance.en';

export const guidanceZh: Record<keyof typeof guidanceEn, string> = {
  guidanceModelClasses:
    '该网络是在 {classes} 个类别上训练的，但数据集“{target}”有 {targetClasses} 个类别。',
};
