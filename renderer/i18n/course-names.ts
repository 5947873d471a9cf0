// A stored experiment's name as the pages show it. The course stores its experiments under English
// names after the section's tag ("Course §3 · batch size: time per epoch and validation accuracy",
// preload/shapes.ts COURSE_EXPERIMENTS), as every version has: databases from before match, and the
// name the store searches stays put. The pages show such a name in their language; any other name
// (the student's own, or a course experiment the student renamed) is shown as stored. So are the
// course's run labels, "<role> · seed <k>" ("batch-4 · seed 1" reads "B = 4 · 种子 1").
import { COURSE_EXPERIMENTS } from '../../preload/shapes';
import { courseTermKey } from './course-measures';
import { translate, type Locale } from './messages';

const BY_STORED: ReadonlyMap<string, { en: string; zh: string }> = new Map(Object.values(COURSE_EXPERIMENTS).map((n) => [n.en, n]));
const COURSE_NAME = /^Course §(\d+) · (.+)$/;

export function shownExperimentName(stored: string, locale: Locale): string {
  const m = COURSE_NAME.exec(stored);
  const known = m ? BY_STORED.get(m[2]!) : undefined;
  if (!m || !known) return stored;
  return `${translate(locale, 'course.tag', { n: m[1]! })} · ${locale === 'zh-CN' ? known.zh : known.en}`;
}

const COURSE_RUN = /^(.+) · seed (\d+)$/;

/** A run's label as the pages show it: a course run's role and seed in the Chinese UI; any other label, and every label in English, as stored. */
export function shownRunLabel(label: string, storedExperimentName: string, locale: Locale): string {
  if (shownExperimentName(storedExperimentName, locale) === storedExperimentName) return label;
  return shownCourseRunLabel(label, locale);
}

/** A label the course gave its run ("<role> · seed <k>") in the page's language; anything else as it is. */
export function shownCourseRunLabel(label: string, locale: Locale): string {
  if (locale === 'en') return label;
  const m = COURSE_RUN.exec(label);
  const role = m ? courseTermKey('role', m[1]!) : null;
  return m && role ? translate(locale, 'course.runLabel', { role: translate(locale, role.key, role.params), seed: m[2]! }) : label;
}
