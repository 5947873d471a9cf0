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
  // A BOM lets spreadsheet programs read the Chinese labels as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Rosenbrock race 1" → "rosenbrock-race-1"; keeps CJK letters. */
export function fileStem(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'chart';
}
