// Files only where the user pointed. A spec from the page may name files (data.path, data.images,
// data.labels) and main would read them; so on the transports that face a page (desktop IPC, web
// mode) main reads only files on an allowlist it keeps itself:
// - a file the user chose in a native dialog or dropped on the window (desktop),
// - a file the browser uploaded, kept in the lab's uploads folder (web mode sends bytes, not paths),
// - a file a stored experiment already names: when a run that named allowed files is stored, the
//   files are kept under its experiment id in a file beside the database, so History's "run again"
//   works after a restart. A bundle imported from the page adds nothing (its spec is the page's word).
// The CLI does not come through here: it reads the paths it is given.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, constants as zlib } from 'node:zlib';
import { channels, type Channel, type Envelope } from '../../preload/contract';
import { LabError, type LabIssue } from '../../preload/errors';
import type { ChosenFile, SniffedKind } from '../../preload/files';
import { UPLOAD_LIMIT_BYTES } from '../../preload/files';
import type { Dispatcher, HandlerTable } from './dispatch';
import { expandVariants } from './variants';

/** A spec field that names a file, and the file. */
interface NamedFile {
  field: string;
  path: string;
}

/** The files a data spec names, with their field under `prefix` (e.g. "spec.data."). */
function filesInData(data: unknown, prefix: string): NamedFile[] {
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  const out: NamedFile[] = [];
  for (const key of ['path', 'images', 'labels']) {
    const value = d[key];
    if (typeof value === 'string' && value.trim() !== '') out.push({ field: `${prefix}${key}`, path: value.trim() });
  }
  return out;
}

/** The files a request on a channel names (channels that read no file name none). */
export function filesInRequest(channel: Channel, request: unknown): NamedFile[] {
  const r = request as Record<string, unknown>;
  switch (channel) {
    case 'network:preview':
      return filesInData(r.data, 'data.');
    case 'network:start':
    case 'network:rangeTest':
      return filesInData((r.spec as { data?: unknown } | undefined)?.data, 'spec.data.');
    case 'workbench:start': {
      // An axis may vary data.path itself: every cell's files count.
      const base: Record<string, unknown> = { ...(r.base as Record<string, unknown>), name: r.name };
      let cells: { spec: { data?: unknown } }[];
      try {
        cells = expandVariants(base, r.axes as Parameters<typeof expandVariants>[1]).cells;
      } catch {
        return filesInData(base.data, 'base.data.'); // the handler reports the grid's own problem
      }
      const seen = new Map<string, NamedFile>();
      cells.forEach((c, i) => filesInData(c.spec.data, `cells.${i}.data.`).forEach((f) => seen.set(f.path, seen.get(f.path) ?? f)));
      return [...seen.values()];
    }
    default:
      return [];
  }
}

/** Channels whose requests may name files. */
const READING_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['network:preview', 'network:start', 'network:rangeTest', 'workbench:start']);

/** One path for one file: absolute, symlinks resolved where the file exists. */
function canonical(p: string): string {
  const absolute = path.resolve(p);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** The uploads folder's subfolder for uploads in progress. */
const INCOMING = '.incoming';

interface Persisted {
  version: 1;
  experiments: Record<string, string[]>;
}

export class FileAccess {
  private readonly granted = new Set<string>();
  private readonly experiments = new Map<number, Set<string>>();

  /**
   * `listFile`: where the per-experiment allowlist is kept (null: in memory only).
   * `uploadsDir`: where uploaded files are written (null: uploads refused).
   */
  constructor(
    private readonly listFile: string | null,
    readonly uploadsDir: string | null,
  ) {
    if (listFile && existsSync(listFile)) {
      try {
        const saved = JSON.parse(readFileSync(listFile, 'utf8')) as Persisted;
        for (const [id, files] of Object.entries(saved.experiments ?? {})) {
          if (Array.isArray(files)) this.experiments.set(Number(id), new Set(files.filter((f): f is string => typeof f === 'string')));
        }
      } catch {
        // An unreadable list allows nothing extra; the user chooses the files again.
      }
    }
  }

  /** The allowlist for the lab whose database is `dbPath`: beside it, uploads in a folder beside it. */
  static besideStore(dbPath: string): FileAccess {
    if (dbPath === ':memory:') return new FileAccess(null, null);
    const base = path.join(path.dirname(path.resolve(dbPath)), path.basename(dbPath, path.extname(dbPath)));
    return new FileAccess(`${base}.files.json`, `${base}-uploads`);
  }

  /** The user pointed at this file (dialog, drop, second launch, upload): main may read it. */
  grant(file: string): string {
    const c = canonical(file);
    this.granted.add(c);
    return c;
  }

  allows(file: string): boolean {
    const c = canonical(file);
    if (this.granted.has(c)) return true;
    for (const files of this.experiments.values()) if (files.has(c)) return true;
    return false;
  }

  /** A stored experiment names these (allowed) files: they stay allowed for it. */
  remember(experimentId: number, files: string[]): void {
    if (files.length === 0) return;
    const set = this.experiments.get(experimentId) ?? new Set<string>();
    for (const f of files) set.add(canonical(f));
    this.experiments.set(experimentId, set);
    this.save();
  }

  /** The experiment was deleted: the files it named are no longer allowed through it. */
  forget(experimentId: number): void {
    if (this.experiments.delete(experimentId)) this.save();
  }

  /** Throws 'forbidden' naming each field whose file the user never pointed at. */
  check(files: NamedFile[]): void {
    const refused = files.filter((f) => !this.allows(f.path));
    if (refused.length === 0) return;
    const issues: LabIssue[] = refused.map((f) => ({
      path: f.field,
      message: 'choose this file in the lab (open dialog, drop or upload); the lab reads only files you chose',
      code: 'file-not-chosen',
      // The file too, so the page can say which one to choose again (a stored experiment may name it).
      params: { file: f.path },
    }));
    throw new LabError({
      code: 'forbidden',
      reason: 'file-not-chosen',
      params: { path: refused[0]!.field, file: refused[0]!.path },
      message: `${refused.map((f) => f.field).join(', ')}: not a file chosen in the lab; choose it with the file button or drop it on the window`,
      issues,
    });
  }

  /** Web mode: keeps an uploaded file (sent whole over the socket) in the uploads folder and allows it. */
  upload(name: string, bytes: Buffer): ChosenFile {
    this.uploadsFolder();
    if (bytes.length > UPLOAD_LIMIT_BYTES) {
      throw new LabError({ code: 'invalid-request', reason: 'refused', message: `the file is ${bytes.length} bytes; uploads take at most ${UPLOAD_LIMIT_BYTES}` });
    }
    const temporary = this.incomingFile();
    try {
      writeFileSync(temporary, bytes, { mode: 0o600 });
      return this.keep(temporary, name, createHash('sha256').update(bytes).digest('hex'));
    } catch (err) {
      rmSync(temporary, { force: true });
      throw err;
    }
  }

  private uploadsFolder(): string {
    if (!this.uploadsDir) throw new LabError({ code: 'forbidden', reason: 'refused', message: 'this lab keeps no uploads (in-memory database)' });
    return this.uploadsDir;
  }

  /**
   * Where an upload in progress is written (web mode's HTTP upload streams into it): a new file name
   * in the uploads folder's `.incoming`, which `keep` moves into place and a failed upload deletes.
   */
  incomingFile(): string {
    const dir = path.join(this.uploadsFolder(), INCOMING);
    mkdirSync(dir, { recursive: true });
    return path.join(dir, `${randomBytes(8).toString('hex')}.part`);
  }

  /**
   * A complete upload at `temporary` (from `incomingFile`), whose content has the SHA-256 `digest` (hex):
   * kept as `name` in one folder per content, so the same file uploaded twice is one file and a name
   * never clashes; allowed, and described as a dialog's choice is.
   */
  keep(temporary: string, name: string, digest: string): ChosenFile {
    const dir = path.join(this.uploadsFolder(), digest.slice(0, 16));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, path.basename(name));
    if (existsSync(file)) unlinkSync(temporary);
    else renameSync(temporary, file);
    return describeFile(this.grant(file));
  }

  /** Leftovers of uploads cut off by a crash (older than `olderThanMs`), deleted; the number deleted. */
  sweepIncoming(olderThanMs = 60 * 60 * 1000): number {
    if (!this.uploadsDir) return 0;
    const dir = path.join(this.uploadsDir, INCOMING);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return 0;
    }
    let deleted = 0;
    for (const n of names) {
      const f = path.join(dir, n);
      try {
        if (n.endsWith('.part') && Date.now() - statSync(f).mtimeMs > olderThanMs) {
          unlinkSync(f);
          deleted += 1;
        }
      } catch {
        // gone meanwhile, or not ours to delete
      }
    }
    return deleted;
  }

  private save(): void {
    if (!this.listFile) return;
    const data: Persisted = { version: 1, experiments: Object.fromEntries([...this.experiments].map(([id, files]) => [String(id), [...files].sort()])) };
    try {
      mkdirSync(path.dirname(this.listFile), { recursive: true });
      const temporary = `${this.listFile}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
      renameSync(temporary, this.listFile);
    } catch {
      // Kept in memory for this session; the next launch asks for the files again.
    }
  }
}

/** What a file holds, from its first bytes (gunzipped when gzip's magic number starts it). */
export function sniffFileKind(bytes: Uint8Array): SniffedKind {
  let head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024));
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, 64 * 1024);
    } catch {
      return 'unknown';
    }
  }
  // IDX: two zero bytes, the element type (0x08 unsigned byte … 0x0e double), the number of dimensions.
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2]! >= 0x08 && head[2]! <= 0x0e) {
    if (head[3] === 1) return 'idx-labels';
    if (head[3] === 3) return 'idx-images';
  }
  if (head.includes(0)) return 'unknown';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) {
    if (/"format"\s*:\s*"descent-lab-run-bundle"/.test(text)) return 'bundle';
    return 'experiment';
  }
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return /[,;\t]/.test(first) ? 'csv' : 'unknown';
}

/**
 * The answer for a file main has allowed: its kind from its head, and the text for the kinds the
 * import channels take (only experiment files and bundles are read whole; data files can be large).
 */
function describeFile(file: string): ChosenFile {
  const fd = openSync(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = fstatSync(fd).size;
    head = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const kind = sniffFileKind(head);
  const text = kind === 'experiment' || kind === 'bundle' ? readFileSync(file, 'utf8') : null;
  return { path: file, name: path.basename(file), size, kind, text };
}

/**
 * The dispatcher a page-facing transport uses: every request that names files is checked against
 * `access` before its handler runs; an experiment stored from allowed files keeps them allowed.
 */
function guardFiles(inner: Dispatcher, access: FileAccess): Dispatcher {
  return {
    handle: (channel, fn) => inner.handle(channel, fn),
    missing: () => inner.missing(),
    async dispatch(channel: string, payload: unknown): Promise<Envelope<unknown>> {
      if (channel === 'experiments:delete') {
        const envelope = await inner.dispatch(channel, payload);
        if (envelope.ok && (envelope.result as { deleted?: boolean }).deleted) access.forget((payload as { id: number }).id);
        return envelope;
      }
      if (!READING_CHANNELS.has(channel as Channel)) return inner.dispatch(channel, payload);
      const parsed = channels[channel as Channel].request.safeParse(payload === undefined ? {} : payload);
      // A payload the schema refuses gets the dispatcher's own invalid-request answer.
      if (!parsed.success) return inner.dispatch(channel, payload);
      const named = filesInRequest(channel as Channel, parsed.data);
      try {
        access.check(named);
      } catch (err) {
        return { ok: false, error: (err as LabError).toShape() };
      }
      const envelope = await inner.dispatch(channel, payload);
      const experimentId = envelope.ok ? (envelope.result as { experimentId?: unknown } | null)?.experimentId : undefined;
      if (typeof experimentId === 'number') access.remember(experimentId, named.map((f) => f.path));
      return envelope;
    },
  };
}

/** Where the desktop app asks the user (native dialogs); absent in web mode. */
export interface FileDialogs {
  open(kind: 'csv' | 'idx' | 'experiment' | 'bundle' | 'any'): Promise<string | null>;
  save(fileName: string, bytes: Buffer): Promise<string | null>;
}

/**
 * The files:* channels. With `dialogs` (desktop) open and save go through native dialogs; without
 * them (web mode, tests) they are refused and the page uses upload and the browser's download.
 */
export function fileHandlers(access: FileAccess | null, dialogs: FileDialogs | null = null): Pick<HandlerTable, 'files:upload' | 'files:open' | 'files:save' | 'app:setLocale'> {
  const unavailable = (what: string) =>
    new LabError({ code: 'forbidden', reason: 'refused', message: `${what} is not available here` });
  return {
    'files:upload': ({ name, base64 }) => {
      if (!access) throw unavailable('uploading a file');
      return access.upload(name, Buffer.from(base64, 'base64'));
    },
    'files:open': async ({ kind }) => {
      if (!access || !dialogs) throw unavailable('an open dialog');
      const chosen = await dialogs.open(kind);
      if (chosen === null) return null;
      return openChosen(access, chosen);
    },
    'files:save': async ({ fileName, text, base64 }) => {
      if (!dialogs) throw unavailable('a save dialog');
      const saved = await dialogs.save(fileName, text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(base64!, 'base64'));
      return { saved: saved !== null, path: saved };
    },
    // Only the desktop app has a menu to translate; it registers its own handler.
    'app:setLocale': ({ locale }) => ({ locale }),
  };
}

/** A file the user pointed at outside a request (dialog, drop, second launch): allowed and described. */
export function openChosen(access: FileAccess, file: string): ChosenFile {
  const allowed = access.grant(file);
  try {
    return describeFile(allowed);
  } catch (e) {
    throw new LabError({ code: 'invalid-request', reason: 'refused', message: `cannot read ${path.basename(allowed)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
}

/**
 * A lab's dispatcher as a page-facing transport serves it: the files:* channels on `access`
 * (with native dialogs where given) and every file a request names checked.
 */
export function pageFacing(dispatcher: Dispatcher, access: FileAccess, dialogs: FileDialogs | null = null): Dispatcher {
  const handlers = fileHandlers(access, dialogs);
  dispatcher.handle('files:upload', handlers['files:upload']);
  dispatcher.handle('files:open', handlers['files:open']);
  dispatcher.handle('files:save', handlers['files:save']);
  return guardFiles(dispatcher, access);
}
