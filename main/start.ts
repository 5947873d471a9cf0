// `npm start`: the desktop app when the Electron binary is installed, otherwise web mode.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './app/electron-binary';
import { closeOnSignals, startWebMode } from './server/web-mode';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const electron = findElectronBinary(root);
  if (electron.found) {
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

main().catch((err: unknown) => {
  console.error(`Descent Lab: ${(err as Error).message}`);
  process.exit(1);
});
