import type { SectionDef } from '../types';
import { info6 } from './info';

export const generalization: SectionDef = {
  info: info6,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
