// A refused resume reads the same in the app and in `lab resume`: one table (preload/resume-refusals.ts)
// words every run-not-resumable reason in both languages; the app's notice is the command's line as
// a sentence, filled with the refusal's params; each wording uses only the params the engine sends.
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS } from '../../preload/errors';
import { RESUME_REFUSALS, resumeRefusalLine, type ResumeRefusalReason } from '../../preload/resume-refusals';
import { describeError } from '../../renderer/lab/describeError';
import { LabError } from '../../preload/contract';
import { text } from '../../main/cli/text';

/** What main/engine/runs/resume.ts sends with each reason. */
const PARAMS: Record<ResumeRefusalReason, Record<string, string | number>> = {
  'run-not-resumable-kind': { id: 7, kind: 'surface' },
  'run-not-resumable-status': { id: 7, status: 'completed' },
  'run-not-resumable-folds': { id: 7, folds: 3 },
  'run-not-resumable-no-state': { id: 7, epochs: 5 },
  'run-not-resumable-changed': { id: 7 },
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('resume refusals', () => {
  it('word every run-not-resumable reason, in both languages, with the engine’s params only', () => {
    const reasons = ERROR_REASONS.filter((r) => r.startsWith('run-not-resumable-')).sort();
    expect(Object.keys(RESUME_REFUSALS).sort()).toEqual(reasons);
    for (const [reason, t] of Object.entries(RESUME_REFUSALS) as [ResumeRefusalReason, { en: string; zh: string }][]) {
      expect(placeholders(t.zh), reason).toEqual(placeholders(t.en));
      for (const p of placeholders(t.en)) expect(Object.keys(PARAMS[reason]), `${reason} {${p}}`).toContain(p);
    }
  });

  it('the app’s notice is the command’s line as a sentence, filled alike', () => {
    for (const reason of Object.keys(PARAMS) as ResumeRefusalReason[]) {
      const error = new LabError({ code: 'conflict', reason, params: PARAMS[reason], message: 'engine detail' });
      const cli = text({ en: resumeRefusalLine(reason, 'en'), zh: resumeRefusalLine(reason, 'zh') }, PARAMS[reason]);
      const en = describeError('en', error).text;
      const zh = describeError('zh-CN', error).text;
      expect(en).toBe(`${cli.en[0]!.toUpperCase()}${cli.en.slice(1)}.`);
      expect(zh).toBe(`${cli.zh}。`);
      expect(en + zh).not.toMatch(/\{\w+\}|engine detail/);
    }
    expect(describeError('en', new LabError({ code: 'conflict', reason: 'run-not-resumable-status', params: PARAMS['run-not-resumable-status'], message: '' })).text).toBe(
      'Cannot resume: run 7 is completed; only an interrupted, stopped or failed run can continue.',
    );
  });
});
