/**
 * Captions of the lesson in intro.ts, by scene id, in English and Chinese ($…$ and $$…$$:
 * KaTeX). Loaded when the lesson opens (a chunk of its own), not with the page.
 */
import type { LessonText } from './types';

const text: LessonText = {
  target: {
    en: 'Flow matching learns to turn noise into data. The data here are 2 000 points of the “two moons” set: samples $x_1$ of a distribution $q$ that we never write down; we only have its points. The goal is a rule that turns fresh noise into new points that look like these.',
    zh: '流匹配学习如何把噪声变成数据。这里的数据是“双月”数据集的 2000 个点：它们是某个分布 $q$ 的样本 $x_1$。我们从不写出 $q$ 本身，手里只有它的样本点。目标是找到一条规则，把新的噪声变成看起来像这些点的新样本。',
  },
  noise: {
    en: 'At $t=0$ every particle is noise, $x_0\\sim\\mathcal N(0,I)$: a round cloud with no trace of the moons. Time runs from $t=0$ (noise) to $t=1$ (data) everywhere in this playground. Sampling will mean: draw $x_0$, then carry it from $t=0$ to $t=1$.',
    zh: '在 $t=0$ 时，每个粒子都是噪声 $x_0\\sim\\mathcal N(0,I)$：一团圆形的点云，看不出双月的任何痕迹。在这个演示里，时间总是从 $t=0$（噪声）走到 $t=1$（数据）。采样就是：抽取 $x_0$，再把它从 $t=0$ 带到 $t=1$。',
  },
  pairs: {
    en: 'Training pairs each noise point $x_0$ with a data point $x_1$ (here independently, at random) and joins them by a straight line, the conditional OT path $$x_t=t\\,x_1+(1-t)\\,x_0,$$ that is $\\alpha_t=t$, $\\sigma_t=1-t$. Given $x_1$, $x_t$ is Gaussian: $p_t(x\\mid x_1)=\\mathcal N(x\\mid t\\,x_1,(1-t)^2I)$. Along its path a pair moves at the constant velocity $u_t=x_1-x_0$. The lines cross each other.',
    zh: '训练时，每个噪声点 $x_0$ 与一个数据点 $x_1$ 配对（这里是独立随机配对），再用一条直线把它们连起来，即条件 OT 路径 $$x_t=t\\,x_1+(1-t)\\,x_0,$$ 也就是 $\\alpha_t=t$，$\\sigma_t=1-t$。给定 $x_1$ 时，$x_t$ 服从高斯分布 $p_t(x\\mid x_1)=\\mathcal N(x\\mid t\\,x_1,(1-t)^2I)$。沿这条路径，每一对以恒定速度 $u_t=x_1-x_0$ 运动。这些直线彼此交叉。',
  },
  loss: {
    en: 'A network $v_\\theta(x,t)$ learns a velocity by regression on the pairs: $$\\mathcal L_{\\mathrm{CFM}}(\\theta)=\\mathbb E_{t,x_0,x_1}\\,\\tfrac12\\big\\lVert v_\\theta(x_t,t)-(x_1-x_0)\\big\\rVert^2.$$ The loss falls, then levels off well above zero. That floor is not a bug: where paths cross, the same $(x_t,t)$ is asked for different targets, and no function meets them all. The best it can do is their average, the marginal velocity $u_t(x)=\\mathbb E[x_1-x_0\\mid x_t=x]$.',
    zh: '网络 $v_\\theta(x,t)$ 通过对这些配对做回归来学习速度：$$\\mathcal L_{\\mathrm{CFM}}(\\theta)=\\mathbb E_{t,x_0,x_1}\\,\\tfrac12\\big\\lVert v_\\theta(x_t,t)-(x_1-x_0)\\big\\rVert^2.$$ 损失先下降，然后停在明显高于零的水平。这个下限不是程序错误：在路径交叉的地方，同一个 $(x_t,t)$ 对应不同的目标，没有任何函数能同时满足它们。网络最多只能学到这些目标的平均，即边缘速度 $u_t(x)=\\mathbb E[x_1-x_0\\mid x_t=x]$。',
  },
  slowstep: {
    en: 'Each training step does the same few things; here one real step is slowed down, stage by stage, with its own numbers (it counts: training goes on from it). It draws a batch of noise points $x_0$ and data points $x_1$ and pairs them; each pair gets its own time $t\\sim U[0,1]$ and the point $x_t=t\\,x_1+(1-t)\\,x_0$ on its path. The target is the pair’s velocity $u_t=x_1-x_0$; the network sees only $x_t$ and $t$ and predicts $v_\\theta(x_t,t)$. The loss, the batch mean of $\\tfrac12\\lVert v_\\theta(x_t,t)-u_t\\rVert^2$, gives a gradient, and one Adam update moves every weight a little.',
    zh: '每一步训练都做同样的几件事。这里把一次真实的训练步骤放慢，逐个阶段展示，并给出这一步自己的数值（这一步是真实的训练步骤，训练会从它继续）。先抽取一批噪声点 $x_0$ 和数据点 $x_1$ 并把它们配对；每一对得到各自的时间 $t\\sim U[0,1]$，以及路径上的点 $x_t=t\\,x_1+(1-t)\\,x_0$。目标是这一对的速度 $u_t=x_1-x_0$；网络只看到 $x_t$ 和 $t$，并预测 $v_\\theta(x_t,t)$。损失即 $\\tfrac12\\lVert v_\\theta(x_t,t)-u_t\\rVert^2$ 在这一批上的平均值，它给出梯度，一次 Adam 更新把每个权重都移动一点。',
  },
  train: {
    en: 'Training goes on until the learned samples are close to the data: the exact 2-Wasserstein distance $W_2$ (the root mean squared distance of the best one-to-one matching) between 500 learned samples and 500 data points falls to 0.25, or 6 000 more steps pass. The view redraws the network’s flow a few times a second; the chart shows a cheaper live estimate, the sliced $W_2$. Even two samples of the data itself are not at distance 0.',
    zh: '训练会一直进行，直到学到的样本接近数据：500 个学到的样本与 500 个数据点之间的精确 2-Wasserstein 距离 $W_2$（最优一一匹配下距离平方的均值再开方）降到 0.25，或者再训练 6000 步。视图每秒重绘几次网络的流；图表显示一个更便宜的实时估计，即切片 $W_2$。即使是数据本身的两份样本，距离也不为 0。',
  },
  bend: {
    en: 'Left, each pair travels its straight conditional path, and the paths cross. Right, the same $x_0$ follow the learned ODE $\\dot x=v_\\theta(x,t)$, and these trajectories bend: the network learned the marginal velocity, at each point the average of the straight-line velocities of all pairs passing there, and that average turns as $t$ grows and the likely destinations narrow. Trajectories of one ODE never cross, so they cannot be the crossing lines. The particle launched at $(-2.5,-2.5)$ shows its learned path beside straight conditional paths from the same point.',
    zh: '左边：每一对沿各自的直线条件路径运动，这些路径相互交叉。右边：同样的 $x_0$ 沿学到的常微分方程 $\\dot x=v_\\theta(x,t)$ 运动，这些轨迹是弯曲的。网络学到的是边缘速度，即在每一点上经过该点的所有配对的直线速度的平均；随着 $t$ 增大，可能的终点越来越少，这个平均的方向也随之改变。同一个常微分方程的轨迹永不相交，所以它们不可能是那些交叉的直线。在 $(-2.5,-2.5)$ 发射的粒子画出了它学到的轨迹，旁边是从同一点出发的几条直线条件路径。',
  },
  field: {
    en: 'For a finite set of points the marginal field is known exactly; on the OT path $$u_t(x)=\\sum_i w_i(x,t)\\,\\frac{x_1^i-x}{1-t},\\quad w_i=\\operatorname{softmax}_i\\Big(-\\frac{\\lVert x-t\\,x_1^i\\rVert^2}{2(1-t)^2}\\Big).$$ Left: its arrows; right: the network’s $v_\\theta(\\cdot,t)$. Scrub $t$ with ← and →. Near $t=1$ the exact field points at single data points: a perfect minimiser of the loss would only reproduce the training points. The network is smoother, which is why it makes new samples.',
    zh: '对有限个数据点，边缘速度场可以精确写出；在 OT 路径上 $$u_t(x)=\\sum_i w_i(x,t)\\,\\frac{x_1^i-x}{1-t},\\quad w_i=\\operatorname{softmax}_i\\Big(-\\frac{\\lVert x-t\\,x_1^i\\rVert^2}{2(1-t)^2}\\Big).$$ 左边是它的箭头，右边是网络的 $v_\\theta(\\cdot,t)$。用 ← 和 → 拖动时间 $t$。接近 $t=1$ 时，精确场指向单个数据点：损失的完美最小化解只会复现训练点。网络更平滑，这正是它能生成新样本的原因。',
  },
  fewsteps: {
    en: 'Sampling solves $\\frac{dx}{dt}=v_\\theta(x,t)$ numerically. Euler takes $N$ steps of $h=1/N$, $x\\leftarrow x+h\\,v_\\theta(x,t)$: one network evaluation (NFE) per step. With only 3 steps, each jump follows the velocity at its start, and on a curved trajectory that cuts the corner: the moons come out blurred. Were the trajectories straight and traversed at constant speed, one step would be exact.',
    zh: '采样就是数值求解 $\\frac{dx}{dt}=v_\\theta(x,t)$。欧拉法走 $N$ 步，每步 $h=1/N$：$x\\leftarrow x+h\\,v_\\theta(x,t)$，每步一次网络评估（网络评估次数 NFE 为 $N$）。只有 3 步时，每一步都沿起点处的速度直走，在弯曲的轨迹上就会“抄近路”，双月因此变得模糊。如果轨迹是匀速直线，一步就完全准确。',
  },
  solvers: {
    en: 'Higher-order solvers look ahead: midpoint and Heun evaluate the network twice per step, RK4 four times, and combine the slopes, so their error shrinks like $h^2$ or $h^4$ instead of $h$. The cost is counted in network evaluations: NFE is $N$ for Euler, $2N$ for midpoint and Heun, $4N$ for RK4. Here RK4 takes 5 steps, 20 evaluations. The straighter the flow, the fewer evaluations it needs: the lesson “Three ways to add noise” compares paths by exactly that.',
    zh: '高阶求解器会“向前看”：中点法和 Heun 法每步评估网络两次，RK4 每步四次，再把这些斜率组合起来，因此误差按 $h^2$ 或 $h^4$ 缩小，而不是 $h$。代价按网络评估次数（NFE）计算：欧拉法为 $N$，中点法和 Heun 法为 $2N$，RK4 为 $4N$。这里 RK4 走 5 步，共 20 次评估。流越直，所需的评估次数越少：课程“三种加噪方式”正是按这一点比较各种路径。',
  },
};

export default text;
