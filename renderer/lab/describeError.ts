// Main's refusals worded in the user's language: the reason and its params pick the headline
// (error.<reason>), each issue's code and params its line ("path: what is wrong"). Main sends
// English `message`s for the CLI and logs only; here they are shown in English mode alone, where a
// code has no wording of its own — never in another language's sentence.
import type { z } from 'zod';
import { LabError, zodIssues, type ErrorParams, type LabIssue } from '../../preload/contract';
import { isMessageKey, translate, type Locale, type MessageKey, type Params } from '../i18n/messages';
import { issueToError } from './forms';

export interface DescribedError {
  text: string;
  details: string[];
}

/** Booleans pick a wording; only strings and numbers fill placeholders. */
function fill(params: ErrorParams | undefined): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params ?? {})) if (typeof v !== 'boolean') out[k] = v;
  return out;
}

const num = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '?');

/** What is wrong at one field, without its path. */
export function describeIssue(locale: Locale, issue: LabIssue): string {
  const p = issue.params ?? {};
  const tr = (key: MessageKey, params?: Params) => translate(locale, key, params);
  const own = (key: MessageKey) => (locale === 'en' && issue.message ? issue.message : tr(key));
  // A schema that re-reports a nested field's issue (the optimizer and schedule specs) sends it as
  // 'custom' with zod's details kept: those details say which kind it was.
  const code = issue.code !== 'custom' ? issue.code : p.minimum !== undefined ? 'too_small' : p.maximum !== undefined ? 'too_big' : p.expected !== undefined ? 'invalid_type' : 'custom';
  const text = ((): string => {
    switch (code) {
      case 'unrecognized_keys':
        return tr('issue.unknownKey', { key: num(p.key) });
      case 'too_small':
      case 'too_big': {
        const small = code === 'too_small';
        const bound = num(small ? p.minimum : p.maximum);
        if (p.origin === 'string') return small && bound === '1' ? tr('validation.required') : tr(small ? 'issue.tooShort' : 'issue.tooLong', small ? { min: bound } : { max: bound });
        if (p.origin === 'array' || p.origin === 'set') return tr(small ? 'issue.tooFew' : 'issue.tooMany', small ? { min: bound } : { max: bound });
        const inclusive = p.inclusive !== false;
        return small ? tr(inclusive ? 'validation.min' : 'validation.gt', { min: bound }) : tr(inclusive ? 'validation.max' : 'validation.lt', { max: bound });
      }
      case 'invalid_type': {
        if (p.expected === 'int') return tr('validation.notInteger');
        if (/received undefined/.test(issue.message)) return tr('issue.missing');
        const type = `issue.type.${String(p.expected)}`;
        return tr('issue.expected', { expected: isMessageKey(type) ? tr(type) : num(p.expected) });
      }
      case 'invalid_value':
        return tr('issue.oneOf', { values: num(p.values) });
      case 'invalid_format':
        return own('issue.format');
      case 'not_multiple_of':
        return tr('issue.multipleOf', { divisor: num(p.divisor) });
      case 'not-json':
        return tr('issue.notJson');
      case 'expected-object':
        return tr('issue.expectedObject');
      case 'bundle-field':
        return own('issue.bundleField');
      case 'axis-twice':
        return tr('issue.axisTwice', { path: num(p.path) });
      case 'grid-too-large':
        return tr('issue.gridTooLarge', { total: num(p.total), limit: num(p.limit) });
      case 'unusable':
        return own('issue.unusable');
      case 'file-not-chosen':
        return tr('issue.fileNotChosen');
      default: {
        // A schema's own refinement: the known ones have a wording, the rest say "not valid".
        const known = issueToError({ path: issue.path ? issue.path.split('.') : [], message: issue.message });
        if (known.key !== 'validation.other') return tr(known.key as MessageKey, known.params);
        // A refinement that names the values it takes ("…; expected one of a, b, c") says them in every language.
        const choices = /expected one of (.+)$/.exec(issue.message);
        if (choices && locale !== 'en') return tr('issue.oneOf', { values: choices[1]! });
        return own('issue.invalid');
      }
    }
  })();
  // A variant cell's issue says which axis value made it.
  if (typeof p.axis === 'string') {
    const field = typeof p.field === 'string' && p.field ? `${p.field}: ` : '';
    return tr('issue.variant', { axis: p.axis, value: num(p.value), text: `${field}${text}` });
  }
  return text;
}

export function issueLine(locale: Locale, issue: LabIssue): string {
  const text = describeIssue(locale, issue);
  return issue.path ? `${issue.path}: ${text}` : text;
}

/**
 * Any failure a store caught: a LabError (from main) by its reason; anything else is the
 * renderer's own (its message already worded by the page that made it, or a bug) and shows as is.
 */
export function describeError(locale: Locale, err: unknown): DescribedError {
  if (!(err instanceof LabError)) return { text: err instanceof Error ? err.message : String(err), details: [] };
  const params = { ...fill(err.params), message: err.message };
  const details = (err.issues ?? []).map((i) => issueLine(locale, i));
  // The English detail of a bug or of a module that gives no reason is shown in English only.
  if ((err.reason === 'internal' || err.reason === 'refused') && locale !== 'en') {
    return { text: translate(locale, err.reason === 'internal' ? 'error.internal.short' : 'error.refused.short', params), details };
  }
  const key = `error.${err.reason}`;
  return { text: isMessageKey(key) ? translate(locale, key, params) : locale === 'en' ? err.message : translate(locale, 'error.refused.short'), details };
}

/** One line for a page's inline error (headline and issues), or null when there is none. */
export function errorLine(locale: Locale, err: unknown): string | null {
  if (err === null || err === undefined) return null;
  const { text, details } = describeError(locale, err);
  return details.length ? `${text} ${details.join('; ')}` : text;
}

/** A value the renderer parses with a contract schema, refused as main would refuse it (so notices word it alike). */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new LabError({ code: 'invalid-request', reason: 'invalid-request', message: 'refused by its schema', issues: zodIssues(parsed.error) });
}

export interface ImportRefusal {
  /** Which file, and that it was not opened. */
  headline: string;
  /** Every bad field: "path: what is wrong". */
  fields: string[];
  /** What to do about it. */
  hint: string;
}

/** A refused experiment file worded for beside its Import button: which file, each bad field, what to do. */
export function importRefusal(locale: Locale, fileName: string, err: unknown): ImportRefusal {
  const fields = err instanceof LabError ? (err.issues ?? []).map((i) => issueLine(locale, i)) : [];
  if (!fields.length) return { headline: translate(locale, 'wb.importRefusedWhy', { file: fileName, reason: describeError(locale, err).text }), fields, hint: '' };
  return {
    headline: translate(locale, fields.length === 1 ? 'wb.importRefusedOne' : 'wb.importRefusedMany', { file: fileName, count: fields.length }),
    fields,
    hint: translate(locale, 'wb.importRefusedHint'),
  };
}
