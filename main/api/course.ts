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
  // The requested runs not yet finished, oldest first: 'course:stop' stops the first one still
  // going (the running section, or one asked for that has not begun: it then ends at once).
  const live: AbortController[] = [];
  return {
    'course:list': () => courseSections(),
    'course:run': ({ section, seeds }) => {
      const stop = new AbortController();
      live.push(stop);
      const next = queue
        .then(() => runSection({ store, pool, section, seeds, signal: stop.signal, onProgress: (p) => events.emit('course:progress', p) }))
        .finally(() => live.splice(live.indexOf(stop), 1));
      queue = next.catch(() => undefined);
      return next;
    },
    'course:stop': () => {
      const first = live.find((c) => !c.signal.aborted);
      first?.abort();
      return { stopped: first !== undefined };
    },
    'course:results': () => latestCourseResults(store),
  };
}
