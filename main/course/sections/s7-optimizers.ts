import type { SectionDef } from '../types';
import { info7 } from './info';

export const optimizers: SectionDef = {
  info: info7,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
