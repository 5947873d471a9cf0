// `npm start` / `npm test` on a fresh clone (their prestart/pretest step): when node_modules is
// missing or does not match package-lock.json, run `npm ci` first and say so in one line.
// Plain Node (no dependencies): it runs before anything is installed.
// The check is cheap: npm records what it installed in node_modules/.package-lock.json; every
// package the lock names (optional ones may be absent) must be there at the lock's version.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Why node_modules needs an install, or null when it matches package-lock.json. */
export function installNeeded(root = ROOT) {
  const lock = readJson(path.join(root, 'package-lock.json'));
  if (!lock || typeof lock.packages !== 'object') return 'package-lock.json is missing or unreadable';
  if (!existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'));
  if (!installed || typeof installed.packages !== 'object') return 'node_modules was not installed by npm from package-lock.json';
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.link) continue;
    const have = installed.packages[key];
    if (!have) {
      if (entry.optional) continue;
      return `node_modules lacks ${key.replace(/^.*node_modules\//, '')}`;
    }
    if (have.version !== entry.version) return `node_modules has ${key.replace(/^.*node_modules\//, '')} ${have.version}, package-lock.json wants ${entry.version}`;
  }
  for (const key of Object.keys(installed.packages)) {
    if (!(key in lock.packages)) return `node_modules has ${key.replace(/^.*node_modules\//, '')}, which package-lock.json no longer names`;
  }
  return null;
}

/** Installs when needed; returns false when the install failed. */
export function ensureInstall(root = ROOT, say = (line) => console.log(line)) {
  const why = installNeeded(root);
  if (why === null) return true;
  say(`Descent Lab: ${why}; installing the dependencies first (npm ci, a few minutes)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    say(`Descent Lab: npm ci failed${result.error ? ` (${result.error.message})` : ''}; see the lines above.`);
    return false;
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exit(ensureInstall() ? 0 : 1);
}
