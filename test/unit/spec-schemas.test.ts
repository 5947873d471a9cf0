// Every optimizer and schedule schema at the contract (preload/spec.ts, and the same specs inside an
// experiment file and a surface race): an unknown key is refused by name, and each parameter just
// outside its range is refused at its path while the value just inside is accepted. The ranges are
// the ones the update rules need (and torch's optimizers check): rates and eps > 0, β ∈ [0, 1),
// decays ≥ 0, dampening ∈ [0, 1], whole positive step counts. A table covers every key a schema has.
import { describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { noiseStreamOf, OPTIMIZER_NAMES, optimizerSpec, SCHEDULE_NAMES, scheduleSpec, surfaceExperimentSpec, type OptimizerName, type ScheduleName } from '../../preload/spec';

/** [key, refused value, accepted value]: just outside and just inside the range (or of the wrong type). */
type Case = [key: string, bad: unknown, good: unknown];

const sgdCases = (momentum: number, nesterov = false): Case[] => [
  ['lr', 0, 1e-6],
  ['momentum', -0.1, momentum],
  ['dampening', 1.01, nesterov ? 0 : 1],
  ['nesterov', 'yes', false],
  ['weightDecay', -1e-3, 0],
];
const adamCases: Case[] = [
  ['lr', 0, 1e-6],
  ['beta1', 1, 0.999],
  ['beta2', 1, 0],
  ['eps', 0, 1e-12],
  ['amsgrad', 1, true],
  ['weightDecay', -1e-3, 0],
];
const betaCases: Case[] = [
  ['beta1', -0.1, 0],
  ['beta2', 1, 0.9999],
  ['eps', 0, 1e-12],
];
const wrapperCases: Case[] = [
  ['clipNorm', 0, 1e-3],
  ['gradientNoise', { eta: 0 }, { eta: 0.01 }],
];

const OPTIMIZERS: Record<OptimizerName, { base: Record<string, unknown>; cases: Case[] }> = {
  sgd: { base: { name: 'sgd' }, cases: sgdCases(0) },
  sgdm: { base: { name: 'sgdm' }, cases: sgdCases(0.9) },
  nag: { base: { name: 'nag' }, cases: sgdCases(0.9, true) },
  sgdw: { base: { name: 'sgdw' }, cases: sgdCases(0.9) },
  adagrad: {
    base: { name: 'adagrad' },
    cases: [['lr', 0, 1e-6], ['lrDecay', -1e-3, 0], ['initialAccumulator', -0.1, 0], ['eps', 0, 1e-12], ['weightDecay', -1e-3, 0]],
  },
  rmsprop: {
    base: { name: 'rmsprop' },
    cases: [['lr', 0, 1e-6], ['alpha', 1, 0.999], ['eps', 0, 1e-12], ['momentum', -0.1, 0], ['centered', 'no', true], ['weightDecay', -1e-3, 0]],
  },
  adam: { base: { name: 'adam' }, cases: adamCases },
  amsgrad: { base: { name: 'amsgrad' }, cases: adamCases },
  adamw: { base: { name: 'adamw' }, cases: adamCases },
  nadam: { base: { name: 'nadam' }, cases: [['lr', 0, 1e-6], ...betaCases, ['momentumDecay', -1e-3, 0], ['weightDecay', -1e-3, 0]] },
  radam: { base: { name: 'radam' }, cases: [['lr', 0, 1e-6], ...betaCases, ['weightDecay', -1e-3, 0]] },
  adabound: {
    base: { name: 'adabound' },
    cases: [['lr', 0, 1e-6], ['finalLr', 0, 1e-6], ['gamma', 0, 1e-6], ...betaCases, ['amsbound', 0, true]],
  },
  swats: { base: { name: 'swats' }, cases: [['lr', 0, 1e-6], ...betaCases, ['switchEps', 0, 1e-12], ['switchAt', 0, 1], ['switchAt', 1.5, null]] },
  lookahead: {
    base: { name: 'lookahead', inner: { name: 'adam' } },
    cases: [['k', 0, 1], ['k', 2.5, 3], ['alpha', 0, 1], ['alpha', 1.01, 0.01], ['inner', { name: 'adam', lr: -1 }, { name: 'sgd', lr: 0.1 }]],
  },
};

const SCHEDULES: Record<ScheduleName, { base: Record<string, unknown>; cases: Case[] }> = {
  constant: { base: { name: 'constant' }, cases: [] },
  step: { base: { name: 'step', stepSize: 10 }, cases: [['stepSize', 0, 1], ['stepSize', 2.5, 3], ['gamma', 0, 1e-6]] },
  exponential: { base: { name: 'exponential', gamma: 0.9 }, cases: [['gamma', 0, 1e-6], ['gamma', Infinity, 1]] },
  cosine: { base: { name: 'cosine', tMax: 100 }, cases: [['tMax', 0, 1], ['etaMin', -1e-6, 0]] },
  warmup: {
    base: { name: 'warmup', steps: 10 },
    cases: [['steps', 0, 1], ['startFactor', 1.01, 1], ['startFactor', -0.01, 0], ['then', { name: 'cosine', tMax: 0 }, { name: 'cosine', tMax: 5 }]],
  },
  cyclic: {
    base: { name: 'cyclic', baseLr: 1e-3, maxLr: 1e-2 },
    cases: [['baseLr', 0, 1e-6], ['maxLr', 0, 1e-6], ['stepSizeUp', 0, 1], ['stepSizeDown', 0, 1], ['mode', 'triangle', 'exp_range'], ['gamma', 0, 0.99]],
  },
  sgdr: { base: { name: 'sgdr', t0: 10 }, cases: [['t0', 0, 1], ['tMult', 0, 2], ['tMult', 1.5, 1], ['etaMin', -1e-6, 0]] },
  onecycle: {
    base: { name: 'onecycle', maxLr: 0.1, totalSteps: 100 },
    cases: [
      ['maxLr', 0, 1e-6], ['totalSteps', 0, 1], ['pctStart', 1, 0.99], ['pctStart', 0, 0.01],
      ['divFactor', 0, 1], ['finalDivFactor', 0, 1], ['anneal', 'cosine', 'linear'],
    ],
  },
  invsqrt: { base: { name: 'invsqrt', dModel: 512, warmupSteps: 4000 }, cases: [['dModel', 0, 1], ['warmupSteps', -1, 1]] },
  rangeTest: { base: { name: 'rangeTest', minLr: 1e-5, maxLr: 1, steps: 100 }, cases: [['minLr', 0, 1e-6], ['maxLr', 1e-6, 1e-4], ['steps', 1, 2], ['steps', 2.5, 3]] },
};

/** The paths of the issues a parse reports (empty when it succeeds). */
function issuePaths(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));
}

/** Unknown keys: zod puts the key in `keys` with an empty path; either way the message names it. */
function refusesUnknownKey(schema: typeof optimizerSpec | typeof scheduleSpec, value: Record<string, unknown>): void {
  const r = schema.safeParse({ ...value, bogusKey: 1 });
  expect(r.success).toBe(false);
  expect(JSON.stringify(r.error!.issues)).toContain('bogusKey');
}

describe('optimizer schemas', () => {
  it('cover every optimizer', () => {
    expect(Object.keys(OPTIMIZERS).sort()).toEqual([...OPTIMIZER_NAMES].sort());
  });

  for (const name of OPTIMIZER_NAMES) {
    const { base, cases } = OPTIMIZERS[name];
    describe(name, () => {
      it('accepts its defaults, and the table tests every key it has', () => {
        const parsed = optimizerSpec.parse(base) as unknown as Record<string, unknown>;
        const tested = new Set([...cases, ...wrapperCases].map(([key]) => key));
        expect(Object.keys(parsed).filter((k) => k !== 'name' && !tested.has(k))).toEqual([]);
      });

      it('refuses an unknown key, naming it', () => refusesUnknownKey(optimizerSpec, base));

      it.each([...cases, ...wrapperCases])('refuses %s = %j at its path, accepts %j', (key, bad, good) => {
        const paths = issuePaths(optimizerSpec, { ...base, [key]: bad });
        // (NAG's momentum check also fails its nesterov rule: the issue at the key is what counts.)
        expect(paths.some((p) => p === key || p.startsWith(`${key}.`))).toBe(true);
        expect(issuePaths(optimizerSpec, { ...base, [key]: good })).toEqual([]);
      });

      it('refuses a non-finite rate', () => {
        if (name === 'lookahead') expect(issuePaths(optimizerSpec, { ...base, inner: { name: 'adam', lr: NaN } })).toEqual(['inner.lr']);
        else expect(issuePaths(optimizerSpec, { ...base, lr: Infinity })).toEqual(['lr']);
      });

      it('is refused the same way inside an experiment file and a surface race, at the nested path', () => {
        const [key, bad] = cases[0]!;
        const network = experimentSpec.safeParse({ data: { source: 'spiral' }, model: [{ dense: 'output' }], optimizer: { ...base, [key]: bad } });
        expect(network.success).toBe(false);
        expect(network.error!.issues.map((i) => i.path.join('.'))).toContain(`optimizer.${key}`);
        const race = surfaceExperimentSpec.safeParse({ fn: 'rosenbrock', start: [-1, 1], steps: 10, entries: [{ optimizer: { ...base, bogusKey: 1 } }] });
        expect(race.success).toBe(false);
        expect(JSON.stringify(race.error!.issues)).toContain('bogusKey');
      });
    });
  }

  it('refuses an unknown optimizer by name, listing the known ones', () => {
    const r = optimizerSpec.safeParse({ name: 'adamax' });
    expect(r.error!.issues[0]!.path).toEqual(['name']);
    expect(r.error!.issues[0]!.message).toContain(OPTIMIZER_NAMES.join(', '));
  });

  it('an unknown optimizer name does not hide the other fields’ problems: each is named at its own path', () => {
    const spec = { name: 'adamm', lr: -1, beta1: 2, bogus: 1, gradientNoise: { eta: 0, stream: 'x' }, inner: { name: 'nope', lr: 0 } };
    expect(issuePaths(optimizerSpec, spec)).toEqual(['name', 'lr', 'beta1', 'bogus', 'gradientNoise.eta', 'gradientNoise.stream', 'inner.name', 'inner.lr']);
    // A field is wrong only when no optimizer takes it as given: rmsprop's alpha < 1, Lookahead's alpha = 1.
    expect(issuePaths(optimizerSpec, { name: 'adamm', lr: 0.1, momentum: 0.9, alpha: 1, switchAt: null })).toEqual(['name']);
    expect(issuePaths(optimizerSpec, { name: 'adamm', alpha: 1.5 })).toEqual(['name', 'alpha']);
    // Not an object, or a name only Object.prototype knows: the name alone.
    expect(issuePaths(optimizerSpec, 'adam')).toEqual(['name']);
    expect(issuePaths(optimizerSpec, { name: 'toString' })).toEqual(['name']);
    expect(issuePaths(scheduleSpec, { name: 'constructor' })).toEqual(['name']);
  });

  it('gradient noise names its stream or none (none: the sequential stream, as specs before the counter stream meant)', () => {
    expect(optimizerSpec.parse({ name: 'adam', gradientNoise: { eta: 0.1 } }).gradientNoise).toEqual({ eta: 0.1, gamma: 0.55 });
    expect(noiseStreamOf(optimizerSpec.parse({ name: 'adam', gradientNoise: { eta: 0.1 } }).gradientNoise!)).toBe('sequential');
    expect(optimizerSpec.parse({ name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' } }).gradientNoise).toEqual({ eta: 0.1, gamma: 0.55, stream: 'counter' });
    expect(issuePaths(optimizerSpec, { name: 'adam', gradientNoise: { eta: 0.1, stream: 'philox' } })).toEqual(['gradientNoise.stream']);
  });

  it('refuses nesterov without momentum, or with dampening (torch: "Nesterov momentum requires a momentum and zero dampening")', () => {
    expect(issuePaths(optimizerSpec, { name: 'sgd', nesterov: true })).toEqual(['nesterov']);
    expect(issuePaths(optimizerSpec, { name: 'nag', dampening: 0.1 })).toEqual(['nesterov']);
    expect(issuePaths(optimizerSpec, { name: 'sgd', nesterov: true, momentum: 0.9 })).toEqual([]);
  });

  it('refuses an unknown key inside the gradient-noise wrapper', () => {
    expect(issuePaths(optimizerSpec, { name: 'adam', gradientNoise: { eta: 0.1, sigma: 1 } }).length).toBeGreaterThan(0);
    expect(issuePaths(optimizerSpec, { name: 'adam', gradientNoise: { eta: 0.1, gamma: -0.5 } })).toEqual(['gradientNoise.gamma']);
  });
});

describe('schedule schemas', () => {
  it('cover every schedule', () => {
    expect(Object.keys(SCHEDULES).sort()).toEqual([...SCHEDULE_NAMES].sort());
  });

  for (const name of SCHEDULE_NAMES) {
    const { base, cases } = SCHEDULES[name];
    describe(name, () => {
      it('accepts its required keys with defaults, and the table tests every key it has', () => {
        const parsed = scheduleSpec.parse(base) as unknown as Record<string, unknown>;
        const tested = new Set(cases.map(([key]) => key));
        expect(Object.keys(parsed).filter((k) => k !== 'name' && !tested.has(k))).toEqual([]);
      });

      it('refuses an unknown key, naming it', () => refusesUnknownKey(scheduleSpec, base));

      if (cases.length > 0) {
        it.each(cases)('refuses %s = %j at its path, accepts %j', (key, bad, good) => {
          const paths = issuePaths(scheduleSpec, { ...base, [key]: bad });
          expect(paths.some((p) => p === key || p.startsWith(`${key}.`))).toBe(true);
          expect(issuePaths(scheduleSpec, { ...base, [key]: good })).toEqual([]);
        });

        it('is refused the same way inside an experiment file, at the nested path', () => {
          const [key, bad] = cases[0]!;
          const r = experimentSpec.safeParse({ data: { source: 'spiral' }, model: [{ dense: 'output' }], schedule: { ...base, [key]: bad } });
          expect(r.success).toBe(false);
          expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(`schedule.${key}`);
        });
      }
    });
  }

  it('refuses a missing required key at its path', () => {
    expect(issuePaths(scheduleSpec, { name: 'step' })).toEqual(['stepSize']);
    expect(issuePaths(scheduleSpec, { name: 'onecycle', maxLr: 0.1 })).toEqual(['totalSteps']);
  });

  it('refuses an unknown schedule by name', () => {
    expect(issuePaths(scheduleSpec, { name: 'plateau' })).toEqual(['name']);
  });
});
