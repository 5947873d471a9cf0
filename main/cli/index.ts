// Entry point of `npm run --silent lab -- <command> …` (package.json "lab").
import { runCli } from './dispatch';
import { langFromEnv } from './text';
import { noticeText, recoverStoreFaults } from '../store';

// `lab export 7 --format csv | head`: a reader that stops early closes the pipe; that is not an
// error of ours, so end quietly instead of crashing on EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// A damaged or newer database, or a read-only data folder, is said on stderr, not a crash
// (main/store/safe-open.ts): the damaged file is kept aside and a fresh one used.
recoverStoreFaults((notice) => void process.stderr.write(`lab: ${noticeText(notice, langFromEnv(process.env))}\n`));

const status = await runCli(process.argv.slice(2), {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  env: process.env,
  lang: langFromEnv(process.env),
});
// exitCode, not exit(): a large JSON result piped to another program must drain first.
process.exitCode = status;
