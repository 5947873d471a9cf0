// The contract's schemas and the dispatcher: bad payloads come back as invalid-request envelopes
// whose message and issues name the bad field; unknown channels and failing handlers never throw.
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, LabError, type Envelope } from '../../preload/contract';
import { createDispatcher, dispatcherFor, type HandlerTable } from '../../main/api/dispatch';
import { NotFoundError } from '../../main/store/errors';

const race = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  spec: { fn: 'rosenbrock', start: [-1.2, 1], steps: 10, entries: [entry], ...extra },
});

/** A dispatcher whose handlers echo the parsed request, so the test sees exactly what validation let through. */
function echoing() {
  const table = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, (request: unknown) => request])) as unknown as HandlerTable;
  return dispatcherFor(table);
}

function failure(envelope: Envelope<unknown>) {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) throw new Error('unreachable');
  return envelope.error;
}

describe('contract schemas through dispatch', () => {
  const d = echoing();

  it('accepts a valid race and fills the spec defaults', async () => {
    const env = await d.dispatch('surface:race', race({ optimizer: { name: 'adam', lr: 0.01 } }));
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const spec = (env.result as { spec: { seed: number; entries: { optimizer: { beta2: number }; schedule: { name: string } }[] } }).spec;
    expect(spec.seed).toBe(1);
    expect(spec.entries[0]!.optimizer.beta2).toBe(0.999);
    expect(spec.entries[0]!.schedule).toEqual({ name: 'constant' });
  });

  it('rejects a non-numeric learning rate, naming spec.entries.0.optimizer.lr', async () => {
    const error = failure(await d.dispatch('surface:race', race({ optimizer: { name: 'sgd', lr: 'fast' } })));
    expect(error.code).toBe('invalid-request');
    expect(error.issues?.map((i) => i.path)).toContain('spec.entries.0.optimizer.lr');
    expect(error.message).toContain('spec.entries.0.optimizer.lr');
  });

  it('rejects an unknown optimizer, listing the known ones', async () => {
    const error = failure(await d.dispatch('surface:race', race({ optimizer: { name: 'adamax' } })));
    expect(error.code).toBe('invalid-request');
    const issue = error.issues?.find((i) => i.path === 'spec.entries.0.optimizer.name');
    expect(issue?.message).toMatch(/unknown optimizer "adamax".*sgd.*adam/);
  });

  it('rejects an unknown key at its own path', async () => {
    const top = failure(await d.dispatch('surface:analyze', { fn: 'saddle', at: [0, 0], zoom: 2 }));
    expect(top.issues).toEqual([{ path: 'zoom', message: 'unknown key "zoom"', code: 'unrecognized_keys', params: { key: 'zoom' } }]);
    expect(top.message).toContain('zoom');
    const nested = failure(await d.dispatch('surface:race', race({ optimizer: { name: 'sgd', lr: 0.1, beta1: 0.9 } })));
    expect(nested.message).toContain('beta1');
  });

  it('rejects steps 0', async () => {
    const error = failure(await d.dispatch('surface:race', race({ optimizer: { name: 'sgd' } }, { steps: 0 })));
    expect(error.issues?.map((i) => i.path)).toEqual(['spec.steps']);
  });

  it('rejects missing fields, naming each', async () => {
    const error = failure(await d.dispatch('surface:analyze', {}));
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['at', 'fn']);
    const save = failure(await d.dispatch('surface:save', { name: '  ', spec: race({ optimizer: { name: 'sgd' } }).spec }));
    expect(save.issues).toEqual([{ path: 'name', message: 'name must not be empty', code: 'too_small', params: { minimum: 1, inclusive: true, origin: 'string' } }]);
  });

  it('rejects a non-finite start and an unknown surface', async () => {
    const error = failure(await d.dispatch('surface:analyze', { fn: 'banana', at: [0, Infinity] }));
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['at.1', 'fn']);
  });

  it('rejects an unknown channel with an invalid-request envelope', async () => {
    const error = failure(await d.dispatch('fs:readFile', { path: '/etc/passwd' }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toContain('fs:readFile');
    expect(error.issues?.[0]?.path).toBe('channel');
  });

  it('treats a missing payload as {} for channels without fields, and as missing fields otherwise', async () => {
    expect((await d.dispatch('experiments:list', undefined)).ok).toBe(true);
    expect(failure(await d.dispatch('experiments:get', undefined)).issues?.[0]?.path).toBe('id');
    expect(failure(await d.dispatch('experiments:get', null)).code).toBe('invalid-request');
  });
});

describe('dispatcher errors', () => {
  it('maps LabError, the store-style not-found and unexpected throws to envelopes', async () => {
    const logged: string[] = [];
    const d = createDispatcher({ log: (message) => logged.push(message) });
    d.handle('experiments:get', ({ id }) => {
      throw new LabError({ code: 'not-found', reason: 'experiment-not-found', params: { id }, message: `experiment ${id} not found` });
    });
    d.handle('runs:series', () => {
      throw Object.assign(new Error('run 7 not found'), { code: 'not-found' });
    });
    d.handle('surface:list', () => {
      throw new TypeError('boom');
    });
    expect(failure(await d.dispatch('experiments:get', { id: 3 }))).toEqual({ code: 'not-found', reason: 'experiment-not-found', params: { id: 3 }, message: 'experiment 3 not found' });
    expect(failure(await d.dispatch('runs:series', { runIds: [7] }))).toMatchObject({ code: 'not-found', reason: 'refused' });
    const internal = failure(await d.dispatch('surface:list', {}));
    expect(internal.code).toBe('internal');
    expect(internal.message).toContain('boom');
    expect(logged).toEqual(['[lab] surface:list failed']);
  });

  it('reports channels without a handler and refuses to register unknown ones', () => {
    const d = createDispatcher();
    expect(d.missing()).toEqual(CHANNEL_NAMES);
    expect(() => d.handle('nope' as never, () => ({}) as never)).toThrow(/no such channel/);
  });
});

describe('error envelopes', () => {
  const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

  it('carry a reason and params for the renderer to word, and English text only', async () => {
    const d = echoing();
    const bad = failure(await d.dispatch('surface:race', race({ optimizer: { name: 'sgd', lr: 'fast' } })));
    expect(bad).toMatchObject({ code: 'invalid-request', reason: 'invalid-request', params: { channel: 'surface:race' } });
    // The optimizer schema re-reports its fields' issues as custom ones, with zod's details kept.
    expect(bad.issues?.[0]).toMatchObject({ path: 'spec.entries.0.optimizer.lr', params: { expected: 'number' } });
    const unknown = failure(await d.dispatch('fs:readFile', {}));
    expect(unknown).toMatchObject({ reason: 'unknown-channel', params: { channel: 'fs:readFile' } });
    const thrower = createDispatcher({ log: () => {} });
    thrower.handle('surface:list', () => {
      throw new TypeError('boom');
    });
    const internal = failure(await thrower.dispatch('surface:list', {}));
    expect(internal).toMatchObject({ code: 'internal', reason: 'internal', params: { channel: 'surface:list' } });
    for (const e of [bad, unknown, internal]) {
      expect(e.message).not.toMatch(CJK);
      for (const i of e.issues ?? []) expect(i.message).not.toMatch(CJK);
    }
  });

  it('maps the store’s NotFoundError to a reason naming what was missing, with its id', async () => {
    const d = createDispatcher();
    d.handle('experiments:get', ({ id }) => {
      throw new NotFoundError('experiment', id);
    });
    expect(failure(await d.dispatch('experiments:get', { id: 9 }))).toEqual({ code: 'not-found', reason: 'experiment-not-found', params: { id: 9 }, message: 'experiment 9 not found' });
  });
});
