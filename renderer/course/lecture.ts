// The lecture's explanation of each course section, in both languages (the type makes a missing
// translation a compile error). Prose marks **terms** and $inline TeX$; `math` blocks are display
// formulas. The experiments, checks and "try this" prompts come from the engine (course:list).
import type { Bilingual, CourseSectionNumber } from '../../preload/course';

/** A display formula is one TeX string, or one per language where it has words in it. */
export type LectureBlock = { h: Bilingual } | { p: Bilingual } | { math: string | Bilingual } | { list: Bilingual[] };

export interface Lecture {
  /** One or two sentences under the section's title. */
  lead: Bilingual;
  blocks: LectureBlock[];
}

const s1: Lecture = {
  lead: {
    en: 'When a model disappoints, look at the loss on the **training** data first — not the test score. It tells you which of four problems you have, and each has its own fix.',
    zh: '模型表现不好时，先看**训练数据上的损失**，而不是测试成绩。它会告诉你问题属于四种情况中的哪一种，每一种都有各自的解法。',
  },
  blocks: [
    { h: { en: 'Large training loss: model bias or optimization?', zh: '训练损失大：模型偏差还是优化问题？' } },
    {
      p: {
        en: 'If the loss is large even on the data the model learns from, one of two things is wrong. **Model bias**: the set of functions the model can express, $\\{f_\\theta\\}$, holds nothing good — a needle searched for in a haystack without one. The fix is a more flexible model: more features, more neurons, more layers. **Optimization failure**: a good $\\theta^*$ exists in the set, but gradient descent does not find it.',
        zh: '如果连模型学习用的数据上损失都很大，问题只可能出在两处。**模型偏差**：模型能表示的函数集合 $\\{f_\\theta\\}$ 里根本没有好的函数——就像在一堆没有针的草里找针。解法是让模型更有弹性：更多特征、更多神经元、更多层。**优化问题**：集合里明明有好的 $\\theta^*$，梯度下降却找不到它。',
      },
    },
    {
      p: {
        en: 'A comparison tells them apart. Take a 20-layer and a 56-layer network. If the 56-layer one has the **higher training loss**, that is not overfitting: the deeper net could copy the shallow one into its first 20 layers and make the other 36 the identity, so a function at least as good is within its reach. Not finding it is an optimization failure. So start with shallow networks or simple models, which are easy to optimize, to learn what training loss is reachable; if a deeper model cannot reach it on the **training** data, blame the optimization, not the model.',
        zh: '用比较来区分。拿一个 20 层和一个 56 层的网络：如果 56 层的**训练损失反而更高**，这不是过拟合——深的网络完全可以把浅网络抄进前 20 层，其余 36 层做恒等映射，至少一样好的函数就在它能表示的范围内。找不到它，就是优化失败。所以先用容易优化的浅网络或简单模型，看看训练损失能低到多少；如果更深的模型在**训练数据**上都达不到，问题在优化，而不在模型。',
      },
    },
    {
      p: {
        en: 'Residual connections make the identity the starting point — each block adds a correction to its input instead of replacing it — which is why the same depth trains again once they are added:',
        zh: '残差连接让恒等映射成为起点——每个区块在输入上加一个修正，而不是把输入整个换掉——所以加上残差连接后，同样的深度又能训练起来：',
      },
    },
    { math: 'x_{l+1} = x_l + F_l(x_l)' },
    { h: { en: 'Small training loss, large test loss: overfitting or mismatch', zh: '训练损失小、测试损失大：过拟合还是失配' } },
    {
      p: {
        en: '**Overfitting**: a flexible model passes through the training points and does whatever it likes in between. Fixes: more training data; **data augmentation** — flips, small shifts and rotations, only those that make sense for the data (an upside-down photo is not a sensible example); or constrain the model: fewer parameters or shared ones (as a CNN shares its filters), fewer features, **early stopping**, **regularization**, **dropout**. Constrain it too much and model bias comes back.',
        zh: '**过拟合**：弹性大的模型穿过每个训练点，在点与点之间却随意乱跑。解法：更多训练数据；**数据增强**——左右翻转、小幅平移和旋转，只做对这份数据合理的变换（倒过来的照片不是合理的样本）；或者限制模型：更少的参数或共享参数（就像 CNN 共享卷积核）、更少的特征、**提前停止**、**正则化**、**Dropout**。限制过头，模型偏差又会回来。',
      },
    },
    { h: { en: 'The bias–complexity trade-off', zh: '偏差与复杂度的权衡' } },
    {
      p: {
        en: 'As the model grows more complex, the training loss keeps falling while the loss on unseen data first falls and then rises — a U curve. The model to choose sits at the bottom of that U, measured on data it did not train on.',
        zh: '模型越复杂，训练损失一路下降，而在没见过的数据上的损失先降后升——一条 U 形曲线。该选的模型在 U 的底部，而且要在它没有训练过的数据上量。',
      },
    },
    { h: { en: 'Choosing a model without fooling yourself', zh: '选模型时别骗了自己' } },
    {
      p: {
        en: 'Choosing by the test set overfits the test set. The leaderboard story: after many submissions the model that tops the public test split often drops on the private split, because the choice itself was fitted to the public split’s noise. Instead split the training data into training and **validation** parts and choose by the validation loss. Better still, **N-fold cross-validation**: cut the training data into N parts, train each candidate N times with a different part held out, take the candidate with the lowest mean validation loss, then train it again on all the training data.',
        zh: '用测试集选模型，会对测试集过拟合。排行榜的故事：提交很多次之后，在公开测试集上排第一的模型，换到私有测试集上常常掉下来——因为“挑选”这件事本身拟合了公开测试集的噪声。正确的做法是把训练数据分成训练集和**验证集**，按验证损失来选。更好的是 **N 折交叉验证**：把训练数据切成 N 份，每个候选模型训练 N 次、每次留出不同的一份做验证，选平均验证损失最低的候选，再用全部训练数据重新训练它。',
      },
    },
    { math: 'm^{*} = \\arg\\min_{m} \\frac{1}{N}\\sum_{k=1}^{N} L_{\\text{val}}^{(k)}(m)' },
    { h: { en: 'Mismatch', zh: '失配' } },
    {
      p: {
        en: '**Mismatch**: the training and the test data come from different distributions — trained on photos, tested on drawings. More data of the training kind does not close that gap; it takes knowing how the test data were made.',
        zh: '**失配**：训练数据和测试数据来自不同的分布——用照片训练，用手绘图测试。再多的同类训练数据也补不上这个差距；得先弄清楚测试数据是怎么来的。',
      },
    },
  ],
};

const s2: Lecture = {
  lead: {
    en: 'When training stops improving, the gradient may be close to zero. That is a critical point — but not necessarily a local minimum.',
    zh: '训练不再进步时，梯度可能已经接近零。这是一个临界点——但不一定是局部最小值。',
  },
  blocks: [
    {
      p: {
        en: 'A **critical point** is a point where $\\nabla L(\\theta) = 0$. It can be a **local minimum**, a **local maximum**, or a **saddle point**: a minimum along some directions and a maximum along others. At a local minimum no direction leads down; at a saddle one does.',
        zh: '**临界点**是满足 $\\nabla L(\\theta) = 0$ 的点。它可能是**局部最小值**、**局部最大值**，也可能是**鞍点**：沿某些方向是最低点，沿另一些方向却是最高点。在局部最小值处没有往下走的方向；在鞍点处却有。',
      },
    },
    { p: { en: 'The Taylor expansion around a point $\\theta\'$ tells which:', zh: '在点 $\\theta\'$ 附近做泰勒展开就能判断：' } },
    { math: "L(\\theta) \\approx L(\\theta') + (\\theta-\\theta')^{\\top} g + \\tfrac{1}{2}\\,(\\theta-\\theta')^{\\top} H\\,(\\theta-\\theta')" },
    {
      p: {
        en: 'Here $g = \\nabla L(\\theta\')$ and $H$ is the **Hessian**, $H_{ij} = \\partial^2 L / \\partial\\theta_i \\partial\\theta_j$. At a critical point $g = 0$ and the quadratic term decides: all eigenvalues of $H$ positive — a local minimum; all negative — a local maximum; some of each — a saddle.',
        zh: '其中 $g = \\nabla L(\\theta\')$，$H$ 是**海森矩阵**（Hessian），$H_{ij} = \\partial^2 L / \\partial\\theta_i \\partial\\theta_j$。在临界点 $g = 0$，由二次项决定：$H$ 的特征值全为正——局部最小值；全为负——局部最大值；有正有负——鞍点。',
      },
    },
    { h: { en: 'A worked example', zh: '一个算得出来的例子' } },
    {
      p: {
        en: 'The model $y = w_1 w_2\\, x$ with one training example $x = 1$, $\\hat y = 1$ has the loss $L = (1 - w_1 w_2)^2$. At the origin:',
        zh: '模型 $y = w_1 w_2\\, x$，只有一笔训练数据 $x = 1$、$\\hat y = 1$，损失为 $L = (1 - w_1 w_2)^2$。在原点：',
      },
    },
    { math: 'g = \\begin{pmatrix} 0 \\\\ 0 \\end{pmatrix},\\qquad H = \\begin{pmatrix} 0 & -2 \\\\ -2 & 0 \\end{pmatrix},\\qquad \\lambda_1 = -2,\\ \\lambda_2 = 2' },
    { p: { en: 'One eigenvalue of each sign: the origin is a saddle.', zh: '特征值一正一负：原点是鞍点。' } },
    { h: { en: 'Escaping along the Hessian', zh: '沿着海森矩阵逃离鞍点' } },
    {
      p: {
        en: 'If $u$ is a unit eigenvector of $H$ whose eigenvalue $\\lambda$ is negative, a step of length $\\varepsilon$ along it lowers the loss by about $\\tfrac12|\\lambda|\\varepsilon^2$:',
        zh: '设 $u$ 是 $H$ 的单位特征向量，对应的特征值 $\\lambda$ 为负，沿它走长度 $\\varepsilon$，损失大约下降 $\\tfrac12|\\lambda|\\varepsilon^2$：',
      },
    },
    { math: "L(\\theta' + \\varepsilon u) \\approx L(\\theta') + \\tfrac{1}{2}\\lambda\\varepsilon^{2} < L(\\theta')" },
    {
      p: {
        en: 'For $w_1 w_2$ the escape direction is $u = (1, 1)/\\sqrt2$ with $\\lambda = -2$, so the loss drops by about $\\varepsilon^2$. Computing $H$ for a real network costs too much to do this in practice, but it shows that a saddle is not a dead end.',
        zh: '对 $w_1 w_2$ 来说，逃离方向是 $u = (1, 1)/\\sqrt2$，$\\lambda = -2$，损失大约下降 $\\varepsilon^2$。真实网络的 $H$ 算起来太贵，实践中不会这样做，但它说明鞍点并不是死路。',
      },
    },
    { h: { en: 'Saddles are common, local minima rare', zh: '鞍点很常见，局部最小值很少见' } },
    {
      p: {
        en: 'With many parameters, a critical point is a local minimum only if every one of the eigenvalues is positive. The **minimum ratio** at the points where training got stuck is usually below 1 — most of them are saddles, and the lower the loss, the closer the ratio comes to 1:',
        zh: '参数很多时，临界点要成为局部最小值，得每一个特征值都是正的。在训练卡住的地方，**最小值比例**通常小于 1——大多是鞍点；损失越低，比例越接近 1：',
      },
    },
    { math: { en: '\\text{minimum ratio} = \\frac{\\#\\{\\,i : \\lambda_i > 0\\,\\}}{\\#\\{\\,\\lambda_i\\,\\}}', zh: '\\text{最小值比例} = \\frac{\\#\\{\\,i : \\lambda_i > 0\\,\\}}{\\#\\{\\,\\lambda_i\\,\\}}' } },
  ],
};

const s3: Lecture = {
  lead: {
    en: 'Gradient descent rarely looks at all the data at once. The batch size and momentum change both how fast training runs and where it ends.',
    zh: '梯度下降很少一次看完全部数据。批次大小和动量既影响训练跑得多快，也影响它最后停在哪里。',
  },
  blocks: [
    {
      p: {
        en: 'The training data is split into **batches**. Each update uses the gradient of one batch, $\\theta \\leftarrow \\theta - \\eta\\, g_B$. One **epoch** is one pass over all the batches, and the data is **shuffled** every epoch so that the batches differ from one epoch to the next.',
        zh: '训练数据被切成若干**批次**（batch）。每次更新只用一个批次的梯度，$\\theta \\leftarrow \\theta - \\eta\\, g_B$。把所有批次都看过一遍叫一个 **epoch**，每个 epoch 都重新**打乱**（shuffle）数据，让每个 epoch 的批次都不一样。',
      },
    },
    { math: 'g_B = \\frac{1}{|B|}\\sum_{i \\in B} \\nabla \\ell_i(\\theta)' },
    { h: { en: 'Small batch or large batch', zh: '小批次还是大批次' } },
    {
      p: {
        en: 'On parallel hardware a large batch costs little more per update than a small one, as long as there are idle cores to share the work; an epoch of a few large updates is then much faster than one of many small updates. On a machine with only a few cores, every core is busy already at moderate batch sizes and the time per update grows with the batch — the lab measures what your machine does and says how many cores it used.',
        zh: '在并行硬件上，只要还有空闲的核心分担工作，大批次每次更新的耗时只比小批次多一点；于是由少数几次大更新组成的一个 epoch，比由许多次小更新组成的快得多。在只有几个核心的机器上，批次不大时核心就都忙满了，每次更新的耗时随批次增长——实验会测出你这台机器的表现，并说明用了几个核心。',
      },
    },
    {
      p: {
        en: 'Small batches give **noisy** gradients, and the noise helps. Optimization: when training reaches a critical point of one batch’s loss, the next batch’s loss usually has a gradient there, so training keeps moving. Generalization: large batches tend to settle in sharp minima and small ones in flat minima, which hold up better when the test data shift the loss surface a little. The noise shrinks with the batch size:',
        zh: '小批次的梯度带**噪声**，而噪声是有益的。对优化：训练走到某个批次损失的临界点时，下一个批次的损失在那里通常还有梯度，训练就能继续前进。对泛化：大批次容易停在尖锐的最小值，小批次容易停在平坦的最小值，而平坦的最小值在测试数据让损失曲面稍微偏移时更站得住。噪声随批次变大而减小：',
      },
    },
    { math: '\\mathbb{E}\\,\\lVert g_B - \\bar g\\rVert^{2} = \\frac{\\sigma^{2}}{|B|}\\cdot\\frac{n - |B|}{n - 1}' },
    { h: { en: 'Momentum', zh: '动量' } },
    {
      p: {
        en: '**Momentum** gives the parameters the inertia of a rolling ball: each movement is the previous movement minus the gradient step.',
        zh: '**动量**让参数像滚动的小球一样有惯性：每一步的移动 = 上一步的移动 − 梯度那一步。',
      },
    },
    { math: 'm_0 = 0,\\qquad m_t = \\lambda\\, m_{t-1} - \\eta\\, g_{t-1},\\qquad \\theta_t = \\theta_{t-1} + m_t' },
    {
      p: {
        en: 'Unrolled, $m_t = -\\eta \\sum_{i<t} \\lambda^{t-1-i} g_i$ is a weighted sum of all past gradients. Where the gradient vanishes — on a small bump, a plateau, a saddle — the movement keeps its speed and can roll past, where plain gradient descent stops.',
        zh: '展开来，$m_t = -\\eta \\sum_{i<t} \\lambda^{t-1-i} g_i$ 是过去所有梯度的加权和。在梯度消失的地方——小山丘、平原、鞍点——移动仍保有速度，可以滚过去；而普通的梯度下降会停在那里。',
      },
    },
  ],
};

const s4: Lecture = {
  lead: {
    en: 'Training that has stopped improving is not necessarily at a critical point, and even a convex error surface can defeat one fixed learning rate.',
    zh: '训练不再进步，不一定是走到了临界点；而即使是凸的误差曲面，也能让一个固定的学习率束手无策。',
  },
  blocks: [
    {
      p: {
        en: '**Training stuck ≠ small gradient.** Plot the gradient norm next to the loss: often the loss sits on a plateau while $\\lVert g\\rVert$ stays large or oscillates — the parameters bounce between the walls of a valley and never go down it.',
        zh: '**训练卡住 ≠ 梯度很小。**把梯度范数和损失画在一起：损失常常停在一个平台上，而 $\\lVert g\\rVert$ 依然很大、甚至上下振荡——参数在山谷的两壁之间来回弹跳，始终没有往谷底走。',
      },
    },
    { h: { en: 'A convex ravine', zh: '一个凸的狭长山谷' } },
    {
      p: {
        en: 'Take an elongated bowl: steep across, gentle along. A learning rate that suits the gentle direction makes the steep one oscillate; one small enough for the steep direction (say $\\eta = 10^{-7}$) crawls along the gentle one and has not arrived after 100 000 steps. No single $\\eta$ is right for every parameter.',
        zh: '想象一个狭长的碗：横向很陡，纵向很缓。适合缓方向的学习率，会让陡方向来回振荡；小到适合陡方向的学习率（比如 $\\eta = 10^{-7}$），在缓方向上一点点爬，走了 10 万步还没到。没有一个 $\\eta$ 能同时适合所有参数。',
      },
    },
    { h: { en: 'A learning rate for each parameter', zh: '每个参数有自己的学习率' } },
    { math: '\\theta^{i}_{t+1} = \\theta^{i}_{t} - \\frac{\\eta}{\\sigma^{i}_{t}}\\, g^{i}_{t}' },
    {
      p: {
        en: '**Adagrad** divides by the root mean square of all past gradients of that parameter — large steps where the gradients have been small, small steps where they have been large:',
        zh: '**Adagrad** 除以这个参数过去所有梯度的均方根——梯度一向小的地方步子大，梯度一向大的地方步子小：',
      },
    },
    { math: '\\sigma^{i}_{t} = \\sqrt{\\frac{1}{t+1}\\sum_{k=0}^{t} \\bigl(g^{i}_{k}\\bigr)^{2}}' },
    {
      p: {
        en: '**RMSProp** weighs recent gradients more, so the rate reacts within a few steps when the slope changes:',
        zh: '**RMSProp** 让最近的梯度权重更大，坡度一变，学习率几步之内就能跟上：',
      },
    },
    { math: '\\sigma^{i}_{t} = \\sqrt{\\alpha\\,\\bigl(\\sigma^{i}_{t-1}\\bigr)^{2} + (1-\\alpha)\\,\\bigl(g^{i}_{t}\\bigr)^{2}}' },
    { p: { en: '**Adam** is RMSProp plus momentum, with a bias correction of both moving averages.', zh: '**Adam** = RMSProp + 动量，两个滑动平均都做了偏差修正。' } },
    { h: { en: 'Learning-rate scheduling', zh: '学习率调度' } },
    {
      p: {
        en: 'Adagrad arrives on the ravine — and then shoots off vertically: after many steps with tiny gradients across the valley, $\\sigma$ in that direction has become tiny, $\\eta/\\sigma$ huge, and a small gradient throws the parameter far out until large gradients build $\\sigma$ up again. **Learning-rate decay**, letting $\\eta_t$ shrink with time, calms it. **Warm-up** first goes the other way: start small, grow, then decay. ResNet trained at 0.01 before switching to 0.1; the Transformer uses',
        zh: 'Adagrad 在这个山谷里能走到终点——然后却突然纵向“喷出去”：横向的梯度很久都很小，那个方向的 $\\sigma$ 变得极小，$\\eta/\\sigma$ 变得极大，一点小梯度就把参数甩得老远，直到大梯度再把 $\\sigma$ 撑大。**学习率衰减**让 $\\eta_t$ 随时间变小，就能压住它。**预热**（warm-up）则先反着来：从小开始、逐渐变大、再衰减。ResNet 先用 0.01 训练，再换成 0.1；Transformer 用的是',
      },
    },
    { math: '\\eta_t = d_{\\text{model}}^{-0.5}\\cdot \\min\\!\\bigl(t^{-0.5},\\ t\\cdot t_{\\text{warm}}^{-1.5}\\bigr)' },
    {
      p: {
        en: 'Why warm up? $\\sigma$ is a statistic of past gradients; in the first steps it rests on only a few of them and is unreliable, so take small steps until it has settled (RAdam, in §7, turns this into a formula). Everything fits one form — $m_t$ keeps the direction of past gradients, $\\sigma_t$ only their size, $\\eta_t$ is the schedule:',
        zh: '为什么要预热？$\\sigma$ 是过去梯度的统计量；最初几步里它只基于很少的梯度，并不可靠，所以先走小步，等它稳定下来（§7 的 RAdam 把这一点写成了公式）。所有方法都能写成同一个形式——$m_t$ 记住过去梯度的方向，$\\sigma_t$ 只记它们的大小，$\\eta_t$ 是调度：',
      },
    },
    { math: '\\theta_{t+1} = \\theta_t - \\frac{\\eta_t}{\\sigma_t}\\, m_t' },
  ],
};

const s5: Lecture = {
  lead: {
    en: 'Classification is regression with a vector out, a softmax on top, and a loss chosen so that the error surface does not go flat.',
    zh: '分类就是输出一个向量的回归，再接上 softmax，并选一个不会让误差曲面变平的损失函数。',
  },
  blocks: [
    {
      p: {
        en: 'Classes are written as **one-hot** vectors — $\\hat y = (0, 1, 0)^{\\top}$ for class 2 — rather than as the numbers 1, 2, 3, which would pretend that class 1 is closer to class 2 than to class 3. The network outputs a vector $y$, and **softmax** maps it into $(0, 1)$ with a sum of 1:',
        zh: '类别用 **one-hot** 向量表示——第 2 类写成 $\\hat y = (0, 1, 0)^{\\top}$——而不是数字 1、2、3，否则就好像在说第 1 类和第 2 类比和第 3 类更接近。网络输出一个向量 $y$，**softmax**（归一化指数函数）把它映射到 $(0, 1)$ 之间，并且总和为 1：',
      },
    },
    { math: "y'_i = \\frac{\\exp(y_i)}{\\sum_j \\exp(y_j)},\\qquad 0 < y'_i < 1,\\qquad \\sum_i y'_i = 1" },
    {
      p: {
        en: 'It also widens the gaps: the larger outputs grow exponentially more than the small ones. With two classes, softmax is the sigmoid of the difference of the two outputs:',
        zh: '它还会拉大差距：大的输出比小的输出以指数速度增长得更多。只有两类时，softmax 就是两个输出之差的 sigmoid：',
      },
    },
    { math: '\\frac{e^{y_1}}{e^{y_1} + e^{y_2}} = \\frac{1}{1 + e^{-(y_1 - y_2)}} = \\sigma(y_1 - y_2)' },
    { h: { en: 'Mean square error or cross-entropy', zh: '均方误差还是交叉熵' } },
    { math: "e_{\\text{MSE}} = \\sum_i \\bigl(\\hat y_i - y'_i\\bigr)^{2}\\qquad\\qquad e_{\\text{CE}} = -\\sum_i \\hat y_i \\ln y'_i" },
    {
      p: {
        en: 'Minimizing **cross-entropy** is the same as maximizing the likelihood of the labels — and it also trains better. On the same 2-class network, where the outputs strongly favour the wrong class the MSE error surface is a wide flat plateau of high loss: the softmax saturates and its gradient vanishes. Cross-entropy keeps a steep slope there, so training started in that region gets out. Changing the loss changes how hard the optimization is.',
        zh: '最小化**交叉熵**等价于最大化标签的似然——而且训练起来更顺利。同一个二分类网络，在输出强烈偏向错误类别的地方，均方误差的误差曲面是一大片损失很高的平原：softmax 饱和了，梯度消失。交叉熵在那里仍保持陡峭的斜率，所以从那一带出发的训练也能走出来。换一个损失函数，就改变了优化的难度。',
      },
    },
  ],
};

const s6: Lecture = {
  lead: {
    en: 'Why does a model with more parameters overfit more easily? A classifier with a single parameter makes the argument exact.',
    zh: '为什么参数越多的模型越容易过拟合？一个只有一个参数的分类器就能把道理讲得严丝合缝。',
  },
  blocks: [
    {
      p: {
        en: 'Tell Pokémon from Digimon by one feature of an image $x$: $e(x)$, the number of its edge pixels. The model is a threshold:',
        zh: '只用图片 $x$ 的一个特征来区分宝可梦和数码宝贝：$e(x)$，图片里边缘像素的个数。模型就是一个阈值：',
      },
    },
    {
      math: {
        en: 'f_h(x) = \\begin{cases} \\text{Pokémon} & e(x) \\ge h \\\\ \\text{Digimon} & e(x) < h \\end{cases}\\qquad h \\in \\mathcal{H} = \\{1, 2, \\dots, 10\\,000\\}',
        zh: 'f_h(x) = \\begin{cases} \\text{宝可梦} & e(x) \\ge h \\\\ \\text{数码宝贝} & e(x) < h \\end{cases}\\qquad h \\in \\mathcal{H} = \\{1, 2, \\dots, 10\\,000\\}',
      },
    },
    {
      p: {
        en: 'The number of candidate functions, $|\\mathcal H|$, is the **model complexity**. The loss is the error rate, $L(h, D) = \\frac{1}{|D|}\\sum_n \\mathbb{1}\\bigl[f_h(x^n) \\ne \\hat y^n\\bigr]$. The ideal threshold $h^{\\text{all}} = \\arg\\min_h L(h, D_{\\text{all}})$ would need every image there is; in reality we have $N$ examples and get $h^{\\text{train}} = \\arg\\min_h L(h, D_{\\text{train}})$. We want reality close to the ideal:',
        zh: '候选函数的个数 $|\\mathcal H|$ 就是**模型复杂度**。损失是错误率，$L(h, D) = \\frac{1}{|D|}\\sum_n \\mathbb{1}\\bigl[f_h(x^n) \\ne \\hat y^n\\bigr]$。理想的阈值 $h^{\\text{all}} = \\arg\\min_h L(h, D_{\\text{all}})$ 需要世上所有的图片；现实中只有 $N$ 笔样本，得到的是 $h^{\\text{train}} = \\arg\\min_h L(h, D_{\\text{train}})$。我们希望现实与理想足够接近：',
      },
    },
    { math: 'L(h^{\\text{train}}, D_{\\text{all}}) - L(h^{\\text{all}}, D_{\\text{all}}) \\le \\delta' },
    {
      p: {
        en: 'That holds whenever $D_{\\text{train}}$ is **good**: for every $h$ at once, $|L(h, D_{\\text{train}}) - L(h, D_{\\text{all}})| \\le \\varepsilon = \\delta/2$. By Hoeffding’s inequality a single $h$ is off by more than $\\varepsilon$ with probability at most $2\\exp(-2N\\varepsilon^2)$; a union bound over all of $\\mathcal H$ gives',
        zh: '只要 $D_{\\text{train}}$ 是**好的**训练集，这就成立：对所有 $h$ 同时有 $|L(h, D_{\\text{train}}) - L(h, D_{\\text{all}})| \\le \\varepsilon = \\delta/2$。由 Hoeffding 不等式，单个 $h$ 偏离超过 $\\varepsilon$ 的概率至多 $2\\exp(-2N\\varepsilon^2)$；对整个 $\\mathcal H$ 取联合界，得到',
      },
    },
    {
      math: {
        en: 'P(D_{\\text{train}}\\ \\text{is bad}) \\le |\\mathcal{H}|\\cdot 2\\exp\\bigl(-2N\\varepsilon^{2}\\bigr),\\qquad N \\ge \\frac{\\ln\\bigl(2|\\mathcal{H}|/p\\bigr)}{2\\varepsilon^{2}} \\;\\Rightarrow\\; P(\\text{bad}) \\le p',
        zh: 'P(D_{\\text{train}}\\ \\text{是坏的}) \\le |\\mathcal{H}|\\cdot 2\\exp\\bigl(-2N\\varepsilon^{2}\\bigr),\\qquad N \\ge \\frac{\\ln\\bigl(2|\\mathcal{H}|/p\\bigr)}{2\\varepsilon^{2}} \\;\\Rightarrow\\; P(\\text{坏}) \\le p',
      },
    },
    {
      p: {
        en: 'The lecture’s experiment: with all the data, $L(h^{\\text{all}}, D_{\\text{all}}) \\approx 0.28$; sampling many training sets of $N = 200$ shows that almost all the gaps are tiny — the bound is loose, but it is never broken. The trade-off: a larger $N$ or a smaller $|\\mathcal H|$ makes the training data representative, but a $\\mathcal H$ too small may leave out the good thresholds, and then $L(h^{\\text{all}}, D_{\\text{all}})$ itself rises. Having both — a small $\\mathcal H$ that still holds good functions — is what deep learning is after.',
        zh: '课程里的实验：用全部数据，$L(h^{\\text{all}}, D_{\\text{all}}) \\approx 0.28$；抽很多组 $N = 200$ 的训练集，几乎所有差距都很小——这个上界很松，但从不被突破。权衡在于：更大的 $N$ 或更小的 $|\\mathcal H|$ 让训练数据更有代表性，但 $\\mathcal H$ 太小可能把好的阈值排除在外，$L(h^{\\text{all}}, D_{\\text{all}})$ 本身就会上升。两者兼得——一个很小却仍包含好函数的 $\\mathcal H$——正是深度学习想要的。',
      },
    },
  ],
};

const s7: Lecture = {
  lead: {
    en: 'A survey of the optimizers in use today: what each one fixes, and the tricks that help all of them.',
    zh: '当今常用优化器的一览：每一个解决了什么问题，以及对它们都有帮助的技巧。',
  },
  blocks: [
    {
      p: {
        en: 'Notation: $\\theta_t$ the parameters, $g_t = \\nabla L(\\theta_t)$ the gradient, $m_t$ the momentum, $v_t$ the second moment, $\\eta$ the learning rate.',
        zh: '记号：$\\theta_t$ 为参数，$g_t = \\nabla L(\\theta_t)$ 为梯度，$m_t$ 为动量，$v_t$ 为二阶矩，$\\eta$ 为学习率。',
      },
    },
    { math: '\\text{SGD: } \\theta_t = \\theta_{t-1} - \\eta\\, g_{t-1}\\qquad \\text{SGDM: } m_t = \\lambda m_{t-1} - \\eta\\, g_{t-1},\\ \\ \\theta_t = \\theta_{t-1} + m_t' },
    { math: '\\text{RMSProp: } v_t = \\alpha v_{t-1} + (1-\\alpha)\\, g_{t-1}^{2},\\ \\ \\theta_t = \\theta_{t-1} - \\frac{\\eta}{\\sqrt{v_t}}\\, g_{t-1}' },
    { math: '\\text{Adam: } \\hat m_t = \\frac{m_t}{1-\\beta_1^{t}},\\ \\ \\hat v_t = \\frac{v_t}{1-\\beta_2^{t}},\\ \\ \\theta_t = \\theta_{t-1} - \\frac{\\eta\\, \\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon}' },
    {
      p: {
        en: 'In practice SGDM is the choice for computer vision (ResNet, YOLO, Mask R-CNN) and Adam for language, speech, GANs and reinforcement learning (BERT, Transformer, Tacotron, BigGAN, MAML). Adam trains fast but shows a larger generalization gap and is less stable; SGDM is stable, generalizes better and converges better.',
        zh: '实践中，计算机视觉多用 SGDM（ResNet、YOLO、Mask R-CNN），自然语言、语音、GAN 和强化学习多用 Adam（BERT、Transformer、Tacotron、BigGAN、MAML）。Adam 训练快，但泛化差距更大、也不够稳定；SGDM 稳定、泛化更好、收敛得更好。',
      },
    },
    { h: { en: 'Fixing Adam', zh: '修补 Adam' } },
    {
      p: {
        en: '**SWATS** starts with Adam and switches to SGDM once a criterion says the rate has settled. **AMSGrad** keeps the largest second moment seen so far, $\\hat v_t = \\max(\\hat v_{t-1}, v_t)$, so a rare large gradient is not forgotten within a few steps. **AdaBound** clips Adam’s per-parameter step $\\eta/(\\sqrt{\\hat v_t} + \\epsilon)$ between a lower and an upper bound that both converge to a final SGD rate.',
        zh: '**SWATS** 先用 Adam，等某个判据表明学习率已经稳定，再切换到 SGDM。**AMSGrad** 保留至今见过的最大二阶矩，$\\hat v_t = \\max(\\hat v_{t-1}, v_t)$，这样罕见的大梯度不会在几步之内就被忘掉。**AdaBound** 把 Adam 每个参数的步长 $\\eta/(\\sqrt{\\hat v_t} + \\epsilon)$ 夹在上下两个界之间，两个界都收敛到最终的 SGD 学习率。',
      },
    },
    { h: { en: 'Better learning rates for SGDM', zh: '给 SGDM 更好的学习率' } },
    {
      p: {
        en: 'The **LR range test** raises the rate exponentially over a short run and plots the loss; a good rate is where the loss falls fastest. **Cyclical LR** moves the rate up and down between two bounds; **SGDR** anneals it along a cosine and restarts it; **one-cycle** goes up once and down once.',
        zh: '**学习率范围测试**（LR range test）在一次短训练中让学习率指数上升并画出损失；损失下降最快的地方就是好的学习率。**循环学习率**在两个界之间来回变化；**SGDR** 沿余弦曲线退火并周期性重启；**one-cycle** 只上升一次、再下降一次。',
      },
    },
    { math: '\\text{SGDR: } \\eta_t = \\eta_{\\min} + \\tfrac{1}{2}\\,(\\eta_{\\max} - \\eta_{\\min})\\Bigl(1 + \\cos\\frac{\\pi\\, T_{\\text{cur}}}{T_i}\\Bigr)' },
    { h: { en: 'Adam needs warm-up: RAdam', zh: 'Adam 需要预热：RAdam' } },
    {
      p: {
        en: 'In the first ten or so steps Adam’s second-moment estimate rests on very few gradients and its steps are distorted. **RAdam** computes how reliable the estimate is:',
        zh: '在最初十几步里，Adam 的二阶矩估计只基于极少的梯度，步长是失真的。**RAdam** 算出这个估计有多可靠：',
      },
    },
    { math: '\\rho_\\infty = \\frac{2}{1-\\beta_2} - 1,\\qquad \\rho_t = \\rho_\\infty - \\frac{2t\\beta_2^{t}}{1-\\beta_2^{t}},\\qquad r_t = \\sqrt{\\frac{(\\rho_t - 4)(\\rho_t - 2)\\,\\rho_\\infty}{(\\rho_\\infty - 4)(\\rho_\\infty - 2)\\,\\rho_t}}' },
    {
      p: {
        en: 'While $\\rho_t \\le 4$ it takes un-adapted momentum steps (SGDM); after that it multiplies the adaptive step by $r_t$, which climbs from 0 towards 1 — a warm-up derived from $\\beta_2$ instead of tuned by hand.',
        zh: '当 $\\rho_t \\le 4$ 时，它走不做自适应的动量步（SGDM）；之后把自适应步长乘上 $r_t$，而 $r_t$ 从 0 逐渐升向 1——这是由 $\\beta_2$ 推导出来、而不是手调的预热。',
      },
    },
    { h: { en: 'Lookahead and Nesterov', zh: 'Lookahead 与 Nesterov' } },
    {
      p: {
        en: '**Lookahead** wraps any optimizer: $k$ fast steps, then the slow weights $\\phi$ move a fraction $\\alpha$ towards the fast ones and the fast weights restart from there — “$k$ steps forward, one step back”, which damps the inner optimizer’s oscillation. **Nesterov accelerated gradient** (NAG) takes the gradient where momentum is about to carry you rather than where you are; **Nadam** is Adam with Nesterov momentum.',
        zh: '**Lookahead** 可以包在任何优化器外面：先走 $k$ 步快权重，然后慢权重 $\\phi$ 朝快权重移动一个比例 $\\alpha$，快权重再从那里重新出发——“向前走 $k$ 步，退回一步”，从而减弱内层优化器的振荡。**Nesterov 加速梯度**（NAG）在动量即将把你带到的位置取梯度，而不是在当前位置；**Nadam** 就是带 Nesterov 动量的 Adam。',
      },
    },
    { math: '\\phi_{t+1} = \\phi_t + \\alpha\\,(\\theta_{t,k} - \\phi_t)' },
    { h: { en: 'L2 regularization is not weight decay', zh: 'L2 正则化不等于权重衰减' } },
    {
      p: {
        en: 'Adding $\\frac{\\gamma}{2}\\lVert\\theta\\rVert^2$ to the loss puts $\\gamma\\theta$ into the gradient — and under Adam that term is divided by $\\sqrt{\\hat v_t}$ as well, so the parameters with large gradients are hardly regularized. Decoupled **weight decay** shrinks $\\theta$ directly, outside the adaptive step: **AdamW** and **SGDW**. Under plain SGD the two coincide; under Adam they differ, and AdamW is the one the NLP world uses.',
        zh: '把 $\\frac{\\gamma}{2}\\lVert\\theta\\rVert^2$ 加进损失，等于往梯度里加 $\\gamma\\theta$——而在 Adam 里这一项也会被 $\\sqrt{\\hat v_t}$ 除掉，梯度大的参数几乎没被正则化。解耦的**权重衰减**直接缩小 $\\theta$，放在自适应步长之外：这就是 **AdamW** 和 **SGDW**。在普通 SGD 下两者相同；在 Adam 下两者不同，NLP 领域用的是 AdamW。',
      },
    },
    { math: '\\text{AdamW: } \\theta_t = \\theta_{t-1} - \\eta\\Bigl(\\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon} + \\gamma\\,\\theta_{t-1}\\Bigr)' },
    { h: { en: 'What else helps optimization', zh: '还有什么能帮助优化' } },
    {
      list: [
        { en: '**Shuffling** the data every epoch, and **dropout**.', zh: '每个 epoch 都**打乱**数据；**Dropout**。' },
        {
          en: '**Gradient noise**: $g_{t,i} \\leftarrow g_{t,i} + \\mathcal N(0, \\sigma_t^2)$ with $\\sigma_t = c/(1+t)^{\\gamma}$.',
          zh: '**梯度噪声**：$g_{t,i} \\leftarrow g_{t,i} + \\mathcal N(0, \\sigma_t^2)$，其中 $\\sigma_t = c/(1+t)^{\\gamma}$。',
        },
        { en: '**Warm-up** of the learning rate.', zh: '学习率**预热**。' },
        {
          en: '**Curriculum learning**: easy examples first (noiseless, or near the class means), the hard ones later.',
          zh: '**课程学习**：先学简单的样本（无噪声、或靠近类别中心的），再学难的。',
        },
        { en: '**Fine-tuning**: start from a pretrained model instead of random weights.', zh: '**微调**：从预训练模型出发，而不是随机权重。' },
        { en: '**Normalization** and **regularization**.', zh: '**归一化**与**正则化**。' },
      ],
    },
  ],
};

export const LECTURES: Record<CourseSectionNumber, Lecture> = { 1: s1, 2: s2, 3: s3, 4: s4, 5: s5, 6: s6, 7: s7 };
