// Process boundaries the contract relies on, checked on the sources: only main/app/ (and the
// preload) may import 'electron', and the renderer's CSP <meta> is the one the transports send.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META } from '../../main/api/csp';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts|js|mjs|cjs|vue)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

// import … from 'electron' / 'electron/main', import('electron'), require('electron'), export … from 'electron'
const ELECTRON_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]electron(?:\/[^'"]*)?['"]/;

describe('process boundaries', () => {
  it('recognises the ways a module can import electron', () => {
    for (const line of [`import { app } from 'electron';`, `import 'electron';`, `const e = require("electron")`, `await import('electron/main')`, `export { app } from 'electron'`]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(true);
    }
    expect(ELECTRON_IMPORT.test(`import { x } from 'electron-vite';`)).toBe(false);
  });

  it('no code under main/ outside main/app/ imports electron', () => {
    const appDir = path.join(root, 'main', 'app') + path.sep;
    const offenders = sources(path.join(root, 'main'))
      .filter((f) => !f.startsWith(appDir))
      .filter((f) => ELECTRON_IMPORT.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports electron', () => {
    const offenders = sources(path.join(root, 'renderer'))
      .filter((f) => !f.endsWith('electron.vite.config.ts'))
      .filter((f) => ELECTRON_IMPORT.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});

describe('content security policy', () => {
  it('renderer/index.html carries exactly the shared policy in its <meta>', () => {
    const html = readFileSync(path.join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CSP_META);
  });

  it('allows scripts from our own files only and nothing remote', () => {
    const directives = new Map(CSP_HEADER.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources] as const;
    }));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const everySource = [...directives.values()].flat();
    expect(everySource.filter((s) => s === '*' || /^https?:/.test(s) || s === "'unsafe-eval'")).toEqual([]);
    // The only non-self network source is the loopback WebSocket of web mode.
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*']);
  });
});
