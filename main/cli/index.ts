// Entry point of `npm run --silent lab -- <command> …` (package.json "lab").
import { runCli } from './dispatch';
import { langFromEnv } from './text';

const status = await runCli(process.argv.slice(2), {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  env: process.env,
  lang: langFromEnv(process.env),
});
// exitCode, not exit(): a large JSON result piped to another program must drain first.
process.exitCode = status;
