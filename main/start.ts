// `npm start`: the desktop app when the Electron binary is installed, otherwise web mode.
// The check reads files only: importing the 'electron' package would start its binary
// download when the binary is missing, which stalls (or fails) offline.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals, startWebMode } from './server/web-mode';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Electron executable if node_modules/electron has its binary, else null and why. */
export function findElectronBinary(projectRoot = root): { path: string } | { path: null; reason: string } {
  const pkg = path.join(projectRoot, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { path: null, reason: 'node_modules/electron/path.txt missing' };
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const binary = path.join(pkg, 'dist', relative);
  if (!relative || !existsSync(binary)) return { path: null, reason: `node_modules/electron/dist/${relative} missing` };
  return { path: binary };
}

async function main(): Promise<void> {
  const electron = findElectronBinary();
  if (!('reason' in electron)) {
    const child = spawn(electron.path, [root], { stdio: 'inherit' });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => child.kill(s));
    return;
  }
  console.log(`Electron binary not found (${electron.reason}); starting web mode instead.`);
  const mode = await startWebMode();
  closeOnSignals(mode);
  console.log(`Descent Lab web mode: ${mode.url}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`Descent Lab: ${(err as Error).message}`);
    process.exit(1);
  });
}
