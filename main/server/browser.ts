// `npm start`'s web fallback opens the page in the default browser: xdg-open / open / start, or
// the command in BROWSER. Not under CI, not with BROWSER=none (the URL is printed either way).
import { spawn } from 'node:child_process';

type Env = Record<string, string | undefined>;

/** The command that opens `url`, or null when none should run here. */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform, env: Env = process.env): { command: string; args: string[] } | null {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return null;
  const browser = env.BROWSER?.trim();
  if (browser && browser.toLowerCase() === 'none') return null;
  if (browser) return { command: browser, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start`'s first quoted argument is the window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens the page, detached; says so in one line, or why it could not. */
export function openBrowser(url: string, say: (line: string) => void = console.log): void {
  const opener = browserCommand(url);
  if (!opener) return;
  try {
    const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: process.platform === 'win32' });
    child.on('error', (err) => say(`Could not open a browser (${opener.command}: ${err.message}); open the URL above.`));
    child.unref();
    say(`Opening it in your browser (${opener.command}); BROWSER=none turns this off.`);
  } catch (err) {
    say(`Could not open a browser (${(err as Error).message}); open the URL above.`);
  }
}
