// The shipped digits: UCI "Optical Recognition of Handwritten Digits" (Alpaydin & Kaynak 1998,
// CC BY 4.0), the 1,797 8×8 images distributed with scikit-learn. Pixels 0–16 are scaled to [0, 1].
import { fileURLToPath } from 'node:url';
import { ExperimentError } from '../nn/errors';
import { classification, type Dataset } from './dataset';
import { maybeGunzip, readBytes } from './files';

export const DIGITS_FILE = fileURLToPath(new URL('./digits.csv.gz', import.meta.url));

let cached: Dataset | null = null;

/** The digits data set; read once per process (callers copy before changing it). */
export function loadDigits(): Dataset {
  if (cached) return cached;
  const text = maybeGunzip(readBytes(DIGITS_FILE, 'data.source'), DIGITS_FILE, 'data.source').toString('utf8');
  const rows = text.split('\n').filter((l) => l.trim() !== '');
  const x = new Float32Array(rows.length * 64);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',');
    if (cells.length !== 65) throw new ExperimentError('data.source', `digits file row ${i + 1} has ${cells.length} cells, expected 65`);
    for (let j = 0; j < 64; j++) x[i * 64 + j] = Number(cells[j]) / 16;
    labels[i] = Number(cells[64]);
  });
  cached = classification('digits', x, 64, labels, 10, { image: { width: 8, height: 8 } });
  return cached;
}
