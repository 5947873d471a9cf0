// better-sqlite3 for the desktop app started from a source checkout (`npm start`).
// node_modules holds the addon compiled for Node, which web mode, the CLI and the tests need;
// Electron's main process has another ABI. Rather than rebuild node_modules in place (which would
// break everything that runs in Node), a second copy is built for Electron under
// out/electron-sqlite/<electron version>/ and handed to the store as its nativeBinding.
// Packaged apps need none of this: electron-builder rebuilds the dependency for Electron.
// Imports nothing from electron.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export function electronVersion(projectRoot: string): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Where the Electron build of the addon lives once built. */
export function electronSqlitePath(projectRoot: string, version: string): string {
  return path.join(projectRoot, 'out', 'electron-sqlite', version, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * Returns the Electron build of better-sqlite3's addon, building it first when missing:
 * a prebuilt binary for this Electron version if one can be fetched, else a compile against
 * Electron's headers. Throws with the tool's output when neither works.
 */
export function ensureElectronSqlite(projectRoot: string, log: (line: string) => void = () => {}): string {
  const version = electronVersion(projectRoot);
  const addon = electronSqlitePath(projectRoot, version);
  if (existsSync(addon)) return addon;
  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3');
  const copy = path.join(projectRoot, 'out', 'electron-sqlite', version, 'better-sqlite3');
  rmSync(copy, { recursive: true, force: true });
  cpSync(source, copy, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });
  const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  const attempts: [string, string[]][] = [
    [bin('prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', process.arch]],
    [bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers']],
  ];
  const failures: string[] = [];
  for (const [command, args] of attempts) {
    log(`Preparing better-sqlite3 for Electron ${version}: ${path.basename(command)} ${args.join(' ')}`);
    try {
      execFileSync(command, args, { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
      if (existsSync(addon)) return addon;
      failures.push(`${path.basename(command)}: finished without producing ${addon}`);
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      failures.push(`${path.basename(command)}: ${(e.stderr?.toString() || e.message).trim().split('\n').slice(-3).join(' ')}`);
    }
  }
  throw new Error(`could not build better-sqlite3 for Electron ${version}: ${failures.join('; ')}`);
}
