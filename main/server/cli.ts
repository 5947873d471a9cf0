// `npm run web -- [--port N] [--db FILE] [--token T] [--static DIR]` (out/main/web.js, built from here):
// prints one line with the URL (token included) and serves until SIGINT/SIGTERM.
import { closeOnSignals, startWebMode, type WebModeOptions } from './web-mode';

const USAGE = 'usage: npm run web -- [--port N (default: the one last used, else 41730; 0 = any free)] [--db FILE] [--token T (default: the one last used)] [--static DIR]';

export function parseWebArgs(argv: string[]): WebModeOptions {
  const options: WebModeOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--port', '--db', '--token', '--static'].includes(flag)) throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0–65535, got ${JSON.stringify(value)}`);
      options.port = port;
    } else if (flag === '--db') options.db = value;
    else if (flag === '--token') {
      if (value.length < 8 || !/^[\w.~-]+$/.test(value)) throw new Error('--token must be at least 8 characters of [A-Za-z0-9_.~-]');
      options.token = value;
    } else options.staticDir = value;
  }
  return options;
}

async function main(): Promise<void> {
  let options: WebModeOptions;
  try {
    options = parseWebArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`lab web: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    const mode = await startWebMode(options);
    closeOnSignals(mode);
    process.stdout.write(`Descent Lab web mode: ${mode.url}\n`);
  } catch (err) {
    process.stderr.write(`lab web: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

void main();
