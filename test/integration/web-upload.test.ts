// Web mode's HTTP upload (POST /upload) against the real server on 127.0.0.1 with a real database:
// the token, the origin and the size limit guard it; a refused or cut-off upload leaves nothing in
// the uploads folder; the full Fashion-MNIST training set (47 MB of images, beyond one WebSocket
// message) uploads and is then read, previewed and trained on through the contract exactly as a
// files:upload is. A page whose token went stale is told so in a close code it can read.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FileAccess } from '../../main/api/file-access';
import { startWebServer, type WebServer } from '../../main/server/server';
import { HTTP_UPLOAD_LIMIT_BYTES } from '../../main/server/upload';
import { startWebMode, type WebMode } from '../../main/server/web-mode';
import type { Envelope } from '../../preload/contract';
import type { ChosenFile } from '../../preload/files';

const FASHION = '/usr/share/datasets/fashion-mnist';
const fashionThere = existsSync(path.join(FASHION, 'train-images-idx3-ubyte.gz')) && existsSync(path.join(FASHION, 'train-labels-idx1-ubyte.gz'));
if (!fashionThere) console.warn(`[web-upload] ${FASHION} is missing (apt-get install dataset-fashion-mnist): the full-size upload tests are skipped`);

let dir: string;
let mode: WebMode;
let uploadsDir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-upload-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  mode = await startWebMode({ port: 0, db: path.join(dir, 'lab.db'), staticDir, token: 'upload-test-token-0123456789' });
  uploadsDir = path.join(dir, 'lab-uploads');
});

afterAll(async () => {
  await mode?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw request; `body` a buffer, a file to stream, or chunks sent with chunked encoding. */
function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | { file: string } | { chunks: Buffer[] } },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else if ('file' in body) createReadStream(body.file).pipe(req);
    else {
      for (const c of body.chunks) req.write(c);
      req.end();
    }
  });
}

const upload = (name: string, body: Buffer | { file: string }, query = `token=${mode.token}`, headers: Record<string, string | number> = {}) =>
  request(mode.port, {
    path: `/upload?name=${encodeURIComponent(name)}&${query}`,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': Buffer.isBuffer(body) ? body.length : statSync(body.file).size, ...headers },
    body,
  });

const envelope = (r: Reply) => JSON.parse(r.body) as Envelope<ChosenFile>;

/** What is in the uploads folder's in-progress corner (nothing, once every upload has ended). */
const incoming = () => (existsSync(path.join(uploadsDir, '.incoming')) ? readdirSync(path.join(uploadsDir, '.incoming')) : []);

/** A contract call over the real WebSocket. */
async function overSocket<T>(channel: string, payload: unknown): Promise<Envelope<T>> {
  const ws = new WebSocket(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    return await new Promise<Envelope<T>>((resolve) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { id?: number; envelope?: Envelope<T> };
        if (m.id === 1) resolve(m.envelope!);
      });
      ws.send(JSON.stringify({ id: 1, channel, payload }));
    });
  } finally {
    ws.close();
  }
}

const CSV = Buffer.from('x,y,label\n0,1,0\n1,0,1\n0.5,0.5,0\n0.2,0.9,1\n');

describe('POST /upload: who may upload', () => {
  it('refuses without the token, with a wrong one, or one character off (403, a forbidden envelope), and stores nothing', async () => {
    for (const query of ['', 'token=', 'token=not-the-token', `token=${mode.token.slice(0, -1)}x`]) {
      const r = await upload('points.csv', CSV, query);
      expect(r.status, query).toBe(403);
      expect(envelope(r)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(r.headers['content-security-policy']).toBeDefined();
    }
    expect(existsSync(uploadsDir) ? readdirSync(uploadsDir).filter((n) => n !== '.incoming') : []).toEqual([]);
  });

  it("takes the page's cookie instead of the query token, as the page's assets do", async () => {
    const r = await upload('points.csv', CSV, '', { Cookie: `descent_lab_${mode.port}=${mode.token}` });
    expect(r.status).toBe(200);
    expect((await upload('points.csv', CSV, '', { Cookie: `descent_lab_${mode.port}=wrong` })).status).toBe(403);
  });

  it('refuses another origin, a cross-site fetch and a foreign Host even with the token', async () => {
    expect((await upload('points.csv', CSV, `token=${mode.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload('points.csv', CSV, `token=${mode.token}`, { Origin: `http://127.0.0.1:${mode.port + 1}` })).status).toBe(403);
    expect((await upload('points.csv', CSV, `token=${mode.token}`, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await upload('points.csv', CSV, `token=${mode.token}`, { Host: `evil.example:${mode.port}` })).status).toBe(403);
    // The page itself (its own origin, same-origin fetch) is served.
    const own = await upload('points.csv', CSV, `token=${mode.token}`, { Origin: `http://127.0.0.1:${mode.port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it("the page may upload only to its own origin: the CSP's connect-src is 'self' (and the page's loopback socket)", async () => {
    const r = await upload('points.csv', CSV);
    const csp = String(r.headers['content-security-policy']);
    const connect = csp.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'connect-src');
    expect(connect?.slice(1)).toEqual(["'self'", 'ws://127.0.0.1:*']);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes POST only, and a file name that is not a path', async () => {
    const get = await request(mode.port, { method: 'GET', path: `/upload?name=a.csv&token=${mode.token}` });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    for (const name of ['../../evil.csv', '..', '']) {
      const r = await upload(name, CSV);
      expect(r.status, name).toBe(400);
      expect(envelope(r)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });
});

describe('POST /upload: what it keeps', () => {
  it('answers the ChosenFile files:upload answers, for the same bytes the same path, and allows it', async () => {
    const viaHttp = envelope(await upload('points.csv', CSV));
    const viaSocket = await overSocket<ChosenFile>('files:upload', { name: 'points.csv', base64: CSV.toString('base64') });
    expect(viaHttp).toEqual(viaSocket);
    expect(viaHttp).toMatchObject({ ok: true, result: { name: 'points.csv', size: CSV.length, kind: 'csv', text: null } });
    const kept = (viaHttp as { result: ChosenFile }).result.path;
    expect(readFileSync(kept)).toEqual(CSV);
    expect(path.dirname(path.dirname(kept))).toBe(uploadsDir);
    // The allowlist: the kept file may be named in a spec, a file never uploaded may not.
    const preview = await overSocket<{ samples: number }>('network:preview', { data: { source: 'csv', path: kept, target: 'label' } });
    expect(preview, JSON.stringify(preview)).toMatchObject({ ok: true, result: { samples: 4 } });
    const elsewhere = path.join(dir, 'not-uploaded.csv');
    writeFileSync(elsewhere, CSV);
    expect(await overSocket('network:preview', { data: { source: 'csv', path: elsewhere, target: 'label' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'file-not-chosen' },
    });
  });

  it('an experiment file comes back with its text, as files:upload gives it', async () => {
    const experiment = Buffer.from(JSON.stringify({ name: 'e', data: { source: 'digits' }, model: [{ dense: 'output' }] }));
    const r = envelope(await upload('e.dlexp', experiment));
    expect(r).toMatchObject({ ok: true, result: { kind: 'experiment', text: experiment.toString('utf8') } });
  });

  it('refuses a body declared over 1 GiB at once with 413 and the limit in its message, keeping nothing', async () => {
    const r = await request(mode.port, {
      path: `/upload?name=big.idx&token=${mode.token}`,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': HTTP_UPLOAD_LIMIT_BYTES + 1 },
      body: { chunks: [Buffer.alloc(1024)] },
    }).catch((err: Error) => ({ status: -1, headers: {}, body: err.message }));
    expect(r.status).toBe(413);
    const e = envelope(r as Reply);
    expect(e).toMatchObject({ ok: false, error: { code: 'invalid-request', params: { limit: HTTP_UPLOAD_LIMIT_BYTES, size: HTTP_UPLOAD_LIMIT_BYTES + 1 } } });
    expect((e as { error: { message: string } }).error.message).toMatch(/over the upload limit of 1073741824 bytes \(1024 MiB\)/);
    expect(incoming()).toEqual([]);
  });
});

describe('POST /upload: the limit while streaming, and cut-off uploads', () => {
  let small: WebServer;
  let smallDir: string;
  const LIMIT = 256 * 1024;

  beforeAll(async () => {
    smallDir = path.join(dir, 'small-uploads');
    small = await startWebServer({
      dispatcher: mode.lab.dispatcher,
      events: mode.lab.events,
      staticDir: path.join(dir, 'static'),
      port: 0,
      token: 'small-limit-token-0123',
      uploads: new FileAccess(null, smallDir),
      uploadLimitBytes: LIMIT,
    });
  });
  afterAll(() => small?.close());

  const leftovers = () => (existsSync(smallDir) ? readdirSync(smallDir, { recursive: true }).map(String) : []);

  it('a chunked body that passes the limit is answered 413 when it does, and its partial file is deleted', async () => {
    const chunks = Array.from({ length: 10 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const r = await request(small.port, { path: `/upload?name=big.bin&token=${small.token}`, headers: { 'Transfer-Encoding': 'chunked' }, body: { chunks } });
    expect(r.status).toBe(413);
    expect(envelope(r)).toMatchObject({ ok: false, error: { params: { limit: LIMIT } } });
    expect(leftovers().filter((f) => f !== '.incoming')).toEqual([]);
    expect(readdirSync(path.join(smallDir, '.incoming'))).toEqual([]);
    // Just under the limit is kept.
    const ok = await request(small.port, { path: `/upload?name=fits.bin&token=${small.token}`, headers: { 'Transfer-Encoding': 'chunked' }, body: { chunks: chunks.slice(0, 4) } });
    expect(ok.status).toBe(200);
    expect(envelope(ok)).toMatchObject({ ok: true, result: { size: LIMIT } });
  });

  it('an upload the client cuts off halfway leaves no file behind', async () => {
    const before = leftovers();
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: small.port,
        method: 'POST',
        path: `/upload?name=cut.bin&token=${small.token}`,
        headers: { 'Content-Length': 200 * 1024 },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(100 * 1024, 7), () => setTimeout(() => req.destroy(), 100));
      req.on('close', () => resolve());
    });
    // The server notices the cut connection and deletes the partial file.
    const t0 = Date.now();
    while (readdirSync(path.join(smallDir, '.incoming')).length > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(path.join(smallDir, '.incoming'))).toEqual([]);
    expect(leftovers()).toEqual(before);
  });

  it('a lab without an uploads folder refuses uploads (403)', async () => {
    const none = await startWebServer({ dispatcher: mode.lab.dispatcher, events: mode.lab.events, staticDir: path.join(dir, 'static'), port: 0, token: 'no-uploads-token-0123' });
    try {
      const r = await request(none.port, { path: `/upload?name=a.csv&token=${none.token}`, headers: { 'Content-Length': CSV.length }, body: CSV });
      expect(r.status).toBe(403);
    } finally {
      await none.close();
    }
  });
});

describe.skipIf(!fashionThere)('the full Fashion-MNIST training set through POST /upload', () => {
  let images: string;
  let labels: string;

  beforeAll(() => {
    // The IDX files uncompressed, as a student downloads them: 47,040,016 bytes of images.
    images = path.join(dir, 'train-images-idx3-ubyte');
    labels = path.join(dir, 'train-labels-idx1-ubyte');
    writeFileSync(images, gunzipSync(readFileSync(path.join(FASHION, 'train-images-idx3-ubyte.gz'))));
    writeFileSync(labels, gunzipSync(readFileSync(path.join(FASHION, 'train-labels-idx1-ubyte.gz'))));
  });

  it('47 MB of images and the labels upload (over the WebSocket limit), byte for byte, then preview and train as data', { timeout: 120_000 }, async () => {
    expect(statSync(images).size).toBe(16 + 60000 * 28 * 28);
    expect(statSync(images).size).toBeGreaterThan(16 * 1024 * 1024); // beyond one WebSocket message
    const img = envelope(await upload('train-images-idx3-ubyte', { file: images }));
    const lab = envelope(await upload('train-labels-idx1-ubyte', { file: labels }));
    expect(img).toMatchObject({ ok: true, result: { name: 'train-images-idx3-ubyte', size: 47040016, kind: 'idx-images', text: null } });
    expect(lab).toMatchObject({ ok: true, result: { size: 60008, kind: 'idx-labels' } });
    const imagesPath = (img as { result: ChosenFile }).result.path;
    const labelsPath = (lab as { result: ChosenFile }).result.path;
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(sha(imagesPath)).toBe(sha(images));
    expect(incoming()).toEqual([]);

    // The same contract as after a files:upload: the preview reads all 60,000 images …
    const preview = await overSocket<{ samples: number; features: number; classes: number }>('network:preview', {
      data: { source: 'idx', images: imagesPath, labels: labelsPath },
    });
    expect(preview).toMatchObject({ ok: true, result: { samples: 60000, features: 784, classes: 10 } });
    // … and a network trains on them (the first 600, one epoch) to a completed, stored run.
    const started = await overSocket<{ runId: number }>('network:start', {
      name: 'fashion upload',
      spec: {
        name: 'fashion upload',
        seed: 1,
        data: { source: 'idx', images: imagesPath, labels: labelsPath, limit: 600 },
        model: [{ dense: 32, activation: 'relu' }, { dense: 'output' }],
        optimizer: { name: 'adam', lr: 0.001 },
        batchSize: 64,
        epochs: 1,
      },
    });
    expect(started.ok).toBe(true);
    const runId = (started as { result: { runId: number } }).result.runId;
    const t0 = Date.now();
    while (['queued', 'running', 'paused'].includes(mode.lab.store.getRun(runId).status) && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 100));
    expect(mode.lab.store.getRun(runId).status).toBe('completed');
  });

  it('the gzip-compressed images (26 MB) upload too and are read through the gzip', { timeout: 60_000 }, async () => {
    const gz = envelope(await upload('train-images-idx3-ubyte.gz', { file: path.join(FASHION, 'train-images-idx3-ubyte.gz') }));
    const lab = envelope(await upload('train-labels-idx1-ubyte.gz', { file: path.join(FASHION, 'train-labels-idx1-ubyte.gz') }));
    expect(gz).toMatchObject({ ok: true, result: { size: 26421856, kind: 'idx-images' } });
    const preview = await overSocket('network:preview', {
      data: { source: 'idx', images: (gz as { result: ChosenFile }).result.path, labels: (lab as { result: ChosenFile }).result.path, limit: 1000 },
    });
    expect(preview).toMatchObject({ ok: true, result: { samples: 1000, features: 784 } });
  });
});

describe("the page's socket with a stale token", () => {
  const closeOf = (url: string, headers: Record<string, string>) =>
    new Promise<{ code: number; opened: boolean } | { refused: number }>((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      let opened = false;
      ws.once('open', () => (opened = true));
      ws.once('close', (code) => resolve({ code, opened }));
      ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
      ws.once('error', (err) => (err.message.includes('Unexpected server response') ? undefined : reject(err)));
    });
  const page = () => ({ Origin: `http://127.0.0.1:${mode.port}` });

  it('from its own origin: opened and closed at once with 4403 (wrong token) or 4401 (none), and serves nothing', async () => {
    expect(await closeOf(`ws://127.0.0.1:${mode.port}/ws?token=an-older-token-0000`, page())).toEqual({ code: 4403, opened: true });
    expect(await closeOf(`ws://127.0.0.1:${mode.port}/ws`, page())).toEqual({ code: 4401, opened: true });
    // With the right token the socket stays open.
    const ws = new WebSocket(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`, { headers: page() });
    await new Promise((r) => ws.once('open', r));
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('another origin is still refused at the handshake, and a client without an Origin gets the HTTP refusal', async () => {
    expect(await closeOf(`ws://127.0.0.1:${mode.port}/ws?token=an-older-token-0000`, { Origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await closeOf(`ws://127.0.0.1:${mode.port}/ws?token=an-older-token-0000`, {})).toEqual({ refused: 403 });
  });
});
