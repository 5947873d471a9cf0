// Which selection each page keeps in its address, both ways: `#/course/3` (the section),
// `#/history?experiment=7` (the experiment open), `#/compare?runs=1,2` (the runs compared).
// An address (reload, Back, a pasted link) sets the stores; a selection made on the page
// rewrites the address (the course's section as a new history entry, the others in place).
import { watch } from 'vue';
import { COURSE_SECTIONS, type CourseSectionNumber } from '../../preload/course';
import { MAX_COMPARE, useCompareStore } from '../stores/compare';
import { useCourseStore } from '../stores/course';
import { useRunsStore } from '../stores/runs';
import { appRouter } from '../stores/settings';
import { historyKey, idList, idOf, type Route } from '.';

export function followRoutes(win: Window = window): () => void {
  const router = appRouter();
  const course = useCourseStore();
  const runs = useRunsStore();
  const compare = useCompareStore();
  router.select('course', () => ({ sub: String(course.current) }));
  const none: Record<string, string> = {};
  router.select('history', () => ({ query: runs.selectedId === null ? none : { experiment: String(runs.selectedId) } }));
  router.select('compare', () => ({ query: compare.selected.length ? { runs: compare.selected.join(',') } : none }));

  /** The address into the stores; an address without a selection keeps the stores' own and shows it. */
  function apply(r: Route) {
    if (r.page === 'course') {
      const n = Number(r.sub) as CourseSectionNumber;
      if (COURSE_SECTIONS.includes(n)) {
        if (n !== course.current) course.open(n);
        return;
      }
    } else if (r.page === 'history') {
      const id = idOf(r.query.experiment);
      if (id !== null) {
        if (id !== runs.selectedId) void runs.select(id);
        return;
      }
    } else if (r.page === 'compare') {
      const ids = idList(r.query.runs).slice(0, MAX_COMPARE);
      if (ids.length) {
        if (ids.join(',') !== compare.selected.join(',')) compare.selected = ids;
        return;
      }
    } else return;
    router.replace(router.routeFor(r.page));
  }
  const stopIn = watch(router.route, apply, { immediate: true });
  const stopOut = watch(
    () => [course.current, runs.selectedId, compare.selected.join(',')] as const,
    ([section], [previous]) => {
      const page = router.route.value.page;
      if (page === 'course' && section !== previous) router.push(router.routeFor('course'));
      else if (page === 'course' || page === 'history' || page === 'compare') router.replace(router.routeFor(page));
    },
  );

  const onKey = (event: KeyboardEvent) => {
    const move = historyKey(event);
    if (!move) return;
    event.preventDefault();
    if (move === 'back') router.back();
    else router.forward();
  };
  win.addEventListener('keydown', onKey);
  return () => {
    stopIn();
    stopOut();
    win.removeEventListener('keydown', onKey);
  };
}
