// Every course verdict in both directions: runs where the lecture's phenomenon is present give ✓,
// runs where it is absent give ✗. The runs are hand-made (summary numbers and series as a stored
// run would carry them), so each test states exactly which difference flips the verdict.
import { describe, expect, it } from 'vitest';
import * as v from '../../../main/course/verdicts';
import type { RunsByRole, StoredRun } from '../../../main/course/types';
import { SECTIONS } from '../../../main/course/sections';

let nextId = 1;
function run(role: string, seed: number, summary: StoredRun['summary'], series: StoredRun['series'] = {}, status: StoredRun['status'] = 'completed'): StoredRun {
  return { runId: nextId++, role, seed, status, summary, series };
}
/** role → one run per seed, summary from f(seed). */
function roles(spec: Record<string, (seed: number) => { summary?: StoredRun['summary']; series?: StoredRun['series'] }>, seeds = [1, 2, 3, 4, 5]): RunsByRole {
  const out: RunsByRole = {};
  for (const [role, f] of Object.entries(spec)) out[role] = seeds.map((s) => run(role, s, f(s).summary ?? {}, f(s).series ?? {}));
  return out;
}
const merge = (...rs: RunsByRole[]): RunsByRole => Object.assign({}, ...rs);
const jitter = (seed: number) => 0.001 * seed;

describe('every section', () => {
  it('returns one verdict per listed check, in order, and none passes without runs', () => {
    for (const s of SECTIONS) {
      const results = s.verdicts({});
      expect(results.map((r) => r.id)).toEqual(s.info.checks.map((c) => c.id));
      for (const r of results) {
        expect(r.passed, `§${s.info.section} ${r.id}`).toBe(false);
        expect(r.claim).toEqual(s.info.checks.find((c) => c.id === r.id)!.claim);
        expect(r.summary.en.length).toBeGreaterThan(10);
        expect(r.summary.zh.length).toBeGreaterThan(5);
      }
    }
  });
});

describe('§1', () => {
  const depth = (plain: number, residual: number) =>
    roles({
      shallow: (s) => ({ summary: { trainLoss: 0.22 + jitter(s), valLoss: 0.2 } }),
      'deep-plain': (s) => ({ summary: { trainLoss: plain + jitter(s), valLoss: plain } }),
      'deep-residual': (s) => ({ summary: { trainLoss: residual + jitter(s), valLoss: residual } }),
    });
  it('depth: ✓ when deep plain is stuck above shallow and residual reaches it', () => {
    const r = v.depthVerdict(depth(0.69, 0.01));
    expect(r.passed).toBe(true);
    expect(r.runs).toEqual({ shallow: expect.any(Number), 'deep-plain': expect.any(Number), 'deep-residual': expect.any(Number) });
    expect(r.measured.deepPlainTrainLoss).toMatchObject({ n: 5 });
    expect(r.summary.en).toMatch(/deep plain final training loss 0\.69\d* ± .* > shallow 0\.22/);
  });
  it('depth: ✗ when the deep plain net trains as well as shallow, or residual does not', () => {
    expect(v.depthVerdict(depth(0.23, 0.01)).passed).toBe(false);
    expect(v.depthVerdict(depth(0.69, 0.4)).passed).toBe(false);
  });
  it('depth: a diverged deep plain run (no finite loss) counts as worse, a diverged residual fails', () => {
    const runs = depth(0.69, 0.01);
    runs['deep-plain']![0]!.summary.trainLoss = null;
    expect(v.depthVerdict(runs).passed).toBe(true);
    runs['deep-residual']![0]!.summary.trainLoss = null;
    expect(v.depthVerdict(runs).passed).toBe(false);
  });

  const sizes = [1, 2, 4, 8, 16];
  const uRuns = (val: number[], train = [0.6, 0.3, 0.2, 0.1, 0.05]) => roles(Object.fromEntries(sizes.map((b, i) => [`size-${b}`, () => ({ summary: { trainLoss: train[i]!, valLoss: val[i]! } })])));
  it('u-curve: ✓ for falling training loss and a U-shaped validation loss', () => {
    const r = v.uCurveVerdict(uRuns([0.8, 0.4, 0.2, 0.3, 0.6]));
    expect(r.passed).toBe(true);
    expect(r.measured.bestSize).toBe(4);
  });
  it('u-curve: ✗ when validation keeps falling (no overfitting) or training loss rises', () => {
    expect(v.uCurveVerdict(uRuns([0.8, 0.4, 0.3, 0.25, 0.2])).passed).toBe(false);
    expect(v.uCurveVerdict(uRuns([0.8, 0.4, 0.2, 0.3, 0.6], [0.6, 0.3, 0.35, 0.1, 0.05])).passed).toBe(false);
  });

  const selection = (pubChosen: number, pubPrivate: number, cvChosen: number, cvPrivate: number) =>
    roles({
      'by-public-test': (s) => ({ summary: { chosenScore: pubChosen + jitter(s), privateScore: pubPrivate + jitter(s) } }),
      'by-cross-validation': (s) => ({ summary: { chosenScore: cvChosen + jitter(s), privateScore: cvPrivate + jitter(s) } }),
    });
  it('model-selection: ✓ when the public pick is optimistic and CV is not', () => {
    expect(v.modelSelectionVerdict(selection(0.07, 0.14, 0.11, 0.13)).passed).toBe(true);
  });
  it('model-selection: ✗ when the public score is honest, or CV is as optimistic', () => {
    expect(v.modelSelectionVerdict(selection(0.14, 0.14, 0.13, 0.13)).passed).toBe(false);
    expect(v.modelSelectionVerdict(selection(0.07, 0.14, 0.07, 0.14)).passed).toBe(false);
  });

  const mismatch = (large: number, matched: number) =>
    roles({
      'shifted-small': () => ({ summary: { testLoss: 1.1, trainLoss: 0.01 } }),
      'shifted-large': () => ({ summary: { testLoss: large, trainLoss: 0.01 } }),
      'matched-small': () => ({ summary: { testLoss: matched, trainLoss: 0.01 } }),
    });
  it('mismatch: ✓ when 10× data leaves the shifted test loss high', () => {
    expect(v.mismatchVerdict(mismatch(1.5, 0.05)).passed).toBe(true);
  });
  it('mismatch: ✗ when more data fixes it, or the unshifted test is just as bad (no mismatch)', () => {
    expect(v.mismatchVerdict(mismatch(0.06, 0.05)).passed).toBe(false);
    expect(v.mismatchVerdict(mismatch(1.5, 1.0)).passed).toBe(false);
  });
});

describe('§2', () => {
  const eps = [0.01, 0.1, 0.2];
  const saddle = (lambdaMin: number, drop: (e: number) => number) => ({
    saddle: [run('saddle', 1, { gradNorm: 0, lambdaMin, lambdaMax: 2 }, { eps, drop: eps.map(drop), predicted: eps.map((e) => -0.5 * lambdaMin * e * e) })],
  });
  it('saddle: ✓ for eigenvalues ±2 and drops of ε² − ε⁴/4 (hand-derived along (1, 1)/√2)', () => {
    const r = v.saddleVerdict(saddle(-2, (e) => e * e - e ** 4 / 4));
    expect(r.passed).toBe(true);
    // One minus sign in prose: U+2212, never the ASCII hyphen.
    expect(r.summary.en).toContain('eigenvalues −2 and 2');
    expect(r.summary.en + r.summary.zh).not.toMatch(/-\d/);
  });
  it('saddle: ✗ at a minimum (no negative eigenvalue), or when the loss rises along u', () => {
    expect(v.saddleVerdict(saddle(2, (e) => -(e * e))).passed).toBe(false);
    expect(v.saddleVerdict(saddle(-2, (e) => -(e * e))).passed).toBe(false);
  });

  const nets = (ratio: number, g = 1e-4) => roles({ 'net-w4': () => ({ summary: { minimumRatio: ratio, gradientNorm: g } }), 'net-w8': () => ({ summary: { minimumRatio: ratio, gradientNorm: g } }) });
  it('min-ratio: ✓ when the stuck points have ratios below 1', () => {
    expect(v.minRatioVerdict(nets(0.45)).passed).toBe(true);
  });
  it('min-ratio: ✗ when they are all local minima (ratio 1), or when nothing is stuck', () => {
    expect(v.minRatioVerdict(nets(1)).passed).toBe(false);
    expect(v.minRatioVerdict(nets(0.45, 0.5)).passed).toBe(false);
  });
});

describe('§3', () => {
  const batches = (ms: number[], acc: number[]) => roles(Object.fromEntries([8, 32, 128, 1024].map((b, i) => [`batch-${b}`, () => ({ summary: { valAccuracy: acc[i]! }, series: { epochMs: [ms[i]!, ms[i]! * 1.05, ms[i]! * 0.95] } })])));
  it('epoch-time: ✓ when epochs get faster with the batch size', () => {
    const r = v.epochTimeVerdict(batches([35, 14, 12, 8], [0.96, 0.94, 0.85, 0.4]));
    expect(r.passed).toBe(true);
    expect(Object.keys(r.runs)).toEqual(['batch-8', 'batch-32', 'batch-128', 'batch-1024']);
  });
  it('epoch-time: ✗ when a larger batch makes the epoch slower', () => {
    expect(v.epochTimeVerdict(batches([10, 12, 15, 20], [0.96, 0.94, 0.85, 0.4])).passed).toBe(false);
    expect(v.epochTimeVerdict(batches([35, 14, 30, 8], [0.96, 0.94, 0.85, 0.4])).passed).toBe(false);
  });
  it('batch-generalization: ✓ when a small batch beats the largest; ✗ when they tie', () => {
    expect(v.batchGeneralizationVerdict(batches([35, 14, 12, 8], [0.96, 0.94, 0.85, 0.4])).passed).toBe(true);
    expect(v.batchGeneralizationVerdict(batches([35, 14, 12, 8], [0.95, 0.95, 0.95, 0.94])).passed).toBe(false);
  });

  const bump = (gdX: number, mX: number, mLoss = 1e-6) =>
    roles({
      gd: () => ({ summary: { finalX: gdX, finalLoss: 0.7, bumpTop: 1.86 } }),
      momentum: () => ({ summary: { finalX: mX, finalLoss: mLoss, bumpTop: 1.86 } }),
    });
  it('momentum-bump: ✓ when GD stops before the bump and momentum passes it', () => {
    expect(v.momentumBumpVerdict(bump(1.55, 4)).passed).toBe(true);
  });
  it('momentum-bump: ✗ when momentum stops too, or GD also gets over', () => {
    expect(v.momentumBumpVerdict(bump(1.55, 1.55, 0.7)).passed).toBe(false);
    expect(v.momentumBumpVerdict(bump(4, 4)).passed).toBe(false);
  });
});

describe('§4', () => {
  const n = 200;
  const of = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const bouncing = { loss: of(() => 1.78), gradNorm: of(() => 9.86), y: of((i) => (i % 2 ? -0.25 : 0.25)) };
  const settling = { loss: of((i) => 1.78 * 0.9 ** i), gradNorm: of((i) => 9.86 * 0.9 ** i), y: of((i) => 0.25 * 0.9 ** i) };
  it('stuck-not-small: ✓ for a flat loss with a large, valley-crossing gradient', () => {
    bouncing.loss[0] = 7.3;
    const r = v.stuckNotSmallVerdict({ 'gd-large': [run('gd-large', 1, {}, bouncing)] });
    expect(r.passed).toBe(true);
    // y changes sign after every update of the second half: a percentage, not "1 ± 0 of updates".
    expect(r.summary.en).toMatch(/crosses the valley on 100 % of updates/);
    expect(r.summary.zh).toMatch(/100 % 的更新横穿山谷/);
  });
  it('stuck-not-small: ✗ when the loss and the gradient both fall to 0 (a real convergence)', () => {
    const r = v.stuckNotSmallVerdict({ 'gd-large': [run('gd-large', 1, {}, settling)] });
    expect(r.passed).toBe(false);
    expect(r.summary.en).toMatch(/crosses the valley on 0 % of updates/);
  });

  const ravine = (large: number, small: number, ada: number, steps = 10_000) =>
    roles({
      'gd-large': () => ({ summary: { finalDistance: large, flips: 1 } }),
      'gd-small': () => ({ summary: { finalDistance: small, steps } }),
      adagrad: () => ({ summary: { finalDistance: ada } }),
      rmsprop: () => ({ summary: { finalDistance: 0.002 } }),
    });
  it('ravine: ✓ when GD does not arrive either way and the adaptive methods do', () => {
    expect(v.ravineVerdict(ravine(1.6, 4.2, 1e-8)).passed).toBe(true);
  });
  it('ravine: ✗ when small-η GD arrives, when Adagrad does not, or with too few steps to call it a crawl', () => {
    expect(v.ravineVerdict(ravine(1.6, 0.01, 1e-8)).passed).toBe(false);
    expect(v.ravineVerdict(ravine(1.6, 4.2, 0.5)).passed).toBe(false);
    expect(v.ravineVerdict(ravine(1.6, 4.2, 1e-8, 5000)).passed).toBe(false);
  });

  const decay = (noDecayMax: number, decayMax: number) =>
    roles({
      'no-decay': () => ({ summary: { arrivedAt: 40, lossAtStart: 8.4, maxLossAfterArrival: noDecayMax } }),
      decay: () => ({ summary: { arrivedAt: 270, lossAtStart: 8.4, maxLossAfterArrival: decayMax } }),
    });
  it('decay: ✓ when the undecayed run blows up after arriving and the decayed one stays', () => {
    expect(v.decayVerdict(decay(15, 2.5e-4)).passed).toBe(true);
  });
  it('decay: ✗ when nothing blows up, or decay does not fix it', () => {
    expect(v.decayVerdict(decay(2.5e-4, 2.5e-4)).passed).toBe(false);
    expect(v.decayVerdict(decay(15, 10)).passed).toBe(false);
  });

  const curve = (spike: number) => Array.from({ length: 80 }, (_, i) => (i === 5 ? 0.8 * spike : 0.8 - 0.001 * i));
  const warm = (adamSpike: number, warmSpike: number) => roles({ adam: () => ({ series: { loss: curve(adamSpike) } }), 'adam-warmup': () => ({ series: { loss: curve(warmSpike) } }) });
  it('warmup: ✓ when Adam spikes early and warm-up does not; ✗ when neither spikes', () => {
    expect(v.warmupVerdict(warm(3, 1)).passed).toBe(true);
    expect(v.warmupVerdict(warm(1.1, 1)).passed).toBe(false);
    expect(v.warmupVerdict(warm(3, 3)).passed).toBe(false);
  });
});

describe('§5', () => {
  const soft = (summary: StoredRun['summary']) => ({ softmax: [run('softmax', 1, summary)] });
  it('softmax: ✓ inside (0, 1) with sums of 1 and σ agreement; ✗ for an output of exactly 0 or a sum off by 1e-6', () => {
    const good = { minP: 1e-9, maxP: 1 - 1e-9, maxSumError: 4e-16, maxSigmoidError: 1e-16, vectors: 1000 };
    expect(v.softmaxVerdict(soft(good)).passed).toBe(true);
    expect(v.softmaxVerdict(soft({ ...good, minP: 0 })).passed).toBe(false);
    expect(v.softmaxVerdict(soft({ ...good, maxSumError: 1e-6 })).passed).toBe(false);
    expect(v.softmaxVerdict(soft({ ...good, maxSigmoidError: 0.01 })).passed).toBe(false);
  });

  const grid = (mseFlat: boolean) => {
    const loss = [1, 1, 1, 0.9, 0.2, 0.1, 0.05, 0.0];
    const mseG = loss.map((l) => (mseFlat && l > 0.8 ? 0.01 : 0.5));
    const ceG = loss.map(() => 1.5);
    return { 'mse-surface': [run('mse-surface', 1, {}, { loss, gradNorm: mseG })], 'ce-surface': [run('ce-surface', 1, {}, { loss: loss.map((l) => 4 * l), gradNorm: ceG })] };
  };
  it('mse-plateau: ✓ when MSE is flat where its loss is high and CE is not; ✗ when MSE keeps a slope', () => {
    expect(v.msePlateauVerdict(grid(true)).passed).toBe(true);
    expect(v.msePlateauVerdict(grid(false)).passed).toBe(false);
  });

  const training = (ceRatio: number, mseRatio: number) =>
    roles({
      'ce-train': () => ({ summary: { startLoss: 4, finalLoss: 4 * ceRatio, finalAccuracy: ceRatio < 0.5 ? 0.99 : 0.05 } }),
      'mse-train': () => ({ summary: { startLoss: 1, finalLoss: mseRatio, finalAccuracy: mseRatio > 0.9 ? 0.03 : 0.99 } }),
    });
  it('mse-stalls: ✓ when CE escapes and MSE stays; ✗ when MSE escapes too', () => {
    expect(v.mseStallsVerdict(training(0.002, 0.98)).passed).toBe(true);
    expect(v.mseStallsVerdict(training(0.002, 0.4)).passed).toBe(false);
    expect(v.mseStallsVerdict(training(0.95, 0.98)).passed).toBe(false);
  });
});

describe('§6', () => {
  it('h-all: ✓ near 0.28, ✗ at 0.35', () => {
    expect(v.hAllVerdict(roles({ population: (s) => ({ summary: { lossAll: 0.275 + jitter(s) } }) })).passed).toBe(true);
    expect(v.hAllVerdict(roles({ population: () => ({ summary: { lossAll: 0.35 } }) })).passed).toBe(false);
  });

  const sweep = (bad200: number, gapLargeN: number, gapSmallH: number, lossSmallH: number) =>
    merge(
      roles({
        'n-50': () => ({ summary: { badFraction: 0.76, bound: 7360, gapMean: 0.025, maxExcess: -1 } }),
        'n-200': () => ({ summary: { badFraction: bad200, bound: 366, gapMean: 0.012, maxExcess: -1 } }),
        'n-3200': () => ({ summary: { badFraction: 0, bound: 3e-24, gapMean: gapLargeN, maxExcess: -1e-24 } }),
      }),
      roles({
        'h-100': () => ({ summary: { gapMean: gapSmallH, lossAll: lossSmallH } }),
        'h-10000': () => ({ summary: { gapMean: 0.012, lossAll: 0.278 } }),
      }),
    );
  it('bound: ✓ when no sampled fraction exceeds its bound; ✗ when one does (at ε or anywhere on the ε grid)', () => {
    const ok = v.boundVerdict(sweep(0.05, 0.001, 0.002, 0.5));
    expect(ok.passed).toBe(true);
    // A probability bound of 7360 or 366 says nothing: it reads as vacuous; one below 1 is printed.
    expect(ok.summary.en).toContain('N=50: 0.76 ± 0, bound ≥ 1 (vacuous); N=200: 0.05 ± 0, bound ≥ 1 (vacuous); N=3200: 0 ± 0 ≤ 3.00e−24');
    expect(ok.summary.zh).toContain('N=50：0.76 ± 0，上界 ≥ 1（无意义）');
    expect(ok.summary.en).not.toMatch(/7360|366/);
    const over = sweep(0.05, 0.001, 0.002, 0.5);
    over['n-3200']![2]!.summary.badFraction = 0.01;
    expect(v.boundVerdict(over).passed).toBe(false);
    const grid = sweep(0.05, 0.001, 0.002, 0.5);
    grid['n-200']![0]!.summary.maxExcess = 0.02;
    expect(v.boundVerdict(grid).passed).toBe(false);
  });
  it('gap-shrinks: ✓ when larger N and smaller |H| shrink the gap; ✗ when larger N does not', () => {
    expect(v.gapShrinksVerdict(sweep(0.05, 0.001, 0.002, 0.5)).passed).toBe(true);
    expect(v.gapShrinksVerdict(sweep(0.05, 0.03, 0.002, 0.5)).passed).toBe(false);
    expect(v.gapShrinksVerdict(sweep(0.05, 0.001, 0.02, 0.5)).passed).toBe(false);
  });
  it('small-h: ✓ when a tiny |H| raises L(h_all); ✗ when it does not', () => {
    expect(v.smallHVerdict(sweep(0.05, 0.001, 0.002, 0.5)).passed).toBe(true);
    expect(v.smallHVerdict(sweep(0.05, 0.001, 0.002, 0.28)).passed).toBe(false);
  });
});

describe('§7', () => {
  it('amsgrad: ✓ when Adam ends on the wrong side and AMSGrad near −1; ✗ when both reach −1', () => {
    const r = v.amsgradVerdict(roles({ 'online-adam': () => ({ summary: { finalX: 1 } }), 'online-amsgrad': () => ({ summary: { finalX: -0.993 } }) }));
    expect(r.passed).toBe(true);
    expect(r.summary.en).toContain('optimum x = −1: Adam ends at x = 1 ± 0, AMSGrad at x = −0.993 ± 0');
    expect(v.amsgradVerdict(roles({ 'online-adam': () => ({ summary: { finalX: -1 } }), 'online-amsgrad': () => ({ summary: { finalX: -0.99 } }) })).passed).toBe(false);
  });

  const flat = Array.from({ length: 60 }, (_, i) => 0.8 - 0.002 * i);
  const spiky = flat.map((l, i) => (i === 4 ? 2.5 : l));
  it('radam: ✓ when RAdam follows warm-up Adam and plain Adam spikes; ✗ when RAdam spikes like Adam', () => {
    const runs = (radam: number[]) => roles({ adam: () => ({ series: { loss: spiky } }), 'adam-warmup': () => ({ series: { loss: flat } }), radam: () => ({ series: { loss: radam } }) });
    expect(v.radamVerdict(runs(flat.map((l) => l + 0.01))).passed).toBe(true);
    expect(v.radamVerdict(runs(spiky)).passed).toBe(false);
  });

  const path = (k: number) => ({ x: [-1.2, -1 + k, -0.8 + k], y: [1, 0.9, 0.8] });
  it('weight-decay: ✓ when SGD paths coincide and Adam paths differ; ✗ when Adam + L2 = AdamW', () => {
    const runs = (adamw: number) => roles({ 'sgd-l2': () => ({ series: path(0) }), sgdw: () => ({ series: path(1e-15) }), 'adam-l2': () => ({ series: path(0) }), adamw: () => ({ series: path(adamw) }) });
    expect(v.weightDecayVerdict(runs(0.3)).passed).toBe(true);
    expect(v.weightDecayVerdict(runs(1e-12)).passed).toBe(false);
  });

  it('lookahead: ✓ when the swing shrinks; ✗ when Lookahead swings as much', () => {
    const swing = (a: number) => ({ x: [0, 0, 0, 0], y: [a, -a, a, -a] });
    expect(v.lookaheadVerdict(roles({ inner: () => ({ series: swing(0.8) }), lookahead: () => ({ series: swing(0.1) }) })).passed).toBe(true);
    expect(v.lookaheadVerdict(roles({ inner: () => ({ series: swing(0.8) }), lookahead: () => ({ series: swing(0.7) }) })).passed).toBe(false);
  });

  it('swats: ✓ when every seed switches; ✗ when one never does', () => {
    expect(v.swatsVerdict(roles({ swats: () => ({ summary: { switchStep: 3800, sgdLr: 1.3e-5 } }) })).passed).toBe(true);
    const runs = roles({ swats: () => ({ summary: { switchStep: 3800, sgdLr: 1.3e-5 } }) });
    runs.swats![3]!.summary = { switchStep: null, sgdLr: null };
    expect(v.swatsVerdict(runs).passed).toBe(false);
  });

  it('range-test: ✓ when training at the suggestion more than halves the loss; ✗ when it does not', () => {
    const runs = (final: number) => roles({ 'range-test': () => ({ summary: { suggestedLr: 0.0024 } }), trained: () => ({ summary: { trainLoss: final }, series: { loss: [0.7, 0.6] } }) });
    expect(v.rangeTestVerdict(runs(0.2)).passed).toBe(true);
    expect(v.rangeTestVerdict(runs(0.6)).passed).toBe(false);
  });

  it('schedules: ✓ for the three shapes and runs that train; ✗ for a one-cycle that never peaks or a run that does not train', () => {
    const t = Array.from({ length: 100 }, (_, i) => i);
    const lr = {
      constant: t.map(() => 0.05),
      cyclic: t.map((i) => 0.01 + 0.09 * (1 - Math.abs(((i % 20) - 10) / 10))),
      sgdr: t.map((i) => 0.05 * (1 + Math.cos((Math.PI * (i % 25)) / 25))),
      onecycle: t.map((i) => (i < 30 ? 0.004 + (0.096 * i) / 30 : 0.1 * (1 - (i - 30) / 70) + 1e-6)),
    };
    const runs = (final: number, onecycle = lr.onecycle) =>
      roles(
        Object.fromEntries(
          Object.entries({ ...lr, onecycle }).map(([role, curve]) => [role, () => ({ summary: { trainLoss: final }, series: { lr: curve, loss: [0.7] } })]),
        ),
      );
    expect(v.schedulesVerdict(runs(0.01)).passed).toBe(true);
    expect(v.schedulesVerdict(runs(0.6)).passed).toBe(false);
    expect(v.schedulesVerdict(runs(0.01, lr.constant)).passed).toBe(false);
  });
});
