import type { SectionDef } from '../types';
import { info3 } from './info';

export const batchMomentum: SectionDef = {
  info: info3,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
