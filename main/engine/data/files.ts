// Reading a user's file: one message per failure, naming the spec field that pointed at it.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ExperimentError } from '../nn/errors';

export function readBytes(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new ExperimentError(field, `cannot read ${path}: ${why}`);
  }
}

/** The bytes, gunzipped when they start with gzip's magic number (whatever the file is called). */
export function maybeGunzip(bytes: Buffer, path: string, field: string): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new ExperimentError(field, `${path} looks gzipped but cannot be decompressed (${(e as Error).message})`);
  }
}
