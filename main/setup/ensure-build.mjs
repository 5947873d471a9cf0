// `npm run lab` / `npm run web` (their prelab/preweb step): they run the built JavaScript in
// out/, so on a fresh clone, or after the sources changed, build first and say so in one line.
// Plain Node; installs first when node_modules is missing (ensure-install.mjs). The check is a
// cheap walk comparing modification times: the newest source against the oldest built entry.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureInstall } from './ensure-install.mjs';

const OUTPUTS = ['out/main/index.js', 'out/main/lab.js', 'out/main/web.js', 'out/main/start.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['main', 'preload', 'renderer', 'native', 'package.json', 'package-lock.json', 'tsconfig.json'];

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function newest(entry) {
  let s;
  try {
    s = statSync(entry);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let most = s.mtimeMs;
  for (const name of readdirSync(entry)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    most = Math.max(most, newest(path.join(entry, name)));
  }
  return most;
}

/** Why out/ needs a build, or null when every entry is newer than every source. */
export function buildNeeded(root = ROOT) {
  const times = OUTPUTS.map((f) => mtime(path.join(root, f)));
  const missing = OUTPUTS.filter((_, i) => times[i] === null);
  if (missing.length) return `${missing[0]} is not built yet`;
  const oldest = Math.min(...times);
  const source = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
  return source > oldest ? 'the sources changed since the last build' : null;
}

export function ensureBuild(root = ROOT, say = (line) => console.log(line)) {
  if (!ensureInstall(root, say)) return false;
  const why = buildNeeded(root);
  if (why === null) return true;
  say(`Descent Lab: ${why}; building first (npm run build, about a minute)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build', '--', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    say('Descent Lab: the build failed; see the lines above.');
    return false;
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exit(ensureBuild() ? 0 : 1);
}
