/**
 * Captions of the lesson in beyond.ts, by scene id, in English and Chinese ($…$ and $$…$$:
 * KaTeX). Figures quoted are the README's measurements (section "Adaptive solver and exact
 * likelihood", "Reflow on moons").
 */
import type { LessonText } from './types';

const text: LessonText = {
  sigma: {
    en: 'A stochastic interpolant puts noise around each straight path: $$x_t=t\\,x_1+(1-t)\\,x_0+\\sigma\\,\\varepsilon,$$ with $\\varepsilon\\sim\\mathcal N(0,I)$ and torchcfm’s $\\sigma=0.1$; the band around each path is $\\pm2\\sigma$, where 95 % of its points lie. The regression target stays $u_t=x_1-x_0$: only the input point moves. Some texts say the noise is needed for diverse samples. It is not: the variety comes from drawing a fresh $x_0$ for every sample. What the noise does is smooth the field where paths cross and blur the target: at $t=1$ the flow learns the data convolved with $\\mathcal N(0,\\sigma^2I)$, which is why $\\sigma$ is kept small.',
    zh: '随机插值在每条直线路径周围加上噪声：$$x_t=t\\,x_1+(1-t)\\,x_0+\\sigma\\,\\varepsilon,$$ 其中 $\\varepsilon\\sim\\mathcal N(0,I)$，这里取 torchcfm 的 $\\sigma=0.1$；每条路径周围的带宽为 $\\pm2\\sigma$，95% 的点落在其中。回归目标仍然是 $u_t=x_1-x_0$：变化的只是输入点。有些文章说，要生成多样的样本就需要这种噪声。其实不需要：多样性来自每个样本都抽取新的 $x_0$。噪声的作用是在路径交叉处让速度场更平滑，同时让目标变模糊：在 $t=1$ 时，流学到的是数据与 $\\mathcal N(0,\\sigma^2I)$ 的卷积，所以 $\\sigma$ 要取得小。',
  },
  adaptive: {
    en: 'One source samples with SciPy’s $\\texttt{RK45}$: the adaptive Dormand–Prince 5(4) method. Each step computes a 5th- and an embedded 4th-order solution from the same evaluations; their difference estimates the local error, and the step is accepted when that error is within the tolerance (here $10^{-3}$), otherwise retried smaller. Every particle chooses its own steps, so the number of network evaluations (NFE) differs from particle to particle: the colours show it (dark: fewest, yellow: most). Particles whose trajectories bend more pay more.',
    zh: '有一篇文章用 SciPy 的 $\\texttt{RK45}$ 采样，也就是自适应的 Dormand–Prince 5(4) 方法。每一步用同样的几次评估同时算出一个 5 阶解和一个内嵌的 4 阶解；两者之差估计局部误差，误差在容差（这里是 $10^{-3}$）之内就接受这一步，否则缩小步长重试。每个粒子选择自己的步长，所以网络评估次数（NFE）因粒子而异：颜色显示了它（深色最少，黄色最多）。轨迹弯得越厉害的粒子，花费越多。',
  },
  straighter: {
    en: 'The same solver and tolerance on a network trained with minibatch-OT pairs, whose conditional paths cross less, so its flow is straighter. Measured on the shipped moons networks with 2 000 particles at tolerance $10^{-3}$: independent pairs took 28.5 evaluations per particle on average (14 to 50), minibatch-OT pairs 17.7 (14 to 26), with samples as good (exact $W_2$ 0.136 and 0.121). The adaptive solver turns straightness directly into saved network evaluations.',
    zh: '同样的求解器和容差，换成用小批量 OT 配对训练的网络：它的条件路径交叉更少，所以流更直。在随附的双月网络上用 2000 个粒子、容差 $10^{-3}$ 实测：独立配对平均每个粒子需要 28.5 次评估（14 到 50 次），小批量 OT 配对只需 17.7 次（14 到 26 次），样本一样好（精确 $W_2$ 分别为 0.136 和 0.121）。自适应求解器把流的“直”直接变成了省下的网络评估次数。',
  },
  reflow: {
    en: 'One Euler step, as here, misses the moons on a curved flow. Reflow (rectified flow, Liu et al. 2022) pairs fresh noise with where the trained flow carries it, $(x_0,\\,x_1=\\mathrm{ODE}_\\theta(x_0))$, and trains a network on exactly those pairs, on the same path. They hardly cross, so the new flow is nearly straight. Press Reflow: the table gives each round’s straightness and exact $W_2$ after one and two Euler steps (headless trainer, moons: 1-step $W_2$ about 1.9 before, 0.2–0.3 after one round). Rectified flow is this retraining, not gradient clipping or weight normalisation as one source says; and it learns its teacher’s samples, so it cannot beat the teacher’s many-step quality.',
    zh: '这里采样只走一步欧拉法：在弯曲的流上，它会偏离双月。重流（整流 Flow，Liu 等人 2022）把新抽取的噪声与训练好的流把它带到的位置配对，$(x_0,\\,x_1=\\mathrm{ODE}_\\theta(x_0))$，再在同一条路径上只用这些固定的配对训练一个网络。这些配对几乎不交叉，所以新的流接近直线，一步就落得很近。点击“重流”：表格给出每一轮的直度，以及走一步和两步欧拉法后的精确 $W_2$（用无界面训练器在双月上实测：一步的 $W_2$ 原来约为 1.9，一轮之后为 0.2 到 0.3）。整流就是这种重新训练，而不是某篇文章所说的梯度裁剪或权重归一化；而且每一轮学的是上一个流的样本，所以它的多步质量不会超过它的“老师”。',
  },
  likelihood: {
    en: 'One source says flow matching computes the likelihood exactly during training. Training never computes it: the loss is a regression on velocities. After training, though, the flow’s density can be evaluated: along the trajectory from $x_0$ to $x$, $$\\log p_1(x)=\\log p_0(x_0)-\\int_0^1\\nabla\\!\\cdot v_\\theta(x_t,t)\\,dt,$$ integrated backward from $x$. In 2D the divergence is the trace of a $2\\times2$ Jacobian, exact, so the result is exact up to the solver’s error. Press Compute: the model’s density beside a kernel density estimate of the data, and the mean log-likelihood of held-out points under both (shipped OT network: −1.78 nats; the kernel estimate: −2.61).',
    zh: '有一篇文章说流匹配在训练中精确地计算似然。训练从不计算似然：损失只是对速度的回归。不过训练之后，可以计算流的密度：沿着从 $x_0$ 到 $x$ 的轨迹，$$\\log p_1(x)=\\log p_0(x_0)-\\int_0^1\\nabla\\!\\cdot v_\\theta(x_t,t)\\,dt,$$ 从 $x$ 出发反向积分。在二维中，散度就是一个 $2\\times2$ 雅可比矩阵的迹，可以精确计算，所以结果只有求解器的误差。点击“计算密度”：左边是模型的密度，旁边是数据的核密度估计，下面是留出点在两者下的平均对数似然（随附的 OT 网络：−1.78 奈特；核密度估计：−2.61）。',
  },
  classes: {
    en: 'One source lists class-conditional generation as “controlling the output class distribution” and says no more. How it works: the network takes the class as one more input and learns it with the same regression, on pairs whose $x_1$ comes from class $c$: $$\\mathcal L=\\mathbb E\\,\\|v_\\theta(x_t,t,c)-(x_1-x_0)\\|^2.$$ With probability $p=0.2$ the label is replaced by the empty label $\\varnothing$, so the same network also learns the unconditional field $v_\\theta(x,t,\\varnothing)$. Here the two moons are two classes (blue and orange); each particle is sampled with a class drawn in the data’s proportions and keeps its colour.',
    zh: '有一篇文章把类别条件生成列为一种应用，“控制输出类别分布”，没有再多说。它是这样工作的：网络多接收一个输入——类别，并用同样的回归来学习，只是配对中的 $x_1$ 来自类别 $c$：$$\\mathcal L=\\mathbb E\\,\\|v_\\theta(x_t,t,c)-(x_1-x_0)\\|^2.$$ 训练时标签以概率 $p=0.2$ 被替换为空标签 $\\varnothing$，这样同一个网络也学到了无条件的速度场 $v_\\theta(x,t,\\varnothing)$。这里双月是两个类别（蓝色和橙色）；每个粒子按数据中的比例抽取一个类别来采样，并保持这个颜色。',
  },
  guidance: {
    en: 'To sample one class, here the upper moon (blue), classifier-free guidance mixes the two fields: $$\\tilde v=(1+w)\\,v_\\theta(x,t,c)-w\\,v_\\theta(x,t,\\varnothing).$$ At $w=0$ it is the plain conditional flow, which already follows the blue moon (about 99 % of the particles land nearest a blue point). $w=2$ pushes them away from what the classes share: every particle is on the blue side, but shoved outward, away from the orange moon, and the tip nearest it empties. $w=8$ flings them off the moon; at $w=20$ they leave the picture. Guidance needs $p>0$ (without $\\varnothing$ in training there is no unconditional field), and each step with $w>0$ costs two network evaluations.',
    zh: '要只采样一个类别（这里是上面的月牙，蓝色），无分类器引导把两个速度场组合起来：$$\\tilde v=(1+w)\\,v_\\theta(x,t,c)-w\\,v_\\theta(x,t,\\varnothing).$$ $w=0$ 就是普通的条件流，已经贴合蓝色月牙（约 99% 的粒子落在离蓝色点最近的地方）。$w=2$ 把粒子推离两类共有的部分：所有粒子都在蓝色一侧，但被向外推，远离橙色月牙，靠近它的那一端变空了。$w=8$ 把粒子甩出月牙；到 $w=20$，它们跑出了画面。引导需要 $p>0$（训练中没有 $\\varnothing$，就没有无条件速度场），而且 $w>0$ 时每一步需要两次网络评估。',
  },
};

export default text;
