// The installed app as electron-builder packs it: the linux `dir` target built from this checkout's
// out/ (npm test builds it first), then the asar and app.asar.unpacked read back file by file.
// Where the Electron binary is missing (as here) a stand-in distribution takes its place — an
// executable named `electron` and a `version` file — and the fuses, which need the real binary,
// are skipped; the output says so. The Electron rebuild of better-sqlite3 is always skipped here:
// it would rebuild node_modules in place for Electron's ABI and break every test that runs in Node.
// Last, the packaged pool worker (with the kernels bundled into it) trains a tiny network in
// plain Node, to the last bit what the sources train in process.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { findElectronBinary } from '../../main/app/electron-binary';
import { electronVersion } from '../../main/app/electron-sqlite';
import { trainNetwork } from '../../main/engine/nn/train';
import { resolveWorkerEntry } from '../../main/engine/pool/entry';
import { trainNetworkOnPool } from '../../main/engine/pool/network';
import { WorkerPool } from '../../main/engine/pool/pool';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PAYLOAD_LIMIT = 15 * 1024 * 1024;

interface AsarEntry {
  size: number;
  unpacked: boolean;
}

/** The file list of an asar archive, read from its header (a Chromium pickle holding JSON). */
function asarFiles(file: string): Map<string, AsarEntry> {
  const bytes = readFileSync(file);
  const jsonLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + jsonLength).toString('utf8')) as AsarNode;
  const out = new Map<string, AsarEntry>();
  const walk = (node: AsarNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, p);
      else out.set(p, { size: child.size ?? 0, unpacked: child.unpacked === true });
    }
  };
  walk(header, '');
  return out;
}
interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  unpacked?: boolean;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function duBytes(dir: string): number {
  let total = 0;
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    else total += s.size;
  };
  walk(dir);
  return total;
}

const binary = findElectronBinary(root);
const FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
} as const;

let work: string;
let resources: string;
let files: Map<string, AsarEntry>;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'out/main/index.js'))) {
    const built = await run(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--config', 'renderer/electron.vite.config.ts', '--logLevel', 'warn'], root);
    expect(built.code, built.output).toBe(0);
  }
  work = mkdtempSync(path.join(tmpdir(), 'descent-lab-pack-'));
  const version = electronVersion(root);
  let electronDist: string;
  let fuses: string;
  if (binary.found) {
    electronDist = path.dirname(binary.path);
    fuses = '';
    console.log('[packaging] Electron binary found: packing with it, fuses flipped as electron-builder.yml says');
  } else {
    electronDist = path.join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n');
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    writeFileSync(path.join(electronDist, 'version'), version);
    fuses = 'electronFuses: null\n';
    console.log(`[packaging] Electron binary not found (${binary.reason}): packing with a stand-in Electron ${version} distribution; fuses skipped (they need the real binary)`);
  }
  console.log('[packaging] Electron rebuild of better-sqlite3 skipped (npmRebuild: false; it would rebuild node_modules in place)');
  const config = path.join(work, 'electron-builder.yml');
  writeFileSync(
    config,
    `extends: ${JSON.stringify(path.join(root, 'electron-builder.yml'))}\n${fuses}npmRebuild: false\nelectronDist: ${JSON.stringify(electronDist)}\nelectronVersion: ${JSON.stringify(version)}\ndirectories:\n  output: ${JSON.stringify(path.join(work, 'dist'))}\n`,
  );
  const packed = await run(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), '--config', config, '--linux', 'dir', '--publish', 'never'], root);
  expect(packed.code, packed.output).toBe(0);
  resources = path.join(work, 'dist', 'linux-unpacked', 'resources');
  files = asarFiles(path.join(resources, 'app.asar'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (linux dir target)', () => {
  it('carries the bundles, the pool worker and better-sqlite3 runtime, with main and the addon unpacked', () => {
    for (const required of [
      'package.json',
      'out/main/index.js',
      'out/main/pool-worker.js',
      'out/main/digits.csv.gz',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
    ]) {
      expect(files.has(required), required).toBe(true);
    }
    expect(files.get('node_modules/better-sqlite3/build/Release/better_sqlite3.node')!.unpacked).toBe(true);
    // The kernels' addon ships (unpacked) exactly when it compiled here; nothing else of native/ does.
    const addon = 'native/build/Release/descent_lab_native.node';
    expect(files.get(addon)?.unpacked ?? false).toBe(existsSync(path.join(root, addon)));
    expect([...files.keys()].filter((p) => p.startsWith('native/') && p !== addon)).toEqual([]);
    for (const [p, entry] of files) {
      if (p.startsWith('out/main/')) {
        expect(entry.unpacked, p).toBe(true);
        expect(existsSync(path.join(resources, 'app.asar.unpacked', p)), p).toBe(true);
      }
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(files.has(pkg.main)).toBe(true);
  });

  it('carries no build tools, no native sources or intermediates, no maps, no plain-Node entries', () => {
    const modules = new Set([...files.keys()].filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/').slice(0, p.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')));
    expect([...modules].sort()).toEqual(['node_modules/better-sqlite3', 'node_modules/bindings', 'node_modules/file-uri-to-path']);
    const banned = [
      /(^|\/)node_modules\/(tsx|esbuild|@esbuild|typescript|vite|rolldown|electron-builder|prebuild-install|node-gyp|node-abi)\//,
      /\.(c|cc|cpp|h|hpp|gyp|gypi|o|obj|a|mk|ts|tsx|map)$/,
      /\/(deps|src|obj|obj\.target)\//,
      /test_extension\.node$/,
      /^out\/main\/(lab|web|start)\.js$/,
      /^out\/electron-sqlite\//,
    ];
    const offenders = [...files.keys()].filter((p) => banned.some((re) => re.test(p)));
    expect(offenders).toEqual([]);
  });

  it(`keeps the app payload (resources/ besides Electron) within ${PAYLOAD_LIMIT / 1024 / 1024} MB`, () => {
    const payload = duBytes(resources);
    console.log(`[packaging] app payload: ${(payload / 1024 / 1024).toFixed(2)} MB in resources/ (app.asar ${(statSync(path.join(resources, 'app.asar')).size / 1024 / 1024).toFixed(2)} MB + app.asar.unpacked ${(duBytes(path.join(resources, 'app.asar.unpacked')) / 1024 / 1024).toFixed(2)} MB)`);
    expect(payload).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(payload).toBeGreaterThan(0);
  });

  it('the engine finds the unpacked pool worker from inside app.asar', () => {
    const chunk = [...files.keys()].find((p) => /^out\/main\/[^/]+\.js$/.test(p) && p !== 'out/main/pool-worker.js')!;
    const here = pathToFileURL(path.join(resources, 'app.asar', chunk)).href;
    const entry = resolveWorkerEntry(here);
    expect(fileURLToPath(entry.url)).toBe(path.join(resources, 'app.asar.unpacked', 'out', 'main', 'pool-worker.js'));
  });

  it('the packaged addon opens a database (Node build, since the Electron rebuild was skipped)', () => {
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, o: { nativeBinding: string }) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:', { nativeBinding: path.join(resources, 'app.asar.unpacked', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node') });
    expect(db.prepare('select 6 * 7 as v').get()).toEqual({ v: 42 });
    db.close();
  });

  it('electron-builder.yml flips the fuses; the packed binary carries them where it is the real Electron', async () => {
    const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(yml)?.[1] ?? '';
    const configured = Object.fromEntries(block.trim().split('\n').map((line) => line.trim().split(': ')).map(([k, v]) => [k, v === 'true']));
    expect(configured).toEqual(FUSES);
    if (!binary.found) {
      console.log('[packaging] fuses not read back: the stand-in distribution is not an Electron binary');
      return;
    }
    const { getCurrentFuseWire, FuseV1Options } = (await import('@electron/fuses')) as typeof import('@electron/fuses');
    const wire = await getCurrentFuseWire(path.join(resources, '..', 'descent-lab'));
    const state = (on: boolean) => (on ? 49 : 48); // FuseState.ENABLE / DISABLE
    expect(wire[FuseV1Options.RunAsNode]).toBe(state(FUSES.runAsNode));
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(state(FUSES.enableNodeOptionsEnvironmentVariable));
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(state(FUSES.enableNodeCliInspectArguments));
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(state(FUSES.onlyLoadAppFromAsar));
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(state(FUSES.enableEmbeddedAsarIntegrityValidation));
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(state(FUSES.enableCookieEncryption));
  });

  it('the packaged pool worker trains a tiny network in plain Node, to the last bit as the sources do in process', async () => {
    const worker = path.join(resources, 'app.asar.unpacked', 'out', 'main', 'pool-worker.js');
    const pool = new WorkerPool({ size: 2, entry: { url: pathToFileURL(worker), poolEntry: null } });
    try {
      const spec = experimentSpec.parse({
        data: { source: 'spiral', samples: 200, noise: 0.1, classes: 3 },
        model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }],
        optimizer: { name: 'adam', lr: 0.02 },
        split: { validation: 0.25 },
        batchSize: 32,
        epochs: 4,
        seed: 3,
      });
      const packaged = await trainNetworkOnPool(pool, spec, { threads: 2 });
      const reference = await trainNetwork(spec);
      expect(packaged.status).toBe('completed');
      expect(packaged.epochs.at(-1)!.trainLoss).toBeLessThan(packaged.epochs[0]!.trainLoss);
      expect(packaged.epochs.map((e) => e.trainLoss)).toEqual(reference.epochs.map((e) => e.trainLoss));
      expect(Array.from(packaged.weights.params)).toEqual(Array.from(reference.weights.params));
    } finally {
      await pool.shutdown();
    }
  }, 60_000);
});
