// A data set in memory: features as one flat float32 array (row per sample) plus either class
// labels or regression targets. Every source (synthetic, digits, IDX, CSV) produces this shape.
export interface Dataset {
  name: string;
  n: number;
  features: number;
  /** n × features, row-major. */
  x: Float32Array;
  /** Number of classes; 0 for regression. */
  classes: number;
  /** Class of each sample (classification), else null. */
  labels: Int32Array | null;
  /** n × targetWidth targets (regression), else null. */
  values: Float32Array | null;
  targetWidth: number;
  /** Set for images (digits, IDX): what augmentation needs. */
  image: { width: number; height: number } | null;
  /** How much noise the generator added to each sample (synthetic data): curriculum "noise". */
  noise: Float32Array | null;
  /** Original class values when they were not 0…K−1 (CSV). */
  classNames?: string[];
}

export function classification(name: string, x: Float32Array, features: number, labels: Int32Array, classes: number, extra: Partial<Dataset> = {}): Dataset {
  return { name, n: labels.length, features, x, classes, labels, values: null, targetWidth: 0, image: null, noise: null, ...extra };
}

export function regression(name: string, x: Float32Array, features: number, values: Float32Array, targetWidth: number, extra: Partial<Dataset> = {}): Dataset {
  return { name, n: values.length / targetWidth, features, x, classes: 0, labels: null, values, targetWidth, image: null, noise: null, ...extra };
}
