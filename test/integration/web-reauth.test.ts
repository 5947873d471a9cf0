// The renderer's web-mode client (renderer/api/client.ts) against the real server when the server
// comes back on the same port with another token: the client learns it ('unauthorized', from the
// socket's close code, not an endless retry), a request made meanwhile waits rather than failing,
// a wrong token is refused and changes nothing, and the right one reconnects and sends the waiting
// request once. The browser's WebSocket is played by the `ws` client with the page's Origin, as a
// browser sends it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { startWebMode, type WebMode } from '../../main/server/web-mode';

// The client is the renderer's (DOM-typed): loaded at run time, seen here through what the test uses.
type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';
interface LabClient {
  invoke(channel: string, request: unknown): Promise<{ transport?: string; kind?: string }>;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  reauthorize(token: string): Promise<'open' | 'refused' | 'unreachable'>;
}
const CLIENT_MODULE = '../../renderer/api/client';

let dir: string;
let staticDir: string;
let mode: WebMode;
let port: number;
const OLD = 'the-old-token-0123456789';
const NEW = 'the-new-token-9876543210';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-reauth-'));
  staticDir = path.join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  mode = await startWebMode({ port: 0, db: path.join(dir, 'lab.db'), staticDir, token: OLD });
  port = mode.port;
  const origin = `http://127.0.0.1:${port}`;
  (globalThis as Record<string, unknown>).WebSocket = class extends WS {
    constructor(url: string) {
      super(url, { origin });
    }
  };
  (globalThis as Record<string, unknown>).window = { location: { protocol: 'http:', host: `127.0.0.1:${port}`, search: `?token=${OLD}` } };
});

afterAll(async () => {
  await mode?.close();
  delete (globalThis as Record<string, unknown>).window;
  delete (globalThis as Record<string, unknown>).WebSocket;
  rmSync(dir, { recursive: true, force: true });
});

function until(client: LabClient, wanted: ConnectionState, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the client never became ${wanted}`)), timeoutMs);
    const stop = client.onConnection((s) => {
      if (s !== wanted) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve();
    });
  });
}

describe('the web-mode client after a restart with another token', () => {
  it('says unauthorized, holds a request, refuses a wrong token, and sends the waiting request on the right one', { timeout: 60_000 }, async () => {
    const { lab } = (await import(/* @vite-ignore */ CLIENT_MODULE)) as { lab(): LabClient };
    const client = lab();
    expect((await client.invoke('app:info', {})).transport).toBe('websocket');

    await mode.close();
    mode = await startWebMode({ port, db: path.join(dir, 'lab.db'), staticDir, token: NEW });
    await until(client, 'unauthorized');

    // A request made now waits (the server reads nothing on a refused socket) instead of failing.
    let answered: unknown = null;
    const waiting = client.invoke('surface:analyze', { fn: 'w1w2', at: [0, 0] }).then((r) => (answered = r));
    await new Promise((r) => setTimeout(r, 9_000)); // past one retry at the longest delay
    expect(answered).toBeNull();

    expect(await client.reauthorize('not-the-token-at-all')).toBe('refused');
    expect(answered).toBeNull();

    expect(await client.reauthorize(NEW)).toBe('open');
    await waiting;
    expect(answered).toMatchObject({ kind: 'saddle' });
    // The connection carries on with the new token.
    expect((await client.invoke('surface:analyze', { fn: 'w1w2', at: [0, 0] })).kind).toBe('saddle');
  });
});
