// The user's files: main reads only a file the user pointed at. In the desktop app that is a file
// chosen in a native dialog ('files:open') or dropped on the window; in web mode the browser sends
// the bytes ('files:upload') and main keeps them in the lab's uploads folder. Either way the
// answer is a path main has put on its allowlist, which a spec may then name (data.path,
// data.images, data.labels). Saving goes through a native dialog in the desktop app
// ('files:save'); web mode keeps the browser's download. Spread into `channels` in contract.ts.
import { z } from 'zod';

/** What a dialog or a drop is for; it picks the dialog's filters and how main reads the file. */
const fileKind = z.enum(['csv', 'idx', 'experiment', 'bundle', 'any']);
export type FileKind = z.infer<typeof fileKind>;

/** What a file holds, decided from its bytes (main/app/file-kind.ts). */
export type SniffedKind = 'csv' | 'idx-images' | 'idx-labels' | 'experiment' | 'bundle' | 'unknown';

/** A file main has allowed: its path (for a spec), its name, and for text kinds its contents. */
export interface ChosenFile {
  path: string;
  name: string;
  size: number;
  kind: SniffedKind;
  /** The text of an experiment file or a run bundle (what the import channels take); null otherwise. */
  text: string | null;
}

/** The socket upload (files:upload) carries base64 inside one WebSocket message (16 MiB): about 12 MB of file.
 *  The page itself uploads over HTTP (POST /upload, main/server/upload.ts), up to 1 GiB. */
export const UPLOAD_LIMIT_BYTES = 12 * 1024 * 1024;

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\\0]/.test(s) && s !== '.' && s !== '..', 'a file name, not a path');

export const filesChannels = {
  /** Web mode: the bytes of a file the user picked; answers where main keeps them. */
  'files:upload': {
    request: z
      .object({
        name: fileName,
        base64: z.string().max(Math.ceil(UPLOAD_LIMIT_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
      })
      .strict(),
    response: {} as ChosenFile,
  },
  /** Desktop: a native open dialog; null when the user cancels (web mode: refused, use files:upload). */
  'files:open': {
    request: z.object({ kind: fileKind }).strict(),
    response: {} as ChosenFile | null,
  },
  /** Desktop: a native save dialog for text the page made (CSV, JSON, a bundle) or base64 bytes (PNG). */
  'files:save': {
    request: z
      .object({
        fileName,
        text: z.string().max(256 * 1024 * 1024).optional(),
        base64: z.string().max(64 * 1024 * 1024).optional(),
      })
      .strict()
      .refine((r) => (r.text === undefined) !== (r.base64 === undefined), 'exactly one of text and base64'),
    response: {} as { saved: boolean; path: string | null },
  },
  /** The page's language changed: the desktop menu follows it (elsewhere a no-op). */
  'app:setLocale': {
    request: z.object({ locale: z.enum(['zh-CN', 'en']) }).strict(),
    response: {} as { locale: 'zh-CN' | 'en' },
  },
} as const;

/** Pages of the app a View menu entry opens (renderer routes). */
export type AppPage = 'course' | 'surface' | 'network' | 'batch' | 'bound' | 'analysis' | 'history' | 'compare' | 'dashboard' | 'about';

/** What the desktop menu asks the page to do ('app:command' event). */
export type AppCommand =
  | { command: 'new-experiment' }
  | { command: 'export' }
  | { command: 'navigate'; page: AppPage }
  | { command: 'theme'; theme: 'light' | 'dark' | 'system' };

/** The preload's one message outside the contract: paths of files really dropped on the window. */
export const DROPPED_CHANNEL = 'app:dropped';
