// Where the built pieces sit relative to out/main/index.js, and which URLs count as our page:
// the renderer served on app://lab (main/app/protocol.ts), or electron-vite's dev server.
import { fileURLToPath } from 'node:url';
import { isAppUrl } from './protocol';

export const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
export const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

/** electron-vite's dev server, when running `electron-vite dev`. */
export const devServerUrl: string | null = process.env.ELECTRON_RENDERER_URL ?? null;

export function isOurPage(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (devServerUrl) {
    try {
      return new URL(url).origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}
