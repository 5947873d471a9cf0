// What every chart's option gets before ECharts draws it, to keep one draw short.
import type { EChartsOption } from 'echarts';

type Grid = Record<string, unknown>;

/**
 * The option with each grid's outer-bounds layout off (outerBoundsMode 'none') where the grid sets
 * its own margins and no mode: ECharts 6 otherwise lays out and measures every axis label a second
 * time to keep them inside the canvas — about a third of a line chart's update here. A grid that
 * asks for a mode (or containLabel) keeps it; an option without grids is returned as it is.
 */
export function withFixedGrid(option: EChartsOption): EChartsOption {
  const grid = option.grid as Grid | Grid[] | undefined;
  if (!grid) return option;
  const fix = (g: Grid): Grid => (g.outerBoundsMode !== undefined || g.containLabel ? g : { ...g, outerBoundsMode: 'none' });
  return { ...option, grid: (Array.isArray(grid) ? grid.map(fix) : fix(grid)) as EChartsOption['grid'] };
}
