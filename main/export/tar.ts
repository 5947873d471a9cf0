// A minimal POSIX ustar writer (regular files and their folders), gzipped with node:zlib: how the
// web mode hands an exported folder to the browser as one download. `tar -xzf` and Python's
// tarfile read it. Names are ASCII paths below one top folder, at most 100 bytes.
import { gzipSync } from 'node:zlib';

export interface ArchiveFile {
  /** Path inside the export, '/'-separated, e.g. "data/x_train.npy". */
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

function header(name: string, size: number, type: '0' | '5', mtime: number): Uint8Array {
  if (name.length > 100 || !/^[\x20-\x7e]+$/.test(name)) throw new Error(`tar: cannot store the name ${JSON.stringify(name)}`);
  const h = new Uint8Array(BLOCK);
  const put = (text: string, at: number) => {
    for (let i = 0; i < text.length; i++) h[at + i] = text.charCodeAt(i);
  };
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0');
  put(name, 0);
  put(octal(type === '5' ? 0o755 : 0o644, 8), 100);
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148); // checksum field counts as spaces while summing
  put(type, 156);
  put('ustar\x0000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  put(octal(sum, 7) + '\0', 148);
  return h;
}

/** A .tar.gz of `files` under the folder `root`. */
export function tarGz(root: string, files: ArchiveFile[], mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const parts: Uint8Array[] = [];
  const folders = new Set<string>([root]);
  for (const f of files) {
    const segments = f.name.split('/');
    for (let i = 1; i < segments.length; i++) folders.add(`${root}/${segments.slice(0, i).join('/')}`);
  }
  for (const folder of [...folders].sort()) parts.push(header(`${folder}/`, 0, '5', mtime));
  for (const f of files) {
    parts.push(header(`${root}/${f.name}`, f.data.length, '0', mtime));
    parts.push(f.data);
    const pad = (BLOCK - (f.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK)); // end of archive
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
