// Export to PyTorch: a network run as a self-contained PyTorch project (train.py, its data,
// initial weights and batch order). Spread into `channels` in contract.ts.
import { z } from 'zod';
import { id } from './shapes';

/**
 * Where the project went. The desktop app asks for a folder and writes it there; web mode cannot
 * write to the user's disk, so it sends the folder as a .tar.gz (base64) for the page to download.
 */
export type PytorchExportResult =
  | { kind: 'folder'; path: string; files: number }
  | { kind: 'archive'; fileName: string; base64: string; files: number }
  /** The user closed the folder dialog. */
  | { kind: 'cancelled' };

export const exportChannels = {
  /** Refuses (invalid-request naming the cause) a run that is not a network run, whose data file is gone or whose initial weights cannot be read. */
  'runs:exportPytorch': { request: z.object({ runId: id }).strict(), response: {} as PytorchExportResult },
} as const;
