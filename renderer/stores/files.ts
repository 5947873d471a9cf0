// Files the user points at or saves: the desktop app's native dialogs in main (files:open,
// files:save), web mode's uploaded bytes (files:upload). Main answers with a path it then allows.
import { defineStore } from 'pinia';
import type { FileKind } from '../../preload/files';
import { lab } from '../api/client';
import { useNoticeStore } from './notices';

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const useFilesStore = defineStore('files', () => {
  /** The desktop app (IPC): native dialogs in main; else web mode, where the browser picks and downloads. */
  const desktop = () => lab().transport === 'ipc';

  /** The native open dialog; the chosen file's path, or null when cancelled or refused (the notice says why). */
  async function open(kind: FileKind): Promise<string | null> {
    try {
      return (await lab().invoke('files:open', { kind }))?.path ?? null;
    } catch (err) {
      useNoticeStore().error(err);
      return null;
    }
  }

  /** A file the browser picked, sent to main; the path main keeps it under, or null when refused. */
  async function upload(file: File): Promise<string | null> {
    try {
      return (await lab().invoke('files:upload', { name: file.name, base64: base64(new Uint8Array(await file.arrayBuffer())) })).path;
    } catch (err) {
      useNoticeStore().error(err);
      return null;
    }
  }

  /** The native save dialog (desktop only). */
  function save(fileName: string, content: { text: string } | { base64: string }): void {
    lab()
      .invoke('files:save', { fileName, ...content })
      .catch((err: unknown) => useNoticeStore().error(err));
  }

  return { desktop, open, upload, save };
});
