// `npm start`: the desktop app when the Electron binary is installed, otherwise web mode.
// Runs built (out/main/start.js, after `npm run build`) or from sources (main/start.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './app/electron-binary';
import { ensureElectronSqlite } from './app/electron-sqlite';
import { openBrowser } from './server/browser';
import { closeOnSignals, startWebMode } from './server/web-mode';

const root = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));

async function main(): Promise<void> {
  const electron = findElectronBinary(root);
  if (electron.found) {
    let binding: string;
    try {
      binding = ensureElectronSqlite(root, (line) => console.log(line));
    } catch (err) {
      console.log(`Electron found, but ${(err as Error).message}; starting web mode instead.`);
      return startWeb();
    }
    const env = { ...process.env, DESCENT_LAB_SQLITE_BINDING: binding };
    const child = spawn(electron.path, [root], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => child.kill(s));
    return;
  }
  console.log(`Electron binary not found (${electron.reason}); starting web mode instead.`);
  return startWeb();
}

async function startWeb(): Promise<void> {
  const mode = await startWebMode();
  closeOnSignals(mode);
  console.log(`Descent Lab web mode: ${mode.url}`);
  openBrowser(mode.url);
}

main().catch((err: unknown) => {
  console.error(`Descent Lab: ${(err as Error).message}`);
  process.exit(1);
});
