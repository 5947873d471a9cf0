// The sandboxed preload: `window.lab` is the contract's LabBridge over Electron IPC.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';
import { DROPPED_CHANNEL } from './files';

contextBridge.exposeInMainWorld('lab', createBridge(ipcRenderer));

// Files dropped on the window where the page does not take the drop itself go to main, which
// opens them as if chosen in a dialog. Only a real drop carries a path: a File a script makes has
// none (webUtils.getPathForFile gives ''), so the page cannot name a file this way.
// (The project's lib has no DOM types; the few used here.)
interface DragEventLike {
  defaultPrevented: boolean;
  preventDefault(): void;
  dataTransfer: { files: ArrayLike<Parameters<typeof webUtils.getPathForFile>[0]> } | null;
}
const page = globalThis as unknown as { addEventListener(type: 'dragover' | 'drop', listener: (event: DragEventLike) => void): void };
page.addEventListener('dragover', (event) => event.preventDefault());
page.addEventListener('drop', (event) => {
  if (event.defaultPrevented) return;
  event.preventDefault();
  const paths = Array.from(event.dataTransfer?.files ?? [], (file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
  if (paths.length > 0) ipcRenderer.send(DROPPED_CHANNEL, paths);
});
