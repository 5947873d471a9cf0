// Lab drafts: a valid draft comes back as saved; a damaged one, one from another version, or one
// the request schema refuses is removed and reported, never applied. The restore path itself
// (spec → form → spec) gives back the same race and the same experiment.
import { nextTick, ref } from 'vue';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { surfaceExperimentSpec, type SurfaceExperimentSpec } from '../../preload/spec';
import { channels } from '../../preload/contract';
import { DRAFT_VERSION, draft, draftKey, keepDraft, resetDraft, type DraftLab } from '../../renderer/lab/drafts';
import { buildRace, raceFormFrom } from '../../renderer/lab/forms';
import { buildNetwork, networkForm, networkFormFrom } from '../../renderer/lab/networkForm';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const race: SurfaceExperimentSpec = surfaceExperimentSpec.parse({
  kind: 'surface',
  fn: 'rosenbrock',
  start: [-1.2, 1.5],
  steps: 400,
  seed: 3,
  entries: [{ label: 'adam', optimizer: { name: 'adam', lr: 0.02 } }, { label: 'sgdm', optimizer: { name: 'sgdm', lr: 0.001, momentum: 0.9 } }],
});
const stored = (value: unknown, v = DRAFT_VERSION) => ({ [draftKey('surface')]: JSON.stringify({ v, draft: value }) });

describe('draft', () => {
  it('gives back a valid stored draft as the schema parses it', () => {
    const storage = memoryStorage(stored(race));
    const dropped: DraftLab[] = [];
    const d = draft('surface', surfaceExperimentSpec, { storage, dropped: (lab) => dropped.push(lab) });
    expect(d.restored).toEqual(race);
    expect(dropped).toEqual([]);
  });

  const bad: [string, Record<string, string>][] = [
    ['not JSON', { [draftKey('surface')]: '{"v":1,"draft":' }],
    ['another version', stored(race, DRAFT_VERSION + 1)],
    ['no version', { [draftKey('surface')]: JSON.stringify(race) }],
    ['a negative learning rate', stored({ ...race, entries: [{ optimizer: { name: 'adam', lr: -1 } }] })],
    ['an unknown surface', stored({ ...race, fn: 'himmelblau-9' })],
    ['an unknown key', stored({ ...race, extra: true })],
    ['null', { [draftKey('surface')]: 'null' }],
  ];
  it.each(bad)('drops a draft with %s, removes it and says so', (_, initial) => {
    const storage = memoryStorage(initial);
    const dropped: DraftLab[] = [];
    const d = draft('surface', surfaceExperimentSpec, { storage, dropped: (lab) => dropped.push(lab) });
    expect(d.restored).toBeNull();
    expect(dropped).toEqual(['surface']);
    expect(storage.data.has(draftKey('surface'))).toBe(false);
  });

  it('is quiet when nothing is stored, and when there is no storage at all', () => {
    const dropped: DraftLab[] = [];
    expect(draft('bound', channels['analysis:bound'].request, { storage: memoryStorage(), dropped: (l) => dropped.push(l) }).restored).toBeNull();
    const none = draft('bound', channels['analysis:bound'].request, { storage: null, dropped: (l) => dropped.push(l) });
    expect(none.restored).toBeNull();
    none.save({ n: 10 });
    expect(dropped).toEqual([]);
  });

  it('survives storage that throws (full, or blocked)', () => {
    const throwing = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('full'); }, removeItem: () => { throw new Error('blocked'); } };
    const d = draft('surface', surfaceExperimentSpec, { storage: throwing, dropped: () => {} });
    expect(d.restored).toBeNull();
    expect(() => d.save(race)).not.toThrow();
    expect(() => d.clear()).not.toThrow();
  });
});

describe('keepDraft', () => {
  it('restores, saves each valid change (not an invalid one), and resets to the defaults', async () => {
    const schema = z.object({ n: z.number().int().min(1) }).strict();
    const storage = memoryStorage({ [draftKey('bound')]: JSON.stringify({ v: DRAFT_VERSION, draft: { n: 5 } }) });
    const form = ref({ n: 200 });
    keepDraft('bound', schema, { read: () => (schema.safeParse(form.value).success ? { ...form.value } : null), apply: (v) => (form.value = v), defaults: () => (form.value = { n: 200 }) }, { storage, dropped: () => {} });
    expect(form.value).toEqual({ n: 5 });

    form.value.n = 7;
    await nextTick();
    expect(JSON.parse(storage.data.get(draftKey('bound'))!)).toEqual({ v: DRAFT_VERSION, draft: { n: 7 } });
    form.value.n = 0; // invalid: the last valid draft stays
    await nextTick();
    expect(JSON.parse(storage.data.get(draftKey('bound'))!).draft).toEqual({ n: 7 });

    resetDraft('bound');
    expect(form.value).toEqual({ n: 200 });
    await nextTick();
    expect(JSON.parse(storage.data.get(draftKey('bound'))!).draft).toEqual({ n: 200 });
  });
});

describe('the restore path', () => {
  it('a race comes back from its draft as the same race', () => {
    expect(buildRace(raceFormFrom(race)).spec).toEqual(race);
  });
  it('an experiment comes back from its draft as the same experiment (the default one and an edited one)', () => {
    const form = networkForm();
    form.epochs = '7';
    form.layers = form.layers.slice(0, 1);
    for (const f of [networkForm(), form]) {
      const spec = buildNetwork(f).spec!;
      expect(spec).not.toBeNull();
      expect(buildNetwork(networkFormFrom(spec, f.name)).spec).toEqual(spec);
    }
  });
});
