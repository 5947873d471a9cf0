// The store loads better-sqlite3's addon from DESCENT_LAB_SQLITE_BINDING when it is set — how the
// desktop app started from a checkout gets an Electron-ABI build without touching node_modules.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronSqlitePath } from '../../main/app/electron-sqlite';
import { Store } from '../../main/store';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-binding-'));
  dirs.push(dir);
  return path.join(dir, 'lab.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('store native binding', () => {
  it('opens with an explicitly given addon', () => {
    const pkg = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    const addon = path.join(pkg, 'build', 'Release', 'better_sqlite3.node');
    const store = Store.open(tempDb(), { nativeBinding: addon });
    expect(store.integrityCheck().ok).toBe(true);
    store.close();
  });

  it('fails to open, naming the path, when the addon given does not exist', () => {
    expect(() => Store.open(tempDb(), { nativeBinding: '/nonexistent/better_sqlite3.node' })).toThrow(/nonexistent/);
  });

  it('keeps the Electron build apart from node_modules, per Electron version', () => {
    const p = electronSqlitePath('/repo', '45.5.0');
    expect(p).toBe(path.join('/repo', 'out', 'electron-sqlite', '45.5.0', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  });
});
