// The real `lab` command as a child process: stdout carries only the result, errors go to
// stderr with a non-zero exit naming the bad option; numbers checked against hand derivations.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab, type CliResult } from '../support/lab-cli';

type Result = CliResult;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lab = (args: string[], env: Record<string, string> = {}): Promise<Result> => runLab(args, { defaultDb: join(dir, 'env-default.db'), env });

const relClose = (actual: number, expected: number, rel = 1e-12) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);

describe('lab hessian', () => {
  it('w1w2 at the origin is a saddle with eigenvalues −2 and 2 (hand-derived)', async () => {
    // f = (1−xy)²: ∂²f/∂x² = 2y², ∂²f/∂y² = 2x², ∂²f/∂x∂y = 4xy − 2 → [[0, −2], [−2, 0]] at (0, 0),
    // eigenvalues ∓2 with eigenvectors (1, 1)/√2 and (1, −1)/√2; f(0, 0) = 1, ∇f = 0.
    const r = await lab(['hessian', '--fn', 'w1w2', '--at', '0,0', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'saddle', gradient: [0, 0], hessian: [[0, -2], [-2, 0]], loss: 1 });
    relClose(out.eigenvalues[0], -2);
    relClose(out.eigenvalues[1], 2);
    const s = Math.SQRT1_2;
    const escape = out.escapeDirection as [number, number];
    const sign = Math.sign(escape[0]);
    relClose(escape[0] * sign, s);
    relClose(escape[1] * sign, s);
    relClose(Math.abs(out.eigenvectors[1][0]), s);
    relClose(out.eigenvectors[1][0] * out.eigenvectors[1][1], -0.5);
  });

  it('accepts --at=-1,2 and prints a readable summary without --json', async () => {
    const r = await lab(['hessian', '--fn=saddle', '--at=-1,2']);
    expect(r.code).toBe(0);
    // ∇(x²−y²) = (2x, −2y) = (−2, −4) at (−1, 2): not a critical point.
    expect(r.stdout).toMatch(/^saddle at \(-1, 2\): not-critical\n/);
    expect(r.stdout).toContain('gradient: [-2, -4]');
  });
});

describe('lab surface', () => {
  it('plain SGD on x²−y² from (1, 0.5), lr 0.1: x_t = 0.8^t, y_t = 0.5·1.2^t (hand-derived)', async () => {
    // θ ← θ − 0.1·(2x, −2y) multiplies x by 0.8 and y by 1.2 each update.
    const steps = 20;
    const r = await lab(['surface', '--fn', 'saddle', '--start', '1,0.5', '--steps', String(steps), '--optimizer', '{"name":"sgd","lr":0.1}', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fn).toBe('saddle');
    expect(out.status).toBe('completed');
    expect(out.points).toHaveLength(steps + 1);
    expect(out.lr).toEqual(Array(steps).fill(0.1));
    expect(out.gradNorm).toHaveLength(steps);
    out.points.forEach(([x, y, loss]: number[], t: number) => {
      relClose(x!, 0.8 ** t);
      relClose(y!, 0.5 * 1.2 ** t);
      relClose(loss!, 0.8 ** (2 * t) - 0.25 * 1.2 ** (2 * t), 1e-11);
    });
    relClose(out.gradNorm[0], Math.hypot(2, 1));
  });

  it('--start=-1.2,1 and a schedule: N+1 points and the N scheduled rates', async () => {
    // Step decay: lr_t = 0.01 · 0.5^⌊t/2⌋ for update t (PyTorch StepLR).
    const r = await lab(['surface', '--fn=rosenbrock', '--start=-1.2,1', '--steps=5', '--optimizer={"name":"adam","lr":0.01}', '--schedule', '{"name":"step","stepSize":2,"gamma":0.5}', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.points).toHaveLength(6);
    expect(out.points[0]).toEqual([-1.2, 1, (1 + 1.2) ** 2 + 100 * (1 - 1.44) ** 2]);
    expect(out.lr).toEqual([0.01, 0.01, 0.005, 0.005, 0.0025]);
  });

  it('prints numbers that read back to the same doubles', async () => {
    const args = ['surface', '--fn', 'rosenbrock', '--start=-1.2,1', '--steps', '30', '--optimizer', '{"name":"nag","lr":0.0005}', '--json'];
    const [a, b] = await Promise.all([lab(args), lab(args)]);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(JSON.stringify(out.points)).toBe(a.stdout.match(/"points":(\[\[.*?\]\])/)![1]);
  });

  it('prints a short human summary without --json', async () => {
    const r = await lab(['surface', '--fn', 'saddle', '--start', '1,0.5', '--steps', '2', '--optimizer', '{"name":"sgd","lr":0.1}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/completed 2 updates/);
    expect(r.stdout).toMatch(/x = 0\.64/);
  });
});

describe.concurrent('bad arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['a dash value in the space form', ['surface', '--fn', 'saddle', '--start', '-1.2,1', '--steps', '3', '--optimizer', '{"name":"sgd"}'], /--start needs a value \(--start=VALUE/],
    ['an unknown option', ['surface', '--fn', 'saddle', '--start', '1,1', '--steps', '3', '--optimizer', '{"name":"sgd"}', '--speed', '3'], /unknown option --speed/],
    ['a missing option', ['surface', '--fn', 'saddle', '--steps', '3', '--optimizer', '{"name":"sgd"}'], /--start is required/],
    ['a non-numeric step count', ['surface', '--fn', 'saddle', '--start', '1,1', '--steps', 'many', '--optimizer', '{"name":"sgd"}'], /--steps: expected a whole number, got "many"/],
    ['a negative learning rate', ['surface', '--fn', 'saddle', '--start', '1,1', '--steps', '3', '--optimizer', '{"name":"sgd","lr":-1}'], /--optimizer: lr: Too small/],
    ['an unknown optimizer key', ['surface', '--fn', 'saddle', '--start', '1,1', '--steps', '3', '--optimizer', '{"name":"adam","momentum":0.9}'], /--optimizer: .*momentum/],
    ['broken JSON', ['surface', '--fn', 'saddle', '--start', '1,1', '--steps', '3', '--optimizer', '{name:sgd}'], /--optimizer: not valid JSON/],
    ['an unknown surface', ['hessian', '--fn', 'bowl', '--at', '0,0'], /--fn: unknown surface "bowl"/],
    ['an unknown command', ['train'], /unknown command "train"/],
  ];
  it.each(cases)('%s: exit 2, nothing on stdout, the option named on stderr', async (_, args, message) => {
    const r = await lab(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('speaks Chinese in a zh locale', async () => {
    const r = await lab(['runs', '--bogus'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知选项 --bogus');
  });
});

describe('saving and listing runs', () => {
  it('surface --save stores the run; runs --json lists it from the same --db', async () => {
    const db = join(dir, 'saved.db');
    const saved = await lab(['surface', '--fn', 'saddle', '--start', '1,0.5', '--steps', '3', '--optimizer', '{"name":"sgd","lr":0.1}', '--save', 'escape', '--db', db, '--json']);
    expect(saved.stderr).toBe('');
    const out = JSON.parse(saved.stdout);
    expect(out.experimentId).toEqual(expect.any(Number));
    expect(out.runId).toEqual(expect.any(Number));

    const listed = await lab(['runs', '--db', db, '--json']);
    expect(listed.code).toBe(0);
    const runs = JSON.parse(listed.stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: out.runId, experimentId: out.experimentId, name: 'escape', kind: 'surface', status: 'completed', lastStep: 3 });
    relClose(runs[0].summary.finalX, 0.8 ** 3);
    relClose(runs[0].summary.finalY, 0.5 * 1.2 ** 3);
    expect(runs[0].summary.steps).toBe(3);

    const table = await lab(['runs', `--db=${db}`]);
    expect(table.stdout).toMatch(/^id\s+experiment\s+label\s+status\s+summary\n/);
    expect(table.stdout).toContain('escape');
  });

  it('DESCENT_LAB_DB is used when --db is absent', async () => {
    const db = join(dir, 'from-env.db');
    const saved = await lab(['surface', '--fn', 'w1w2', '--start', '0.5,0.5', '--steps', '2', '--optimizer', '{"name":"sgd","lr":0.1}', '--save', 'env'], { DESCENT_LAB_DB: db });
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/saved as experiment \d+, run \d+/);
    const runs = JSON.parse((await lab(['runs', '--json'], { DESCENT_LAB_DB: db })).stdout);
    expect(runs.map((r: { name: string }) => r.name)).toEqual(['env']);
  });

  it('listing a database that does not exist prints [] and creates nothing', async () => {
    const db = join(dir, 'absent', 'none.db');
    const r = await lab(['runs', '--db', db, '--json']);
    expect(r.stdout).toBe('[]\n');
    expect(existsSync(db)).toBe(false);
  });
});

describe('help', () => {
  it('lists the commands and each command’s options on stdout', async () => {
    const general = await lab(['--help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toMatch(/surface\s+run one optimizer/);
    expect(general.stdout).toMatch(/hessian/);
    const surface = await lab(['surface', '--help']);
    expect(surface.stdout).toContain('--start X,Y');
    expect((await lab(['help', 'runs'])).stdout).toContain('--db FILE');
  });
});

describe('lab output into a pipe that closes early', () => {
  it('ends quietly with status 0 instead of crashing on EPIPE', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'surface', '--fn', 'rosenbrock', '--start=-1.2,1', '--steps', '20000', '--optimizer', '{"name":"adam"}', '--json'], {
      env: { ...process.env, LANG: 'C', DESCENT_LAB_DB: join(dir, 'pipe.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `| head -c 100`: read one chunk, then close the reading end.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
