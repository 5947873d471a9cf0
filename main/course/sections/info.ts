// The sections as the page shows them: titles, checks (the lecture's claims), the pre-set
// experiments with why their settings show the effect, and "try this" prompts. Every string in
// English and Chinese. The settings themselves live with each section's runner.
import type { CourseCheckInfo, CourseExperimentInfo, CourseSection, CourseSectionNumber, CourseTryThis } from '../../../preload/course';
import { experiments1, experiments2, experiments3, experiments4, experiments5, experiments6, experiments7, try1, try2, try3, try4, try5, try6, try7 } from './experiments';

type Text = { en: string; zh: string };
const check = (id: string, en: string, zh: string): CourseCheckInfo => ({ id, claim: { en, zh } });

function section(
  n: CourseSectionNumber,
  id: string,
  title: Text,
  defaultSeeds: number,
  checks: CourseCheckInfo[],
  experiments: CourseExperimentInfo[],
  tryThis: CourseTryThis[],
): CourseSection {
  return { section: n, id, title, checks, experiments, tryThis, defaultSeeds, tag: `Course §${n}` };
}

export const info1 = section(
  1,
  'guide',
  { en: 'A general guide when training goes wrong', zh: '机器学习任务攻略' },
  5,
  [
    check(
      'depth',
      'A deep plain network (≥ 20 layers) has higher training loss than a shallow one — optimization failure, not overfitting — and the same depth with residual connections reaches the shallow training loss or lower.',
      '深层普通网络（≥ 20 层）的训练损失高于浅层网络——这是优化问题而不是过拟合；同样深度加上残差连接后，训练损失不高于浅层网络。',
    ),
    check(
      'u-curve',
      'As the model grows, training loss keeps falling while validation loss falls and then rises (the U curve).',
      '随着模型变大，训练损失一直下降，而验证损失先降后升（U 形曲线）。',
    ),
    check(
      'model-selection',
      'Choosing among many models by a "public" test split overfits it (the chosen model scores worse on the "private" split), while N-fold cross-validation chooses honestly.',
      '用“公开”测试集在许多模型中挑选会过拟合它（选出的模型在“私有”测试集上更差）；N 折交叉验证的选择是诚实的。',
    ),
    check(
      'mismatch',
      'A test set from a shifted distribution (mismatch) keeps a large test loss even with ten times more training data.',
      '测试数据来自偏移的分布（失配）时，即使训练数据多十倍，测试损失仍然很大。',
    ),
  ],
  experiments1,
  try1,
);

export const info2 = section(
  2,
  'critical-points',
  { en: 'When gradient is small: critical points', zh: '局部最小值与鞍点' },
  5,
  [
    check(
      'saddle',
      'For L = (1 − w₁w₂)², the point (0, 0) is a saddle: gradient 0, Hessian eigenvalues −2 and 2; moving ε along the eigenvector of −2 lowers the loss by ≈ ½·λ·ε².',
      '对 L = (1 − w₁w₂)²，点 (0, 0) 是鞍点：梯度为 0，海森矩阵特征值为 −2 和 2；沿 −2 的特征向量移动 ε，损失约下降 ½·λ·ε²。',
    ),
    check(
      'min-ratio',
      'At the points where small networks got stuck (‖g‖ ≈ 0), the minimum ratio is below 1 for most of them: they are saddles, not local minima.',
      '在小网络训练卡住的点（‖g‖ ≈ 0），大多数的最小值比例小于 1：它们是鞍点，而不是局部最小值。',
    ),
  ],
  experiments2,
  try2,
);

export const info3 = section(
  3,
  'batch-momentum',
  { en: 'Batch and momentum', zh: '批次与动量' },
  5,
  [
    check('epoch-time', 'Time per epoch falls as the batch size grows (fewer updates per pass).', '批次越大，每轮（epoch）的时间越短（每次遍历的更新次数更少）。'),
    check(
      'batch-generalization',
      'With the same number of epochs, small batches reach better validation accuracy than a very large batch.',
      '在相同轮数下，小批次的验证准确率高于非常大的批次。',
    ),
    check(
      'momentum-bump',
      'Momentum rolls over a small bump where plain gradient descent stops in front of it.',
      '动量能越过一个小鼓包，而普通梯度下降会停在它前面。',
    ),
  ],
  experiments3,
  try3,
);

export const info4 = section(
  4,
  'adaptive-lr',
  { en: 'Adaptive learning rates', zh: '自动调整学习率' },
  5,
  [
    check(
      'stuck-not-small',
      'Training stuck ≠ small gradient: the loss plateaus while the gradient norm stays large and oscillates (bouncing between valley walls).',
      '训练卡住 ≠ 梯度很小：损失停滞，而梯度范数仍然很大并来回振荡（在山谷两壁之间来回弹）。',
    ),
    check(
      'ravine',
      'On the elongated convex ravine, gradient descent oscillates at a large η and crawls at a small η (not arrived after 10,000 steps), while Adagrad and RMSProp arrive.',
      '在狭长的凸山谷上，梯度下降在大 η 时来回振荡，在小 η 时爬行（10,000 步后仍未到达），而 Adagrad 和 RMSProp 能到达。',
    ),
    check(
      'decay',
      'An adaptive method without decay blows up late on the ravine (σ becomes tiny) and a decay schedule fixes it.',
      '不衰减学习率的自适应方法在山谷上后期会突然“冲出去”（σ 变得很小），学习率衰减可以解决。',
    ),
    check(
      'warmup',
      'Warm-up helps Adam where the first steps matter: without it the loss jumps far above its start in the first updates; with it, it does not.',
      '在最初几步很关键的地方，预热（warm-up）能帮助 Adam：不预热时最初几次更新的损失远高于初始值，预热后不会。',
    ),
  ],
  experiments4,
  try4,
);

export const info5 = section(
  5,
  'classification',
  { en: 'Classification', zh: '分类' },
  5,
  [
    check(
      'softmax',
      'Softmax outputs lie in (0, 1) and sum to 1, and with two classes softmax equals the sigmoid of the logit difference.',
      'Softmax 的输出在 (0, 1) 之间且和为 1；两个类别时，softmax 等于 logit 差的 sigmoid。',
    ),
    check(
      'mse-plateau',
      'On the same network, the mean-square-error surface has a flat high-loss plateau where cross-entropy keeps a slope (‖g‖ measured over the same grid).',
      '在同一个网络上，均方误差的误差曲面有一片损失很高的平坦高原，而交叉熵在那里仍有坡度（在同一网格上测量 ‖g‖）。',
    ),
    check(
      'mse-stalls',
      'Training from that plateau escapes with cross-entropy and stalls with mean square error.',
      '从那片高原出发训练，交叉熵能逃出来，均方误差则停滞不前。',
    ),
  ],
  experiments5,
  try5,
);

export const info6 = section(
  6,
  'generalization',
  { en: 'Pokémon vs Digimon: why more parameters overfit', zh: '宝可梦 vs 数码宝贝' },
  5,
  [
    check('h-all', 'With the full data, L(h_all, D_all) ≈ 0.28.', '使用全部数据时，L(h_all, D_all) ≈ 0.28。'),
    check(
      'bound',
      'Over a sweep of N, the sampled fraction of bad training sets never exceeds |H|·2·exp(−2Nε²).',
      '在一系列 N 上，抽样得到的坏训练集比例从不超过 |H|·2·exp(−2Nε²)。',
    ),
    check('gap-shrinks', 'A larger N and a smaller |H| shrink the gap L(h_train, D_all) − L(h_all, D_all).', '更大的 N 和更小的 |H| 都会缩小差距 L(h_train, D_all) − L(h_all, D_all)。'),
    check('small-h', 'A too-small |H| excludes good h: L(h_all, D_all) rises.', '|H| 太小会排除好的 h：L(h_all, D_all) 上升。'),
  ],
  experiments6,
  try6,
);

export const info7 = section(
  7,
  'optimizers',
  { en: 'Optimization for deep learning', zh: '深度学习的优化' },
  5,
  [
    check(
      'amsgrad',
      'On a problem where a rare large gradient matters (the AMSGrad paper’s kind of counterexample), Adam heads the wrong way and AMSGrad, which keeps v̂ = max(v̂, v), does not.',
      '在罕见的大梯度很重要的问题上（AMSGrad 论文中的反例），Adam 走向错误的方向，而保留 v̂ = max(v̂, v) 的 AMSGrad 不会。',
    ),
    check(
      'radam',
      'RAdam without warm-up behaves like Adam with warm-up over the first steps.',
      '不用预热的 RAdam 在最初几步的表现与加了预热的 Adam 相近。',
    ),
    check(
      'weight-decay',
      'L2 regularization and decoupled weight decay coincide under SGD and differ under Adam (AdamW ≠ Adam + L2).',
      'L2 正则化与解耦的权重衰减在 SGD 下相同，在 Adam 下不同（AdamW ≠ Adam + L2）。',
    ),
    check('lookahead', 'Lookahead reduces the oscillation of its inner optimizer.', 'Lookahead 减小了其内部优化器的振荡。'),
    check('swats', 'SWATS starts with Adam and switches to SGD.', 'SWATS 从 Adam 开始，然后切换到 SGD。'),
    check('range-test', 'The LR range test suggests a learning rate that then trains.', '学习率范围测试建议的学习率确实能训练。'),
    check(
      'schedules',
      'Cyclic, SGDR and one-cycle schedules on the same run: each rate follows its shape (cyclic rises and falls repeatedly, SGDR restarts, one-cycle peaks once) and each run trains.',
      '在同一个运行上比较循环学习率、SGDR 与 one-cycle：每个学习率都符合其形状（循环式反复升降、SGDR 周期性重启、one-cycle 只有一个峰），且每个运行都能训练。',
    ),
  ],
  experiments7,
  try7,
);
