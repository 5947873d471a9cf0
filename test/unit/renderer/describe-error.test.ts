// Main's refusals as the user reads them: worded from reason + params and each issue's code, in
// the language shown — the English UI shows no Chinese, the Chinese UI no English sentence. The
// errors come from main's real paths (the experiment-file import, the dispatcher, the variants).
import { describe, expect, it } from 'vitest';
import { channels, ERROR_REASONS, LabError, type Envelope } from '../../../preload/contract';
import { invalidRequest } from '../../../main/api/errors';
import { createDispatcher } from '../../../main/api/dispatch';
import { importExperiment } from '../../../main/api/experiment-files';
import { expandVariants } from '../../../main/api/variants';
import { describeError } from '../../../renderer/lab/describeError';
import { isMessageKey, translate } from '../../../renderer/i18n/messages';

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** Three or more Latin words in a row: an English sentence (field paths and names are single tokens). */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}[\s,]+[A-Za-z]{2,}[\s,]+[A-Za-z]{2,}/;

function caught(fn: () => unknown): LabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LabError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const badFile = JSON.stringify({
  name: 'bad',
  data: { source: 'spiral' },
  model: [{ dense: 8, activation: 'relu' }, { dense: 2 }],
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: -1 },
  batchSize: 1.5,
  epochs: 0,
  colour: 'red',
});

describe('describeError', () => {
  it('words a refused experiment file in English with no Chinese, naming each field', () => {
    const err = caught(() => importExperiment(badFile));
    const { text, details } = describeError('en', err);
    expect(text).toBe('This is not a valid experiment file:');
    for (const line of [text, ...details]) expect(line).not.toMatch(CJK);
    expect(details).toContain('colour: unknown field “colour”');
    expect(details).toContain('optimizer.lr: Must be > 0.');
    expect(details).toContain('batchSize: Must be a whole number.');
    expect(details).toContain('epochs: Must be ≥ 1.');
  });

  it('words the same refusal in Chinese with no English sentence', () => {
    const err = caught(() => importExperiment(badFile));
    // main's own message stays English (for the CLI and logs) …
    expect(err.message).toMatch(/^Not a valid experiment file: /);
    expect(err.message).not.toMatch(CJK);
    // … the app shows its translation.
    const { text, details } = describeError('zh-CN', err);
    expect(text).toBe('这不是有效的实验文件：');
    for (const line of [text, ...details]) expect(line, line).not.toMatch(ENGLISH_SENTENCE);
    expect(details).toContain('colour: 未知字段“colour”');
    expect(details).toContain('optimizer.lr: 必须 > 0。');
    expect(details).toContain('batchSize: 必须是整数。');
  });

  it('words a nested field the optimizer schema re-reports (zod details kept on a custom issue)', () => {
    const parsed = channels['surface:race'].request.safeParse({ spec: { fn: 'rosenbrock', start: [0, 0], steps: 5, entries: [{ optimizer: { name: 'sgd', lr: 'fast' } }] } });
    if (parsed.success) throw new Error('expected a refusal');
    const err = new LabError(invalidRequest('surface:race', parsed.error));
    expect(describeError('en', err).details).toContain('spec.entries.0.optimizer.lr: expected a number');
    expect(describeError('zh-CN', err).details).toContain('spec.entries.0.optimizer.lr: 应为数字');
  });

  it('words a file that is not JSON in either language', () => {
    const err = caught(() => importExperiment('{ nope'));
    expect(describeError('en', err).details).toEqual(['json: the file is not JSON']);
    expect(describeError('zh-CN', err).details).toEqual(['json: 文件不是 JSON 格式']);
  });

  it('fills params: a variant grid too large, a missing run, an unknown channel', async () => {
    const grid = caught(() => expandVariants({}, [{ path: 'seed', values: [1, 2, 3] }, { path: 'batchSize', values: [8, 16, 32] }], 4));
    expect(describeError('en', grid).text).toBe('The grid has 9 runs (3 × 3); at most 4 fit.');
    expect(describeError('zh-CN', grid).text).toBe('变体网格有 9 个运行（3 × 3），最多 4 个。');
    const d = createDispatcher();
    const unknown = (await d.dispatch('fs:readFile', {})) as Extract<Envelope<never>, { ok: false }>;
    expect(describeError('zh-CN', new LabError(unknown.error)).text).toBe('应用请求了不存在的功能（fs:readFile）。');
    const missing = new LabError({ code: 'not-found', reason: 'run-not-found', params: { id: 12 }, message: 'run 12 not found' });
    expect(describeError('en', missing).text).toBe('Run 12 no longer exists.');
    expect(describeError('zh-CN', missing).text).toBe('运行 12 已不存在。');
  });

  it('shows an internal error’s English detail in English only', () => {
    const bug = new LabError({ code: 'internal', reason: 'internal', params: { channel: 'surface:race' }, message: 'Internal error in surface:race: boom' });
    expect(describeError('en', bug).text).toContain('boom');
    expect(describeError('zh-CN', bug).text).toBe('实验室内部出错（surface:race）。');
  });

  it('has a wording for every reason main gives, in both languages', () => {
    for (const reason of ERROR_REASONS) {
      const key = `error.${reason}`;
      expect(isMessageKey(key), key).toBe(true);
      if (!isMessageKey(key)) continue;
      expect(translate('en', key)).not.toMatch(CJK);
      expect(translate('zh-CN', key)).toMatch(CJK);
    }
  });
});
