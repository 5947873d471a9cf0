// `npm start` / `npm test` / `npm run lab` on a fresh clone: the plain-Node steps that run first
// (main/setup/*.mjs), run as npm runs them in a scratch checkout with a stand-in `npm` on PATH that
// records what it was asked to do. Also which command opens the browser for web mode.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { browserCommand } from '../../main/server/browser';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'descent-lab-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const LOCK = {
  name: 'descent-lab',
  lockfileVersion: 3,
  packages: {
    '': { name: 'descent-lab' },
    'node_modules/zod': { version: '4.6.7' },
    'node_modules/ws': { version: '8.23.0', dev: true },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
  },
};
const installedAs = (packages: Record<string, { version: string }>) => JSON.stringify({ name: 'descent-lab', lockfileVersion: 3, packages });

/** A checkout with the setup scripts, package-lock.json and a stand-in npm that logs its arguments. */
function checkout(name: string): { dir: string; run: (script: string) => { status: number | null; stdout: string; npm: string[] } } {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, 'main', 'setup'), { recursive: true });
  for (const f of ['ensure-install.mjs', 'ensure-build.mjs']) copyFileSync(path.join(root, 'main', 'setup', f), path.join(dir, 'main', 'setup', f));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(LOCK));
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "$*" >> "${path.join(dir, 'npm.log')}"\n`, { mode: 0o755 });
  return {
    dir,
    run(script) {
      rmSync(path.join(dir, 'npm.log'), { force: true });
      const r = spawnSync(process.execPath, [path.join('main', 'setup', script)], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
      const log = path.join(dir, 'npm.log');
      return { status: r.status, stdout: r.stdout, npm: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
    },
  };
}

describe.skipIf(process.platform === 'win32')('ensure-install (prestart, pretest)', () => {
  it('runs npm ci, saying why in one line, when node_modules is missing', () => {
    const c = checkout('missing');
    const r = c.run('ensure-install.mjs');
    expect(r.status).toBe(0);
    expect(r.npm).toEqual(['ci --no-audit --no-fund']);
    expect(r.stdout.trim().split('\n')).toEqual(['Descent Lab: node_modules is missing; installing the dependencies first (npm ci, a few minutes)…']);
  });

  it('runs npm ci when an installed version differs from the lock, a package is absent, or one the lock dropped is there', () => {
    const c = checkout('stale');
    mkdirSync(path.join(c.dir, 'node_modules'));
    const hidden = path.join(c.dir, 'node_modules', '.package-lock.json');
    const cases: [Record<string, { version: string }>, string][] = [
      [{ 'node_modules/zod': { version: '4.6.6' }, 'node_modules/ws': { version: '8.23.0' } }, 'node_modules has zod 4.6.6, package-lock.json wants 4.6.7'],
      [{ 'node_modules/zod': { version: '4.6.7' } }, 'node_modules lacks ws'],
      [{ 'node_modules/zod': { version: '4.6.7' }, 'node_modules/ws': { version: '8.23.0' }, 'node_modules/left-pad': { version: '1.0.0' } }, 'left-pad'],
    ];
    for (const [packages, why] of cases) {
      writeFileSync(hidden, installedAs(packages));
      const r = c.run('ensure-install.mjs');
      expect(r.npm).toEqual(['ci --no-audit --no-fund']);
      expect(r.stdout).toContain(why);
    }
  });

  it('does nothing, silently, when node_modules matches the lock (an optional package may be absent)', () => {
    const c = checkout('fresh');
    mkdirSync(path.join(c.dir, 'node_modules'));
    writeFileSync(path.join(c.dir, 'node_modules', '.package-lock.json'), installedAs({ 'node_modules/zod': { version: '4.6.7' }, 'node_modules/ws': { version: '8.23.0' } }));
    const r = c.run('ensure-install.mjs');
    expect(r).toEqual({ status: 0, stdout: '', npm: [] });
  });

  it('this checkout’s own node_modules matches its package-lock.json', () => {
    const r = spawnSync(process.execPath, ['-e', 'import("./main/setup/ensure-install.mjs").then((m) => console.log(JSON.stringify(m.installNeeded())))'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('ensure-build (prelab, preweb)', () => {
  const OUTPUTS = ['out/main/index.js', 'out/main/lab.js', 'out/main/web.js', 'out/main/start.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  function built(name: string) {
    const c = checkout(name);
    mkdirSync(path.join(c.dir, 'node_modules'));
    writeFileSync(path.join(c.dir, 'node_modules', '.package-lock.json'), installedAs({ 'node_modules/zod': { version: '4.6.7' }, 'node_modules/ws': { version: '8.23.0' } }));
    mkdirSync(path.join(c.dir, 'main', 'cli'), { recursive: true });
    writeFileSync(path.join(c.dir, 'main', 'cli', 'lab.ts'), '// source');
    const old = new Date(Date.now() - 60_000);
    for (const f of ['main/cli/lab.ts', 'main/setup/ensure-install.mjs', 'main/setup/ensure-build.mjs', 'package-lock.json']) utimesSync(path.join(c.dir, f), old, old);
    utimesSync(path.join(c.dir, 'main', 'cli'), old, old);
    utimesSync(path.join(c.dir, 'main', 'setup'), old, old);
    utimesSync(path.join(c.dir, 'main'), old, old);
    for (const f of OUTPUTS) {
      mkdirSync(path.dirname(path.join(c.dir, f)), { recursive: true });
      writeFileSync(path.join(c.dir, f), '');
    }
    return c;
  }

  it('builds, saying so, when out/ is missing', () => {
    const c = checkout('unbuilt');
    mkdirSync(path.join(c.dir, 'node_modules'));
    writeFileSync(path.join(c.dir, 'node_modules', '.package-lock.json'), installedAs({ 'node_modules/zod': { version: '4.6.7' }, 'node_modules/ws': { version: '8.23.0' } }));
    const r = c.run('ensure-build.mjs');
    expect(r.npm).toEqual(['run --silent build -- --logLevel warn']);
    expect(r.stdout.trim()).toBe('Descent Lab: out/main/index.js is not built yet; building first (npm run build, about a minute)…');
  });

  it('installs, then builds, on a fresh clone', () => {
    const r = checkout('clone').run('ensure-build.mjs');
    expect(r.npm).toEqual(['ci --no-audit --no-fund', 'run --silent build -- --logLevel warn']);
  });

  it('does nothing when out/ is newer than every source, and builds after a source changes', () => {
    const c = built('up-to-date');
    expect(c.run('ensure-build.mjs')).toEqual({ status: 0, stdout: '', npm: [] });
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(c.dir, 'main', 'cli', 'lab.ts'), later, later);
    const r = c.run('ensure-build.mjs');
    expect(r.npm).toEqual(['run --silent build -- --logLevel warn']);
    expect(r.stdout).toContain('the sources changed since the last build');
  });
});

describe('the browser opened by npm start’s web fallback', () => {
  const url = 'http://127.0.0.1:41730/?token=abc';
  it('uses the platform’s opener', () => {
    expect(browserCommand(url, 'linux', {})).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserCommand(url, 'win32', {})?.args).toEqual(['/c', 'start', '""', url]);
    expect(browserCommand('http://x/?a=1&b=2', 'win32', {})?.args.at(-1)).toBe('http://x/?a=1^&b=2');
  });
  it('uses BROWSER when set, and none with BROWSER=none or under CI', () => {
    expect(browserCommand(url, 'linux', { BROWSER: 'firefox' })).toEqual({ command: 'firefox', args: [url] });
    expect(browserCommand(url, 'linux', { BROWSER: 'none' })).toBeNull();
    expect(browserCommand(url, 'linux', { CI: 'true' })).toBeNull();
    expect(browserCommand(url, 'linux', { CI: '1' })).toBeNull();
    expect(browserCommand(url, 'linux', { CI: 'false' })).toEqual({ command: 'xdg-open', args: [url] });
  });
});
