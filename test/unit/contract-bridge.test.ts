// The desktop side of the contract without Electron: the preload's bridge (over a stand-in for
// ipcRenderer, which needs the Electron binary) and the IPC sender check's notion of "our page".
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOurPage } from '../../main/app/paths';
import { APP_INDEX } from '../../main/app/protocol';
import { createBridge, type IpcLike } from '../../preload/bridge';

/** Records what crosses IPC; `emit` plays main sending an event. */
function recordingIpc() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcLike = {
    invoke: async (channel, request) => {
      invoked.push([channel, request]);
      return { ok: true, result: 'from main' };
    },
    on: (channel, fn) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)),
    removeListener: (channel, fn) => listeners.get(channel)?.delete(fn),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const fn of listeners.get(channel) ?? []) fn({ sender: 'the raw IpcRendererEvent' }, payload);
  };
  return { ipc, invoked, emit, count: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('preload bridge', () => {
  it('passes contract channels through and refuses others without touching IPC', async () => {
    const r = recordingIpc();
    const lab = createBridge(r.ipc);
    expect(await lab.invoke('surface:list', {})).toEqual({ ok: true, result: 'from main' });
    const refused = await lab.invoke('shell:openExternal' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'channel' }] } });
    expect(r.invoked).toEqual([['surface:list', {}]]);
  });

  it('gives listeners the payload only and returns a working unsubscribe', () => {
    const r = recordingIpc();
    const lab = createBridge(r.ipc);
    const got: unknown[][] = [];
    const off = lab.on('run:progress', (...args: unknown[]) => got.push(args));
    const payload = { runId: 1, step: 2, total: 3, status: 'running' };
    r.emit('run:progress', payload);
    expect(got).toEqual([[payload]]);
    off();
    expect(r.count('run:progress')).toBe(0);
    r.emit('run:progress', payload);
    expect(got).toHaveLength(1);
  });

  it('refuses to subscribe to events outside the contract', () => {
    const lab = createBridge(recordingIpc().ipc);
    expect(() => lab.on('ipc:anything' as never, () => {})).toThrow(/unknown event/);
  });
});

describe('IPC sender check', () => {
  const ours = APP_INDEX;

  it('accepts our page on the app:// origin, with any route in the hash or query', () => {
    expect(isOurPage(ours)).toBe(true);
    expect(isOurPage(`${ours}#/history`)).toBe(true);
    expect(isOurPage(`${ours}?lang=en`)).toBe(true);
  });

  it('refuses files (the built index.html too), other schemes and look-alikes', () => {
    expect(isOurPage(pathToFileURL(fileURLToPath(new URL('../../out/renderer/index.html', import.meta.url))).href)).toBe(false);
    expect(isOurPage('file:///etc/passwd')).toBe(false);
    expect(isOurPage('app://lab.evil.example/index.html')).toBe(false);
    expect(isOurPage('app://evil/index.html')).toBe(false);
    expect(isOurPage('https://example.com/')).toBe(false);
    expect(isOurPage('about:blank')).toBe(false);
    expect(isOurPage('')).toBe(false);
  });
});
