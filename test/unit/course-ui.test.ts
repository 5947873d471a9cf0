// The course pages' text: every formula typesets, prose escapes HTML, and both languages are there.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { LECTURES, type LectureBlock } from '../../renderer/course/lecture';
import { escapeHtml, richHtml, segments, texToHtml } from '../../renderer/course/math';

const proseOf = (b: LectureBlock) => ('p' in b ? [b.p] : 'h' in b ? [b.h] : 'list' in b ? b.list : []);

describe('course prose', () => {
  it('splits text, bold terms and inline TeX', () => {
    expect(segments('a **b** c $x^2$ d')).toEqual([
      { kind: 'text', value: 'a ' },
      { kind: 'strong', value: 'b' },
      { kind: 'text', value: ' c ' },
      { kind: 'tex', value: 'x^2' },
      { kind: 'text', value: ' d' },
    ]);
  });

  it('keeps an unclosed $ or ** as plain text instead of swallowing the rest', () => {
    expect(segments('costs $5 and more')).toEqual([{ kind: 'text', value: 'costs $5 and more' }]);
    expect(segments('a **b')).toEqual([{ kind: 'text', value: 'a **b' }]);
  });

  it('escapes HTML in prose but typesets TeX', () => {
    const html = richHtml('<img src=x onerror=alert(1)> and $\\alpha$');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).toContain('class="katex"');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('typesets a display formula in display mode, with MathML for screen readers', () => {
    const html = texToHtml('\\frac{1}{2}', true);
    expect(html).toContain('katex-display');
    expect(html).toContain('<math');
  });

  it('shows a formula KaTeX cannot read as marked source rather than throwing', () => {
    expect(() => texToHtml('\\frac{1}{')).not.toThrow();
    expect(texToHtml('\\notacommand')).toContain('#cc0000');
  });
});

describe('the lecture text of every section', () => {
  const sections = Object.entries(LECTURES);

  it('covers the seven sections', () => {
    expect(sections.map(([n]) => Number(n))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('has every paragraph in both languages, with the same formulas in each', () => {
    for (const [n, lecture] of sections) {
      for (const text of [lecture.lead, ...lecture.blocks.flatMap(proseOf)]) {
        expect(text.en.trim(), `§${n}`).not.toBe('');
        expect(text.zh.trim(), `§${n}`).not.toBe('');
        // The Chinese text is Chinese (not an English copy), and both say the same maths.
        expect(/[\u4e00-\u9fff]/.test(text.zh), `§${n}: ${text.zh}`).toBe(true);
        const tex = (s: string) => [...new Set(segments(s).filter((g) => g.kind === 'tex').map((g) => g.value))].sort();
        expect(tex(text.zh), `§${n}: ${text.en}`).toEqual(tex(text.en));
      }
    }
  });

  it('typesets every formula without a KaTeX error (strict mode)', () => {
    let count = 0;
    for (const [n, lecture] of sections) {
      const inline = [lecture.lead, ...lecture.blocks.flatMap(proseOf)].flatMap((t) => [t.en, t.zh]).flatMap((s) => segments(s));
      for (const s of inline) if (s.kind !== 'tex') expect(s.value, `§${n}: stray $`).not.toContain('$');
      const formulas = [
        ...inline.filter((s) => s.kind === 'tex').map((s) => s.value),
        ...lecture.blocks.flatMap((b) => ('math' in b ? (typeof b.math === 'string' ? [b.math] : [b.math.en, b.math.zh]) : [])),
      ];
      for (const tex of formulas) {
        count += 1;
        expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), `§${n}: ${tex}`).not.toThrow();
      }
    }
    expect(count).toBeGreaterThan(60);
  });

  it('writes the words inside a formula in the page’s language', () => {
    const zhFormulas = Object.values(LECTURES).flatMap((l) => l.blocks.flatMap((b) => ('math' in b && typeof b.math !== 'string' ? [b.math] : [])));
    expect(zhFormulas.length).toBeGreaterThan(0);
    for (const f of zhFormulas) {
      expect(/[\u4e00-\u9fff]/.test(f.zh), f.zh).toBe(true);
      expect(/[\u4e00-\u9fff]/.test(f.en), f.en).toBe(false);
    }
    // No English word is left in a formula shown to Chinese readers, apart from names and symbols.
    const english = Object.values(LECTURES).flatMap((l) => l.blocks.flatMap((b) => ('math' in b && typeof b.math === 'string' ? [...b.math.matchAll(/\\text\{([^}]*)\}/g)].map((m) => m[1]!) : [])));
    for (const word of english) expect(['train', 'all', 'val', 'cur', 'model', 'warm', 'MSE', 'CE', 'SGD: ', 'SGDM: ', 'RMSProp: ', 'Adam: ', 'SGDR: ', 'AdamW: ']).toContain(word);
  });

  it('uses the lecture’s Chinese terms', () => {
    const zh = (n: 1 | 2 | 3 | 4 | 5 | 6 | 7) => JSON.stringify(LECTURES[n]);
    for (const term of ['模型偏差', '优化问题', '过拟合', '失配', '数据增强', '验证集', 'N 折交叉验证']) expect(zh(1)).toContain(term);
    for (const term of ['临界点', '鞍点', '海森矩阵', '最小值比例']) expect(zh(2)).toContain(term);
    for (const term of ['批次', '动量']) expect(zh(3)).toContain(term);
    for (const term of ['学习率调度', '预热']) expect(zh(4)).toContain(term);
    for (const term of ['归一化指数', '交叉熵']) expect(zh(5)).toContain(term);
    for (const term of ['宝可梦', '数码宝贝', '模型复杂度']) expect(zh(6)).toContain(term);
  });
});
