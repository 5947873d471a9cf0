// Saving files from the page: in the desktop app a native save dialog in main (files:save), with
// run bundles and experiment files named by the extensions the app is associated with (.dlab,
// .dlexp); in web mode a temporary <a download>, the browser's own download.
import { useFilesStore } from '../stores/files';

const desktop = () => useFilesStore().desktop();

/** The desktop's name for a file: the associated extensions for bundles and experiments. */
function desktopFileName(filename: string): string {
  return filename.replace(/\.lab-bundle\.json$/, '.dlab').replace(/\.experiment\.json$/, '.dlexp');
}

function saveInMain(filename: string, content: { text: string } | { base64: string }): void {
  useFilesStore().save(desktopFileName(filename), content);
}

export function downloadUrl(filename: string, url: string): void {
  const data = /^data:[^;,]*;base64,(.*)$/.exec(url);
  if (desktop() && data) return saveInMain(filename, { base64: data[1]! });
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A BOM lets spreadsheet programs read the Chinese labels as UTF-8; JSON files go without one.
  const parts = type.startsWith('application/json') ? [text] : ['\ufeff', text];
  if (desktop()) return saveInMain(filename, { text: parts.join('') });
  const url = URL.createObjectURL(new Blob(parts, { type }));
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Rosenbrock race 1" → "rosenbrock-race-1"; keeps CJK letters. */
export function fileStem(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'chart';
}

/** Asks for one file (an <input type=file>, which both Chromium and Electron show as the system dialog) and reads it as text. */
export function pickTextFile(accept: string): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.dataset.testid = 'file-picker';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      void file.text().then((text) => resolve({ name: file.name, text: text.replace(/^\ufeff/, '') }));
    });
    input.addEventListener('cancel', () => (input.remove(), resolve(null)));
    document.body.appendChild(input);
    input.click();
  });
}
