// Write faults of the disk under the database: a full disk (SQLITE_FULL), an I/O error
// (SQLITE_IOERR_*), a file that became read-only. Their messages name the file and what to do;
// the SQLite code stays on the error so callers can still tell them apart.
//
// A full disk would also stop the one write that matters most — the run ending 'failed' with its
// reason — so each store keeps a small reserve file beside the database and gives it up to let
// that write through; it is made again once there is room.
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

export const RESERVE_BYTES = 1 << 20;

const codeOf = (e: unknown) => String((e as { code?: unknown })?.code ?? '');

export const isDiskFull = (e: unknown) => codeOf(e) === 'SQLITE_FULL';
export const isWriteFault = (e: unknown) => /^SQLITE_(FULL|IOERR|READONLY)/.test(codeOf(e));

export class StoreWriteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'StoreWriteError';
  }
}

/** The same error with a message a student can act on; other errors pass through unchanged. */
export function describeWriteError(e: unknown, path: string): unknown {
  if (e instanceof StoreWriteError || !isWriteFault(e)) return e;
  const code = codeOf(e);
  const sqlite = (e as Error).message;
  const what =
    code === 'SQLITE_FULL'
      ? `the disk holding ${path} is full; free some space and the next write goes through`
      : code.startsWith('SQLITE_READONLY')
        ? `${path} cannot be written (read-only)`
        : `the disk reported an I/O error writing ${path}`;
  return new StoreWriteError(code, `${what} (SQLite: ${sqlite})`, e);
}

export class DiskReserve {
  constructor(private readonly file: string | null) {
    this.refill();
  }

  /** Makes the reserve file if it is missing; quietly leaves it for later when there is no room. */
  refill(): void {
    if (!this.file || (existsSync(this.file) && statSync(this.file).size >= RESERVE_BYTES)) return;
    let fd: number | null = null;
    try {
      fd = openSync(this.file, 'w');
      // Written, not just sized: a sparse file would free nothing when removed.
      writeSync(fd, Buffer.alloc(RESERVE_BYTES, 0x52));
    } catch {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
      }
      rmSync(this.file, { force: true });
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  /** Runs `write`; on a full disk gives the reserve up and runs it once more. */
  spend<T>(write: () => T): T {
    try {
      const out = write();
      this.refill();
      return out;
    } catch (e) {
      if (!isDiskFull(e) || !this.file || !existsSync(this.file)) throw e;
      rmSync(this.file, { force: true });
      return write();
    }
  }
}
