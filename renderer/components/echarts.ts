// Registers only the ECharts parts the app draws with, keeping the bundle small.
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { BarChart, CustomChart, LineChart, LinesChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, ParallelComponent, TooltipComponent } from 'echarts/components';

use([
  CanvasRenderer,
  BarChart, CustomChart, LineChart, LinesChart, ParallelChart, ScatterChart,
  GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, ParallelComponent, TooltipComponent,
]);

// The first time the page measures or draws a glyph its fonts lack — 国 (zrender measures it for
// every label's line height), superscripts of a log axis' 10⁻³, subscripts of w₁, Greek — the
// browser looks for a fallback font on the main thread: 40–60 ms each on this machine, charged to
// whichever chart drew first (the longest tasks of a course run were exactly these). The page
// measures them once at startup, one group per idle moment, in the charts' fonts.
const WARM_GLYPHS = ['Descent Lab 0.5 · loss', '国训练损失验证', '10⁻⁰¹²³⁴⁵⁶⁷⁸⁹ ₀₁₂₃ₖ', 'ηλγΛεσθ×−≤≥→√∞'];
const WARM_FONTS = ['12px sans-serif', '11px sans-serif', '10px sans-serif'];

/** Measures WARM_GLYPHS in the charts' fonts, one group per idle callback (nothing without a DOM). */
export function warmChartFonts(): void {
  const page = globalThis as unknown as {
    document?: { createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): unknown } | null } };
    requestIdleCallback?: (run: () => void, options: { timeout: number }) => void;
  };
  const context = page.document?.createElement('canvas').getContext('2d');
  if (!context) return;
  const later = (run: () => void) => (page.requestIdleCallback ? page.requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 0));
  const next = (i: number) => {
    if (i >= WARM_GLYPHS.length) return;
    for (const font of WARM_FONTS) {
      context.font = font;
      context.measureText(WARM_GLYPHS[i]!);
    }
    later(() => next(i + 1));
  };
  later(() => next(0));
}
warmChartFonts();
