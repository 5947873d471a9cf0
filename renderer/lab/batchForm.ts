// The batch-size lab's fields checked all at once: each unusable field gets its own message (a
// message key and its parameters, worded in the language shown), so the page can mark every one.
// The list of batch sizes refuses what the study would otherwise quietly change: an empty item
// ("8,,16") and a size given twice ("8, 8").
import type { MessageKey } from '../i18n';

export type BatchField = 'sizes' | 'epochs' | 'lr' | 'threads' | 'seed';
export interface FieldProblem {
  key: MessageKey;
  params?: Record<string, string | number>;
}
export type BatchProblems = Partial<Record<BatchField, FieldProblem>>;

const MAX_SIZES = 8;
const MAX_BATCH = 4096;

/** Batch sizes separated by commas (or ，;；) and/or spaces, in the order given; or why not. */
export function readSizeList(text: string): { sizes: number[] } | { problem: FieldProblem } {
  if (text.trim() === '') return { problem: { key: 'batch.sizesNone' } };
  const sizes: number[] = [];
  for (const item of text.split(/[,，;；]/)) {
    const words = item.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return { problem: { key: 'batch.sizesEmptyItem' } };
    for (const w of words) {
      const v = Number(w);
      if (!Number.isInteger(v) || v < 1 || v > MAX_BATCH) return { problem: { key: 'batch.badSizes', params: { bad: w } } };
      if (sizes.includes(v)) return { problem: { key: 'batch.sizesDuplicate', params: { b: v } } };
      sizes.push(v);
    }
  }
  if (sizes.length > MAX_SIZES) return { problem: { key: 'batch.sizesTooMany', params: { n: sizes.length, max: MAX_SIZES } } };
  return { sizes };
}

const isInt = (v: number | string, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

type Fields = { sizesText: string; epochs: number | string; lr: number | string; threads: number | string; seed: number | string };

/** Every unusable field with its message; empty when the study can run. */
export function checkBatchForm(form: Fields): BatchProblems {
  const problems: BatchProblems = {};
  const sizes = readSizeList(form.sizesText);
  if ('problem' in sizes) problems.sizes = sizes.problem;
  if (!isInt(form.epochs, 1, 200)) problems.epochs = { key: 'batch.badEpochs' };
  if (!(typeof form.lr === 'number' && form.lr > 0 && Number.isFinite(form.lr))) problems.lr = { key: 'batch.badLr' };
  if (form.threads !== '' && !isInt(form.threads, 1, 256)) problems.threads = { key: 'batch.badThreads' };
  if (!isInt(form.seed, 0, 2 ** 31 - 1)) problems.seed = { key: 'batch.badSeed' };
  return problems;
}
