// Where the built pieces sit relative to out/main/index.js, and which URLs count as our page.
import { fileURLToPath, pathToFileURL } from 'node:url';

export const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
export const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

/** electron-vite's dev server, when running `electron-vite dev`. */
export const devServerUrl: string | null = process.env.ELECTRON_RENDERER_URL ?? null;

const rendererFileUrl = pathToFileURL(rendererIndex).href;

export function isOurPage(url: string): boolean {
  // Any hash or query on our own index.html is fine (client-side routing); nothing else is.
  const bare = url.split(/[?#]/)[0];
  if (bare === rendererFileUrl) return true;
  if (devServerUrl) {
    try {
      return new URL(url).origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}
