// The bench against the real peer: PyTorch (when /usr/bin/python3 imports torch) on the same
// MLP workloads, and numpy's OpenBLAS single-thread on the MLP's GEMM shapes, each in interleaved
// rounds with ours (ours, theirs, ours, theirs, …) so that load from other processes hits both
// sides of a ratio alike; a ratio row is the median of the per-round ratios. The peers run in
// long-lived python processes (peer.py) answering JSON lines.
//
// Fairness: the peer's environment drops OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines
// to pin OpenBLAS to older kernels), so OpenBLAS picks its best kernels for this CPU; PyTorch runs
// with OMP_WAIT_POLICY=PASSIVE, because its default spin-waiting OpenMP threads collapse (10–30×
// slower) on a machine whose cores other processes also want; numpy's process has
// OPENBLAS_NUM_THREADS=1 (single-thread GEMM rows). The header names the kernel family OpenBLAS
// chose: an OpenBLAS older than the CPU does not know it and falls back to its generic Prescott (SSE3)
// kernels (seen: 0.3.21 on a Xeon of family 6 model 207, 20–27 instead of 71–107 GFLOP/s), which
// flatters every ratio against numpy and PyTorch; the bench then says so, and
// DESCENT_LAB_PEER_OPENBLAS_CORETYPE=SkylakeX (any OpenBLAS core name) runs both peers on that family.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { nativeAddon } from '../../native/addon';
import { denseBackward, denseForward } from '../engine/nn/kernels';
import type { WorkerPool } from '../engine/pool/pool';
import { instantiateDenseWasm } from '../engine/nn/wasm-kernels';
import { FASHION, poolMlpSamplesPerSecond, tinyStepsPerSecond, type MlpBenchData } from './mlp';
import type { Row } from './row';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** One python peer process: request → reply, in order. */
class Peer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    const script = fileURLToPath(new URL('./peer.py', import.meta.url));
    this.child = spawn(PYTHON, [script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.resume();
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', () => {
      for (const w of this.waiting.splice(0)) w('{"error":"peer exited"}');
    });
  }

  ask(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as Record<string, unknown>));
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

const PEER_CORE = process.env.DESCENT_LAB_PEER_OPENBLAS_CORETYPE;

function peerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (PEER_CORE) env.OPENBLAS_CORETYPE = PEER_CORE;
  return env;
}

/**
 * The peer's OpenBLAS kernel family for the header (peer.py's info), with a warning when it is the
 * generic fallback on a CPU with AVX2 (`features`: this machine's; `forced`: the override in use).
 */
export function openblasLine(info: Record<string, unknown>, features = cpuFeatures(), forced = PEER_CORE): string {
  const core = typeof info.openblasCore === 'string' ? info.openblasCore : null;
  if (!core) return '';
  const chosen = forced ? `set by DESCENT_LAB_PEER_OPENBLAS_CORETYPE=${forced}` : 'its own choice';
  let line = `; OpenBLAS kernels: ${core} (${chosen})`;
  if (!forced && /^prescott$/i.test(core) && features.includes('avx2')) {
    line += ' — this OpenBLAS does not recognise the CPU and runs its generic SSE3 kernels, so ratios against this peer are flattering;'
      + ' DESCENT_LAB_PEER_OPENBLAS_CORETYPE=Haswell or SkylakeX gives it the CPU\'s kernels';
  }
  return line;
}

function middle(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU model and SIMD features (Linux /proc/cpuinfo), and which kernels ours use. */
export function cpuLine(): string {
  const model = existsSync('/proc/cpuinfo') ? /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() : undefined;
  return `${model ?? 'unknown CPU'}; SIMD: ${cpuFeatures().join(' ') || 'unknown'}`;
}

/** The SIMD features the bench reports, of those /proc/cpuinfo lists (none where it is missing). */
function cpuFeatures(): string[] {
  if (!existsSync('/proc/cpuinfo')) return [];
  const flags = /flags\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
  return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512_bf16'].filter((f) => flags.includes(f));
}

/** Our GFLOP/s for one product of the dense layer at batch n, one thread, in place (native, else wasm, else twin). */
function ourGemm(kind: 'forward' | 'dW' | 'dx', n: number, inSize: number, out: number, ms: number): number {
  let s = 7;
  const rand = (len: number) => Float32Array.from({ length: len }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5);
  const x = rand(n * inSize), w = rand(out * inSize), b = rand(out), y = new Float32Array(n * out), dy = rand(n * out);
  const dw = new Float32Array(out * inSize), db = new Float32Array(out), dx = new Float32Array(n * inSize);
  const addon = nativeAddon();
  const wasm = addon ? null : instantiateDenseWasm();
  const fwd = () => {
    if (addon) addon.denseForward(x, n, inSize, w, b, out, y);
    else if (wasm) wasm.forward(x, n, inSize, w, b, out, y);
    else denseForward(x, n, inSize, w, b, out, y);
  };
  const bwd = (withDx: boolean) => {
    const d = withDx ? dx : null;
    if (addon) addon.denseBackward(dy, x, n, inSize, w, out, dw, db, d);
    else if (wasm) wasm.backward(dy, x, n, inSize, w, out, dw, db, d);
    else denseBackward(dy, x, n, inSize, w, out, dw, db, d);
  };
  const rate = (fn: () => unknown) => {
    for (let i = 0; i < 3; i++) fn();
    let reps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      fn();
      reps++;
    }
    return (performance.now() - t0) / reps; // ms per call
  };
  const flop = 2 * n * inSize * out;
  if (kind === 'forward') return flop / (rate(fwd) * 1e6);
  const tW = rate(() => bwd(false));
  if (kind === 'dW') return flop / (tW * 1e6);
  // dx alone where the addon can (dW and db null); otherwise dW + dx less dW.
  if (addon) return flop / (rate(() => addon.denseBackward(dy, x, n, inSize, w, out, null, null, dx)) * 1e6);
  return flop / (Math.max(1e-6, rate(() => bwd(true)) - tW) * 1e6);
}

/** The GEMM shapes: the first layer's three products at batch 128 (as numpy sees them), and n = 512. */
const GEMMS = [
  { name: 'forward Y = X·Wᵀ, 128×784 · (256×784)ᵀ', kind: 'forward', n: 128, inSize: 784, out: 256, np: { m: 128, k: 784, n: 256, ta: 0, tb: 1 } },
  { name: 'dW = dYᵀ·X, (128×256)ᵀ · 128×784', kind: 'dW', n: 128, inSize: 784, out: 256, np: { m: 256, k: 128, n: 784, ta: 1, tb: 0 } },
  { name: 'dX = dY·W, 128×256 · 256×784', kind: 'dx', n: 128, inSize: 784, out: 256, np: { m: 128, k: 256, n: 784, ta: 0, tb: 0 } },
  { name: 'forward, 32-row chunk: 32×784 · (256×784)ᵀ', kind: 'forward', n: 32, inSize: 784, out: 256, np: { m: 32, k: 784, n: 256, ta: 0, tb: 1 } },
  { name: 'n = 512: X·Wᵀ, 512×512 · (512×512)ᵀ', kind: 'forward', n: 512, inSize: 512, out: 512, np: { m: 512, k: 512, n: 512, ta: 0, tb: 1 } },
  { name: 'n = 512: dYᵀ·X', kind: 'dW', n: 512, inSize: 512, out: 512, np: { m: 512, k: 512, n: 512, ta: 1, tb: 0 } },
  { name: 'n = 512: dY·W', kind: 'dx', n: 512, inSize: 512, out: 512, np: { m: 512, k: 512, n: 512, ta: 0, tb: 0 } },
] as const;

export interface PeerOptions {
  quick: boolean;
  rounds: number;
}

/** GEMM rows against numpy (OpenBLAS, one thread); empty with a pending row when numpy is missing. */
export async function gemmRows(o: PeerOptions): Promise<Row[]> {
  const numpy = new Peer(peerEnv({ OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }));
  const rows: Row[] = [];
  try {
    const info = await numpy.ask({ op: 'info' });
    if (info.error) return [{ name: 'GEMM vs numpy', value: null, unit: '×', status: 'pending', note: `numpy peer unavailable: ${String(info.error)}` }];
    console.log(`GEMM peer: numpy ${String(info.numpy)} (BLAS: ${String(info.blas)}), one thread${openblasLine(info)}`);
    const ms = o.quick ? 150 : 300;
    for (const g of GEMMS) {
      const ours: number[] = [];
      const theirs: number[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < o.rounds; r++) {
        const a = ourGemm(g.kind, g.n, g.inSize, g.out, ms);
        const t = Number((await numpy.ask({ op: 'gemm', ...g.np, ms })).gflops);
        ours.push(a);
        theirs.push(t);
        ratios.push(a / t);
      }
      rows.push({ name: `SGEMM ${g.name}: ours (one thread)`, value: middle(ours), unit: 'GFLOP/s', status: 'measured' });
      rows.push({ name: `SGEMM ${g.name}: numpy/OpenBLAS (one thread)`, value: middle(theirs), unit: 'GFLOP/s', status: 'measured' });
      rows.push({ name: `SGEMM ${g.name}: ours / OpenBLAS`, value: middle(ratios), unit: '×', ...(g.n === 128 || g.n === 32 ? { target: '≥ 0.7×' } : {}), status: 'measured', note: `median of ${o.rounds} interleaved rounds` });
    }
  } finally {
    numpy.close();
  }
  return rows;
}

/** MLP and tiny-net rows against PyTorch in interleaved rounds; a pending row when torch is missing. */
export async function torchRows(pool: WorkerPool, data: MlpBenchData, scaleData: MlpBenchData, o: PeerOptions): Promise<Row[]> {
  const torch = new Peer(peerEnv({ OMP_WAIT_POLICY: 'PASSIVE' }));
  const rows: Row[] = [];
  try {
    const info = await torch.ask({ op: 'info' });
    if (info.error || !info.torch) return [{ name: 'PyTorch peer', value: null, unit: '×', status: 'pending', note: `torch not importable by ${PYTHON}` }];
    console.log(`PyTorch peer: torch ${String(info.torch)} (${PYTHON}), OMP_WAIT_POLICY=PASSIVE${openblasLine(info)}`);
    const path = data.source.startsWith('Fashion') ? `${FASHION}/train-images-idx3-ubyte.gz` : null;
    const n = data.dataset.n;
    for (const opt of ['sgd', 'adam'] as const) {
      const ours: number[] = [];
      const theirs: number[] = [];
      const ratios: number[] = [];
      // Untimed, as the peer's warm-up epoch in every request: the workers' code compiled, their buffers touched.
      await poolMlpSamplesPerSecond(pool, data, 128, opt, 2);
      for (let r = 0; r < o.rounds; r++) {
        const a = await poolMlpSamplesPerSecond(pool, data, 128, opt, 2);
        const t = Number((await torch.ask({ op: 'mlp', batch: 128, optimizer: opt, threads: 2, samples: n, data: path })).samplesPerSecond);
        ours.push(a);
        theirs.push(t);
        ratios.push(a / t);
      }
      rows.push({ name: `MLP 784-256-128-10, batch 128, ${opt}, 2 threads: ours`, value: middle(ours), unit: 'samples/s', status: 'measured' });
      rows.push({ name: `MLP 784-256-128-10, batch 128, ${opt}, 2 threads: PyTorch`, value: middle(theirs), unit: 'samples/s', status: 'measured' });
      rows.push({ name: `MLP batch 128, ${opt}, 2 threads: ours / PyTorch`, value: middle(ratios), unit: '×', target: '≥ 1.0×', status: 'measured', note: `median of ${o.rounds} interleaved rounds; each side times the second of two passes over ${n} rows` });
    }
    // Thread scaling at batch 512, ours and theirs, in the same rounds.
    for (const opt of ['sgd', 'adam'] as const) {
      const ourScale: number[] = [];
      const theirScale: number[] = [];
      const at512: number[] = [];
      await poolMlpSamplesPerSecond(pool, scaleData, 512, opt, 1);
      await poolMlpSamplesPerSecond(pool, scaleData, 512, opt, 2);
      for (let r = 0; r < o.rounds; r++) {
        const one = await poolMlpSamplesPerSecond(pool, scaleData, 512, opt, 1);
        const two = await poolMlpSamplesPerSecond(pool, scaleData, 512, opt, 2);
        const req = { op: 'mlp', batch: 512, optimizer: opt, samples: scaleData.dataset.n, data: path };
        const t1 = Number((await torch.ask({ ...req, threads: 1 })).samplesPerSecond);
        const t2 = Number((await torch.ask({ ...req, threads: 2 })).samplesPerSecond);
        ourScale.push(two / one);
        theirScale.push(t2 / t1);
        at512.push(two / t2);
      }
      rows.push({
        name: `thread scaling, MLP batch 512, ${opt}, 2 vs 1: ours`, value: middle(ourScale), unit: '×', target: '≥ 1.8×', status: 'measured',
        note: `median of ${o.rounds} interleaved rounds; the second of two passes over ${scaleData.dataset.n} rows (${scaleData.dataset.n / 512} updates), timed inside the workers`,
      });
      rows.push({ name: `thread scaling, MLP batch 512, ${opt}, 2 vs 1: PyTorch`, value: middle(theirScale), unit: '×', status: 'measured' });
      rows.push({ name: `MLP batch 512, ${opt}, 2 threads: ours / PyTorch`, value: middle(at512), unit: '×', status: 'measured' });
    }
    const tinyOurs: number[] = [];
    const tinyTheirs: number[] = [];
    const tinyRatios: number[] = [];
    const updates = o.quick ? 500 : 2000;
    for (let r = 0; r < o.rounds; r++) {
      const a = tinyStepsPerSecond(updates);
      const t = Number((await torch.ask({ op: 'tiny', updates })).stepsPerSecond);
      tinyOurs.push(a);
      tinyTheirs.push(t);
      tinyRatios.push(a / t);
    }
    rows.push({ name: 'tiny net 2-16-16-2, batch 32, adam: ours (in process)', value: middle(tinyOurs), unit: 'steps/s', status: 'measured' });
    rows.push({ name: 'tiny net 2-16-16-2, batch 32, adam: PyTorch (one thread)', value: middle(tinyTheirs), unit: 'steps/s', status: 'measured' });
    rows.push({ name: 'tiny net: ours / PyTorch', value: middle(tinyRatios), unit: '×', target: '≥ 10×', status: 'measured', note: `median of ${o.rounds} interleaved rounds` });
  } finally {
    torch.close();
  }
  return rows;
}
