// Turning whatever a handler throws into the contract's error shape. Handlers throw LabError for
// the failures a user can act on (not-found, conflict); zod errors become invalid-request with
// one issue per bad field; anything else is a bug and becomes 'internal' — logged here, shown
// to the user as a message, never allowed to crash the process that serves the window.
import type { z } from 'zod';
import { LabError, type ErrorCode, type LabErrorShape } from '../../preload/contract';

/** One entry per bad field; an unknown key is reported at its own path so the message names it. */
export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...issue.path, key].join('.'), message: `unknown key ${JSON.stringify(key)}` });
    } else {
      out.push({ path: issue.path.map(String).join('.'), message: issue.message });
    }
  }
  return out;
}

export function invalidRequest(channel: string, error: z.ZodError): LabErrorShape {
  const issues = zodIssues(error);
  const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return { code: 'invalid-request', message: `Invalid request for ${channel} / 请求无效: ${detail}`, issues };
}

const KNOWN_CODES = new Set<ErrorCode>(['invalid-request', 'not-found', 'forbidden', 'conflict', 'internal']);

function isZodError(err: unknown): err is z.ZodError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}

/**
 * The error shape for anything a handler threw. Errors from other modules that carry one of the
 * contract's codes in `code` (e.g. the store's not-found) keep it.
 */
export function toErrorShape(channel: string, err: unknown, log: (message: string, err: unknown) => void = defaultLog): LabErrorShape {
  if (err instanceof LabError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (isZodError(err)) return invalidRequest(channel, err);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code as ErrorCode) && code !== 'internal') {
    return { code: code as ErrorCode, message: String((err as Error).message ?? err) };
  }
  log(`[lab] ${channel} failed`, err);
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Internal error in ${channel} / 内部错误: ${message}` };
}

function defaultLog(message: string, err: unknown): void {
  console.error(message, err);
}

export function notFound(what: string, id: number): LabError {
  return new LabError({ code: 'not-found', message: `${what} ${id} not found / 找不到${what === 'experiment' ? '实验' : '运行'} ${id}` });
}
