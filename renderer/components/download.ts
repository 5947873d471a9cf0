// Saving files from the page: a temporary <a download>, which both Chromium and Electron honour.

export function downloadUrl(filename: string, url: string): void {
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
