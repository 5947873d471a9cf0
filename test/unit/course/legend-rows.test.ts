// The course charts' legend rows counted from the names' measured widths on the chart's width: the
// §1 depth check's six names ("deep residual · training loss (full pass)", …) pair up on a 450 px
// chart in a 12 px font about 4.7 px a character (three rows, as drawn), where the length estimate
// alone asked for six and left a wide gap above a squeezed plot; a narrower chart takes more rows.
// The §4 ravine's four Chinese names, as Chromium measured them (85, 85, 45, 52 px), break into two
// rows on the 416 px its verdict card leaves the legend, as ECharts drew them.
import { describe, expect, it } from 'vitest';
import { legendRows } from '../../../renderer/course/curves';

const names = ['shallow', 'deep plain', 'deep residual'].flatMap((r) => [`${r} · training loss (full pass)`, `${r} · validation`]);
const measured = (text: string) => text.length * 4.7;

describe('legendRows with measured names', () => {
  it('counts the rows the legend takes at the chart’s width', () => {
    expect(legendRows(names, 450, measured)).toBe(3);
    expect(legendRows(names, 450)).toBeGreaterThan(3);
    expect(legendRows(names, 250, measured)).toBe(6);
    expect(legendRows(names, 2000, measured)).toBe(1);
    expect(legendRows(['one'], 450, measured)).toBe(0);
    expect(legendRows(names, 416, measured)).toBe(3);
    const zh: Record<string, number> = { '大 η 的梯度下降': 85, '小 η 的梯度下降': 85, Adagrad: 45, RMSProp: 52 };
    expect(legendRows(Object.keys(zh), 416, (t) => zh[t]!)).toBe(2);
  });
});
