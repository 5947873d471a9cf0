import type { SectionDef } from '../types';
import { info5 } from './info';

export const classification: SectionDef = {
  info: info5,
  steps: () => 1,
  series: {},
  run: async () => {
    throw new Error('not built yet');
  },
  verdicts: () => [],
};
