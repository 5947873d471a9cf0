// Serving the built renderer from one directory: content types, and no way out of that
// directory (decoded "..", encoded separators, NUL bytes, symlinks pointing elsewhere).
import { promises as fs } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  file: string;
  body: Buffer;
  type: string;
}

/**
 * The file under `root` that `pathname` names, or null. "/" and extension-less paths that
 * match no file give index.html (the renderer routes on the client).
 */
export async function readStatic(root: string, pathname: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const realRoot = await fs.realpath(root);
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (relative.split('/').includes('..')) return null;
  const wanted = relative === '' ? 'index.html' : relative;
  const found = (await inside(realRoot, wanted)) ?? (path.extname(wanted) === '' ? await inside(realRoot, 'index.html') : null);
  if (!found) return null;
  return { file: found, body: await fs.readFile(found), type: contentType(found) };
}

async function inside(realRoot: string, relative: string): Promise<string | null> {
  const candidate = path.resolve(realRoot, relative);
  try {
    const real = await fs.realpath(candidate);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    const stat = await fs.stat(real);
    return stat.isFile() ? real : null;
  } catch {
    return null;
  }
}
