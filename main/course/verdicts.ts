// The course's verdicts: pure functions of stored runs' metrics (summaries and series, as read
// back from the store), one per check. Each says what it measured (mean ± std over seeds), which
// runs it read, and one sentence in both languages. Every one can fail: the unit tests feed each
// runs where the phenomenon is absent and expect ✗.
import type { Bilingual, CheckResult, SeedStat } from '../../preload/course';
import { info1, info2, info3, info4, info5, info6, info7 } from './sections/info';
import { fmt, fmtPercent, fmtStat, stat } from './stats';
import type { RunsByRole, StoredRun } from './types';

const INFOS = [info1, info2, info3, info4, info5, info6, info7];

function claimOf(section: number, id: string): Bilingual {
  const c = INFOS[section - 1]!.checks.find((k) => k.id === id);
  if (!c) throw new Error(`no check ${id} in section ${section}`);
  return c.claim;
}

function verdict(
  section: number,
  id: string,
  passed: boolean,
  measured: Record<string, number | SeedStat>,
  summary: Bilingual,
  runs: RunsByRole,
  roles: string[],
): CheckResult {
  const ids: Record<string, number> = {};
  for (const r of roles) {
    const first = runs[r]?.[0];
    if (first) ids[r] = first.runId;
  }
  return { id, claim: claimOf(section, id), passed, measured, summary, runs: ids };
}

// ---------------------------------------------------------------- reading runs

const need = (runs: RunsByRole, role: string): StoredRun[] => runs[role] ?? [];

/** A summary number; a missing or non-finite one (a diverged run) reads as `missing`. */
function num(run: StoredRun, key: string, missing = Infinity): number {
  const v = run.summary[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : missing;
}

const values = (runs: RunsByRole, role: string, key: string, missing = Infinity) => need(runs, role).map((r) => num(r, key, missing));
const series = (run: StoredRun, name: string): number[] => run.series[name] ?? [];
const all = (xs: boolean[]) => xs.length > 0 && xs.every(Boolean);
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: readonly number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** Paired by seed: a[i] and b[i] come from the same seed. */
const paired = (a: number[], b: number[], ok: (x: number, y: number) => boolean) => a.length > 0 && a.length === b.length && a.every((x, i) => ok(x, b[i]!));

const t = (en: string, zh: string): Bilingual => ({ en, zh });

// ---------------------------------------------------------------- §1

/** Deep plain loses to shallow on training loss on every seed (by `margin`); residual reaches ≤ shallow. */
export function depthVerdict(runs: RunsByRole, margin = 0.05): CheckResult {
  const shallow = values(runs, 'shallow', 'trainLoss');
  const plain = values(runs, 'deep-plain', 'trainLoss');
  const residual = values(runs, 'deep-residual', 'trainLoss');
  const plainWorse = paired(plain, shallow, (p, s) => p > s + margin);
  const residualOk = residual.length === shallow.length && mean(residual) <= mean(shallow) + 1e-3;
  const [s, p, r] = [stat(shallow), stat(plain), stat(residual)];
  return verdict(
    1,
    'depth',
    plainWorse && residualOk,
    { shallowTrainLoss: s, deepPlainTrainLoss: p, deepResidualTrainLoss: r, deepPlainValLoss: stat(values(runs, 'deep-plain', 'valLoss')) },
    t(
      `deep plain final training loss ${fmtStat(p)} ${plainWorse ? '>' : 'not clearly >'} shallow ${fmtStat(s)}; deep residual ${fmtStat(r)} ${residualOk ? '≤' : '>'} shallow`,
      `深层普通网络最终训练损失 ${fmtStat(p)} ${plainWorse ? '>' : '并不明显 >'} 浅层 ${fmtStat(s)}；深层残差网络 ${fmtStat(r)} ${residualOk ? '≤' : '>'} 浅层`,
    ),
    runs,
    ['shallow', 'deep-plain', 'deep-residual'],
  );
}

/** Roles `size-<k>` in increasing size: mean training loss never rises; validation is lowest strictly inside and ≥ 20 % higher at both ends. */
export function uCurveVerdict(runs: RunsByRole): CheckResult {
  const roles = Object.keys(runs)
    .filter((r) => r.startsWith('size-'))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const train = roles.map((r) => mean(values(runs, r, 'trainLoss')));
  const val = roles.map((r) => mean(values(runs, r, 'valLoss')));
  const trainFalls = train.length >= 3 && train.every((v, i) => i === 0 || v <= train[i - 1]! * (1 + 1e-6) + 1e-12);
  const best = val.indexOf(Math.min(...val));
  const u = val.length >= 3 && best > 0 && best < val.length - 1 && val[0]! > 1.2 * val[best]! && val[val.length - 1]! > 1.2 * val[best]!;
  const size = (i: number) => roles[i]?.slice(5) ?? '?';
  const measured: Record<string, number> = { bestSize: Number(size(best)), bestValLoss: val[best] ?? NaN };
  roles.forEach((_, i) => {
    measured[`trainLoss_${size(i)}`] = train[i]!;
    measured[`valLoss_${size(i)}`] = val[i]!;
  });
  const last = val.length - 1;
  return verdict(
    1,
    'u-curve',
    trainFalls && u,
    measured,
    t(
      `training loss ${trainFalls ? 'falls' : 'does not keep falling'} (${fmt(train[0]!)} → ${fmt(train[last]!)}); validation loss ${fmt(val[0]!)} → lowest ${fmt(val[best]!)} at size ${size(best)} → ${fmt(val[last]!)}${u ? '' : ' (no U)'}`,
      `训练损失${trainFalls ? '一直下降' : '并非一直下降'}（${fmt(train[0]!)} → ${fmt(train[last]!)}）；验证损失 ${fmt(val[0]!)} → 最低 ${fmt(val[best]!)}（规模 ${size(best)}）→ ${fmt(val[last]!)}${u ? '' : '（没有 U 形）'}`,
    ),
    runs,
    roles,
  );
}

/**
 * Roles `by-public-test` and `by-cross-validation`, summary { chosenScore, privateScore } (losses):
 * the public pick's private loss exceeds its public loss on every seed, by more than the
 * cross-validation pick's private loss exceeds its CV estimate on average.
 */
export function modelSelectionVerdict(runs: RunsByRole): CheckResult {
  const pubChosen = values(runs, 'by-public-test', 'chosenScore');
  const pubPrivate = values(runs, 'by-public-test', 'privateScore');
  const cvChosen = values(runs, 'by-cross-validation', 'chosenScore');
  const cvPrivate = values(runs, 'by-cross-validation', 'privateScore');
  const pubGap = pubPrivate.map((p, i) => p - pubChosen[i]!);
  const cvGap = cvPrivate.map((p, i) => p - cvChosen[i]!);
  const overfits = pubGap.length > 0 && pubGap.every((g) => g > 0);
  const honest = cvGap.length === pubGap.length && mean(cvGap.map(Math.abs)) < 0.5 * mean(pubGap);
  const [pc, pp, cc, cp] = [stat(pubChosen), stat(pubPrivate), stat(cvChosen), stat(cvPrivate)];
  return verdict(
    1,
    'model-selection',
    overfits && honest,
    { publicScore: pc, publicPickPrivateScore: pp, cvScore: cc, cvPickPrivateScore: cp, publicOptimism: stat(pubGap), cvOptimism: stat(cvGap) },
    t(
      `picked by the public split: public loss ${fmtStat(pc)}, private ${fmtStat(pp)}; picked by cross-validation: CV loss ${fmtStat(cc)}, private ${fmtStat(cp)}`,
      `按公开测试集挑选：公开损失 ${fmtStat(pc)}，私有损失 ${fmtStat(pp)}；按交叉验证挑选：交叉验证损失 ${fmtStat(cc)}，私有损失 ${fmtStat(cp)}`,
    ),
    runs,
    ['by-public-test', 'by-cross-validation'],
  );
}

/**
 * Roles `shifted-small`, `shifted-large` (10× the training data), `matched-small` (no shift):
 * the shifted test loss stays ≥ 3× its training loss and ≥ 70 % of the small-data one with 10×
 * the data, while the matched test set's loss is far lower.
 */
export function mismatchVerdict(runs: RunsByRole): CheckResult {
  const small = values(runs, 'shifted-small', 'testLoss');
  const large = values(runs, 'shifted-large', 'testLoss');
  const largeTrain = values(runs, 'shifted-large', 'trainLoss');
  const matched = values(runs, 'matched-small', 'testLoss');
  const notFixed = large.length > 0 && mean(large) >= 0.7 * mean(small) && paired(large, largeTrain, (te, tr) => te > 3 * tr + 0.05);
  const control = matched.length > 0 && mean(matched) < 0.5 * mean(small);
  const [s, l, lt, m] = [stat(small), stat(large), stat(largeTrain), stat(matched)];
  return verdict(
    1,
    'mismatch',
    notFixed && control,
    { shiftedTestLossSmall: s, shiftedTestLossLarge: l, trainLossLarge: lt, matchedTestLossSmall: m },
    t(
      `shifted test loss ${fmtStat(s)} with N, ${fmtStat(l)} with 10·N (training loss ${fmtStat(lt)}); an unshifted test set: ${fmtStat(m)}`,
      `偏移测试集损失：N 个样本时 ${fmtStat(s)}，10·N 个样本时 ${fmtStat(l)}（训练损失 ${fmtStat(lt)}）；未偏移的测试集：${fmtStat(m)}`,
    ),
    runs,
    ['shifted-small', 'shifted-large', 'matched-small'],
  );
}

// ---------------------------------------------------------------- §2

/**
 * Role `saddle`: summary { gradNorm, lambdaMin, lambdaMax }, series eps, drop (L(θ′) − L(θ′ + εu))
 * and predicted (−½λε²): a critical point, eigenvalues −2 and 2, and every drop within 5 % of ½|λ|ε².
 */
export function saddleVerdict(runs: RunsByRole): CheckResult {
  const run = need(runs, 'saddle')[0];
  const g = run ? num(run, 'gradNorm') : Infinity;
  const lo = run ? num(run, 'lambdaMin') : NaN;
  const hi = run ? num(run, 'lambdaMax') : NaN;
  const eps = run ? series(run, 'eps') : [];
  const drop = run ? series(run, 'drop') : [];
  const predicted = run ? series(run, 'predicted') : [];
  const rel = drop.map((d, i) => Math.abs(d - predicted[i]!) / Math.abs(predicted[i]!));
  const worst = rel.length ? Math.max(...rel) : Infinity;
  const critical = g < 1e-9;
  const eigen = Math.abs(lo + 2) < 1e-6 && Math.abs(hi - 2) < 1e-6;
  const escapes = drop.length > 0 && drop.every((d) => d > 0) && worst < 0.05;
  const k = drop.length - 1;
  return verdict(
    2,
    'saddle',
    critical && eigen && escapes,
    {
      gradNorm: g,
      lambdaMin: lo,
      lambdaMax: hi,
      worstRelativeError: worst,
      ...(k >= 0 ? { eps: eps[k]!, drop: drop[k]!, halfLambdaEpsSquared: predicted[k]! } : {}),
    },
    t(
      `‖g‖ = ${fmt(g)}, eigenvalues ${fmt(lo)} and ${fmt(hi)}; at ε = ${fmt(eps[k] ?? NaN)} the loss drops ${fmt(drop[k] ?? NaN)} vs ½|λ|ε² = ${fmt(predicted[k] ?? NaN)} (worst relative error ${fmt(worst)})`,
      `‖g‖ = ${fmt(g)}，特征值 ${fmt(lo)} 和 ${fmt(hi)}；ε = ${fmt(eps[k] ?? NaN)} 时损失下降 ${fmt(drop[k] ?? NaN)}，½|λ|ε² = ${fmt(predicted[k] ?? NaN)}（最大相对误差 ${fmt(worst)}）`,
    ),
    runs,
    ['saddle'],
  );
}

/** Roles `net-w<k>`: summary { minimumRatio, gradientNorm }. Stuck = ‖g‖ ≤ 1e-2; most nets stuck, most stuck ratios < 1. */
export function minRatioVerdict(runs: RunsByRole, stuckBelow = 1e-2): CheckResult {
  const nets = Object.entries(runs)
    .filter(([role]) => role.startsWith('net-'))
    .flatMap(([, rs]) => rs);
  const stuck = nets.filter((r) => num(r, 'gradientNorm') <= stuckBelow);
  const below = stuck.filter((r) => num(r, 'minimumRatio', 1) < 1 - 1e-12);
  const ratios = stuck.map((r) => num(r, 'minimumRatio', 1));
  const fraction = stuck.length ? below.length / stuck.length : 0;
  const passed = nets.length > 0 && stuck.length >= nets.length / 2 && fraction > 0.5;
  const roles = Object.keys(runs).filter((r) => r.startsWith('net-'));
  return verdict(
    2,
    'min-ratio',
    passed,
    { networks: nets.length, stuck: stuck.length, stuckBelowOne: below.length, fractionBelowOne: fraction, minimumRatio: stat(ratios) },
    t(
      `${stuck.length} of ${nets.length} networks stuck (‖g‖ ≤ ${fmt(stuckBelow)}); ${below.length} of them have a minimum ratio < 1 (mean ratio ${fmtStat(stat(ratios))}): saddles`,
      `${nets.length} 个网络中 ${stuck.length} 个卡住（‖g‖ ≤ ${fmt(stuckBelow)}）；其中 ${below.length} 个最小值比例 < 1（平均 ${fmtStat(stat(ratios))}）：是鞍点`,
    ),
    runs,
    roles,
  );
}

// ---------------------------------------------------------------- §3

const batchRoles = (runs: RunsByRole) =>
  Object.keys(runs)
    .filter((r) => /^batch-\d+$/.test(r))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));

/** The share of pairings (an epoch of `a`, an epoch of `b`) in which `a`'s took longer; ties count half. */
function slowerShare(a: readonly number[], b: readonly number[]): number {
  let slower = 0;
  for (const x of a) for (const y of b) slower += x > y ? 1 : x === y ? 0.5 : 0;
  return a.length && b.length ? slower / (a.length * b.length) : NaN;
}
/** Neighbouring batch sizes past a few dozen samples differ by noise up to this factor at their fastest epochs. */
const NOISE_FACTOR = 1.5;
/** …and a real difference shows in this share of their epochs' pairings, too. */
const SLOWER_IN_MOST = 0.75;

/**
 * Roles `batch-<B>`, series epochMs. Time per epoch of a batch size = its fastest epoch over all
 * seeds (other programs on the machine, the page drawing the live curves among them, only ever add
 * time, and on a shared machine they can slow a whole run's median down: the least disturbed epoch
 * is the one that measures the batch size). One batch size is *clearly slower* than another when
 * its fastest epoch is over 1.5× the other's (past a few dozen samples per batch the arithmetic
 * dominates and neighbours differ by noise up to that) *and* its epochs are the slower in at least
 * 3 of 4 pairings with the other's. The claim holds when the smallest batch is clearly slower than
 * the largest and no batch is clearly slower than the one below it.
 * The pairings are what a busy machine cannot fake: the runs are timed one after another, so load
 * that came and went can leave one batch size without a single undisturbed epoch while its
 * neighbour had two (measured on a shared two-core machine, one seed: B=64's fastest 2.4× B=16's,
 * yet its epochs the slower in only 30 % of pairings), whereas a batch size that is truly slower is
 * slower in nearly every pairing. The same factor end to end (the largest batch's fastest epoch
 * under 2/3 of the smallest's, not 1/2) leaves room for what a busy machine adds to every epoch
 * alike: in web mode under load (the page, the server and others' work on the two cores) the
 * largest batch's fastest epoch measured 0.07–0.64 of the smallest's over 12 one-seed runs.
 */
export function epochTimeVerdict(runs: RunsByRole): CheckResult {
  const roles = batchRoles(runs);
  const batch = (i: number) => roles[i]!.slice(6);
  const epochs = roles.map((r) => need(runs, r).flatMap((run) => series(run, 'epochMs').filter(Number.isFinite)));
  const ms = epochs.map((e) => Math.min(...e));
  /** How batch `i` compares with batch `j` (i slower?): the fastest epochs' ratio and the share of pairings. */
  const compare = (i: number, j: number) => {
    const ratio = ms[i]! / ms[j]!;
    const share = slowerShare(epochs[i]!, epochs[j]!);
    return { ratio, share, clearly: ratio > NOISE_FACTOR && share >= SLOWER_IN_MOST };
  };
  const measured: Record<string, number> = {};
  roles.forEach((_, i) => (measured[`msPerEpoch_${batch(i)}`] = ms[i]!));
  const last = roles.length - 1;
  const overall = last > 0 ? compare(0, last) : null;
  const rises = roles.flatMap((_, i) => {
    if (i === 0) return [];
    const c = compare(i, i - 1);
    measured[`slowerShare_${batch(i)}`] = c.share;
    return c.ratio > NOISE_FACTOR ? [{ i, ...c }] : [];
  });
  const falls = overall !== null && overall.clearly && !rises.some((r) => r.clearly);
  const list = roles.map((_, i) => `B=${batch(i)}: ${fmt(ms[i]!)} ms`).join(', ');
  const pct = (x: number) => `${fmt(100 * x)} %`;
  const notes = rises.map(({ i, ratio, share, clearly }) =>
    clearly
      ? t(`; B=${batch(i)} is slower than B=${batch(i - 1)} (fastest epoch ${fmt(ratio)}×, the slower in ${pct(share)} of pairings)`,
          `；B=${batch(i)} 比 B=${batch(i - 1)} 慢（最快一轮的 ${fmt(ratio)} 倍，${pct(share)} 的配对中更慢）`)
      : t(`; B=${batch(i)}'s fastest epoch is ${fmt(ratio)}× B=${batch(i - 1)}'s, but its epochs are the slower in only ${pct(share)} of pairings: the machine was busy, not a rise`,
          `；B=${batch(i)} 最快一轮是 B=${batch(i - 1)} 的 ${fmt(ratio)} 倍，但只在 ${pct(share)} 的配对中更慢：是机器繁忙，不是变慢`),
  );
  if (overall && !overall.clearly && !rises.some((r) => r.clearly))
    notes.push(
      t(`; B=${batch(last)} is not clearly faster than B=${batch(0)} (B=${batch(0)}'s fastest epoch ${fmt(overall.ratio)}× B=${batch(last)}'s, the slower in ${pct(overall.share)} of pairings; needed: over ${NOISE_FACTOR}× and ${pct(SLOWER_IN_MOST)})`,
        `；B=${batch(last)} 并不明显比 B=${batch(0)} 快（B=${batch(0)} 最快一轮是 B=${batch(last)} 的 ${fmt(overall.ratio)} 倍，${pct(overall.share)} 的配对中更慢；需要：超过 ${NOISE_FACTOR} 倍且 ${pct(SLOWER_IN_MOST)}）`),
    );
  return verdict(
    3,
    'epoch-time',
    falls,
    measured,
    t(`time per epoch (the fastest epoch over the seeds) ${list}${notes.map((n) => n.en).join('')}`, `每轮时间（各种子中最快的一轮）${list}${notes.map((n) => n.zh).join('')}`),
    runs,
    roles,
  );
}

/** Roles `batch-<B>`: the best small batch (≤ 32) beats the largest batch's validation accuracy by ≥ 5 points on average. */
export function batchGeneralizationVerdict(runs: RunsByRole): CheckResult {
  const roles = batchRoles(runs);
  const acc = roles.map((r) => stat(values(runs, r, 'valAccuracy', 0)));
  const small = roles.map((r, i) => [Number(r.slice(6)), i] as const).filter(([b]) => b <= 32);
  const bestSmall = small.reduce<number | null>((best, [, i]) => (best === null || acc[i]!.mean > acc[best]!.mean ? i : best), null);
  const largest = roles.length - 1;
  const passed = bestSmall !== null && largest > bestSmall && acc[bestSmall]!.mean >= acc[largest]!.mean + 0.05;
  const measured: Record<string, SeedStat> = {};
  roles.forEach((r, i) => (measured[`valAccuracy_${r.slice(6)}`] = acc[i]!));
  const b = (i: number | null) => (i === null ? '?' : (roles[i]?.slice(6) ?? '?'));
  const a = (i: number | null) => (i === null || !acc[i] ? '?' : fmtStat(acc[i]));
  return verdict(
    3,
    'batch-generalization',
    passed,
    measured,
    t(`validation accuracy B=${b(bestSmall)}: ${a(bestSmall)} vs B=${b(largest)}: ${a(largest)}`, `验证准确率 B=${b(bestSmall)}：${a(bestSmall)}，B=${b(largest)}：${a(largest)}`),
    runs,
    roles,
  );
}

/** Roles `gd`, `momentum`: summary { finalX, finalLoss, bumpTop }. GD ends before the bump on every seed; momentum ends past it near the minimum. */
export function momentumBumpVerdict(runs: RunsByRole, lossBelow = 0.05): CheckResult {
  const gdX = values(runs, 'gd', 'finalX', NaN);
  const mX = values(runs, 'momentum', 'finalX', NaN);
  const top = values(runs, 'gd', 'bumpTop', NaN);
  const mLoss = values(runs, 'momentum', 'finalLoss');
  const gdStops = paired(gdX, top, (x, b) => x < b);
  const rolls = paired(mX, top, (x, b) => x > b) && mLoss.every((l) => l < lossBelow);
  const [g, m] = [stat(gdX), stat(mX)];
  return verdict(
    3,
    'momentum-bump',
    gdStops && rolls,
    { gdFinalX: g, momentumFinalX: m, bumpTop: stat(top), momentumFinalLoss: stat(mLoss), gdFinalLoss: stat(values(runs, 'gd', 'finalLoss')) },
    t(
      `gradient descent ends at x = ${fmtStat(g)}, momentum at x = ${fmtStat(m)}; the bump's top is at x = ${fmt(top[0] ?? NaN)}`,
      `梯度下降停在 x = ${fmtStat(g)}，动量停在 x = ${fmtStat(m)}；鼓包顶点在 x = ${fmt(top[0] ?? NaN)}`,
    ),
    runs,
    ['gd', 'momentum'],
  );
}

// ---------------------------------------------------------------- §4

/** Fraction of updates after which the y coordinate changed sign. */
function signFlips(ys: number[]): number {
  let flips = 0;
  for (let i = 1; i < ys.length; i++) if (Math.sign(ys[i]!) !== Math.sign(ys[i - 1]!)) flips++;
  return ys.length > 1 ? flips / (ys.length - 1) : 0;
}

/**
 * Role `gd-large`, series loss, gradNorm, y: over the second half the loss moves < 5 % and stays
 * above a tenth of its start while ‖g‖ keeps ≥ 25 % of its start and y flips sign at ≥ 90 % of updates.
 */
export function stuckNotSmallVerdict(runs: RunsByRole): CheckResult {
  const rs = need(runs, 'gd-large');
  const per = rs.map((r) => {
    const loss = series(r, 'loss');
    const g = series(r, 'gradNorm');
    const half = loss.slice(loss.length >> 1);
    const lo = Math.min(...half);
    const hi = Math.max(...half);
    const plateau = (hi - lo) / Math.max(1e-12, mean(half));
    const gRatio = median(g.slice(g.length >> 1)) / g[0]!;
    return { plateau, gRatio, high: mean(half) > 0.1 * loss[0]!, flips: signFlips(series(r, 'y').slice(series(r, 'y').length >> 1)), loss: mean(half), g: median(g.slice(g.length >> 1)) };
  });
  const passed = per.length > 0 && per.every((p) => p.plateau < 0.05 && p.high && p.gRatio >= 0.25 && p.flips >= 0.9);
  const over = (key: 'plateau' | 'gRatio' | 'flips' | 'loss' | 'g') => stat(per.map((p) => p[key]));
  const [pl, gr, fl, lo, g] = [over('plateau'), over('gRatio'), over('flips'), over('loss'), over('g')];
  return verdict(
    4,
    'stuck-not-small',
    passed,
    { plateauRelativeRange: pl, lossSecondHalf: lo, gradNormSecondHalf: g, gradNormOverStart: gr, signFlipFraction: fl },
    t(
      `over the second half the loss stays at ${fmtStat(lo)} (relative range ${fmtStat(pl)}) while ‖g‖ stays at ${fmtStat(g)} (${fmtStat(gr)} of its start) and crosses the valley on ${fmtPercent(fl)} of updates`,
      `后半程损失停在 ${fmtStat(lo)}（相对变化 ${fmtStat(pl)}），而 ‖g‖ 保持在 ${fmtStat(g)}（起点的 ${fmtStat(gr)}），${fmtPercent(fl)} 的更新横穿山谷`,
    ),
    runs,
    ['gd-large'],
  );
}

/** Roles gd-large, gd-small, adagrad, rmsprop: summary { finalDistance, steps, flips }. Arrived = distance to the minimum < 0.05. */
export function ravineVerdict(runs: RunsByRole, arrived = 0.05): CheckResult {
  const d = (role: string) => values(runs, role, 'finalDistance');
  const steps = values(runs, 'gd-small', 'steps', 0);
  const flips = values(runs, 'gd-large', 'flips', 0);
  const oscillates = all(d('gd-large').map((x, i) => x > arrived && flips[i]! >= 0.9));
  const crawls = all(d('gd-small').map((x, i) => x > arrived && steps[i]! >= 1e4));
  const adaptive = all([...d('adagrad'), ...d('rmsprop')].map((x) => x < arrived));
  const [gl, gs, ag, rp] = [stat(d('gd-large')), stat(d('gd-small')), stat(d('adagrad')), stat(d('rmsprop'))];
  return verdict(
    4,
    'ravine',
    oscillates && crawls && adaptive && d('adagrad').length > 0 && d('rmsprop').length > 0,
    { gdLargeDistance: gl, gdLargeSignFlips: stat(flips), gdSmallDistance: gs, gdSmallSteps: steps[0] ?? 0, adagradDistance: ag, rmspropDistance: rp },
    t(
      `distance to the minimum after ${fmt(steps[0] ?? 0)} steps: GD large η ${fmtStat(gl)} (crossing the valley on ${fmtStat(stat(flips))} of steps), GD small η ${fmtStat(gs)}, Adagrad ${fmtStat(ag)}, RMSProp ${fmtStat(rp)}`,
      `${fmt(steps[0] ?? 0)} 步后到最小值的距离：大 η 的梯度下降 ${fmtStat(gl)}（${fmtStat(stat(flips))} 的步横穿山谷），小 η 的梯度下降 ${fmtStat(gs)}，Adagrad ${fmtStat(ag)}，RMSProp ${fmtStat(rp)}`,
    ),
    runs,
    ['gd-large', 'gd-small', 'adagrad', 'rmsprop'],
  );
}

/** Roles `no-decay`, `decay`: summary { arrivedAt, lossAtStart, maxLossAfterArrival }. A blow-up = a loss above 10 % of the start's after first arriving. */
export function decayVerdict(runs: RunsByRole): CheckResult {
  const blow = (role: string) => need(runs, role).map((r) => num(r, 'maxLossAfterArrival') / num(r, 'lossAtStart', NaN));
  const arrived = (role: string) => need(runs, role).every((r) => num(r, 'arrivedAt', -1) >= 0);
  const nd = blow('no-decay');
  const dc = blow('decay');
  const blowsUp = nd.length > 0 && arrived('no-decay') && nd.every((x) => x > 0.1);
  const fixed = dc.length > 0 && arrived('decay') && dc.every((x) => x < 0.01);
  const [a, b] = [stat(values(runs, 'no-decay', 'maxLossAfterArrival')), stat(values(runs, 'decay', 'maxLossAfterArrival'))];
  return verdict(
    4,
    'decay',
    blowsUp && fixed,
    { noDecayMaxLossAfterArrival: a, decayMaxLossAfterArrival: b, lossAtStart: stat(values(runs, 'no-decay', 'lossAtStart')), noDecayArrivedAt: stat(values(runs, 'no-decay', 'arrivedAt', NaN)) },
    t(
      `after arriving, the highest loss is ${fmtStat(a)} without decay and ${fmtStat(b)} with η/√(t+1) (start: ${fmt(num(need(runs, 'no-decay')[0] ?? ({ summary: {} } as StoredRun), 'lossAtStart', NaN))})`,
      `到达之后的最高损失：不衰减 ${fmtStat(a)}，按 η/√(t+1) 衰减 ${fmtStat(b)}（起点 ${fmt(num(need(runs, 'no-decay')[0] ?? ({ summary: {} } as StoredRun), 'lossAtStart', NaN))}）`,
    ),
    runs,
    ['no-decay', 'decay'],
  );
}

/** The highest per-update loss over the first `window` updates over the first one's (series 'loss'). */
export function earlySpike(run: StoredRun, window = 60): number {
  const loss = series(run, 'loss');
  if (!loss.length) return Infinity;
  const head = loss.slice(0, window);
  return (head.some((v) => !Number.isFinite(v)) ? Infinity : Math.max(...head)) / loss[0]!;
}

/** Roles `adam`, `adam-warmup`: Adam's early loss spike (≥ 1.5× the first loss) on every seed, gone (< 1.3×) with warm-up. */
export function warmupVerdict(runs: RunsByRole): CheckResult {
  const a = need(runs, 'adam').map((r) => earlySpike(r));
  const w = need(runs, 'adam-warmup').map((r) => earlySpike(r));
  const passed = a.length > 0 && w.length === a.length && a.every((x) => x >= 1.5) && w.every((x) => x < 1.3);
  const [sa, sw] = [stat(a), stat(w)];
  return verdict(
    4,
    'warmup',
    passed,
    { adamEarlySpike: sa, warmupEarlySpike: sw, adamFinalTrainLoss: stat(values(runs, 'adam', 'trainLoss')), warmupFinalTrainLoss: stat(values(runs, 'adam-warmup', 'trainLoss')) },
    t(
      `highest loss over the first 60 updates ÷ the first: Adam ${fmtStat(sa)}, Adam with warm-up ${fmtStat(sw)}`,
      `前 60 次更新的最高损失 ÷ 初始损失：Adam ${fmtStat(sa)}，加预热的 Adam ${fmtStat(sw)}`,
    ),
    runs,
    ['adam', 'adam-warmup'],
  );
}

// ---------------------------------------------------------------- §5

/** Role `softmax`: summary { minP, maxP, maxSumError, maxSigmoidError, vectors }. */
export function softmaxVerdict(runs: RunsByRole): CheckResult {
  const r = need(runs, 'softmax')[0];
  const minP = r ? num(r, 'minP', NaN) : NaN;
  const maxP = r ? num(r, 'maxP', NaN) : NaN;
  const sumErr = r ? num(r, 'maxSumError') : Infinity;
  const sigErr = r ? num(r, 'maxSigmoidError') : Infinity;
  const passed = minP > 0 && maxP < 1 && sumErr < 1e-12 && sigErr < 1e-12;
  return verdict(
    5,
    'softmax',
    passed,
    { minP, maxP, maxSumError: sumErr, maxSigmoidError: sigErr, vectors: r ? num(r, 'vectors', 0) : 0 },
    t(
      `outputs in [${fmt(minP)}, 1 − ${fmt(1 - maxP)}], largest |Σp − 1| = ${fmt(sumErr)}, largest |softmax₁ − σ(z₁ − z₂)| = ${fmt(sigErr)}`,
      `输出在 [${fmt(minP)}, 1 − ${fmt(1 - maxP)}]，最大 |Σp − 1| = ${fmt(sumErr)}，最大 |softmax₁ − σ(z₁ − z₂)| = ${fmt(sigErr)}`,
    ),
    runs,
    ['softmax'],
  );
}

/**
 * Roles `mse-surface`, `ce-surface`: series loss and gradNorm over the same grid (row-major).
 * Plateau = cells where the MSE loss is ≥ 80 % of its largest value; there the median ‖g‖ of MSE
 * is under a tenth of cross-entropy's, over at least 10 % of the grid.
 */
export function msePlateauVerdict(runs: RunsByRole): CheckResult {
  const mse = need(runs, 'mse-surface')[0];
  const ce = need(runs, 'ce-surface')[0];
  const ml = mse ? series(mse, 'loss') : [];
  const mg = mse ? series(mse, 'gradNorm') : [];
  const cg = ce ? series(ce, 'gradNorm') : [];
  const top = Math.max(...ml);
  const cells = ml.map((_, i) => i).filter((i) => ml[i]! >= 0.8 * top);
  const gm = median(cells.map((i) => mg[i]!));
  const gc = median(cells.map((i) => cg[i]!));
  const area = ml.length ? cells.length / ml.length : 0;
  const passed = cg.length === ml.length && area >= 0.1 && gm < 0.1 * gc;
  return verdict(
    5,
    'mse-plateau',
    passed,
    { plateauFraction: area, mseGradNorm: gm, ceGradNorm: gc, mseLossOnPlateau: top },
    t(
      `on the high-loss region (${fmt(100 * area)} % of the grid) median ‖g‖ is ${fmt(gm)} for MSE and ${fmt(gc)} for cross-entropy`,
      `在高损失区域（网格的 ${fmt(100 * area)} %）上，‖g‖ 的中位数：均方误差 ${fmt(gm)}，交叉熵 ${fmt(gc)}`,
    ),
    runs,
    ['mse-surface', 'ce-surface'],
  );
}

/**
 * Roles `mse-train`, `ce-train`: summary { startLoss, finalLoss, finalAccuracy }. CE reaches ≥ 90 %
 * accuracy and halves its loss; MSE stays ≥ 90 % of its start.
 */
export function mseStallsVerdict(runs: RunsByRole): CheckResult {
  const rel = (role: string) => need(runs, role).map((r) => num(r, 'finalLoss') / num(r, 'startLoss', NaN));
  const ce = rel('ce-train');
  const mse = rel('mse-train');
  const ceAcc = values(runs, 'ce-train', 'finalAccuracy', 0);
  const mseAcc = values(runs, 'mse-train', 'finalAccuracy', 0);
  const passed = ce.length > 0 && mse.length > 0 && ce.every((x) => x < 0.5) && ceAcc.every((a) => a >= 0.9) && mse.every((x) => x > 0.9);
  return verdict(
    5,
    'mse-stalls',
    passed,
    { ceFinalOverStart: stat(ce), mseFinalOverStart: stat(mse), ceAccuracy: stat(ceAcc), mseAccuracy: stat(mseAcc) },
    t(
      `final ÷ starting loss: cross-entropy ${fmtStat(stat(ce))} (accuracy ${fmtStat(stat(ceAcc))}), MSE ${fmtStat(stat(mse))} (accuracy ${fmtStat(stat(mseAcc))})`,
      `最终损失 ÷ 初始损失：交叉熵 ${fmtStat(stat(ce))}（准确率 ${fmtStat(stat(ceAcc))}），均方误差 ${fmtStat(stat(mse))}（准确率 ${fmtStat(stat(mseAcc))}）`,
    ),
    runs,
    ['mse-train', 'ce-train'],
  );
}

// ---------------------------------------------------------------- §6

/** Role `population`: summary lossAll; within 0.02 of 0.28 on average. */
export function hAllVerdict(runs: RunsByRole, target = 0.28, tolerance = 0.02): CheckResult {
  const l = stat(values(runs, 'population', 'lossAll', NaN));
  const passed = l.n > 0 && Math.abs(l.mean - target) <= tolerance;
  return verdict(6, 'h-all', passed, { lossAll: l, target }, t(`L(h_all, D_all) = ${fmtStat(l)} (lecture: ≈ ${target})`, `L(h_all, D_all) = ${fmtStat(l)}（课程中 ≈ ${target}）`), runs, ['population']);
}

const nRoles = (runs: RunsByRole) =>
  Object.keys(runs)
    .filter((r) => /^n-\d+$/.test(r))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
const hRoles = (runs: RunsByRole) =>
  Object.keys(runs)
    .filter((r) => /^h-\d+$/.test(r))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));

/** Roles `n-<N>`: summary { badFraction, bound, maxExcess }; every sampled fraction ≤ its bound, at ε and over the ε grid. */
export function boundVerdict(runs: RunsByRole): CheckResult {
  const roles = nRoles(runs);
  const rows = roles.flatMap((r) => need(runs, r).map((run) => ({ n: Number(r.slice(2)), bad: num(run, 'badFraction'), bound: num(run, 'bound', NaN), excess: num(run, 'maxExcess', 0) })));
  // At the chosen ε and at every ε of the lab's grid (maxExcess = the largest bad − bound there).
  const violations = rows.filter((x) => !(x.bad <= x.bound) || x.excess > 0);
  const measured: Record<string, number | SeedStat> = { violations: violations.length, cases: rows.length };
  for (const r of roles) {
    measured[`badFraction_${r.slice(2)}`] = stat(values(runs, r, 'badFraction'));
    measured[`bound_${r.slice(2)}`] = values(runs, r, 'bound', NaN)[0] ?? NaN;
  }
  // A bound of 1 or more says nothing about a probability: it reads as vacuous, not as 7360.
  const bound = (r: string) => values(runs, r, 'bound', NaN)[0] ?? NaN;
  const item = (r: string, zh: boolean) => {
    const [n, fraction, b] = [r.slice(2), fmtStat(stat(values(runs, r, 'badFraction'))), bound(r)];
    if (b >= 1) return zh ? `N=${n}：${fraction}，上界 ≥ 1（无意义）` : `N=${n}: ${fraction}, bound ≥ 1 (vacuous)`;
    return zh ? `N=${n}：${fraction} ≤ ${fmt(b)}` : `N=${n}: ${fraction} ≤ ${fmt(b)}`;
  };
  const list = (zh: boolean) => roles.map((r) => item(r, zh)).join(zh ? '；' : '; ');
  return verdict(
    6,
    'bound',
    rows.length > 0 && violations.length === 0,
    measured,
    t(
      `bad-set fraction vs bound: ${list(false)}${violations.length ? ` — ${violations.length} violations` : ''}`,
      `坏训练集比例与上界：${list(true)}${violations.length ? `——${violations.length} 处超出` : ''}`,
    ),
    runs,
    roles,
  );
}

/**
 * Roles `n-<N>` (|H| full) and `h-<H>` (N fixed): summary gapMean; the gap at the largest N < at
 * the smallest N, and at the smallest |H| < at the largest |H|.
 */
export function gapShrinksVerdict(runs: RunsByRole): CheckResult {
  const ns = nRoles(runs);
  const hs = hRoles(runs);
  const gap = (role: string) => stat(values(runs, role, 'gapMean'));
  const [n0, n1, h0, h1] = [ns[0], ns[ns.length - 1], hs[0], hs[hs.length - 1]].map((r) => (r ? gap(r) : stat([])));
  const byN = ns.length >= 2 && n1!.mean < n0!.mean;
  const byH = hs.length >= 2 && h0!.mean < h1!.mean;
  return verdict(
    6,
    'gap-shrinks',
    byN && byH,
    { gapSmallN: n0!, gapLargeN: n1!, gapSmallH: h0!, gapLargeH: h1! },
    t(
      `mean gap ${fmtStat(n0!)} at N=${ns[0]?.slice(2)} → ${fmtStat(n1!)} at N=${ns[ns.length - 1]?.slice(2)}; ${fmtStat(h1!)} at |H|=${hs[hs.length - 1]?.slice(2)} → ${fmtStat(h0!)} at |H|=${hs[0]?.slice(2)}`,
      `平均差距：N=${ns[0]?.slice(2)} 时 ${fmtStat(n0!)} → N=${ns[ns.length - 1]?.slice(2)} 时 ${fmtStat(n1!)}；|H|=${hs[hs.length - 1]?.slice(2)} 时 ${fmtStat(h1!)} → |H|=${hs[0]?.slice(2)} 时 ${fmtStat(h0!)}`,
    ),
    runs,
    [...ns, ...hs],
  );
}

/** Roles `h-<H>`: summary lossAll; the smallest |H|'s L(h_all) is ≥ 0.05 above the largest's. */
export function smallHVerdict(runs: RunsByRole): CheckResult {
  const hs = hRoles(runs);
  const l = (role: string | undefined) => (role ? stat(values(runs, role, 'lossAll')) : stat([]));
  const [small, large] = [l(hs[0]), l(hs[hs.length - 1])];
  const passed = hs.length >= 2 && small.mean >= large.mean + 0.05;
  return verdict(
    6,
    'small-h',
    passed,
    { lossAllSmallH: small, lossAllLargeH: large },
    t(`L(h_all, D_all) = ${fmtStat(small)} with |H| = ${hs[0]?.slice(2)}, ${fmtStat(large)} with |H| = ${hs[hs.length - 1]?.slice(2)}`, `|H| = ${hs[0]?.slice(2)} 时 L(h_all, D_all) = ${fmtStat(small)}，|H| = ${hs[hs.length - 1]?.slice(2)} 时为 ${fmtStat(large)}`),
    runs,
    hs,
  );
}

// ---------------------------------------------------------------- §7

/** Roles `online-adam`, `online-amsgrad` on the online problem whose optimum is x = −1: summary finalX. Adam ends at x > 0, AMSGrad at x < −0.5. */
export function amsgradVerdict(runs: RunsByRole): CheckResult {
  const a = values(runs, 'online-adam', 'finalX', NaN);
  const m = values(runs, 'online-amsgrad', 'finalX', NaN);
  const passed = a.length > 0 && m.length > 0 && a.every((x) => x > 0) && m.every((x) => x < -0.5);
  const [sa, sm] = [stat(a), stat(m)];
  return verdict(
    7,
    'amsgrad',
    passed,
    { adamFinalX: sa, amsgradFinalX: sm, optimumX: -1 },
    t(`optimum x = −1: Adam ends at x = ${fmtStat(sa)}, AMSGrad at x = ${fmtStat(sm)}`, `最优点 x = −1：Adam 停在 x = ${fmtStat(sa)}，AMSGrad 停在 x = ${fmtStat(sm)}`),
    runs,
    ['online-adam', 'online-amsgrad'],
  );
}

/** Largest |a − b| over the first `window` per-update losses (an early spike is what tells them apart). */
function curveDistance(a: StoredRun, b: StoredRun, window = 60): number {
  const la = series(a, 'loss').slice(0, window);
  const lb = series(b, 'loss').slice(0, window);
  const n = Math.min(la.length, lb.length);
  if (!n) return Infinity;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(la[i]! - lb[i]!));
  return Number.isFinite(d) ? d : Infinity;
}

/**
 * Roles `adam`, `adam-warmup`, `radam`: RAdam's first-60-update loss curve is within half plain
 * Adam's largest distance to warm-up Adam's, on every seed, and has no spike.
 */
export function radamVerdict(runs: RunsByRole): CheckResult {
  const adam = need(runs, 'adam');
  const warm = need(runs, 'adam-warmup');
  const radam = need(runs, 'radam');
  const n = Math.min(adam.length, warm.length, radam.length);
  const dR = Array.from({ length: n }, (_, i) => curveDistance(radam[i]!, warm[i]!));
  const dA = Array.from({ length: n }, (_, i) => curveDistance(adam[i]!, warm[i]!));
  const spikes = radam.map((r) => earlySpike(r));
  const passed = n > 0 && dR.every((d, i) => d < 0.5 * dA[i]!) && spikes.every((s) => s < 1.3);
  return verdict(
    7,
    'radam',
    passed,
    { radamToWarmup: stat(dR), adamToWarmup: stat(dA), radamEarlySpike: stat(spikes), adamEarlySpike: stat(adam.map((r) => earlySpike(r))) },
    t(
      `largest |Δloss| to warm-up Adam over the first 60 updates: RAdam ${fmtStat(stat(dR))}, Adam without warm-up ${fmtStat(stat(dA))}`,
      `前 60 次更新与加预热 Adam 的最大 |Δ损失|：RAdam ${fmtStat(stat(dR))}，不加预热的 Adam ${fmtStat(stat(dA))}`,
    ),
    runs,
    ['adam', 'adam-warmup', 'radam'],
  );
}

/** Largest distance between two stored trajectories (series x and y). */
function pathDistance(a: StoredRun | undefined, b: StoredRun | undefined): number {
  if (!a || !b) return NaN;
  const [ax, ay, bx, by] = [series(a, 'x'), series(a, 'y'), series(b, 'x'), series(b, 'y')];
  if (!ax.length || ax.length !== bx.length) return Infinity;
  let d = 0;
  for (let i = 0; i < ax.length; i++) d = Math.max(d, Math.hypot(ax[i]! - bx[i]!, ay[i]! - by[i]!));
  return d;
}

/** Roles sgd-l2, sgdw, adam-l2, adamw: SGD paths within 1e-9, Adam paths ≥ 1e-3 apart, on every seed. */
export function weightDecayVerdict(runs: RunsByRole): CheckResult {
  const n = need(runs, 'sgd-l2').length;
  const dS = Array.from({ length: n }, (_, i) => pathDistance(need(runs, 'sgd-l2')[i], need(runs, 'sgdw')[i]));
  const dA = Array.from({ length: n }, (_, i) => pathDistance(need(runs, 'adam-l2')[i], need(runs, 'adamw')[i]));
  const passed = n > 0 && dS.every((d) => d < 1e-9) && dA.every((d) => d >= 1e-3);
  return verdict(
    7,
    'weight-decay',
    passed,
    { sgdPathDistance: stat(dS), adamPathDistance: stat(dA) },
    t(
      `largest distance between the paths: SGD + L2 vs SGDW ${fmt(Math.max(...dS))}; Adam + L2 vs AdamW ${fmtStat(stat(dA))}`,
      `两条路径的最大距离：SGD + L2 与 SGDW ${fmt(Math.max(...dS))}；Adam + L2 与 AdamW ${fmtStat(stat(dA))}`,
    ),
    runs,
    ['sgd-l2', 'sgdw', 'adam-l2', 'adamw'],
  );
}

/** Σ|y_{t+1} − y_t|: how much a path swings across the valley. */
function swing(run: StoredRun): number {
  const y = series(run, 'y');
  let s = 0;
  for (let i = 1; i < y.length; i++) s += Math.abs(y[i]! - y[i - 1]!);
  return y.length > 1 ? s : Infinity;
}

/** Roles `inner`, `lookahead`: Lookahead's swing across the valley is under half its inner optimizer's on every seed. */
export function lookaheadVerdict(runs: RunsByRole): CheckResult {
  const a = need(runs, 'inner').map(swing);
  const b = need(runs, 'lookahead').map(swing);
  const passed = paired(b, a, (l, i) => l < 0.5 * i);
  return verdict(
    7,
    'lookahead',
    passed,
    { innerSwing: stat(a), lookaheadSwing: stat(b) },
    t(`total swing across the valley Σ|Δy|: inner SGD ${fmtStat(stat(a))}, Lookahead ${fmtStat(stat(b))}`, `横穿山谷的总摆动 Σ|Δy|：内部 SGD ${fmtStat(stat(a))}，Lookahead ${fmtStat(stat(b))}`),
    runs,
    ['inner', 'lookahead'],
  );
}

/** Role `swats`: summary switchStep (null when it never switched); it switches on every seed. */
export function swatsVerdict(runs: RunsByRole): CheckResult {
  const steps = values(runs, 'swats', 'switchStep', NaN);
  const lambda = values(runs, 'swats', 'sgdLr', NaN);
  const passed = steps.length > 0 && steps.every((s) => Number.isFinite(s) && s >= 1) && lambda.every((l) => Number.isFinite(l) && l > 0);
  const switched = steps.filter(Number.isFinite).length;
  return verdict(
    7,
    'swats',
    passed,
    { switchStep: stat(steps.filter(Number.isFinite)), sgdLr: stat(lambda.filter(Number.isFinite)), switched, runs: steps.length },
    t(
      `switched to SGD on ${switched} of ${steps.length} seeds, at update ${fmtStat(stat(steps.filter(Number.isFinite)))} with rate Λ = ${fmtStat(stat(lambda.filter(Number.isFinite)))}`,
      `${steps.length} 个种子中 ${switched} 个切换到 SGD，发生在第 ${fmtStat(stat(steps.filter(Number.isFinite)))} 次更新，学习率 Λ = ${fmtStat(stat(lambda.filter(Number.isFinite)))}`,
    ),
    runs,
    ['swats'],
  );
}

/**
 * Roles `range-test` (summary suggestedLr) and `trained` (series loss, summary trainLoss): trained
 * at the suggestion, the final training loss is under half the first update's, on every seed.
 */
export function rangeTestVerdict(runs: RunsByRole): CheckResult {
  const lr = values(runs, 'range-test', 'suggestedLr', NaN);
  const trained = need(runs, 'trained');
  const ratio = trained.map((r) => (r.status === 'completed' ? num(r, 'trainLoss') / (series(r, 'loss')[0] ?? NaN) : Infinity));
  const passed = lr.length > 0 && lr.every((x) => x > 0) && ratio.length === lr.length && ratio.every((x) => x < 0.5);
  return verdict(
    7,
    'range-test',
    passed,
    { suggestedLr: stat(lr), finalOverFirstLoss: stat(ratio), trainLoss: stat(values(runs, 'trained', 'trainLoss')) },
    t(
      `suggested lr ${fmtStat(stat(lr))}; trained with it, final training loss ÷ first mini-batch loss = ${fmtStat(stat(ratio))}`,
      `建议学习率 ${fmtStat(stat(lr))}；用它训练，最终训练损失 ÷ 第一个小批量损失 = ${fmtStat(stat(ratio))}`,
    ),
    runs,
    ['range-test', 'trained'],
  );
}

/** Local maxima of a learning-rate curve (plateaus count once), and upward jumps larger than half the range. */
function lrShape(lr: number[]): { peaks: number; restarts: number; peakAt: number } {
  let peaks = 0;
  let restarts = 0;
  const range = Math.max(...lr) - Math.min(...lr);
  let rising = false;
  for (let i = 1; i < lr.length; i++) {
    const d = lr[i]! - lr[i - 1]!;
    if (d > 0.5 * range) restarts++;
    if (d > 1e-15) rising = true;
    else if (d < -1e-15) {
      if (rising) peaks++;
      rising = false;
    }
  }
  return { peaks, restarts, peakAt: lr.length > 1 ? lr.indexOf(Math.max(...lr)) / (lr.length - 1) : NaN };
}

/**
 * Roles constant, cyclic, sgdr, onecycle (series lr, loss; summary trainLoss): each schedule has its
 * shape and every run trains (final loss < half the first).
 */
export function schedulesVerdict(runs: RunsByRole): CheckResult {
  const first = (role: string) => need(runs, role)[0];
  const shape = (role: string) => lrShape(first(role) ? series(first(role)!, 'lr') : []);
  const c = shape('cyclic');
  const s = shape('sgdr');
  const o = shape('onecycle');
  const shapes = c.peaks >= 2 && s.restarts >= 1 && o.peaks === 1 && o.peakAt > 0.05 && o.peakAt < 0.95;
  const roles = ['constant', 'cyclic', 'sgdr', 'onecycle'];
  const ratio = (role: string) => need(runs, role).map((r) => num(r, 'trainLoss') / (series(r, 'loss')[0] ?? NaN));
  const trains = roles.every((r) => ratio(r).length > 0 && ratio(r).every((x) => x < 0.5));
  const measured: Record<string, number | SeedStat> = { cyclicPeaks: c.peaks, sgdrRestarts: s.restarts, onecyclePeaks: o.peaks, onecyclePeakAt: o.peakAt };
  for (const r of roles) measured[`${r}TrainLoss`] = stat(values(runs, r, 'trainLoss'));
  const tl = (r: string) => fmtStat(stat(values(runs, r, 'trainLoss')));
  return verdict(
    7,
    'schedules',
    shapes && trains,
    measured,
    t(
      `cyclic: ${c.peaks} peaks, SGDR: ${s.restarts} restarts, one-cycle: ${o.peaks} peak at ${fmt(100 * o.peakAt)} % of the run; final training loss constant ${tl('constant')}, cyclic ${tl('cyclic')}, SGDR ${tl('sgdr')}, one-cycle ${tl('onecycle')}`,
      `循环：${c.peaks} 个峰，SGDR：${s.restarts} 次重启，one-cycle：在 ${fmt(100 * o.peakAt)} % 处 ${o.peaks} 个峰；最终训练损失 恒定 ${tl('constant')}，循环 ${tl('cyclic')}，SGDR ${tl('sgdr')}，one-cycle ${tl('onecycle')}`,
    ),
    runs,
    roles,
  );
}
