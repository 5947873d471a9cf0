// A grid of colours as an image data URL, built without a canvas so the builders stay pure
// (and testable in Node). A 24-bit BMP needs no compression code; data: URLs are allowed by the CSP.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** rgb(row, col) gives the colour of pixel (col, row), row 0 at the top. */
export function bmpBytes(width: number, height: number, rgb: (row: number, col: number) => [number, number, number]): Uint8Array {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + rowSize * height;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  view.setUint32(2, size, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, -height, true); // negative height: rows stored top-down
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, rowSize * height, true);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const [r, g, b] = rgb(row, col);
      const at = 54 + row * rowSize + col * 3;
      bytes[at] = Math.round(b);
      bytes[at + 1] = Math.round(g);
      bytes[at + 2] = Math.round(r);
    }
  }
  return bytes;
}

export function bmpDataUrl(width: number, height: number, rgb: (row: number, col: number) => [number, number, number]): string {
  return `data:image/bmp;base64,${base64(bmpBytes(width, height, rgb))}`;
}
