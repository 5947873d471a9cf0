// The course's section data and its own functions: every "try this" spec is a valid request of
// the lab it opens, every experiment feeds listed checks, and the course's surfaces, classifier
// and piecewise-constant models agree with hand derivations and central differences.
import { describe, expect, it } from 'vitest';
import { channels } from '../../../preload/contract';
import { minRatioRequest } from '../../../preload/analysis';
import { experimentSpec } from '../../../preload/experiment';
import { surfaceExperimentSpec } from '../../../preload/spec';
import { courseSections } from '../../../main/course/sections';
import { bump, bumpTop, walledRavine, amsgradProblem, quadraticRavine } from '../../../main/course/functions';
import { classifierLoss, engineSoftmax, twoClassData } from '../../../main/course/classifier';
import { binMse, fitBins, samplePoints, seededRng } from '../../../main/course/regression';
import { descend } from '../../../main/course/descent';
import { lectureAdagrad } from '../../../main/course/lecture-adagrad';
import { fmt, stat } from '../../../main/course/stats';

describe('section data', () => {
  const sections = courseSections();
  it('has seven sections in order, each with bilingual titles, checks, experiments and try-this prompts', () => {
    expect(sections.map((s) => s.section)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const s of sections) {
      for (const t of [s.title, ...s.checks.map((c) => c.claim), ...s.experiments.flatMap((e) => [e.title, e.why]), ...s.tryThis.map((t) => t.prompt)]) {
        expect(t.en.trim().length).toBeGreaterThan(0);
        expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(new Set(s.checks.map((c) => c.id)).size).toBe(s.checks.length);
      expect(s.defaultSeeds).toBeGreaterThanOrEqual(5);
    }
  });
  it('feeds every check from an experiment and names only the section’s checks', () => {
    for (const s of sections) {
      const ids = s.checks.map((c) => c.id);
      const fed = s.experiments.flatMap((e) => e.checks);
      for (const id of fed) expect(ids, `§${s.section}`).toContain(id);
      for (const id of ids) expect(fed, `§${s.section}`).toContain(id);
    }
  });
  it('gives every try-this a spec its lab’s own channel accepts', () => {
    const parse: Record<string, (spec: unknown) => unknown> = {
      surface: (spec) => surfaceExperimentSpec.parse(spec),
      network: (spec) => experimentSpec.parse(spec),
      batch: (spec) => channels['batch:study'].request.parse(spec),
      bound: (spec) => channels['analysis:bound'].request.parse(spec),
      analysis: (spec) => minRatioRequest.parse(spec),
    };
    for (const s of sections) for (const t of s.tryThis) expect(() => parse[t.lab]!(t.spec), `§${s.section} ${t.id}`).not.toThrow();
  });
});

const central = (f: (p: Float64Array) => number, p: number[], h = 1e-6) =>
  p.map((_, i) => {
    const a = Float64Array.from(p);
    const b = Float64Array.from(p);
    a[i]! += h;
    b[i]! -= h;
    return (f(a) - f(b)) / (2 * h);
  });

describe('course functions', () => {
  it('bump: gradient matches central differences; a dip before the top at x ≈ 1.86, minimum at 4', () => {
    for (const x of [0, 1.3, 1.7, 2.2, 3.9]) expect(bump.gradient(x)).toBeCloseTo((bump.value(x + 1e-6) - bump.value(x - 1e-6)) / 2e-6, 6);
    const top = bumpTop();
    expect(top).toBeGreaterThan(1.8);
    expect(top).toBeLessThan(1.9);
    expect(bump.gradient(1.5)).toBeLessThan(0);
    expect(bump.gradient(1.6)).toBeGreaterThan(0);
    expect(bump.gradient(4)).toBeCloseTo(0, 8);
  });
  it('walled and quadratic ravines: gradients match central differences', () => {
    for (const obj of [walledRavine, quadraticRavine])
      for (const p of [[-4.5, 0.8], [1, -0.05], [0.3, 0.2]]) {
        const g = obj.at(Float64Array.from(p), 0).grad;
        const d = central((q) => obj.at(q, 0).loss, p);
        expect(g[0]).toBeCloseTo(d[0]!, 5);
        expect(g[1]).toBeCloseTo(d[1]!, 5);
      }
  });
  it('AMSGrad problem: gradient 3 on every third update (t = 0, 3, …), −1 otherwise', () => {
    const p = Float64Array.of(0);
    expect([0, 1, 2, 3, 4, 5].map((t) => amsgradProblem.at(p, t).grad[0])).toEqual([3, -1, -1, 3, -1, -1]);
  });
  it('lecture Adagrad with η/√(t+1) decay is the engine’s Adagrad (PyTorch’s √Σg²), to rounding', () => {
    // By hand: η/√(t+1) · g/√(Σg²/(t+1)) = η·g/√Σg²; the engine's eps sits outside the root, as torch's.
    const ours = descend(quadraticRavine, [-4.5, 0.8], { optimizer: { name: 'adagrad', lr: 0.3, eps: 1e-10 }, steps: 50 });
    const theta = [-4.5, 0.8];
    const sum = [0, 0];
    for (let t = 0; t < 50; t++) {
      const g = quadraticRavine.at(Float64Array.from(theta), t).grad;
      for (let i = 0; i < 2; i++) {
        sum[i]! += g[i]! ** 2;
        theta[i]! -= (0.3 * g[i]!) / (Math.sqrt(sum[i]!) + 1e-10);
      }
    }
    expect(ours.path.at(-1)![0]).toBeCloseTo(theta[0]!, 10);
    expect(ours.path.at(-1)![1]).toBeCloseTo(theta[1]!, 10);
    // Without decay the first step is the same, η·sign(g), and later ones are √(t+1) times larger.
    const lecture = lectureAdagrad(quadraticRavine, [-4.5, 0.8], 0.3, 1);
    expect(lecture.path[1]).toEqual([-4.5 + 0.3, 0.8 - 0.3].map((v) => expect.closeTo(v, 9)));
  });
  it('two-class classifier: the engine’s losses give gradients that match central differences', () => {
    const data = twoClassData(20, 3);
    for (const loss of ['mse', 'cross-entropy'] as const)
      for (const [w, b] of [[8, 0], [-1, 0.5], [0.3, -2]] as const) {
        const r = classifierLoss(loss, data, w, b);
        const d = central((p) => classifierLoss(loss, data, p[0]!, p[1]!).loss, [w, b]);
        expect(r.grad[0]).toBeCloseTo(d[0]!, 6);
        expect(r.grad[1]).toBeCloseTo(d[1]!, 6);
      }
  });
  it('the engine’s softmax equals exp(z)/Σexp(z) computed directly', () => {
    const z = [1.5, -0.5, 3];
    const e = z.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    engineSoftmax(z).forEach((p, i) => expect(p).toBeCloseTo(e[i]! / s, 14));
  });
  it('piecewise-constant models: refining the bins never raises the training loss; one bin predicts the mean', () => {
    const data = samplePoints(40, 0.3, seededRng(7));
    const losses = [1, 2, 4, 8, 16, 32, 64].map((b) => binMse(fitBins(data, b), data));
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]! + 1e-12);
    const mean = data.y.reduce((a, b) => a + b, 0) / data.y.length;
    expect(fitBins(data, 1)[0]).toBeCloseTo(mean, 12);
  });
  it('stats: sample standard deviation and number formatting', () => {
    expect(stat([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3), n: 4 });
    expect(fmt(0.123456)).toBe('0.123');
    expect(fmt(2.5e-7)).toBe('2.50e−7');
    expect(fmt(-0.993)).toBe('−0.993');
    expect(fmt(-2)).toBe('−2');
    expect(fmt(-3e-9)).toBe('−3.00e−9');
    expect(fmt(1.5e7)).toBe('1.50e7');
  });
});
