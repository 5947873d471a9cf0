import type { SectionDef } from '../types';
import { info1 } from './info';

export const guide: SectionDef = {
  info: info1,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
