// A stored experiment's name as the pages show it. The course stores its experiments under English
// names after the section's tag ("Course §3 · batch size: time per epoch and validation accuracy",
// preload/shapes.ts COURSE_EXPERIMENTS), as every version has: databases from before match, and the
// name the store searches stays put. The pages show such a name in their language; any other name
// (the student's own, or a course experiment the student renamed) is shown as stored.
import { COURSE_EXPERIMENTS } from '../../preload/shapes';
import { translate, type Locale } from './messages';

const BY_STORED: ReadonlyMap<string, { en: string; zh: string }> = new Map(Object.values(COURSE_EXPERIMENTS).map((n) => [n.en, n]));
const COURSE_NAME = /^Course §(\d+) · (.+)$/;

export function shownExperimentName(stored: string, locale: Locale): string {
  const m = COURSE_NAME.exec(stored);
  const known = m ? BY_STORED.get(m[2]!) : undefined;
  if (!m || !known) return stored;
  return `${translate(locale, 'course.tag', { n: m[1]! })} · ${locale === 'zh-CN' ? known.zh : known.en}`;
}
