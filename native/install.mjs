// `npm install` runs this (package.json "install"): builds the Node-API addon with node-gyp, the
// way better-sqlite3 builds. It never fails the install: without a compiler, headers or node-gyp
// it prints one line and exits 0, and the engine runs its WebAssembly kernels instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (process.env.DESCENT_LAB_SKIP_NATIVE) process.exit(0);

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp), the project's, or npm's beside node. */
function nodeGyp() {
  const npmDir = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  const list = [
    process.env.npm_config_node_gyp,
    join(here, '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return list.find((p) => p && existsSync(p));
}

const gyp = nodeGyp();
if (!gyp) {
  console.log('descent-lab: native kernels not built (node-gyp not found); using the WebAssembly kernels');
  process.exit(0);
}
const args = [gyp, 'rebuild', '--release'];
// Where node's own headers are installed (Debian's nodejs-dev, a source build), use them rather than downloading.
const prefix = join(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const r = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8' });
if (r.status !== 0) {
  const lines = `${r.stdout ?? ''}\n${r.stderr ?? ''}\n${r.error ? r.error.message : ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const cause = lines.find((l) => /\berror\b|not found|No such file/i.test(l) && !/^gyp (ERR!|info)/.test(l)) ?? lines.filter((l) => /^gyp ERR!/.test(l))[0] ?? `exit ${r.status}`;
  const last = cause;
  console.log(`descent-lab: native kernels not built (${last.trim().slice(0, 160)}); using the WebAssembly kernels`);
  process.exit(0);
}
console.log('descent-lab: native kernels built (native/build/Release/descent_lab_native.node)');
