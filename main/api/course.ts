// The course's channels: the sections as data, a section run (its experiments on the pool, its
// verdicts from the stored runs, progress as 'course:progress'), its stop, and the latest result per section.
import { courseSections } from '../course/sections';
import { latestCourseResults } from '../course/results';
import { runSection } from '../course/runner';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import type { EventHub } from './events';

type CourseChannels = 'course:list' | 'course:run' | 'course:stop' | 'course:results';

export function courseHandlers(store: Store, pool: WorkerPool, events: EventHub): Pick<HandlerTable, CourseChannels> {
  // One section at a time: two would share the pool and each other's timings (§3 measures time),
  // so a second request waits for the first to finish.
  let queue: Promise<unknown> = Promise.resolve();
  // The section now running ('course:stop' aborts it; a queued one starts afterwards as asked).
  let current: AbortController | null = null;
  return {
    'course:list': () => courseSections(),
    'course:run': ({ section, seeds }) => {
      const next = queue.then(async () => {
        const stop = new AbortController();
        current = stop;
        try {
          return await runSection({ store, pool, section, seeds, signal: stop.signal, onProgress: (p) => events.emit('course:progress', p) });
        } finally {
          if (current === stop) current = null;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    'course:stop': () => {
      if (!current || current.signal.aborted) return { stopped: false };
      current.abort();
      return { stopped: true };
    },
    'course:results': () => latestCourseResults(store),
  };
}
