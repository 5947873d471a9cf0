// The course's channels: the sections as data, a section run (its experiments on the pool, its
// verdicts from the stored runs, progress as 'course:progress'), and the latest result per section.
import { courseSections } from '../course/sections';
import { latestCourseResults } from '../course/results';
import { runSection } from '../course/runner';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import type { EventHub } from './events';

type CourseChannels = 'course:list' | 'course:run' | 'course:results';

export function courseHandlers(store: Store, pool: WorkerPool, events: EventHub): Pick<HandlerTable, CourseChannels> {
  // One section at a time: two would share the pool and each other's timings (§3 measures time),
  // so a second request waits for the first to finish.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    'course:list': () => courseSections(),
    'course:run': ({ section, seeds }) => {
      const next = queue.then(() => runSection({ store, pool, section, seeds, onProgress: (p) => events.emit('course:progress', p) }));
      queue = next.catch(() => undefined);
      return next;
    },
    'course:results': () => latestCourseResults(store),
  };
}
