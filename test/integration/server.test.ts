// The real web-mode server on a free loopback port with a temporary database: the token guards
// every page and the WebSocket, and the contract round-trips through the real handlers.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CSP_HEADER } from '../../main/api/csp';
import { startWebMode, type WebMode } from '../../main/server/web-mode';
import type { CriticalPointAnalysis, Envelope } from '../../preload/contract';

let dir: string;
let mode: WebMode;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-server-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the static dir');
  mode = await startWebMode({ port: 0, db: path.join(dir, 'lab.db'), staticDir });
  base = `http://127.0.0.1:${mode.port}`;
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

/** Raw http.get, so paths like /../x reach the server unnormalised and headers are ours to set. */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: mode.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<{ id: unknown; envelope: Envelope<unknown> }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { id: unknown; envelope: Envelope<unknown> }));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('web mode over http', () => {
  it('listens on the loopback address and prints a URL carrying the token', () => {
    expect(mode.url).toBe(`http://127.0.0.1:${mode.port}/?token=${mode.token}`);
    expect(mode.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses the index without a token, in the browser's language", async () => {
    const r = await get('/');
    expect(r.status).toBe(403);
    expect(r.body).toContain('Forbidden');
    expect(r.body).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await get('/', { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.status).toBe(403);
    expect(zh.body).toContain('禁止访问');
    expect(zh.body).not.toContain('Forbidden');
  });

  it('refuses a wrong token', async () => {
    expect((await get('/?token=not-the-token')).status).toBe(403);
    const oneCharOff = mode.token.slice(0, -1) + (mode.token.endsWith('0') ? '1' : '0');
    expect((await get(`/?token=${oneCharOff}`)).status).toBe(403);
    // A wrong token in the query is refused even when the cookie is right.
    expect((await get(`/?token=${oneCharOff}`, { cookie: `descent_lab_${mode.port}=${mode.token}` })).status).toBe(403);
  });

  it('serves the index with the right token, the strict CSP and the isolation headers, and sets the cookie', async () => {
    const r = await get(`/?token=${mode.token}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CSP_HEADER);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`=${mode.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('serves assets to the cookie alone, refuses them without it', async () => {
    const cookie = `descent_lab_${mode.port}=${mode.token}`;
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/assets/app.js', { cookie: `descent_lab_${mode.port}=wrong` })).status).toBe(403);
  });

  it('never serves a file outside the static directory', async () => {
    const cookie = `descent_lab_${mode.port}=${mode.token}`;
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets%5c..%5c..%5csecret.txt']) {
      const r = await get(p, { cookie });
      expect(r.body, p).not.toContain('outside the static dir');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${mode.token}`, { host: `evil.example:${mode.port}` })).status).toBe(403);
  });
});

describe('web mode over the WebSocket', () => {
  it('refuses a socket without a token or with a wrong one', async () => {
    await expect(connect(`ws://127.0.0.1:${mode.port}/ws`)).rejects.toThrow(/401/);
    await expect(connect(`ws://127.0.0.1:${mode.port}/ws?token=wrong-token`)).rejects.toThrow(/403/);
  });

  it('refuses a socket from another origin even with the token', async () => {
    await expect(connect(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('round-trips surface:analyze: w1w2 at (0,0) is a saddle with eigenvalues −2 and 2', async () => {
    const ws = await connect(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`, { origin: base });
    try {
      const reply = await call(ws, { id: 1, channel: 'surface:analyze', payload: { fn: 'w1w2', at: [0, 0] } });
      expect(reply.id).toBe(1);
      expect(reply.envelope.ok).toBe(true);
      const a = (reply.envelope as { ok: true; result: CriticalPointAnalysis }).result;
      // f = (1 − xy)²: ∇f(0,0) = 0, H(0,0) = [[0, −2], [−2, 0]] by hand.
      expect(a.kind).toBe('saddle');
      expect(a.eigenvalues[0]).toBeCloseTo(-2, 12);
      expect(a.eigenvalues[1]).toBeCloseTo(2, 12);
    } finally {
      ws.close();
    }
  });

  it('answers a bad payload with an invalid-request envelope and keeps serving', async () => {
    const ws = await connect(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`);
    try {
      const bad = await call(ws, { id: 2, channel: 'surface:analyze', payload: { fn: 'w1w2', at: ['a', 0] } });
      expect(bad.id).toBe(2);
      expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(!bad.envelope.ok && bad.envelope.error.issues?.[0]?.path).toBe('at.0');
      const garbage = await call(ws, 'not json');
      expect(garbage).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'invalid-request' } } });
      const unknown = await call(ws, { id: 3, channel: 'shell:exec', payload: {} });
      expect(unknown).toMatchObject({ id: 3, envelope: { ok: false, error: { code: 'invalid-request' } } });
      const missing = await call(ws, { id: 4, channel: 'experiments:get', payload: { id: 999 } });
      expect(missing).toMatchObject({ id: 4, envelope: { ok: false, error: { code: 'not-found' } } });
      const good = await call(ws, { id: 5, channel: 'experiments:list', payload: {} });
      expect(good).toEqual({ id: 5, envelope: { ok: true, result: [] } });
    } finally {
      ws.close();
    }
  });

  it('races, saves, lists, reads series, renames and deletes through the real store', async () => {
    const ws = await connect(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`);
    let id = 100;
    const invoke = async (channel: string, payload: unknown) => {
      const reply = await call(ws, { id: ++id, channel, payload });
      expect(reply.id).toBe(id);
      if (!reply.envelope.ok) throw new Error(`${channel}: ${reply.envelope.error.message}`);
      return reply.envelope.result as never;
    };
    try {
      // Saddle x² − y² from (1, 1), plain SGD lr 0.1: ∇f = (2x, −2y) = (2, −2), so one step
      // lands on (1 − 0.2, 1 + 0.2) = (0.8, 1.2) with f = 0.64 − 1.44 = −0.8 (by hand).
      const spec = { fn: 'saddle', start: [1, 1], steps: 1, entries: [{ label: 'plain', optimizer: { name: 'sgd', lr: 0.1 } }] };
      const race: { trajectories: { points: number[][] }[] } = await invoke('surface:race', { spec });
      const [p0, p1] = race.trajectories[0]!.points;
      expect(p0).toEqual([1, 1, 0]);
      expect(p1![0]).toBeCloseTo(0.8, 14);
      expect(p1![1]).toBeCloseTo(1.2, 14);
      expect(p1![2]).toBeCloseTo(-0.8, 14);

      const saved: { experimentId: number; runIds: number[] } = await invoke('surface:save', { name: 'saddle escape', spec });
      expect(saved.runIds).toHaveLength(1);
      const list: { id: number; name: string; runCount: number }[] = await invoke('experiments:list', {});
      expect(list).toMatchObject([{ id: saved.experimentId, name: 'saddle escape', runCount: 1 }]);
      const series: { name: string; values: number[] }[] = await invoke('runs:series', { runIds: saved.runIds, names: ['x', 'y'] });
      expect(series.map((s) => s.name)).toEqual(['x', 'y']);
      expect(series[0]!.values[1]).toBeCloseTo(0.8, 14);
      const renamed: { name: string; notes: string } = await invoke('experiments:update', { id: saved.experimentId, name: 'renamed', notes: 'n' });
      expect(renamed).toMatchObject({ name: 'renamed', notes: 'n' });
      expect(await invoke('experiments:delete', { id: saved.experimentId })).toEqual({ deleted: true });
      expect(await invoke('experiments:list', {})).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('forwards events to connected sockets', async () => {
    const ws = await connect(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`);
    try {
      const got = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
      mode.lab.events.emit('run:progress', { runId: 1, step: 5, total: 10, status: 'running' });
      expect(await got).toEqual({ event: 'run:progress', payload: { runId: 1, step: 5, total: 10, status: 'running' } });
    } finally {
      ws.close();
    }
  });
});
