// Files handed to the app on its command line: a double-clicked run bundle or experiment file
// (file association) on first launch, or in the argv a second instance passes to the first.
// Plain Node. Electron's own arguments (the binary, the app folder in a checkout, --flags,
// Chromium's switches) are skipped; only existing regular files count.
import { statSync } from 'node:fs';
import path from 'node:path';

/** File names the app opens from the command line or a file manager. */
const OPENABLE = /\.(dlab|dlexp|json|csv|tsv|txt|idx\d?-ubyte|ubyte|gz)$/i;

export function filesFromArgv(argv: readonly string[], cwd: string, options: { packaged: boolean }): string[] {
  // argv[0] is the binary; from a checkout argv[1] is the app folder (`electron .`).
  const rest = argv.slice(options.packaged ? 1 : 2);
  const out: string[] = [];
  for (const arg of rest) {
    if (arg === '' || arg.startsWith('-')) continue;
    const candidate = arg.startsWith('file://') ? safeFileUrl(arg) : path.resolve(cwd, arg);
    if (!candidate || !OPENABLE.test(candidate)) continue;
    try {
      if (statSync(candidate).isFile() && !out.includes(candidate)) out.push(candidate);
    } catch {
      // not a file that exists: ignored
    }
  }
  return out;
}

function safeFileUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' && (u.host === '' || u.host === 'localhost') ? decodeURIComponent(u.pathname) : null;
  } catch {
    return null;
  }
}
