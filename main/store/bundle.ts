// Run bundles: one run with its experiment's spec, every metric series and every checkpoint, as
// a single JSON text students can pass between machines. Importing stores it as a new experiment
// and run (status kept, tagged "imported"); series values and weights come back bit for bit.
import type { ExperimentKind, RunRow, RunStatus } from '../../preload/contract';
import type { Store } from './store';

export const BUNDLE_FORMAT = 'descent-lab-run-bundle';
export const BUNDLE_VERSION = 1;

/** A non-finite value survives JSON as a string. */
type JsonNumber = number | null | 'NaN' | 'Infinity' | '-Infinity';

interface RunBundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  exportedAt: string;
  experiment: { name: string; kind: ExperimentKind; spec: unknown; notes: string; tags: string[] };
  run: Pick<RunRow, 'label' | 'seed' | 'status' | 'spec' | 'summary' | 'lastStep' | 'error' | 'createdAt' | 'startedAt' | 'endedAt'>;
  series: { name: string; steps: number[]; values: JsonNumber[] }[];
  checkpoints: { step: number; meta: Record<string, unknown>; weights: string }[];
  /** What trained the run when it was not this app (the exported PyTorch script writes {name: "pytorch", …}); imports are tagged with its name. */
  producer?: { name: string; version?: string };
}

/** A bundle that cannot be read; `field` names where (e.g. "series.2.steps"). */
export class BundleError extends Error {
  readonly code = 'invalid-request' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'BundleError';
  }
}

const encode = (v: number): JsonNumber => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
const decode = (v: unknown, field: string): number => {
  if (typeof v === 'number') return v;
  if (v === null || v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new BundleError(field, `expected a number, got ${JSON.stringify(v)}`);
};

export function exportRunBundle(store: Store, runId: number): RunBundle {
  const run = store.getRun(runId);
  const e = store.getExperiment(run.experimentId);
  const steps = store.db.prepare('SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step').pluck().all(runId) as number[];
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    experiment: { name: e.name, kind: e.kind, spec: e.spec, notes: e.notes, tags: e.tags },
    run: {
      label: run.label, seed: run.seed, status: run.status, spec: run.spec, summary: run.summary,
      lastStep: run.lastStep, error: run.error, createdAt: run.createdAt, startedAt: run.startedAt, endedAt: run.endedAt,
    },
    series: store.readSeries([runId]).map((s) => ({ name: s.name, steps: s.steps, values: s.values.map(encode) })),
    checkpoints: steps.map((step) => {
      const c = store.getCheckpoint(runId, step)!;
      return { step, meta: c.meta, weights: Buffer.from(c.weights).toString('base64') };
    }),
  };
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running', 'paused'];
const STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused', 'completed', 'stopped', 'cancelled', 'diverged', 'failed', 'interrupted'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the bundle's shape field by field, so a damaged file names what is wrong. */
export function parseRunBundle(text: string): RunBundle {
  let b: unknown;
  try {
    b = JSON.parse(text);
  } catch (e) {
    throw new BundleError('bundle', `not JSON (${(e as Error).message})`);
  }
  if (!isObject(b)) throw new BundleError('bundle', 'expected a JSON object');
  if (b.format !== BUNDLE_FORMAT) throw new BundleError('format', `not a Descent Lab run bundle (format ${JSON.stringify(b.format)}, expected "${BUNDLE_FORMAT}")`);
  if (b.version !== BUNDLE_VERSION) throw new BundleError('version', `bundle version ${JSON.stringify(b.version)} is not supported (this app reads version ${BUNDLE_VERSION})`);
  const e = b.experiment;
  if (!isObject(e)) throw new BundleError('experiment', 'missing');
  if (typeof e.name !== 'string' || !e.name.trim()) throw new BundleError('experiment.name', 'expected a non-empty string');
  if (e.kind !== 'surface' && e.kind !== 'network') throw new BundleError('experiment.kind', 'expected "surface" or "network"');
  if (typeof e.notes !== 'string') throw new BundleError('experiment.notes', 'expected a string');
  if (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== 'string')) throw new BundleError('experiment.tags', 'expected an array of strings');
  const r = b.run;
  if (!isObject(r)) throw new BundleError('run', 'missing');
  if (typeof r.label !== 'string') throw new BundleError('run.label', 'expected a string');
  if (!Number.isSafeInteger(r.seed)) throw new BundleError('run.seed', 'expected an integer');
  if (!STATUSES.includes(r.status as RunStatus)) throw new BundleError('run.status', `expected one of ${STATUSES.join(', ')}`);
  if (!isObject(r.summary)) throw new BundleError('run.summary', 'expected an object');
  if (!Number.isSafeInteger(r.lastStep)) throw new BundleError('run.lastStep', 'expected an integer');
  if (!Array.isArray(b.series)) throw new BundleError('series', 'expected an array');
  b.series.forEach((s: unknown, i) => {
    if (!isObject(s) || typeof s.name !== 'string' || !s.name) throw new BundleError(`series.${i}.name`, 'expected a non-empty string');
    if (!Array.isArray(s.steps) || s.steps.some((t) => !Number.isSafeInteger(t))) throw new BundleError(`series.${i}.steps`, 'expected an array of integers');
    if (!Array.isArray(s.values) || s.values.length !== s.steps.length) throw new BundleError(`series.${i}.values`, `expected ${s.steps.length} values`);
    s.values.forEach((v, k) => decode(v, `series.${i}.values.${k}`));
  });
  if (b.producer !== undefined && (!isObject(b.producer) || typeof b.producer.name !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(b.producer.name)))
    throw new BundleError('producer.name', 'expected a short lower-case name such as "pytorch"');
  if (!Array.isArray(b.checkpoints)) throw new BundleError('checkpoints', 'expected an array');
  b.checkpoints.forEach((c: unknown, i) => {
    if (!isObject(c) || !Number.isSafeInteger(c.step)) throw new BundleError(`checkpoints.${i}.step`, 'expected an integer');
    if (!isObject(c.meta)) throw new BundleError(`checkpoints.${i}.meta`, 'expected an object');
    if (typeof c.weights !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(c.weights)) throw new BundleError(`checkpoints.${i}.weights`, 'expected base64 text');
  });
  return b as unknown as RunBundle;
}

/**
 * Stores a bundle as a new experiment (tagged "imported") and run, in one transaction. A run that
 * was live where it came from is stored 'interrupted': nothing here drives it.
 */
export function importRunBundle(store: Store, text: string): { experimentId: number; runId: number } {
  const b = parseRunBundle(text);
  const status: RunStatus = ACTIVE.includes(b.run.status) ? 'interrupted' : b.run.status;
  return store.transaction(() => {
    const tags = [...new Set([...b.experiment.tags, 'imported', ...(b.producer ? [b.producer.name] : [])])];
    const e = store.createExperiment({ name: b.experiment.name, kind: b.experiment.kind, spec: b.experiment.spec, notes: b.experiment.notes, tags });
    const run = store.createRun({
      experimentId: e.id, label: b.run.label, seed: b.run.seed, spec: b.run.spec, status,
      lastStep: b.run.lastStep, error: b.run.error ?? null,
      summary: { ...b.run.summary, importedFrom: b.run.createdAt ?? null, ...(b.producer ? { producedBy: `${b.producer.name} ${b.producer.version ?? ''}`.trim() } : {}) },
    });
    b.series.forEach((s, i) => store.appendPoints(run.id, s.name, s.steps, s.values.map((v, k) => decode(v, `series.${i}.values.${k}`))));
    for (const c of b.checkpoints) store.saveCheckpoint(run.id, c.step, new Uint8Array(Buffer.from(c.weights, 'base64')), c.meta);
    return { experimentId: e.id, runId: run.id };
  });
}
