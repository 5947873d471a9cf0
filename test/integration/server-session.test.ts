// Web mode across launches, for real (server, store, sockets): the second launch serves on the
// port and with the token of the first, so an open page's socket URL works again after a
// restart; the file is the user's only (0600); a file others can read is not trusted; a taken port
// gives another free one (remembered); flags win and are not written down.
import { chmodSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_FILE, readSession } from '../../main/server/session';
import { startWebMode } from '../../main/server/web-mode';

const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-session-'));
const staticDir = path.join(dir, 'static');
mkdirSync(staticDir);
writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data folder of its own, with a port that is free now remembered in it (not the shared default). */
async function dataFolder(name: string): Promise<{ db: string; folder: string; port: number }> {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  const port = await freePort();
  writeFileSync(path.join(folder, SESSION_FILE), JSON.stringify({ port }), { mode: 0o600 });
  return { db: path.join(folder, 'lab.db'), folder, port };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function ping(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin: new URL(url).origin.replace('ws:', 'http:') } });
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, channel: 'app:info', payload: {} })));
    ws.once('message', (data) => {
      ws.close();
      resolve(JSON.parse(data.toString()));
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const socketUrl = (port: number, token: string) => `ws://127.0.0.1:${port}/ws?token=${token}`;

describe('web mode remembers its port and token', () => {
  it('serves the second launch where the first was, so the page’s socket URL works again', async () => {
    const { db, folder, port } = await dataFolder('restart');
    const first = await startWebMode({ db, staticDir });
    expect(first.port).toBe(port);
    const url = socketUrl(first.port, first.token);
    expect(await ping(url)).toMatchObject({ id: 1, envelope: { ok: true } });
    const file = path.join(folder, SESSION_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ port, token: first.token });
    await first.close();
    await expect(ping(url)).rejects.toThrow();

    const second = await startWebMode({ db, staticDir });
    try {
      expect(second.port).toBe(first.port);
      expect(second.token).toBe(first.token);
      expect(await ping(url)).toMatchObject({ id: 1, envelope: { ok: true } });
    } finally {
      await second.close();
    }
  });

  it('does not trust a token file others can read: a new token, and the file made private again', async () => {
    const { db, folder } = await dataFolder('loose');
    const first = await startWebMode({ db, staticDir });
    await first.close();
    const file = path.join(folder, SESSION_FILE);
    chmodSync(file, 0o644);
    expect(readSession(folder).token).toBeUndefined();
    const second = await startWebMode({ db, staticDir });
    try {
      expect(second.token).not.toBe(first.token);
      expect(second.port).toBe(first.port);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readSession(folder).token).toBe(second.token);
    } finally {
      await second.close();
    }
  });

  it('takes another free port when the remembered one is taken, and remembers that one', async () => {
    const { db, folder, port } = await dataFolder('taken');
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    try {
      const mode = await startWebMode({ db, staticDir });
      try {
        expect(mode.port).not.toBe(port);
        expect(await ping(socketUrl(mode.port, mode.token))).toMatchObject({ envelope: { ok: true } });
        expect(readSession(folder).port).toBe(mode.port);
      } finally {
        await mode.close();
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('fails on a taken port given with --port (no silent move), and writes nothing for flags', async () => {
    const { db, folder, port } = await dataFolder('flags');
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    try {
      await expect(startWebMode({ db, staticDir, port, token: 'given-token-1' })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const mode = await startWebMode({ db, staticDir, port: 0, token: 'given-token-1' });
    await mode.close();
    expect(mode.token).toBe('given-token-1');
    expect(JSON.parse(readFileSync(path.join(folder, SESSION_FILE), 'utf8'))).toEqual({ port });
  });

  it('ignores a damaged file', () => {
    const folder = path.join(dir, 'damaged');
    mkdirSync(folder);
    writeFileSync(path.join(folder, SESSION_FILE), '{"port": "eighty", "token": 12', { mode: 0o600 });
    expect(readSession(folder)).toEqual({});
    writeFileSync(path.join(folder, SESSION_FILE), JSON.stringify({ port: 70000, token: 'a b' }), { mode: 0o600 });
    expect(readSession(folder)).toEqual({});
    expect(existsSync(path.join(folder, 'lab.db'))).toBe(false);
  });
});
