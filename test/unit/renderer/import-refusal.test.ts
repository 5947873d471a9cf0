// A refused experiment file as the Network lab shows it beside its Import button: the file named,
// every bad field on its own line with what is wrong, what to do — no generic "something went
// wrong" — in both languages. The refusal comes from main's real import path.
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../preload/contract';
import { importExperiment } from '../../../main/api/experiment-files';
import { importRefusal } from '../../../renderer/lab/describeError';

const CJK = /[\u4e00-\u9fff]/;

function refusal(value: unknown): LabError {
  try {
    importExperiment(JSON.stringify(value));
  } catch (err) {
    if (err instanceof LabError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

// Four independent mistakes: a missing data source, a layer of width 0, a learning rate given as a word, an unknown key.
const bad = { name: 'bad', data: {}, model: [{ dense: 0 }], optimizer: { name: 'adam', lr: 'fast' }, colour: 'red' };

describe('importRefusal', () => {
  const err = refusal(bad);

  it('lists every bad field, each with its path and what is wrong, in English', () => {
    const r = importRefusal('en', 'bad.json', err);
    expect(r.headline).toBe('Did not open bad.json: 4 fields are not valid.');
    expect(r.headline).not.toMatch(/went wrong/i);
    expect(r.fields.map((l) => l.split(': ')[0]).sort()).toEqual(['colour', 'data.source', 'model.0.dense', 'optimizer.lr']);
    expect(r.fields.find((l) => l.startsWith('optimizer.lr: '))).toBe('optimizer.lr: expected a number');
    expect(r.fields.find((l) => l.startsWith('model.0.dense: '))).toBe('model.0.dense: Must be ≥ 1.');
    expect(r.fields.find((l) => l.startsWith('data.source: '))).toMatch(/expected one of spiral, .*csv$/);
    expect(r.fields.find((l) => l.startsWith('colour: '))).toMatch(/unknown field/);
    expect(r.hint).toMatch(/Correct these fields/);
  });

  it('lists the same fields in Chinese, worded in Chinese', () => {
    const en = importRefusal('en', 'bad.json', err);
    const zh = importRefusal('zh-CN', 'bad.json', err);
    expect(zh.headline).toBe('未打开 bad.json：有 4 个字段无效。');
    expect(zh.fields.map((l) => l.split(':')[0])).toEqual(en.fields.map((l) => l.split(':')[0]));
    for (const line of zh.fields) expect(line, line).toMatch(CJK);
    // The data source's line says which values it takes, not only that it is wrong.
    expect(zh.fields.find((l) => l.startsWith('data.source: '))).toMatch(/^data\.source: 必须是 spiral, .*csv 之一$/);
    expect(zh.fields.find((l) => l.startsWith('optimizer.lr: '))).toBe('optimizer.lr: 应为数字');
    expect(zh.hint).toMatch(CJK);
  });

  it('says one field when one is wrong, and a file that is not JSON by its reason', () => {
    const one = importRefusal('en', 'x.json', refusal({ name: 'x', data: { source: 'spiral' }, model: [{ dense: 4 }], optimizer: { name: 'adam', lr: 'fast' } }));
    expect(one.headline).toBe('Did not open x.json: one field is not valid.');
    expect(one.fields).toHaveLength(1);
    const notLab = importRefusal('zh-CN', 'y.json', new Error('disk gone'));
    expect(notLab.fields).toEqual([]);
    expect(notLab.headline).toBe('未打开 y.json：disk gone');
  });
});
