// Whether the Electron binary is installed, decided from files alone: importing the 'electron'
// package when its binary is missing starts a download, which stalls (or fails) offline.
// Imports nothing from electron, so `npm start` and the e2e spec can call it from plain Node.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(projectRoot: string): ElectronBinary {
  const pkg = path.join(projectRoot, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { found: false, reason: 'node_modules/electron/path.txt missing' };
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const binary = path.join(pkg, 'dist', relative);
  if (!relative || !existsSync(binary)) return { found: false, reason: `node_modules/electron/dist/${relative} missing` };
  return { found: true, path: binary };
}
