// The sidebar's progress: a check counts as reproduced when its latest stored verdict is ✓.
import type { CourseResult, CourseSection } from '../../preload/course';

/** Checks of a section whose latest verdict is ✓, out of all its checks. */
export interface SectionProgress {
  reproduced: number;
  total: number;
  /** Whether the section has been run at all. */
  ran: boolean;
}

export function sectionProgress(section: Pick<CourseSection, 'checks'>, result: Pick<CourseResult, 'checks'> | undefined): SectionProgress {
  const passed = new Set(result?.checks.filter((c) => c.passed).map((c) => c.id) ?? []);
  return { reproduced: section.checks.filter((c) => passed.has(c.id)).length, total: section.checks.length, ran: result !== undefined };
}
