// Course experiments are stored under English names ("Course §3 · batch size: …"), as every version
// has stored them; the pages show them in their language. Names from databases of earlier versions
// (the same strings) are shown translated, a name the student gave is shown as stored, and every
// name a section stores has its Chinese one.
import { describe, expect, it } from 'vitest';
import { COURSE_EXPERIMENTS, type CourseExperimentKey } from '../../../preload/shapes';
import { courseExperiment } from '../../../main/course/record';
import type { SectionContext } from '../../../main/course/types';
import { shownCourseRunLabel, shownExperimentName, shownRunLabel } from '../../../renderer/i18n/course-names';

describe('a course experiment’s name', () => {
  it('reads in Chinese in the Chinese UI, as stored by earlier versions', () => {
    // Names as stored before this change (main/course/sections, git history).
    expect(shownExperimentName('Course §3 · batch size: time per epoch and validation accuracy', 'zh-CN')).toBe('课程 §3 · 批次大小：每轮时间与验证准确率');
    expect(shownExperimentName('Course §2 · saddle of (1 − w₁w₂)²', 'zh-CN')).toBe('课程 §2 · (1 − w₁w₂)² 的鞍点');
    expect(shownExperimentName('Course §7 · SWATS: Adam, then SGD', 'zh-CN')).toBe('课程 §7 · SWATS：先 Adam，后 SGD');
  });

  it('stays as stored in the English UI', () => {
    const stored = 'Course §3 · batch size: time per epoch and validation accuracy';
    expect(shownExperimentName(stored, 'en')).toBe(stored);
  });

  it('is the student’s own where they named or renamed it', () => {
    for (const name of ['spiral, deep', 'Course §3 · my batch study', 'batch size: time per epoch and validation accuracy', '课程 §3 · 我的批次实验'])
      expect(shownExperimentName(name, 'zh-CN')).toBe(name);
  });

  it('is stored as the table says, and every stored name has a Chinese one', () => {
    const stored: string[] = [];
    const ctx = { tag: 'Course §5', store: { createExperiment: (e: { name: string }) => (stored.push(e.name), { id: stored.length }) } } as unknown as SectionContext;
    for (const key of Object.keys(COURSE_EXPERIMENTS) as CourseExperimentKey[]) {
      courseExperiment(ctx, key, 'measurement', {});
      const name = stored.at(-1)!;
      expect(name).toBe(`Course §5 · ${COURSE_EXPERIMENTS[key].en}`);
      const zh = shownExperimentName(name, 'zh-CN');
      expect(zh.startsWith('课程 §5 · '), zh).toBe(true);
      expect(zh).not.toBe(name);
    }
    // Distinct names, so no two experiments read alike in either language.
    expect(new Set(Object.values(COURSE_EXPERIMENTS).map((n) => n.en)).size).toBe(Object.keys(COURSE_EXPERIMENTS).length);
    expect(new Set(Object.values(COURSE_EXPERIMENTS).map((n) => n.zh)).size).toBe(Object.keys(COURSE_EXPERIMENTS).length);
  });
});

describe('a course run’s label', () => {
  const batch = 'Course §3 · batch size: time per epoch and validation accuracy';
  it('names its role and seed in Chinese in the Chinese UI', () => {
    expect(shownRunLabel('batch-4 · seed 1', batch, 'zh-CN')).toBe('B = 4 · 种子 1');
    expect(shownRunLabel('gd · seed 3', 'Course §3 · momentum over a bump', 'zh-CN')).toBe('梯度下降 · 种子 3');
    expect(shownRunLabel('deep-plain · seed 2', 'Course §1 · shallow vs deep plain vs deep residual', 'zh-CN')).toBe('深层普通 · 种子 2');
  });
  it('is as stored in English, outside the course, and for a role the course does not know', () => {
    expect(shownRunLabel('batch-4 · seed 1', batch, 'en')).toBe('batch-4 · seed 1');
    expect(shownRunLabel('gd · seed 3', 'my own study', 'zh-CN')).toBe('gd · seed 3');
    expect(shownRunLabel('my label', batch, 'zh-CN')).toBe('my label');
    expect(shownRunLabel('no-such-role · seed 1', batch, 'zh-CN')).toBe('no-such-role · seed 1');
  });
});

describe('the label of the run the course is training (its progress line)', () => {
  it('reads in the page’s language, whatever the run’s experiment', () => {
    expect(shownCourseRunLabel('batch-16 · seed 1', 'zh-CN')).toBe('B = 16 · 种子 1');
    expect(shownCourseRunLabel('batch-16 · seed 1', 'en')).toBe('batch-16 · seed 1');
    expect(shownCourseRunLabel('no-such-role · seed 1', 'zh-CN')).toBe('no-such-role · seed 1');
  });
});
