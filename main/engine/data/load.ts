// From the experiment's `data` entry to a Dataset.
import { CLASSIFICATION_2D, REGRESSION_1D, type DataSpec, type Synthetic2d } from '../../../preload/experiment';
import { loadCsv } from './csv';
import type { Dataset } from './dataset';
import { loadDigits } from './digits';
import { loadIdx } from './idx';
import { regression1d, synthetic2d } from './synthetic';

export function loadData(spec: DataSpec, seed: number): Dataset {
  if ((CLASSIFICATION_2D as readonly string[]).includes(spec.source)) {
    const s = spec as DataSpec & { samples: number; noise: number; classes: number };
    return synthetic2d(spec.source as Synthetic2d, { samples: s.samples, noise: s.noise, classes: s.classes, seed });
  }
  if ((REGRESSION_1D as readonly string[]).includes(spec.source)) {
    const s = spec as DataSpec & { samples: number; noise: number; degree: number };
    return regression1d(spec.source as 'sine' | 'polynomial', { samples: s.samples, noise: s.noise, degree: s.degree, seed });
  }
  if (spec.source === 'digits') return loadDigits();
  if (spec.source === 'idx') {
    const s = spec as DataSpec & { images: string; labels: string; limit?: number };
    return loadIdx(s.images, s.labels, s.limit);
  }
  const s = spec as DataSpec & { path: string; target: string | number; header: boolean | 'auto'; task: 'auto' | 'classification' | 'regression' };
  return loadCsv(s.path, { target: s.target, header: s.header, task: s.task });
}
