// Which noise stream the lab's forms write: new experiments (a new entry, noise switched on in an
// entry whose spec had none, the Network lab's fresh form) take the counter stream; an entry made
// from a stored spec with noise keeps that spec's stream, named or not, so re-running a stored
// experiment draws its noise again (spec → form → spec is the identity).
import { describe, expect, it } from 'vitest';
import { buildEntry, cloneEntry, entryForm, newEntry, noiseStreamNote } from '../../renderer/lab/forms';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { buildNetwork, networkForm, networkFormFrom } from '../../renderer/lab/networkForm';
import { optimizerSpec } from '../../preload/spec';
import { experimentSpec } from '../../preload/experiment';

describe('the noise stream the forms write', () => {
  it('a new entry with noise switched on: the counter stream', () => {
    const entry = newEntry('adam');
    entry.noise.enabled = true;
    expect(buildEntry(entry).optimizer!.gradientNoise).toEqual({ eta: 0.01, gamma: 0.55, stream: 'counter' });
    expect(buildEntry(cloneEntry(entry)).optimizer!.gradientNoise!.stream).toBe('counter');
  });

  it('a stored spec without noise, noise switched on: the counter stream', () => {
    const entry = entryForm({ optimizer: optimizerSpec.parse({ name: 'sgdm', lr: 0.1 }) });
    expect(buildEntry(entry).optimizer!.gradientNoise).toBeUndefined();
    entry.noise.enabled = true;
    expect(buildEntry(entry).optimizer!.gradientNoise!.stream).toBe('counter');
  });

  it.each([
    [{ eta: 0.2, gamma: 0.5 }],
    [{ eta: 0.2, gamma: 0.5, stream: 'sequential' }],
    [{ eta: 0.2, gamma: 0.5, stream: 'counter' }],
  ])('a stored spec with noise %j keeps it as it was', (noise) => {
    const optimizer = optimizerSpec.parse({ name: 'adam', lr: 0.01, gradientNoise: noise });
    const built = buildEntry(entryForm({ optimizer })).optimizer!;
    expect(built).toEqual(optimizer);
    expect(Object.keys(built.gradientNoise!)).toEqual(Object.keys(optimizer.gradientNoise!));
  });

  it('the Network lab: a fresh form writes the counter stream, a stored experiment keeps its own', () => {
    const form = networkForm();
    form.entry.noise.enabled = true;
    const { spec } = buildNetwork(form);
    expect(spec!.optimizer.gradientNoise!.stream).toBe('counter');
    const stored = experimentSpec.parse({ ...spec!, optimizer: { name: 'adam', lr: 0.01, gradientNoise: { eta: 0.01 } } });
    const again = buildNetwork(networkFormFrom(stored, stored.name)).spec!;
    expect(again.optimizer.gradientNoise).toEqual({ eta: 0.01, gamma: 0.55 });
  });

  it('notes an entry that keeps the sequential stream, in both languages; none for the counter stream or without noise', () => {
    const entry = newEntry('adam');
    expect(noiseStreamNote(entry)).toBeNull();
    entry.noise.enabled = true;
    expect(noiseStreamNote(entry)).toBeNull();
    const stored = entryForm({ optimizer: optimizerSpec.parse({ name: 'adam', gradientNoise: { eta: 0.1 } }) });
    const key = noiseStreamNote(stored)!;
    expect(en[key]).toMatch(/sequential/);
    expect(zhCN[key]).toMatch(/顺序/);
  });
});
