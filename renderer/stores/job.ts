// One request a page may make again and again (an analysis, a study, a preview): its latest
// answer, whether one is out, and why the last one failed (kept as the error itself, so the page
// words it in the language shown). Only the latest call's outcome lands: an older answer that
// arrives late is dropped.
import { ref, shallowRef } from 'vue';

export function createJob<A extends unknown[], T>(work: (...args: A) => Promise<T>) {
  const result = shallowRef<T | null>(null);
  const busy = ref(false);
  const error = shallowRef<unknown>(null);
  let ticket = 0;
  async function run(...args: A): Promise<T | null> {
    const mine = ++ticket;
    busy.value = true;
    error.value = null;
    try {
      const r = await work(...args);
      if (mine !== ticket) return null;
      result.value = r;
      return r;
    } catch (e) {
      if (mine === ticket) error.value = e;
      return null;
    } finally {
      if (mine === ticket) busy.value = false;
    }
  }
  return { result, busy, error, run };
}
