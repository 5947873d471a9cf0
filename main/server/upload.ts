// Web mode's file uploads over HTTP: `POST /upload?name=FILE&token=…` with the file's bytes as the
// body. The WebSocket carries one message of at most 16 MiB, so a data file (the Fashion-MNIST
// training images are 47 MB) could not go that way; here the body streams, chunk by chunk, into a
// new file in the uploads folder's `.incoming`, is hashed on the way, and is then kept and allowed
// exactly as a `files:upload` is (main/api/file-access.ts), answering the same ChosenFile in a
// contract envelope. The bytes are only ever stored: never parsed here beyond their first bytes
// (the kind), never executed, never served back. The server (server.ts) has already checked the
// Host, the Origin and the token before this runs.
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import type http from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileAccess } from '../api/file-access';
import { LabError, type LabErrorShape } from '../../preload/errors';
import { filesChannels, type ChosenFile } from '../../preload/files';
import type { Envelope } from '../../preload/contract';

export const UPLOAD_PATH = '/upload';

/** The largest file web mode takes over HTTP. */
export const HTTP_UPLOAD_LIMIT_BYTES = 1024 ** 3;

/** What a refused or failed upload answers: the HTTP status and the envelope's error. */
class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly shape: LabErrorShape,
  ) {
    super(shape.message);
  }
}

const tooLarge = (limit: number, size?: number) =>
  new UploadRefused(413, {
    code: 'invalid-request',
    reason: 'refused',
    params: { limit, ...(size === undefined ? {} : { size }) },
    message: `${size === undefined ? 'the file is' : `the file is ${size} bytes,`} over the upload limit of ${limit} bytes (${Math.round(limit / 1024 ** 2)} MiB)`,
  });

/** Counts, hashes and passes the bytes on; fails once they pass `limit`. */
class Meter extends Transform {
  bytes = 0;
  readonly hash = createHash('sha256');
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(tooLarge(this.limit));
    this.hash.update(chunk);
    done(null, chunk);
  }
}

function answer(res: http.ServerResponse, status: number, envelope: Envelope<ChosenFile>, headers: Record<string, string>): void {
  if (res.headersSent) return void res.end();
  const body = JSON.stringify(envelope);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** What a refused body may still send is read and dropped (so the client reads the answer), up to a cap. */
const DISCARD_CAP_BYTES = 64 * 1024 * 1024;

/**
 * Answers a refusal with its envelope and closes the connection after it. The rest of the body is
 * read and dropped, up to a cap, so a browser still sending sees the answer rather than a reset.
 */
export function refuseUpload(req: http.IncomingMessage, res: http.ServerResponse, status: number, shape: LabErrorShape, headers: Record<string, string>): void {
  let dropped = 0;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_CAP_BYTES) req.socket.destroy();
  });
  req.on('error', () => {});
  req.resume();
  answer(res, status, { ok: false, error: shape }, { ...headers, Connection: 'close' });
}

/** The body into `file` through `meter`; rejects on the meter's limit, a write error or a cut-off request. */
function receiveInto(req: http.IncomingMessage, meter: Meter, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let failed = false;
    // Settles once the file is closed, so the caller's delete cannot run before the file is opened.
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(meter);
      meter.unpipe(out);
      if (out.closed) return reject(err);
      out.once('close', () => reject(err));
      out.destroy();
    };
    out.once('error', fail);
    meter.once('error', fail);
    req.once('error', fail);
    req.once('aborted', () => fail(new Error('the upload was cut off')));
    req.once('close', () => {
      if (!req.complete) fail(new Error('the upload was cut off'));
    });
    // Kept only once closed (a file still open cannot be moved everywhere).
    out.once('finish', () => out.once('close', () => !failed && resolve()));
    req.pipe(meter).pipe(out);
  });
}

/**
 * Receives one upload into `access` and answers it. `headers`: the server's security headers.
 * Refusals: 400 (no usable name), 413 (over `limit`, said before reading when Content-Length tells),
 * 403 (a lab without an uploads folder); a failed or cut-off upload leaves no file behind.
 */
export async function receiveUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  access: FileAccess | null,
  headers: Record<string, string>,
  limit = HTTP_UPLOAD_LIMIT_BYTES,
): Promise<void> {
  let temporary: string | null = null;
  try {
    if (!access) throw new UploadRefused(403, { code: 'forbidden', reason: 'refused', message: 'uploading a file is not available here' });
    const name = filesChannels['files:upload'].request.shape.name.safeParse(url.searchParams.get('name') ?? '');
    if (!name.success) {
      throw new UploadRefused(400, {
        code: 'invalid-request',
        reason: 'invalid-request',
        params: { channel: 'files:upload' },
        message: 'the query needs name=FILE: a file name, not a path',
        issues: [{ path: 'name', message: 'a file name, not a path', code: 'custom' }],
      });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, declared);

    temporary = access.incomingFile();
    const meter = new Meter(limit);
    await receiveInto(req, meter, temporary);
    const kept = access.keep(temporary, name.data, meter.hash.digest('hex'));
    temporary = null;
    answer(res, 200, { ok: true, result: kept }, headers);
  } catch (err) {
    if (temporary) rmSync(temporary, { force: true });
    if (!req.complete && req.socket.destroyed) return; // the page went away mid-upload: nobody to answer
    const refused =
      err instanceof UploadRefused
        ? err
        : err instanceof LabError
          ? new UploadRefused(err.code === 'forbidden' ? 403 : 400, err.toShape())
          : new UploadRefused(500, { code: 'internal', reason: 'internal', params: { channel: 'files:upload' }, message: `the upload could not be kept: ${(err as Error).message}` });
    if (refused.status >= 500) console.error('[lab] upload failed', err);
    refuseUpload(req, res, refused.status, refused.shape, headers);
  }
}
