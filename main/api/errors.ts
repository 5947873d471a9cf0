// Turning whatever a handler throws into the contract's error shape (preload/errors.ts). Handlers
// throw LabError for the failures a user can act on; zod errors become invalid-request with one
// issue per bad field (zod's code and details, so the renderer can word it); anything else is a
// bug and becomes 'internal' — logged here, never allowed to crash the process that serves the
// window. Messages here are English, for the CLI and logs: the renderer translates reason + params.
import type { z } from 'zod';
import { errorReason, fieldIssue, LabError, zodIssues, type ErrorCode, type ErrorParams, type ErrorReason, type LabErrorShape, type LabIssue } from '../../preload/contract';
import { ExperimentError } from '../engine/nn/errors';

export { zodIssues };

/** "path: message; …", for an English message that names every bad field. */
export function issueText(issues: LabIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** A refusal of invalid-request naming its fields; `message` is "<headline>: <path: message; …>". */
export function invalidFields(reason: ErrorReason, headline: string, issues: LabIssue[], params?: ErrorParams): LabError {
  return new LabError({ code: 'invalid-request', reason, message: `${headline}: ${issueText(issues)}`, issues, ...(params ? { params } : {}) });
}

/**
 * The one mapping of an engine error that names a field (ExperimentError: a file that cannot be
 * read, a run to fine-tune from that has no weights, a shape that does not fit) to invalid-request
 * at that field, under `prefix` (e.g. 'spec.'). Anything else is returned unchanged.
 */
export function asFieldError(err: unknown, prefix: string, reason: ErrorReason = 'spec-unusable', rename: (field: string) => string = (f) => f): unknown {
  if (!(err instanceof ExperimentError)) return err;
  const path = `${prefix}${rename(err.field)}`;
  const detail = err.message.slice(err.field.length + 2);
  return invalidFields(reason, reason === 'spec-unusable' ? `Cannot use ${path}` : 'Cannot analyze this run', [fieldIssue(path, detail)], { path });
}

export function invalidRequest(channel: string, error: z.ZodError): LabErrorShape {
  const issues = zodIssues(error);
  return { code: 'invalid-request', reason: 'invalid-request', params: { channel }, message: `Invalid request for ${channel}: ${issueText(issues)}`, issues };
}

const KNOWN_CODES = new Set<ErrorCode>(['invalid-request', 'not-found', 'forbidden', 'conflict', 'internal']);

function isZodError(err: unknown): err is z.ZodError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}

/** The reason of an error from another module that gives a code (the store's NotFoundError names its entity). */
function reasonOf(err: { code: ErrorCode; reason?: unknown; entity?: unknown }): ErrorReason {
  const given = errorReason.safeParse(err.reason);
  if (given.success) return given.data;
  if (err.code === 'not-found') {
    const found = errorReason.safeParse(`${String(err.entity)}-not-found`);
    if (found.success) return found.data;
  }
  return 'refused';
}

/**
 * The error shape for anything a handler threw. Errors from other modules that carry one of the
 * contract's codes in `code` (e.g. the store's not-found) keep it, with their `reason` and
 * `params` when they give them (the engine words nothing for the user either).
 */
export function toErrorShape(channel: string, err: unknown, log: (message: string, err: unknown) => void = defaultLog): LabErrorShape {
  if (err instanceof LabError) return err.toShape();
  if (isZodError(err)) return invalidRequest(channel, err);
  const coded = err as { code?: unknown; reason?: unknown; entity?: unknown; id?: unknown; params?: unknown } | null;
  const code = coded?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code as ErrorCode) && code !== 'internal') {
    const reason = reasonOf(coded as { code: ErrorCode });
    const params = isParams(coded?.params) ? coded.params : typeof coded?.id === 'number' ? { id: coded.id } : undefined;
    return { code: code as ErrorCode, reason, message: String((err as Error).message ?? err), ...(params ? { params } : {}) };
  }
  log(`[lab] ${channel} failed`, err);
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', reason: 'internal', params: { channel }, message: `Internal error in ${channel}: ${message}` };
}

function isParams(v: unknown): v is ErrorParams {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x));
}

function defaultLog(message: string, err: unknown): void {
  console.error(message, err);
}

export function notFound(what: 'experiment' | 'run', id: number): LabError {
  return new LabError({ code: 'not-found', reason: what === 'experiment' ? 'experiment-not-found' : 'run-not-found', params: { id }, message: `${what} ${id} not found` });
}
