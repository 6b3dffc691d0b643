/**
 * Captions of the lesson in noise.ts, by scene id, in English and Chinese ($…$ and $$…$$:
 * KaTeX). Loaded when the lesson opens (a chunk of its own), not with the page.
 */
import type { LessonText } from './types';

const text: LessonText = {
  paths: {
    en: 'Every Gaussian path mixes data and noise the same way, $$x_t=\\alpha_t\\,x_1+\\sigma_t\\,x_0,$$ and only the schedule $(\\alpha_t,\\sigma_t)$ differs. Three networks, one per schedule, carry the same noise $x_0$ to the moons: OT (linear), VP (variance preserving) and VE (variance exploding). VE starts far out, from $\\sigma_{\\max}x_0$; its inset shows that start to scale.',
    zh: '所有高斯路径都以同样的方式混合数据与噪声：$$x_t=\\alpha_t\\,x_1+\\sigma_t\\,x_0,$$ 区别只在调度 $(\\alpha_t,\\sigma_t)$。三个网络各对应一种调度，把同样的噪声 $x_0$ 送到双月上：OT（线性）、VP（保方差）和 VE（方差爆炸）。VE 从很远处的 $\\sigma_{\\max}x_0$ 出发，小图按比例画出了这个起点。',
  },
  'alpha-sigma': {
    en: 'OT: $\\alpha_t=t$, $\\sigma_t=1-t$. VP: $\\alpha_t=e^{-T(t)/2}$, $\\sigma_t=\\sqrt{1-e^{-T(t)}}$ with $T(t)=\\int_0^{1-t}\\beta(s)\\,ds$ and $\\beta(s)=\\beta_{\\min}+(\\beta_{\\max}-\\beta_{\\min})s$, so $\\alpha_t^2+\\sigma_t^2=1$ and its source is only $\\approx\\mathcal N(0,I)$ ($\\alpha_0\\approx0.0066$). VE: $\\alpha_t\\equiv1$, $\\sigma_t=\\sigma_{\\min}(\\sigma_{\\max}/\\sigma_{\\min})^{1-t}$: the data are never scaled down, only buried in ever wider noise, so its source is $\\approx\\mathcal N(0,\\sigma_{\\max}^2I)$. Some texts swap the names VP and VE; this is the right way round.',
    zh: 'OT：$\\alpha_t=t$，$\\sigma_t=1-t$。VP：$\\alpha_t=e^{-T(t)/2}$，$\\sigma_t=\\sqrt{1-e^{-T(t)}}$，其中 $T(t)=\\int_0^{1-t}\\beta(s)\\,ds$，$\\beta(s)=\\beta_{\\min}+(\\beta_{\\max}-\\beta_{\\min})s$；因此 $\\alpha_t^2+\\sigma_t^2=1$，其起点分布只是近似 $\\approx\\mathcal N(0,I)$（$\\alpha_0\\approx0.0066$）。VE：$\\alpha_t\\equiv1$，$\\sigma_t=\\sigma_{\\min}(\\sigma_{\\max}/\\sigma_{\\min})^{1-t}$：数据从不缩小，只是被越来越宽的噪声淹没，所以其起点分布近似为 $\\approx\\mathcal N(0,\\sigma_{\\max}^2I)$。有些文献把 VP 和 VE 的名字写反了；这里的对应关系才是正确的。',
  },
  snr: {
    en: 'The log signal-to-noise ratio $\\lambda_t=\\log(\\alpha_t^2/\\sigma_t^2)$ says how much of $x_t$ is data. It rises from noise to data on all three paths. OT’s runs from $-\\infty$ to $+\\infty$; VP’s starts near $-10$ ($-T(0)\\approx-10.05$); VE’s runs only from $-2\\log\\sigma_{\\max}\\approx-4.6$ to $-2\\log\\sigma_{\\min}\\approx9.2$, so VE never starts from pure noise and never ends on exactly clean data. The schedule decides when along $t$ signal and noise are alike ($\\lambda_t$ near 0), where most of the shape is decided.',
    zh: '对数信噪比 $\\lambda_t=\\log(\\alpha_t^2/\\sigma_t^2)$ 表示 $x_t$ 中有多少是数据。在三条路径上它都从噪声端上升到数据端。OT 的从 $-\\infty$ 升到 $+\\infty$；VP 的从约 $-10$ 开始（$-T(0)\\approx-10.05$）；VE 的只从 $-2\\log\\sigma_{\\max}\\approx-4.6$ 升到 $-2\\log\\sigma_{\\min}\\approx9.2$，所以 VE 既不从纯噪声出发，也不会精确落在干净数据上。调度决定了信号与噪声相当（$\\lambda_t$ 接近 0）的时刻出现在 $t$ 的哪一段，形状大多是在这一段里决定的。',
  },
  shapes: {
    en: 'Follow the highlighted pair; the dashed line is its conditional path. OT’s is a straight segment at constant speed, $u_t=x_1-x_0$. VP’s is an arc: with $\\alpha_t^2+\\sigma_t^2=1$, $x_t$ turns from $x_0$ toward $x_1$. VE’s is straight too, from $x_1+\\sigma_{\\max}x_0$ onto $x_1$, but ever slower: $\\dot\\sigma_t=-\\ln(\\sigma_{\\max}/\\sigma_{\\min})\\,\\sigma_t$. Only OT’s is straight at constant speed. The solid line is the learned trajectory from the same $x_0$: it follows the marginal field, not the pair’s path.',
    zh: '请跟随高亮的那一对；虚线是它的条件路径。OT 的是一条匀速直线段，$u_t=x_1-x_0$。VP 的是一段弧：因为 $\\alpha_t^2+\\sigma_t^2=1$，$x_t$ 从 $x_0$ 转向 $x_1$。VE 的也是直线，从 $x_1+\\sigma_{\\max}x_0$ 落到 $x_1$，但越走越慢：$\\dot\\sigma_t=-\\ln(\\sigma_{\\max}/\\sigma_{\\min})\\,\\sigma_t$。只有 OT 的路径是匀速直线。实线是从同一个 $x_0$ 出发的学到的轨迹：它跟随的是边缘速度场，而不是这一对的路径。',
  },
  train: {
    en: 'Now the networks train together in the page’s worker, on the same target, seed, network and batch. Their losses cannot be compared with each other: each has its own floor, and VE’s regression targets $\\dot\\sigma_t x_0$ are huge near $t=0$ (its loss is about 50 times larger). Compare what they produce instead: the samples, and what they cost.',
    zh: '现在这些网络在页面的同一个工作线程中一起训练，使用相同的目标、随机种子、网络和批量。它们的损失值不能相互比较：每个损失都有自己的下限，而且 VE 的回归目标 $\\dot\\sigma_t x_0$ 在 $t=0$ 附近非常大（它的损失约大 50 倍）。应该比较的是它们生成的样本，以及生成的代价。',
  },
  nfe: {
    en: 'For each network and solver: sample quality (sliced $W_2$ to the target, lower is better) against the number of network evaluations, from 1 to 100. The table measures straightness (chord over length, 1 is straight) on a fixed fine RK4 grid. Straighter flows reach a given quality in fewer evaluations. Which path wins here is measured, not assumed: it also depends on how long each network trained.',
    zh: '对每个网络和每种求解器：样本质量（到目标的切片 $W_2$，越低越好）随网络评估次数（1 到 100）的变化。表格在固定的精细 RK4 网格上测量直线度（弦长除以轨迹长度，1 表示笔直）。越直的流用越少的评估次数就能达到给定的质量。这里哪条路径更好是测出来的，而不是假定的：它还取决于每个网络训练了多久。',
  },
  'minibatch-ot': {
    en: 'Pairing matters too. Instead of random pairs, minibatch OT matches each batch of $x_0$ to the batch of $x_1$ by the assignment $\\pi$ that minimises $\\sum_i\\lVert x_1^{\\pi(i)}-x_0^i\\rVert^2$. The conditional paths (left) become short and seldom cross, so the marginal field that averages them bends little: the learned OT trajectories (right) come out nearly straight (straightness about 0.99, against about 0.7 with random pairs, measured on moons), and few-step sampling improves.',
    zh: '配对方式同样重要。小批量 OT 不再随机配对，而是在每个批量内用使 $\\sum_i\\lVert x_1^{\\pi(i)}-x_0^i\\rVert^2$ 最小的分配 $\\pi$ 把 $x_0$ 与 $x_1$ 配对。条件路径（左）变短且很少交叉，于是对它们取平均得到的边缘速度场几乎不弯：学到的 OT 轨迹（右）接近直线（在双月上测得直线度约 0.99，随机配对时约 0.7），少步采样也随之变好。',
  },
};

export default text;
