import type { SectionDef } from '../types';
import { info4 } from './info';

export const adaptiveLr: SectionDef = {
  info: info4,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
