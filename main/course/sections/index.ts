// The seven sections of the lecture, in order.
import type { CourseSection, CourseSectionNumber } from '../../../preload/course';
import type { SectionDef } from '../types';
import { guide } from './s1-guide';
import { criticalPoints } from './s2-critical-points';
import { batchMomentum } from './s3-batch-momentum';
import { adaptiveLr } from './s4-adaptive-lr';
import { classification } from './s5-classification';
import { generalization } from './s6-generalization';
import { optimizers } from './s7-optimizers';

export const SECTIONS: readonly SectionDef[] = [guide, criticalPoints, batchMomentum, adaptiveLr, classification, generalization, optimizers];

export function sectionDef(section: CourseSectionNumber): SectionDef {
  const def = SECTIONS.find((s) => s.info.section === section);
  if (!def) throw new Error(`no course section ${section}`);
  return def;
}

export function courseSections(): CourseSection[] {
  return SECTIONS.map((s) => s.info);
}
