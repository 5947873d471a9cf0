import type { SectionDef } from '../types';
import { info2 } from './info';

export const criticalPoints: SectionDef = {
  info: info2,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
