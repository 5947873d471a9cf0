// What each section's pre-set experiments are and why their settings show the effect, and the
// "try this" prompts (one change, opened in the full lab). Numbers here describe the runners'
// settings (s1-guide.ts … s7-optimizers.ts); the section tests check the two agree.
import type { CourseExperimentInfo, CourseTryThis } from '../../../preload/course';

type Settings = CourseExperimentInfo['settings'];
const exp = (id: string, title: [string, string], why: [string, string], settings: Settings, checks: string[]): CourseExperimentInfo => ({
  id,
  title: { en: title[0], zh: title[1] },
  why: { en: why[0], zh: why[1] },
  settings,
  checks,
});
const prompt = (en: string, zh: string) => ({ en, zh });

export const experiments1: CourseExperimentInfo[] = [
  exp(
    'depth',
    ['Shallow vs deep plain vs deep residual', '浅层 vs 深层普通 vs 深层残差'],
    [
      'Sigmoid’s slope is at most ¼, so the gradient that reaches the first of 20 sigmoid layers has been multiplied by up to 4⁻²⁰: the plain deep network stays at chance (loss ≈ ln 2 ≈ 0.69) although it could copy the shallow one. With identity shortcuts, y = x + σ(Wx + b), the gradient has a path around every sigmoid and the same 20 layers train to ≈ 0. Xavier initialisation and no normalisation keep the comparison plain; lr 0.5 with momentum 0.9 is what the shallow net needs to train in 30 epochs.',
      'Sigmoid 的斜率最多为 ¼，所以传到 20 层 sigmoid 第一层的梯度最多被乘上 4⁻²⁰：深层普通网络停在随机猜测的水平（损失 ≈ ln 2 ≈ 0.69），尽管它本可以复制浅层网络。加上恒等捷径 y = x + σ(Wx + b) 后，梯度有一条绕过每个 sigmoid 的路径，同样的 20 层能训练到 ≈ 0。使用 Xavier 初始化、不加归一化，让比较保持“朴素”；学习率 0.5 加动量 0.9 是浅层网络在 30 轮内训练好所需要的。',
    ],
    { data: 'moons (300)', depth: 20, width: 16, activation: 'sigmoid', init: 'xavier', optimizer: 'sgdm', lr: 0.5, momentum: 0.9, epochs: 30 },
    ['depth'],
  ),
  exp(
    'u-curve',
    ['Model size: training vs validation loss', '模型大小：训练损失与验证损失'],
    [
      'Piecewise-constant regressions: b equal bins, each predicting the mean of its training points, so b is the model’s size. Doubling b can only lower the training loss, while with 40 noisy points a 64-bin model fits the noise of the one or two points in each bin. Such models never swing between training points as high-degree polynomials do, so the validation curve is a clean U.',
      '分段常数回归：b 个等宽区间，每个区间预测其中训练点的平均值，所以 b 就是模型大小。b 加倍只会让训练损失降低；而只有 40 个带噪声的点时，64 个区间的模型拟合的是每个区间里一两个点的噪声。这种模型不会像高次多项式那样在训练点之间剧烈摆动，所以验证曲线是干净的 U 形。',
    ],
    { model: 'piecewise-constant', sizes: '1, 2, 4, 8, 16, 32, 64 bins', trainingPoints: 40, noise: 0.3 },
    ['u-curve'],
  ),
  exp(
    'model-selection',
    ['Choosing a model: public test split vs cross-validation', '选择模型：公开测试集 vs 交叉验证'],
    [
      'Forty models (1–40 bins) trained on 100 points. A 10-point “public” split is a noisy judge: the model it likes best is partly the one that got lucky on those 10 points, so its “private” (500-point) score is worse. 5-fold cross-validation judges with all 100 training points, so its estimate stays close to the private score. Each seed averages 30 such leaderboards, showing the systematic effect rather than one lucky draw.',
      '40 个模型（1–40 个区间）在 100 个点上训练。10 个点的“公开”测试集是个嘈杂的裁判：它最喜欢的模型部分只是恰好在这 10 个点上运气好，所以它在“私有”（500 个点）测试集上的分数更差。5 折交叉验证用全部 100 个训练点来评判，所以它的估计接近私有分数。每个种子平均 30 次这样的排行榜，显示的是系统性的效应，而不是一次运气。',
    ],
    { models: 40, trainingPoints: 100, publicTest: 10, privateTest: 500, folds: 5, leaderboards: 30 },
    ['model-selection'],
  ),
  exp(
    'mismatch',
    ['Mismatch: a shifted test set', '失配：偏移的测试集'],
    [
      'The test points are shifted by 0.8 in both coordinates, so the boundary learned on the training distribution is in the wrong place for them. Ten times more training data (3,000 instead of 300 samples) makes the boundary more exact for the training distribution — not for the shifted one — so the test loss does not fall; here it even rises, as the network grows more confident.',
      '测试点在两个坐标上都偏移了 0.8，所以在训练分布上学到的边界对它们来说位置不对。训练数据多十倍（3,000 而不是 300 个样本）只会让边界对训练分布更精确，而不是对偏移后的分布，所以测试损失并不下降；这里它甚至上升了，因为网络变得更自信。',
    ],
    { data: 'moons', samples: '300 vs 3000', testShift: 0.8, model: '16-16 ReLU', optimizer: 'adam', lr: 0.01, epochs: 20 },
    ['mismatch'],
  ),
];

const moons = { source: 'moons', samples: 300, noise: 0.1 } as const;
const deep = (activation: 'relu' | 'sigmoid' | 'tanh') => [...Array.from({ length: 20 }, () => ({ dense: 16, activation })), { dense: 'output' as const }];

// A network prompt's experiment asks for the per-epoch full pass over the training data (trainPass),
// as the Network lab does for a new experiment, so its runs' training loss is the one Compare opens on.
export const try1: CourseTryThis[] = [
  {
    id: 'deep-relu',
    prompt: prompt('Swap sigmoid for ReLU in the deep plain network (He initialisation, lr 0.05): does it still fail to train?', '把深层普通网络的 sigmoid 换成 ReLU（He 初始化，学习率 0.05）：它还会训练失败吗？'),
    lab: 'network',
    spec: { trainPass: true, name: 'deep plain ReLU', data: moons, model: deep('relu'), init: 'he', optimizer: { name: 'sgdm', lr: 0.05, momentum: 0.9 }, batchSize: 32, epochs: 30 },
  },
  {
    id: 'deep-tanh',
    prompt: prompt('Use tanh in the deep plain network: tanh’s slope is 1 at 0, not ¼ — how far does it get?', '深层普通网络改用 tanh：tanh 在 0 处的斜率是 1 而不是 ¼——它能训练到什么程度？'),
    lab: 'network',
    spec: { trainPass: true, name: 'deep plain tanh', data: moons, model: deep('tanh'), init: 'xavier', optimizer: { name: 'sgdm', lr: 0.05, momentum: 0.9 }, batchSize: 32, epochs: 30 },
  },
  {
    id: 'no-shift',
    prompt: prompt('Remove the test shift: does more training data help now?', '去掉测试集的偏移：现在更多训练数据有帮助吗？'),
    lab: 'network',
    spec: {
      trainPass: true,
      name: 'matched test set',
      data: { source: 'moons', samples: 3000, noise: 0.1 },
      split: { validation: 0.2, test: 0.3 },
      model: [{ dense: 16, activation: 'relu' }, { dense: 16, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.01 },
      batchSize: 32,
      epochs: 20,
    },
  },
];

export const experiments2: CourseExperimentInfo[] = [
  exp(
    'saddle',
    ['The saddle of (1 − w₁w₂)²', '(1 − w₁w₂)² 的鞍点'],
    [
      'At (0, 0) the gradient is exactly 0 and the Hessian [[0, −2], [−2, 0]] has eigenvalues ±2. Along the eigenvector u = (1, 1)/√2 of −2 the loss is (1 − ε²/2)² = 1 − ε² + ε⁴/4, so it drops by ε² = ½|λ|ε² up to ε⁴/4: within 1 % for ε ≤ 0.2.',
      '在 (0, 0) 处梯度恰好为 0，海森矩阵 [[0, −2], [−2, 0]] 的特征值为 ±2。沿 −2 的特征向量 u = (1, 1)/√2，损失为 (1 − ε²/2)² = 1 − ε² + ε⁴/4，所以下降 ε² = ½|λ|ε²，误差为 ε⁴/4：ε ≤ 0.2 时误差在 1 % 以内。',
    ],
    { surface: 'w1w2', at: '(0, 0)', eps: '0.01 … 0.2' },
    ['saddle'],
  ),
  exp(
    'min-ratio',
    ['Minimum ratio at stuck points', '卡住点的最小值比例'],
    [
      'Small tanh networks 1 → w → w → 1 (w = 3, 4, 6, 8: 22–97 parameters) fit a noisy sine; after 1,000 gradient steps, damped Newton steps on ½‖g‖² walk to the nearest point where the gradient vanishes, whatever its kind, so the spectrum is read at a true critical point and not where the optimizer happened to stop. Networks this small have their full Hessian in milliseconds.',
      '小型 tanh 网络 1 → w → w → 1（w = 3、4、6、8：22–97 个参数）拟合带噪声的正弦；1,000 步梯度下降之后，对 ½‖g‖² 做阻尼牛顿步，走到最近的梯度为零的点（不论其类型），所以特征谱是在真正的临界点上读取的，而不是优化器恰好停下的地方。这么小的网络，完整的海森矩阵只需几毫秒。',
    ],
    { data: 'sine (40 points)', widths: '3, 4, 6, 8', activation: 'tanh', trainSteps: 1000, tolerance: 0.001 },
    ['min-ratio'],
  ),
];

export const try2: CourseTryThis[] = [
  {
    id: 'near-saddle',
    prompt: prompt('Start gradient descent a hair from the saddle, at (0.001, −0.001): how long does it linger before it escapes?', '让梯度下降从紧挨鞍点的 (0.001, −0.001) 出发：它在逃离之前要徘徊多久？'),
    lab: 'surface',
    spec: { fn: 'w1w2', start: [0.001, -0.001], steps: 300, entries: [{ optimizer: { name: 'sgd', lr: 0.05 } }, { optimizer: { name: 'sgdm', lr: 0.05, momentum: 0.9 } }] },
  },
  {
    id: 'wider-nets',
    prompt: prompt('Study wider networks (12 and 16 units): do their stuck points have more or fewer negative directions?', '研究更宽的网络（12 和 16 个单元）：它们卡住的点负方向更多还是更少？'),
    lab: 'analysis',
    spec: { widths: [12, 16], seeds: 3 },
  },
];

export const experiments3: CourseExperimentInfo[] = [
  exp(
    'batch',
    ['Batch size: time per epoch and validation accuracy', '批次大小：每轮时间与验证准确率'],
    [
      'The digits MLP (64 → 32 → 10) with SGD at lr 0.05 for 8 epochs, one run at a time on all the pool’s threads so no run shares the cores while it is timed. An epoch is ⌈1437/B⌉ updates and every update has a fixed cost (an optimizer step over all 2,410 weights, the workers’ hand-over) besides its arithmetic, so fewer, larger updates finish a pass sooner. On a two-core machine a larger batch is not free per update — time per update rises with B — but it is cheaper per epoch. Past a few dozen samples per batch the arithmetic dominates and the epoch time flattens (neighbouring sizes then differ mostly by noise). In the same 8 epochs B = 4 makes 2,880 updates and B = 1024 only 16: the small batch has more and noisier steps, and far better validation accuracy.',
      '数字识别 MLP（64 → 32 → 10），SGD 学习率 0.05，训练 8 轮；每次只运行一个，使用线程池的全部线程，这样计时时不会与别的运行争用核心。一轮是 ⌈1437/B⌉ 次更新，每次更新除了计算之外还有固定开销（对全部 2,410 个权重做一次优化器更新、工作线程之间的交接），所以更少、更大的更新能更快完成一遍。在双核机器上，大批次的每次更新并不是免费的——每次更新的时间随 B 增加——但每轮更便宜。批次超过几十个样本后，计算量占主导，每轮时间趋于平稳（相邻的批次大小之间主要是噪声差异）。同样 8 轮，B = 4 做了 2,880 次更新，B = 1024 只有 16 次：小批次的更新更多、噪声更大，验证准确率也好得多。',
    ],
    { data: 'digits', model: '64-32-10 ReLU', optimizer: 'sgd', lr: 0.05, epochs: 8, batchSizes: '4, 16, 64, 1024' },
    ['epoch-time', 'batch-generalization'],
  ),
  exp(
    'bump',
    ['Momentum over a bump', '动量越过鼓包'],
    [
      'f(x) = 0.1(x − 4)² + 0.3·exp(−(x − 2)²/0.18): a slope down to x = 4 with a small bump whose top is at x ≈ 1.86 and a shallow dip in front of it (x ≈ 1.55) where the gradient is 0. Plain gradient descent (lr 0.05) stops in the dip. Momentum 0.9 at the same lr carries the velocity built on the way down — m_t is a weighted sum of all past gradients — and rolls over the top to the minimum.',
      'f(x) = 0.1(x − 4)² + 0.3·exp(−(x − 2)²/0.18)：一段通往 x = 4 的下坡，中间有个小鼓包，顶点在 x ≈ 1.86，前面有个浅坑（x ≈ 1.55），那里梯度为 0。普通梯度下降（学习率 0.05）停在坑里。同样学习率、动量 0.9 时，下坡时积累的速度——m_t 是所有过去梯度的加权和——带着它越过顶点到达最小值。',
    ],
    { surface: 'bump (course)', lr: 0.05, momentum: 0.9, steps: 500, start: '−0.2·seed' },
    ['momentum-bump'],
  ),
];

export const try3: CourseTryThis[] = [
  {
    id: 'more-epochs',
    prompt: prompt('Give every batch size 30 epochs: does the large batch catch up in accuracy, and at what cost in time?', '给每个批次大小 30 轮：大批次的准确率能追上吗？时间代价是多少？'),
    lab: 'batch',
    spec: { data: 'digits', batchSizes: [8, 32, 128, 1024], epochs: 30 },
  },
  {
    id: 'momentum-rosenbrock',
    prompt: prompt('Race plain gradient descent against momentum down Rosenbrock’s curved valley at the same lr.', '在 Rosenbrock 弯曲的山谷里，用同样的学习率让普通梯度下降和动量赛跑。'),
    lab: 'surface',
    spec: { fn: 'rosenbrock', start: [-1.2, 1], steps: 1000, entries: [{ optimizer: { name: 'sgd', lr: 0.001 } }, { optimizer: { name: 'sgdm', lr: 0.001, momentum: 0.9 } }] },
  },
];

export const experiments4: CourseExperimentInfo[] = [
  exp(
    'ravine',
    ['A long ravine: GD, Adagrad and RMSProp', '狭长山谷：GD、Adagrad 与 RMSProp'],
    [
      'f = x²/1000 + ln cosh(10y): convex, its floor 10⁴ times flatter along x than its walls are steep along y, and the walls have a constant slope (10) away from the floor. GD with η = 0.05 overshoots the floor on every step; because the walls’ slope is constant it bounces between them forever (‖g‖ ≈ 10) while the loss stays flat at ≈ 1.78 — stuck with a large gradient. With η = 0.001 it settles in y but moves ≈ 10⁻⁵ per step in x: after 10⁴ steps it has covered a few per cent of the way. Adagrad (η 0.1) and RMSProp (η 0.003) divide each coordinate’s step by its own gradient size, so x gets steps as large as y’s, and they arrive.',
      'f = x²/1000 + ln cosh(10y)：凸函数，谷底沿 x 方向比谷壁沿 y 方向平坦 10⁴ 倍，谷壁离开谷底后的斜率恒为 10。η = 0.05 的梯度下降每一步都越过谷底；由于谷壁斜率恒定，它永远在两壁之间来回弹（‖g‖ ≈ 10），而损失一直平在 ≈ 1.78——梯度很大却卡住了。η = 0.001 时它在 y 方向稳定下来，但在 x 方向每步只移动约 10⁻⁵：10⁴ 步后只走了百分之几的路。Adagrad（η 0.1）和 RMSProp（η 0.003）用各坐标自己的梯度大小去除步长，所以 x 方向的步长和 y 一样大，它们都能到达。',
    ],
    { surface: 'x²/1000 + ln cosh(10y) (course)', steps: 10000, gdLarge: 0.05, gdSmall: 0.001, adagrad: 0.1, rmsprop: 0.003 },
    ['stuck-not-small', 'ravine'],
  ),
  exp(
    'decay',
    ['Adagrad without and with decay', '不衰减与衰减的 Adagrad'],
    [
      'The lab’s ravine x²/10 + 10y² with the lecture’s Adagrad: σ_t is the root mean square of all past gradients and η = 0.3 is constant. Once at the minimum the gradients are tiny, so σ_t — a mean over all steps — keeps shrinking and η/σ_t grows, until a tiny y-gradient throws the point far up the wall: the late blow-up. Decaying η as η/√(t+1) cancels that growth; it is exactly the Adagrad the engine (and PyTorch) implements, dividing by √Σg² instead of the root mean square.',
      '实验室的山谷 x²/10 + 10y²，使用课程中的 Adagrad：σ_t 是所有过去梯度的均方根，η = 0.3 不变。到达最小值后梯度很小，σ_t——所有步的平均——不断变小，η/σ_t 越来越大，直到一个很小的 y 梯度把点远远抛上谷壁：后期的“爆炸”。把 η 衰减为 η/√(t+1) 就抵消了这种增长；这正是引擎（和 PyTorch）实现的 Adagrad，用 √Σg² 代替均方根。',
    ],
    { surface: 'ravine', lr: 0.3, steps: 3000, decay: 'η/√(t+1)' },
    ['decay'],
  ),
  exp(
    'warmup',
    ['Adam with and without warm-up', '有无预热的 Adam'],
    [
      'The spiral data set with a 64-64-64 ReLU network, Adam at η = 0.05, batches of 32, 3 epochs; warm-up raises η linearly from 0 over the first 30 updates. Adam’s first step moves every weight by ≈ η whatever its gradient (m̂/√v̂ = ±1 at t = 1): with η = 0.05 and three 64-wide layers that changes the network’s output at once and the loss jumps several times above its start. Warm-up keeps those first steps small while m and v are still estimates from a handful of gradients.',
      '螺旋数据集，64-64-64 ReLU 网络，Adam η = 0.05，批次 32，训练 3 轮；预热在最初 30 次更新中把 η 从 0 线性增加。Adam 的第一步无论梯度大小都让每个权重移动约 η（t = 1 时 m̂/√v̂ = ±1）：η = 0.05、三层 64 宽时，网络输出一下子改变，损失跳到初始值的好几倍。预热让这些最初的步子保持很小，因为这时 m 和 v 只是由少数几个梯度得到的估计。',
    ],
    { data: 'spiral (400)', model: '64-64-64 ReLU', optimizer: 'adam', lr: 0.05, warmupSteps: 30, epochs: 3, batchSize: 32 },
    ['warmup'],
  ),
];

export const try4: CourseTryThis[] = [
  {
    id: 'gd-over-limit',
    prompt: prompt('Raise η to 0.101 for gradient descent on the ravine (just above 2/20): what happens to GD?', '把山谷上梯度下降的 η 提高到 0.101（刚好超过 2/20）：梯度下降会怎样？'),
    lab: 'surface',
    spec: { fn: 'ravine', start: [-4.5, 0.8], steps: 300, entries: [{ optimizer: { name: 'sgd', lr: 0.099 } }, { optimizer: { name: 'sgd', lr: 0.101 } }] },
  },
  {
    id: 'adaptive-race',
    prompt: prompt('Race Adagrad, RMSProp and Adam on the ravine with a cosine decay over the run.', '在山谷上让 Adagrad、RMSProp 和 Adam 赛跑，并在整个运行中使用余弦衰减。'),
    lab: 'surface',
    spec: {
      fn: 'ravine',
      start: [-4.5, 0.8],
      steps: 1000,
      entries: [
        { optimizer: { name: 'adagrad', lr: 0.3 }, schedule: { name: 'cosine', tMax: 1000 } },
        { optimizer: { name: 'rmsprop', lr: 0.03 }, schedule: { name: 'cosine', tMax: 1000 } },
        { optimizer: { name: 'adam', lr: 0.05 }, schedule: { name: 'cosine', tMax: 1000 } },
      ],
    },
  },
  {
    id: 'adam-small-lr',
    prompt: prompt('Lower Adam’s η to 0.005 without warm-up: is there still a spike?', '把 Adam 的 η 降到 0.005 且不预热：还会出现尖峰吗？'),
    lab: 'network',
    spec: {
      trainPass: true,
      name: 'Adam, small lr',
      data: { source: 'spiral', samples: 400, noise: 0.1 },
      model: [{ dense: 64, activation: 'relu' }, { dense: 64, activation: 'relu' }, { dense: 64, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.005 },
      batchSize: 32,
      epochs: 3,
    },
  },
];

export const experiments5: CourseExperimentInfo[] = [
  exp(
    'softmax',
    ['Softmax', '归一化指数（softmax）'],
    [
      '1,000 random logit vectors in [−10, 10]ᵏ (k = 2, 3, 5, 10) through the engine’s own softmax (read from its cross-entropy gradient, ∂L/∂z = p − onehot). It computes exp(z − max)/Σexp(z − max); with two classes p₁ = 1/(1 + e^(z₂ − z₁)) = σ(z₁ − z₂) exactly, so the difference is rounding (≈ 1e-16).',
      '1,000 个在 [−10, 10]ᵏ（k = 2、3、5、10）内的随机 logit 向量，经过引擎自己的 softmax（从它的交叉熵梯度 ∂L/∂z = p − onehot 读出）。它计算 exp(z − max)/Σexp(z − max)；两类时 p₁ = 1/(1 + e^(z₂ − z₁)) = σ(z₁ − z₂) 严格成立，所以差别只是舍入误差（≈ 1e-16）。',
    ],
    { vectors: 1000, classes: '2, 3, 5, 10', logits: '[−10, 10]' },
    ['softmax'],
  ),
  exp(
    'surfaces',
    ['MSE vs cross-entropy on the same network', '同一网络上的均方误差与交叉熵'],
    [
      'A two-class network with two parameters, logits (wx + b, −(wx + b)), on 100 points around x = ±1; both losses over the same 41 × 41 grid of w, b ∈ [−8, 8]. Where the network is confidently wrong (w > 0 calls the x > 0 points class 0) softmax is saturated, its outputs ≈ 0 or 1, so MSE’s gradient, which carries a factor p(1 − p), is ≈ 0: a flat, high plateau. Cross-entropy’s gradient there is p − y ≈ ±1: the slope stays. Gradient descent (η 0.5, 300 steps) from (w, b) = (8, 0) shows what that does to training.',
      '一个只有两个参数的两类网络，logits 为 (wx + b, −(wx + b))，数据是 x = ±1 附近的 100 个点；两种损失都在同一个 w, b ∈ [−8, 8] 的 41 × 41 网格上计算。网络“自信地犯错”的地方（w > 0 把 x > 0 的点判为第 0 类），softmax 饱和，输出 ≈ 0 或 1，于是带有因子 p(1 − p) 的均方误差梯度 ≈ 0：一片平坦的高原。交叉熵在那里的梯度是 p − y ≈ ±1：坡度仍在。从 (w, b) = (8, 0) 出发的梯度下降（η 0.5，300 步）显示了这对训练意味着什么。',
    ],
    { model: 'z = (wx + b, −(wx + b))', samples: 100, grid: '41 × 41 on [−8, 8]²', start: '(8, 0)', lr: 0.5, steps: 300 },
    ['mse-plateau', 'mse-stalls'],
  ),
];

export const try5: CourseTryThis[] = [
  {
    id: 'mse-network',
    prompt: prompt('Train a classifier with MSE instead of cross-entropy and compare the curves.', '用均方误差代替交叉熵训练一个分类器，比较两条曲线。'),
    lab: 'network',
    spec: {
      trainPass: true,
      name: 'classifier with MSE',
      data: { source: 'spiral', samples: 400, noise: 0.1 },
      model: [{ dense: 32, activation: 'relu' }, { dense: 32, activation: 'relu' }, { dense: 'output' }],
      loss: 'mse',
      optimizer: { name: 'adam', lr: 0.01 },
      batchSize: 32,
      epochs: 30,
    },
  },
];

export const experiments6: CourseExperimentInfo[] = [
  exp(
    'bound',
    ['Sampled training sets vs the bound', '抽样训练集与上界'],
    [
      'Each seed draws a population of edge counts (Pokémon have more edges than Digimon, overlapping so the best threshold errs ≈ 28 %), then 500 training sets per setting, with ε = 0.1. Hoeffding plus a union bound over |H| = 10⁴ thresholds is loose — at N = 200 it allows 366, more than 1, while about 5 % of sets are bad — but it must never be exceeded. With thresholds only up to |H| = 100 the good threshold (≈ 4,700 edges) is excluded: every training set agrees on a poor h, so the gap is tiny but L(h_all) ≈ 0.5.',
      '每个种子抽取一个边缘数的总体（宝可梦的边缘比数码宝贝多，两者有重叠，使最佳阈值的错误率 ≈ 28 %），然后每种设置抽 500 个训练集，ε = 0.1。Hoeffding 加上对 |H| = 10⁴ 个阈值的联合界很宽松——N = 200 时它允许 366（大于 1），而实际只有约 5 % 的训练集是坏的——但它绝不能被超过。阈值只取到 |H| = 100 时，好的阈值（约 4,700 条边）被排除：每个训练集都选中同一个差的 h，所以差距很小，但 L(h_all) ≈ 0.5。',
    ],
    { trainingSets: 500, epsilon: 0.1, N: '50, 200, 800, 3200 (|H| = 10⁴)', H: '100, 1000, 10⁴ (N = 200)' },
    ['h-all', 'bound', 'gap-shrinks', 'small-h'],
  ),
];

export const try6: CourseTryThis[] = [
  {
    id: 'small-eps',
    prompt: prompt('Halve ε to 0.05 with N = 1000: is the bound still informative?', '把 ε 减半到 0.05，N = 1000：这个上界还有用吗？'),
    lab: 'bound',
    spec: { n: 1000, hypotheses: 10000, epsilon: 0.05 },
  },
  {
    id: 'tiny-h',
    prompt: prompt('Set |H| = 3000: which thresholds are left, and what happens to L(h_all)?', '把 |H| 设为 3000：还剩哪些阈值？L(h_all) 会怎样？'),
    lab: 'bound',
    spec: { n: 200, hypotheses: 3000, epsilon: 0.1 },
  },
];

export const experiments7: CourseExperimentInfo[] = [
  exp(
    'amsgrad',
    ['Adam vs AMSGrad on the online counterexample', '在线反例上的 Adam 与 AMSGrad'],
    [
      'Reddi et al.’s problem: f_t(x) = 3x every third step and −x otherwise, on [−1, 1]; the average is x/3, best at x = −1. With β₁ = 0 and β₂ = 0.1 = 1/(1 + 3²) Adam’s v forgets the rare gradient 3 within a step or two, so the two gradients −1, each divided by a small √v, outweigh it: Adam drifts to +1. AMSGrad’s v̂ = max(v̂, v) keeps the 9 and takes small steps after it too.',
      'Reddi 等人的问题：在 [−1, 1] 上，每三步中有一步 f_t(x) = 3x，其余为 −x；平均为 x/3，最优点 x = −1。β₁ = 0、β₂ = 0.1 = 1/(1 + 3²) 时，Adam 的 v 在一两步内就忘掉了罕见的梯度 3，于是两个各自除以较小 √v 的梯度 −1 压过了它：Adam 漂向 +1。AMSGrad 的 v̂ = max(v̂, v) 记住了 9，此后也只迈小步。',
    ],
    { problem: 'f_t = 3x or −x on [−1, 1]', beta1: 0, beta2: 0.1, lr: 0.01, steps: 3000 },
    ['amsgrad'],
  ),
  exp(
    'radam',
    ['RAdam vs Adam with and without warm-up', 'RAdam 与有无预热的 Adam'],
    [
      'The §4 warm-up experiment (spiral, 64-64-64 ReLU, η 0.05) with RAdam added. RAdam’s first 4 updates are un-adapted momentum steps η·m̂, and after that the adaptive step is scaled by r_t, which starts far below 1 (≈ √(t/2000)): a built-in warm-up, so its first updates follow warm-up Adam’s curve and have no spike.',
      '§4 的预热实验（螺旋数据、64-64-64 ReLU、η 0.05）加上 RAdam。RAdam 前 4 次更新是不自适应的动量步 η·m̂，之后自适应步长乘以 r_t，而 r_t 一开始远小于 1（≈ √(t/2000)）：这是内置的预热，所以它最初的更新与加预热的 Adam 曲线相近，没有尖峰。',
    ],
    { data: 'spiral (400)', model: '64-64-64 ReLU', lr: 0.05, warmupSteps: 30, window: '60 updates' },
    ['radam'],
  ),
  exp(
    'weight-decay',
    ['L2 regularization vs decoupled weight decay', 'L2 正则化与解耦权重衰减'],
    [
      'Rosenbrock from (−1.2, 1), 500 steps, λ = 0.1. Plain SGD (η 10⁻³) with λθ added to the gradient, and SGDW (no momentum) shrinking θ by ηλθ, make the same update; Adam (η 0.01) divides the L2 term by √v̂ like the gradient, AdamW subtracts ηλθ outside the adaptive step — different paths.',
      'Rosenbrock 从 (−1.2, 1) 出发，500 步，λ = 0.1。普通 SGD（η 10⁻³）把 λθ 加到梯度上，与 SGDW（无动量）把 θ 缩小 ηλθ，得到相同的更新；Adam（η 0.01）像梯度一样把 L2 项除以 √v̂，而 AdamW 在自适应步之外减去 ηλθ——路径不同。',
    ],
    { surface: 'rosenbrock', weightDecay: 0.1, sgdLr: 0.001, adamLr: 0.01, steps: 500 },
    ['weight-decay'],
  ),
  exp(
    'lookahead',
    ['Lookahead around an oscillating SGD', '包在振荡 SGD 外面的 Lookahead'],
    [
      'The lab’s ravine with SGD at η = 0.099, just below the 2/20 at which it would diverge: every step multiplies y by −0.98, swinging across the valley. Lookahead (k = 5, α = 0.5) moves its slow weights halfway toward every fifth fast weight and restarts the fast ones there; steps of alternating sign nearly cancel, so the swing shrinks.',
      '实验室的山谷，SGD 的 η = 0.099，刚好低于会发散的 2/20：每一步把 y 乘以 −0.98，在山谷两侧来回摆动。Lookahead（k = 5，α = 0.5）每 5 步把慢权重向快权重移动一半，并让快权重从那里重新开始；符号交替的步子几乎互相抵消，摆动就变小了。',
    ],
    { surface: 'ravine', innerLr: 0.099, k: 5, alpha: 0.5, steps: 200 },
    ['lookahead'],
  ),
  exp(
    'swats',
    ['SWATS: Adam, then SGD', 'SWATS：先 Adam，后 SGD'],
    [
      'SWATS switches when Λ, its running estimate of the SGD rate whose step matches Adam’s, equals the latest γ_k within 10⁻⁹ (the paper’s test). That needs a long, steady descent: on Himmelblau from near (0, 0) at η = 5·10⁻⁴ it happens after ≈ 3,800 updates.',
      'SWATS 在 Λ（它对“步长与 Adam 一致的 SGD 学习率”的滑动估计）与最新的 γ_k 相差小于 10⁻⁹ 时切换（论文中的判据）。这需要一段长而平稳的下降：在 Himmelblau 上从 (0, 0) 附近以 η = 5·10⁻⁴ 出发，大约在第 3,800 次更新时切换。',
    ],
    { surface: 'himmelblau', lr: 0.0005, steps: 5000, switchEps: 1e-9 },
    ['swats'],
  ),
  exp(
    'range-test',
    ['LR range test, then training at its suggestion', '学习率范围测试，然后按建议训练'],
    [
      'The moons MLP (32-32 ReLU, SGD with momentum 0.9): the rate rises exponentially from 10⁻³ to 1 over 100 updates, the smoothed loss is read on the way down, and the network is then trained for 10 epochs at the suggested rate.',
      'moons 数据的 MLP（32-32 ReLU，带动量 0.9 的 SGD）：学习率在 100 次更新中从 10⁻³ 指数增加到 1，在下降段读取平滑后的损失，然后用建议的学习率训练 10 轮。',
    ],
    { data: 'moons (400)', model: '32-32 ReLU', optimizer: 'sgdm', minLr: 0.001, maxLr: 1, steps: 100, epochs: 10 },
    ['range-test'],
  ),
  exp(
    'schedules',
    ['Cyclic, SGDR and one-cycle on the same run', '同一运行上的循环、SGDR 与 one-cycle'],
    [
      'The same moons network and seed, 100 updates: constant 0.05; cyclic between 0.01 and 0.1 (10 updates up, 10 down); SGDR with periods of 25 updates; one-cycle up to 0.1 and down.',
      '同样的 moons 网络和种子，100 次更新：恒定 0.05；在 0.01 与 0.1 之间循环（上升 10 次更新、下降 10 次）；周期为 25 次更新的 SGDR；升到 0.1 再降下来的 one-cycle。',
    ],
    { constant: 0.05, cyclic: '0.01–0.1, 10 up', sgdr: 't0 = 25', onecycle: 'max 0.1', updates: 100 },
    ['schedules'],
  ),
];

export const try7: CourseTryThis[] = [
  {
    id: 'adamw-race',
    prompt: prompt('Race Adam + L2 against AdamW on Rosenbrock with a larger λ (0.5).', '在 Rosenbrock 上用更大的 λ（0.5）让 Adam + L2 与 AdamW 赛跑。'),
    lab: 'surface',
    spec: { fn: 'rosenbrock', start: [-1.2, 1], steps: 500, entries: [{ optimizer: { name: 'adam', lr: 0.01, weightDecay: 0.5 } }, { optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.5 } }] },
  },
  {
    id: 'lookahead-adam',
    prompt: prompt('Wrap Adam in Lookahead on the ravine: does it still help?', '在山谷上用 Lookahead 包住 Adam：还有帮助吗？'),
    lab: 'surface',
    spec: { fn: 'ravine', start: [-4.5, 0.8], steps: 500, entries: [{ optimizer: { name: 'adam', lr: 0.05 } }, { optimizer: { name: 'lookahead', k: 5, alpha: 0.5, inner: { name: 'adam', lr: 0.05 } } }] },
  },
  {
    id: 'onecycle-longer',
    prompt: prompt('Train the moons network for 30 epochs with one-cycle up to 0.3.', '用最高 0.3 的 one-cycle 把 moons 网络训练 30 轮。'),
    lab: 'network',
    spec: {
      trainPass: true,
      name: 'one-cycle 0.3',
      data: { source: 'moons', samples: 400, noise: 0.1 },
      model: [{ dense: 32, activation: 'relu' }, { dense: 32, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'sgdm', lr: 0.05, momentum: 0.9 },
      schedule: { name: 'onecycle', maxLr: 0.3, totalSteps: 300 },
      batchSize: 32,
      epochs: 30,
    },
  },
];
