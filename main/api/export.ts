// The 'runs:exportPytorch' channel: a network run as a PyTorch project (main/export/pytorch).
// The desktop shell registers a folder chooser (a native dialog) and the project is written
// there, through a temporary folder renamed into place; without one (web mode, tests) the
// project comes back as a .tar.gz for the page to download.
import type { PytorchExportResult } from '../../preload/export';
import { FolderError, writeFolder } from '../export/folder';
import { buildPytorchExport, ExportError } from '../export/pytorch/export';
import { tarGz } from '../export/tar';
import type { Store } from '../store';
import { fieldIssue } from '../../preload/contract';
import type { HandlerTable } from './dispatch';
import { invalidFields } from './errors';

/** Asks the user for the folder to create (the suggested name is its last segment); null when cancelled. */
export type FolderChooser = (suggestedName: string) => Promise<string | null>;

/** Set by the desktop shell (main/app) once it has a window to parent the dialog; web mode leaves it null. */
export const desktopExport: { chooseFolder: FolderChooser | null } = { chooseFolder: null };

export function exportHandlers(store: Store): Pick<HandlerTable, 'runs:exportPytorch'> {
  return {
    'runs:exportPytorch': async ({ runId }): Promise<PytorchExportResult> => {
      let project;
      try {
        project = buildPytorchExport(store, runId);
      } catch (err) {
        if (!(err instanceof ExportError)) throw err;
        const path = err.field === 'run' ? 'runId' : `spec.${err.field}`;
        throw invalidFields('spec-unusable', `Cannot export run ${runId} to PyTorch`, [fieldIssue(path, err.message)], { path });
      }
      const choose = desktopExport.chooseFolder;
      if (!choose) return { kind: 'archive', fileName: `${project.name}.tar.gz`, base64: Buffer.from(tarGz(project.name, project.files)).toString('base64'), files: project.files.length };
      const dir = await choose(project.name);
      if (dir === null) return { kind: 'cancelled' };
      try {
        return { kind: 'folder', path: writeFolder(dir, project.files), files: project.files.length };
      } catch (err) {
        if (!(err instanceof FolderError)) throw err;
        throw invalidFields('spec-unusable', err.message, [fieldIssue('folder', err.message)], { path: 'folder' });
      }
    },
  };
}
