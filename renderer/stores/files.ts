// Files the user points at or saves: the desktop app's native dialogs in main (files:open,
// files:save); in web mode the browser picks a file and sends its bytes to main over HTTP
// (POST /upload, main/server/upload.ts), whatever its size, with its progress. Main answers with
// a path it then allows.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { LabError, type Envelope } from '../../preload/contract';
import type { ChosenFile, FileKind } from '../../preload/files';
import { lab } from '../api/client';
import { useI18n } from '../i18n';
import { useNoticeStore } from './notices';

/** An upload on its way: the file's name and how many of its bytes have left. */
export interface UploadProgress {
  name: string;
  sent: number;
  total: number;
}

/** Why the page could not hand the file over (an answer from main arrives as its LabError instead). */
type Failed = { status: number } | { network: true };

/**
 * One upload, streamed by the browser from the disk: XMLHttpRequest, because fetch() cannot report
 * how much of a request body has been sent. The token goes where the page's socket has it, in the
 * query; the server also checks the Origin (same origin only, as the CSP's connect-src 'self').
 */
function send(file: File, onProgress: (sent: number) => void): Promise<ChosenFile> {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}&token=${encodeURIComponent(token)}`);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.upload.onprogress = (e) => onProgress(e.loaded);
  return new Promise((resolve, reject) => {
    xhr.onerror = () => reject({ network: true } satisfies Failed);
    xhr.onload = () => {
      let envelope: Envelope<ChosenFile> | null = null;
      try {
        envelope = JSON.parse(xhr.responseText) as Envelope<ChosenFile>;
      } catch {
        envelope = null;
      }
      if (envelope?.ok) resolve(envelope.result);
      else if (envelope) reject(new LabError(envelope.error));
      else reject({ status: xhr.status } satisfies Failed);
    };
    xhr.send(file);
  });
}

/** Bytes as megabytes for the page, one decimal (1 MB = 10⁶ bytes, as file browsers show). */
export function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export const useFilesStore = defineStore('files', () => {
  const { t } = useI18n();
  /** The desktop app (IPC): native dialogs in main; else web mode, where the browser picks and downloads. */
  const desktop = () => lab().transport === 'ipc';
  /** The uploads on their way, by the field that asked. */
  const uploads = ref<Record<string, UploadProgress>>({});

  /** The native open dialog; the chosen file's path, or null when cancelled or refused (the notice says why). */
  async function open(kind: FileKind): Promise<string | null> {
    try {
      return (await lab().invoke('files:open', { kind }))?.path ?? null;
    } catch (err) {
      useNoticeStore().error(err);
      return null;
    }
  }

  /** A file the browser picked, sent to main for field `field`; the path main keeps it under, or null when refused. */
  async function upload(file: File, field = file.name): Promise<string | null> {
    uploads.value = { ...uploads.value, [field]: { name: file.name, sent: 0, total: file.size } };
    try {
      const kept = await send(file, (sent) => {
        const now = uploads.value[field];
        if (now) uploads.value = { ...uploads.value, [field]: { ...now, sent: Math.min(sent, now.total) } };
      });
      return kept.path;
    } catch (err) {
      const notices = useNoticeStore();
      if (err instanceof LabError && typeof err.params?.limit === 'number') {
        const limit = err.params.limit;
        notices.push('error', () => t('upload.tooLarge', { name: file.name, size: megabytes(file.size), limit: megabytes(limit) }));
      } else if (err instanceof LabError && err.code === 'forbidden') notices.push('error', () => t('upload.forbidden', { name: file.name }));
      else if (err instanceof LabError) notices.error(err, (d) => t('upload.failed', { name: file.name, reason: d.text }));
      else if ('network' in (err as Failed)) notices.push('error', () => t('upload.lost', { name: file.name }));
      else notices.push('error', () => t('upload.status', { name: file.name, status: (err as { status: number }).status }));
      return null;
    } finally {
      const { [field]: _done, ...rest } = uploads.value;
      uploads.value = rest;
    }
  }

  /** The native save dialog (desktop only). */
  function save(fileName: string, content: { text: string } | { base64: string }): void {
    lab()
      .invoke('files:save', { fileName, ...content })
      .catch((err: unknown) => useNoticeStore().error(err));
  }

  return { desktop, uploads, open, upload, save };
});
