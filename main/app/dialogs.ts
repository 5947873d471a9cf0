// Native open and save dialogs for the files:* channels (main/api/file-access.ts): the user's
// choice is what main may read; a save writes what the page made where the user said.
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileDialogs } from '../api/file-access';
import type { FileKind } from '../../preload/files';

const FILTERS: Record<FileKind, FileFilter[]> = {
  csv: [{ name: 'CSV', extensions: ['csv', 'tsv', 'txt', 'gz'] }],
  idx: [{ name: 'IDX', extensions: ['idx1-ubyte', 'idx3-ubyte', 'ubyte', 'gz'] }, { name: '*', extensions: ['*'] }],
  experiment: [{ name: 'Descent Lab experiment', extensions: ['dlexp', 'json'] }],
  bundle: [{ name: 'Descent Lab run bundle', extensions: ['dlab', 'json'] }],
  any: [{ name: 'Descent Lab', extensions: ['dlab', 'dlexp', 'json', 'csv', 'tsv', 'gz', 'ubyte'] }, { name: '*', extensions: ['*'] }],
};

/** A save dialog's filter from the proposed file name's extension. */
function saveFilters(fileName: string): FileFilter[] {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [];
}

export function nativeDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async open(kind) {
      const win = window();
      const options = { properties: ['openFile' as const], filters: FILTERS[kind] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
    },
    async save(fileName, bytes) {
      const win = window();
      const options = { defaultPath: path.basename(fileName), filters: saveFilters(fileName) };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      await writeFile(r.filePath, bytes);
      return r.filePath;
    },
  };
}
