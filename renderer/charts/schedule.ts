// One chart's work per task. A chart's first draw or a new option is one ECharts render, tens of
// milliseconds on a slow machine; when one event updates several charts (an epoch's metrics, a
// course verdict, a Compare selection), doing them all in the handler that received it made one
// long task of them. Charts queue here instead and each takes its turn in a task of its own.

type Job = () => void;

const queue = new Map<object, Job>();
let pending = false;

// A message to ourselves: a new task without setTimeout's minimum delay.
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
if (channel) channel.port1.onmessage = () => runOne();

function post() {
  if (pending) return;
  pending = true;
  if (channel) channel.port2.postMessage(0);
  else setTimeout(runOne, 0);
}

// The charts draw lazily (ChartPanel's lazyUpdate): a job hands its chart the option, and the chart
// lays out and paints in the next animation frame. The next job waits for that frame, so each
// chart's drawing has a frame of its own too.
const nextFrame = (run: () => void) => (typeof requestAnimationFrame === 'undefined' ? setTimeout(run, 0) : requestAnimationFrame(() => run()));

function runOne() {
  const next = queue.entries().next();
  if (next.done) {
    pending = false;
    return;
  }
  const [owner, job] = next.value;
  queue.delete(owner);
  try {
    job();
  } finally {
    nextFrame(() => {
      pending = false;
      if (queue.size > 0) post();
    });
  }
}

/**
 * Runs `job` in a task of its own, after the jobs queued before it. A job queued again for the same
 * `owner` before its turn replaces the older one and keeps its place (only the latest option draws).
 */
export function scheduleChartWork(owner: object, job: Job): void {
  queue.set(owner, job);
  post();
}

/** Drops `owner`'s queued job (a chart going away). */
export function cancelChartWork(owner: object): void {
  queue.delete(owner);
}
