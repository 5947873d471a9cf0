// The charts' fallback fonts are looked up at startup, a group of glyphs per idle moment, so the
// first chart that draws 国, 10⁻³ or w₁ does not pay for the lookup (renderer/components/echarts.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';

type Page = { document?: unknown; requestIdleCallback?: unknown };
const page = globalThis as unknown as Page;

afterEach(() => {
  delete page.document;
  delete page.requestIdleCallback;
  vi.resetModules();
});

describe('warmChartFonts', () => {
  it('measures every glyph group in every chart font, one group per idle callback', async () => {
    const measured: [string, string][] = [];
    const idle: (() => void)[] = [];
    const context = { font: '', measureText: (text: string) => void measured.push([context.font, text]) };
    page.document = { createElement: () => ({ getContext: () => context }) };
    page.requestIdleCallback = (run: () => void) => void idle.push(run);
    await import('../../../renderer/components/echarts');
    // Nothing is measured while the page starts: only once it is idle.
    expect(measured).toEqual([]);
    let tasks = 0;
    while (idle.length > 0) {
      idle.shift()!();
      tasks++;
    }
    const texts = [...new Set(measured.map(([, text]) => text))];
    const fonts = [...new Set(measured.map(([font]) => font))];
    expect(fonts).toContain('12px sans-serif');
    expect(tasks).toBe(texts.length + 1);
    expect(measured).toHaveLength(texts.length * fonts.length);
    // What the charts draw that a Latin font lacks: zrender's 国, a log axis' superscripts, w₁'s subscript, Greek.
    const all = texts.join('');
    for (const glyph of ['国', '⁻', '³', '₁', 'η', 'λ']) expect(all).toContain(glyph);
  });

  it('does nothing without a page', async () => {
    const { warmChartFonts } = await import('../../../renderer/components/echarts');
    expect(() => warmChartFonts()).not.toThrow();
  });
});
