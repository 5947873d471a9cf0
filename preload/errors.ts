// How a failure crosses the contract: a category (`code`), what happened (`reason`) with its
// parameters, and for a bad payload one issue per field. Main never words it for the user: the
// renderer translates reason + params (and each issue's code + params) in the user's language
// (renderer/i18n/errors.ts); `message` is plain English for the CLI and the logs.
import { z } from 'zod';

export type ErrorCode = 'invalid-request' | 'not-found' | 'forbidden' | 'conflict' | 'internal';

/** Every reason main gives; a new one needs its zh-CN and en text (test/unit/i18n.test.ts checks). */
export const errorReason = z.enum([
  /** A payload refused by the channel's schema: see `issues`. params: channel. */
  'invalid-request',
  /** params: channel. */
  'unknown-channel',
  'no-handler',
  /** IPC from a frame that is not the app's page. params: channel. */
  'forbidden-frame',
  /** A web-mode message that is not {id, channel, payload}. */
  'malformed-message',
  /** A bug; params: channel. `message` holds the detail for the logs. */
  'internal',
  /** The web-mode connection dropped while the request was out (made by the renderer's client). */
  'connection-lost',
  /** params: id. */
  'experiment-not-found',
  'run-not-found',
  'comparison-not-found',
  /** An experiment file that the experiment schemas refuse: see `issues`. */
  'experiment-file',
  /** A run bundle that cannot be read or is of another version: see `issues`. */
  'bundle-invalid',
  /** The spec names something that cannot be used (a file, a run to fine-tune from, a shape): params: path; see `issues`. */
  'spec-unusable',
  /** A saved run the analysis cannot take (missing, not a network, no weights, a model it cannot handle): see `issues`. */
  'run-not-analyzable',
  /** params: path. */
  'variant-axis-twice',
  /** params: total, limit. */
  'variant-grid-too-large',
  /** One cell of a variant grid is not a valid experiment: params: label; see `issues`. */
  'variant-invalid',
  'batch-study-running',
  /** Refused by a module that gives a code but no reason (e.g. an LR range test that diverged at once); `message` holds the detail. */
  'refused',
  /** A spec names a file the user never chose in the lab (dialog, drop, upload): params: path (the field), file; see `issues`. */
  'file-not-chosen',
  /** A backup that fails its check (not SQLite, quick_check, not ours, a newer schema): params: name, problems. */
  'backup-invalid',
  /** params: name. */
  'backup-not-found',
  /** SQLite's online backup failed: params: why. */
  'backup-failed',
  /** No database file to back up or restore (an in-memory store), or no in-app restore here. */
  'backup-unavailable',
  /** A backup is not opened while runs train in this app: params: runs. */
  'restore-busy',
  /** … nor while a request is still being worked on (a course section, a study, an analysis): params: channel. */
  'restore-busy-task',
  /** Another process (the CLI) is training on the database: params: runs, pid. */
  'restore-in-use',
  /** Resuming a run (main/engine/runs/resume.ts): a surface run; params: id, kind. */
  'run-not-resumable-kind',
  /** Not interrupted, stopped or failed; params: id, status. */
  'run-not-resumable-status',
  /** Cross-validation; params: id, folds. */
  'run-not-resumable-folds',
  /** Epochs stored but no training state (recorded by an older version); params: id, epochs. */
  'run-not-resumable-no-state',
  /** Its experiment, state or series no longer fit together; params: id. */
  'run-not-resumable-changed',
]);
export type ErrorReason = z.infer<typeof errorReason>;
export const ERROR_REASONS: readonly ErrorReason[] = errorReason.options;

/** Values that fill a translated message's `{name}` placeholders (a boolean picks a wording, e.g. zod's `inclusive`). */
export type ErrorParams = Record<string, string | number | boolean>;

/** One bad field. */
export interface LabIssue {
  /** Where, e.g. "spec.entries.0.optimizer.lr" ('' for the whole payload). */
  path: string;
  /** English, for the CLI and logs. */
  message: string;
  /**
   * What is wrong there: zod's issue code ('too_small', 'too_big', 'invalid_type', 'unrecognized_keys',
   * 'invalid_value', 'invalid_format', 'custom', …) or one of ours ('not-json', 'expected-object', 'unusable').
   */
  code: string;
  /** zod's details (minimum, maximum, inclusive, expected, keys, values, format…), as strings and numbers. */
  params?: ErrorParams;
}

export interface LabErrorShape {
  code: ErrorCode;
  reason: ErrorReason;
  params?: ErrorParams;
  /** English, for the CLI and logs; the app shows its own translation of reason + params. */
  message: string;
  /** For invalid-request: where the payload was wrong. */
  issues?: LabIssue[];
}

export class LabError extends Error {
  readonly code: ErrorCode;
  readonly reason: ErrorReason;
  readonly params?: ErrorParams;
  readonly issues?: LabIssue[];
  constructor(shape: LabErrorShape) {
    super(shape.message);
    this.name = 'LabError';
    this.code = shape.code;
    this.reason = shape.reason;
    this.params = shape.params;
    this.issues = shape.issues;
  }

  /** The plain shape that crosses IPC and the WebSocket (class instances do not). */
  toShape(): LabErrorShape {
    return {
      code: this.code,
      reason: this.reason,
      message: this.message,
      ...(this.params ? { params: this.params } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}

/** zod's details of an issue that a translation needs, as strings and numbers. */
function issueParams(issue: z.core.$ZodIssue): ErrorParams | undefined {
  const params: ErrorParams = {};
  const raw = issue as unknown as Record<string, unknown>;
  for (const key of ['minimum', 'maximum', 'inclusive', 'expected', 'origin', 'format', 'divisor'] as const) {
    const v = raw[key];
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') params[key] = v;
    else if (typeof v === 'bigint') params[key] = String(v);
  }
  if (issue.code === 'invalid_value') params.values = issue.values.map((v) => JSON.stringify(v)).join(', ');
  return Object.keys(params).length ? params : undefined;
}

/** One entry per bad field; an unknown key is reported at its own path so the message names it. */
export function zodIssues(error: z.ZodError): LabIssue[] {
  const out: LabIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...issue.path, key].join('.'), message: `unknown key ${JSON.stringify(key)}`, code: 'unrecognized_keys', params: { key } });
    } else {
      const params = issueParams(issue);
      out.push({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code, ...(params ? { params } : {}) });
    }
  }
  return out;
}

/** An issue made by hand (not by zod): `code` names what is wrong for the translation. */
export function fieldIssue(path: string, message: string, code = 'unusable', params?: ErrorParams): LabIssue {
  return { path, message, code, ...(params ? { params } : {}) };
}
