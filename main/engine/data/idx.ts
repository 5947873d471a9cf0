// IDX files (LeCun's MNIST format, also Fashion-MNIST), gzipped or not: big-endian header
// 0x00 0x00 <type> <ndims>, ndims uint32 sizes, then the values. Images are unsigned bytes
// scaled to [0, 1]; labels are one byte each.
import { ExperimentError } from '../nn/errors';
import { classification, type Dataset } from './dataset';
import { maybeGunzip, readBytes } from './files';

interface Idx {
  dims: number[];
  data: Buffer;
}

export function parseIdx(raw: Buffer, path: string, field: string): Idx {
  const bytes = maybeGunzip(raw, path, field);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new ExperimentError(field, `${path} is not an IDX file (bad magic number; expected 00 00 08 0N)`);
  if (bytes[2] !== 0x08) throw new ExperimentError(field, `${path}: only unsigned-byte IDX data (type 0x08) is supported, found 0x${bytes[2]!.toString(16).padStart(2, '0')}`);
  const ndims = bytes[3]!;
  if (ndims < 1 || ndims > 4) throw new ExperimentError(field, `${path}: ${ndims} dimensions in the header; expected 1 to 4`);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw new ExperimentError(field, `${path} is truncated inside its header`);
  const dims = Array.from({ length: ndims }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const body = bytes.length - headerSize;
  if (body !== count)
    throw new ExperimentError(field, `${path}: the header promises ${dims.join(' × ')} = ${count} values but the file holds ${body}${body < count ? ' (truncated?)' : ''}`);
  return { dims, data: bytes.subarray(headerSize) };
}

export function loadIdx(imagesPath: string, labelsPath: string, limit?: number): Dataset {
  const images = parseIdx(readBytes(imagesPath, 'data.images'), imagesPath, 'data.images');
  const labels = parseIdx(readBytes(labelsPath, 'data.labels'), labelsPath, 'data.labels');
  if (images.dims.length < 2) throw new ExperimentError('data.images', `${imagesPath} has ${images.dims.length} dimension; images need at least 2 (count, pixels)`);
  if (labels.dims.length !== 1) throw new ExperimentError('data.labels', `${labelsPath} has ${labels.dims.length} dimensions; labels need exactly 1`);
  if (images.dims[0] !== labels.dims[0])
    throw new ExperimentError('data.labels', `${labelsPath} has ${labels.dims[0]} labels but ${imagesPath} has ${images.dims[0]} images`);
  const n = Math.min(images.dims[0]!, limit ?? Infinity);
  if (n === 0) throw new ExperimentError('data.images', `${imagesPath} holds no images`);
  const features = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * features);
  for (let i = 0; i < n * features; i++) x[i] = images.data[i]! / 255;
  const y = new Int32Array(n);
  let classes = 2;
  for (let i = 0; i < n; i++) {
    y[i] = labels.data[i]!;
    classes = Math.max(classes, y[i]! + 1);
  }
  const [height, width] = images.dims.length === 3 ? [images.dims[1]!, images.dims[2]!] : [1, features];
  return classification('idx', x, features, y, classes, { image: images.dims.length === 3 ? { width, height } : null });
}
