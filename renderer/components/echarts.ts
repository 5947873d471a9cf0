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
