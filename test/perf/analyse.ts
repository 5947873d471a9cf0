// Where the main thread's long tasks spend their time: a V8 CPU profile of the page (CDP
// Profiler) cut to the Long Tasks API's tasks, each sample's function mapped through the
// profiling build's source map to its original file (ECharts, zrender, Vue, ours).
import { readFileSync } from 'node:fs';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
export type LongTask = { start: number; duration: number };

type Frame = { name: string; file: string; group: string };

const maps = new Map<string, TraceMap | null>();
function mapFor(url: string, dir: string): TraceMap | null {
  if (!maps.has(url)) {
    const file = url.split('/').pop()!.split('?')[0]!;
    try {
      maps.set(url, new TraceMap(readFileSync(`${dir}/assets/${file}.map`, 'utf8')));
    } catch {
      maps.set(url, null);
    }
  }
  return maps.get(url)!;
}

/** A source file's group: the library and its folder, or our file. */
function groupOf(source: string): string {
  const lib = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:(?:lib|dist|es)\/)?([^/]+)?/.exec(source);
  if (lib) {
    const [, pkg, sub] = lib;
    if (pkg === 'echarts' || pkg === 'zrender') return `${pkg}/${sub ?? ''}`;
    return pkg!;
  }
  const ours = /(renderer\/.*)$/.exec(source);
  return ours ? ours[1]! : source;
}

/**
 * `maxSampleMs`: the most one sample counts for. A thread descheduled on a loaded machine is not
 * sampled meanwhile, and the one sample taken when it runs again stands for the whole wait; capped
 * near the sampling interval, the sums approximate the thread's CPU time rather than its wall time.
 */
export function analyse(profile: CpuProfile, tasks: LongTask[], offsetMs: number, rendererDir: string, maxSampleMs = Infinity) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = new Map<number, Frame>();
  const frameOf = (id: number): Frame => {
    let f = frames.get(id);
    if (f) return f;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    if (!url) f = { name, file: '', group: name.startsWith('(') ? name : `native ${name}` };
    else {
      const map = mapFor(url, rendererDir);
      const pos = map ? originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }) : null;
      const source = pos?.source ?? url;
      f = { name: pos?.name && name === '(anonymous)' ? pos.name : name, file: `${groupOf(source)}:${pos?.line ?? lineNumber + 1}`, group: groupOf(source) };
    }
    frames.set(id, f);
    return f;
  };
  // Sample i lasts until sample i + 1; times in ms of the page's performance.now().
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d) / 1000 - offsetMs);
  const report = tasks.map((task) => {
    const self = new Map<string, number>();
    const group = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let covered = 0;
    // The longest time one sample stands for: far above the sampling interval, the thread was not
    // sampled then (descheduled on a loaded machine, or stopped), and that sample's function is
    // charged with the whole gap.
    let gap = 0;
    for (let i = 0; i + 1 < profile.samples.length; i++) {
      if (times[i]! < task.start || times[i]! >= task.start + task.duration) continue;
      const ms = Math.min(maxSampleMs, times[i + 1]! - times[i]!);
      covered += ms;
      gap = Math.max(gap, ms);
      const leaf = frameOf(profile.samples[i]!);
      const key = `${leaf.name} ${leaf.file}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      group.set(leaf.group, (group.get(leaf.group) ?? 0) + ms);
      const seen = new Set<string>();
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const f = frameOf(id);
        const k = `${f.name} ${f.file}`;
        if (f.file && !seen.has(k)) {
          seen.add(k);
          inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
        }
      }
    }
    return { ...task, covered, gap, self, group, inclusive };
  });
  return report;
}

const top = (m: Map<string, number>, n: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1).padStart(7)} ms  ${k}`);

/** Sums over all tasks, then each task's own top lines. */
export function describe(title: string, report: ReturnType<typeof analyse>): string {
  const sum = (pick: (r: (typeof report)[number]) => Map<string, number>) => {
    const out = new Map<string, number>();
    for (const r of report) for (const [k, v] of pick(r)) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  };
  const lines = [`## ${title}: ${report.length} long tasks, ${report.map((r) => `${Math.round(r.duration)}${r.gap > 5 ? ` (gap ${Math.round(r.gap)})` : ''}`).join(', ')} ms`];
  if (report.length === 0) return lines.join('\n');
  lines.push('### self time by group (all long tasks)', ...top(sum((r) => r.group), 16));
  lines.push('### self time by function', ...top(sum((r) => r.self), 25));
  lines.push('### inclusive time by function', ...top(sum((r) => r.inclusive), 40));
  for (const r of report.slice().sort((a, b) => b.duration - a.duration).slice(0, 4)) {
    lines.push(`### task at ${r.start.toFixed(0)} ms, ${r.duration.toFixed(0)} ms (profiled ${r.covered.toFixed(0)} ms, longest sample gap ${r.gap.toFixed(1)} ms)`, ...top(r.group, 8), '  inclusive:', ...top(r.inclusive, 25));
  }
  return lines.join('\n');
}

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string; functionName?: string } };
};

/**
 * The browser's own work inside each long task, from a Chromium trace (devtools.timeline): for
 * each RunTask over `minMs` on the renderer's main thread, its direct and nested events' self time
 * by name (FunctionCall, Layout, UpdateLayoutTree, Paint, PrePaint, Commit, MinorGC…).
 */
export function describeTrace(title: string, events: TraceEvent[], minMs = 50): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return `## ${title}: no renderer main thread in the trace`;
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! / 1000 > minMs);
  // Wall time (what the Long Tasks API reports) and the thread's own CPU time: on a loaded machine
  // the difference is time the thread waited for a core.
  const cpu = onMain.filter((e) => e.name === 'RunTask').map((e) => (e.tdur ?? 0) / 1000);
  const lines = [
    `## ${title} (trace): ${tasks.length} tasks over ${minMs} ms wall: ${tasks.map((t) => `${Math.round(t.dur! / 1000)} (cpu ${Math.round((t.tdur ?? 0) / 1000)})`).join(', ')}`,
    `tasks by CPU time: longest ${Math.round(Math.max(0, ...cpu))} ms; over 50: ${cpu.filter((c) => c > 50).length}; over 30: ${cpu.filter((c) => c > 30).length}; ` +
      `the ten longest ${cpu.sort((a, b) => b - a).slice(0, 10).map(Math.round).join(', ')}`,
  ];
  const total = new Map<string, number>();
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
    // Self time: an event's duration less its direct children's.
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    const childTime = new Map<TraceEvent, number>();
    for (const e of inside) {
      while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
      const up = stack.at(-1);
      if (up) childTime.set(up, (childTime.get(up) ?? 0) + e.dur!);
      stack.push(e);
    }
    for (const e of inside) {
      const label = e.name === 'EventDispatch' || e.name === 'FunctionCall' ? `${e.name} ${e.args?.data?.type ?? e.args?.data?.functionName ?? ''}` : e.name;
      const ms = (e.dur! - (childTime.get(e) ?? 0)) / 1000;
      self.set(label, (self.get(label) ?? 0) + ms);
      total.set(label, (total.get(label) ?? 0) + ms);
    }
    const covered = [...self.values()].reduce((a, b) => a + b, 0);
    const parts = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    lines.push(`- ${Math.round(task.dur! / 1000)} ms, cpu ${Math.round((task.tdur ?? 0) / 1000)} (untraced ${(task.dur! / 1000 - covered).toFixed(1)}): ${parts.join('; ')}`);
  }
  lines.push('### self time by event, all those tasks', ...top(total, 20));
  return lines.join('\n');
}

type ProfileEvent = {
  name: string;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: (CpuProfile['nodes'][number] & { parent?: number })[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
};

/**
 * The V8 CPU profile a Chromium trace carries (category disabled-by-default-v8.cpu_profiler) for
 * one thread, in the trace's clock (µs), as CDP's Profiler.stop returns one.
 */
export function profileFromTrace(events: ProfileEvent[], pid: number, tid: number): CpuProfile | null {
  const start = events.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
  if (!start) return null;
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === pid && e.id === start.id);
  const nodes = new Map<number, CpuProfile['nodes'][number]>();
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const chunk of chunks) {
    for (const n of chunk.args?.data?.cpuProfile?.nodes ?? []) nodes.set(n.id, { id: n.id, callFrame: n.callFrame, children: [] });
    for (const n of chunk.args?.data?.cpuProfile?.nodes ?? []) if (n.parent !== undefined) nodes.get(n.parent)?.children!.push(n.id);
    samples.push(...(chunk.args?.data?.cpuProfile?.samples ?? []));
    timeDeltas.push(...(chunk.args?.data?.timeDeltas ?? []));
  }
  const startTime = start.args?.data?.startTime ?? 0;
  return { nodes: [...nodes.values()], startTime, endTime: startTime + timeDeltas.reduce((a, b) => a + b, 0), samples, timeDeltas };
}
