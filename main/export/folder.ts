// Writing an export as a folder without ever leaving half of one: everything goes into a
// temporary sibling folder, which is renamed into place only once every file is written.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ArchiveFile } from './tar';

export class FolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderError';
  }
}

/** Writes `files` under `dir` (which must not exist, or be an empty folder); returns the absolute path. */
export function writeFolder(dir: string, files: ArchiveFile[]): string {
  const target = resolve(dir);
  if (existsSync(target)) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch {
      throw new FolderError(`${target} exists and is not a folder`);
    }
    if (entries.length) throw new FolderError(`${target} exists and is not empty; choose a new folder`);
  }
  const parent = dirname(target);
  if (!existsSync(parent)) throw new FolderError(`the folder ${parent} does not exist`);
  const tmp = join(parent, `.${Date.now().toString(36)}-${process.pid}.partial`);
  try {
    for (const f of files) {
      const path = join(tmp, ...f.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.data);
    }
    if (existsSync(target)) rmdirSync(target); // empty, checked above
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new FolderError(`cannot write ${target}: ${(e as Error).message}`);
  }
  return target;
}
