// The dense layer's three products, in PyTorch's weight layout (W is out × in, row-major).
// Every inner loop walks two contiguous rows, accumulates in a double and stores once, allocates
// nothing, and is unrolled by four: this is where nearly all training time goes.
import type { Float } from './tensor';

/** y[n×out] = x[n×in] · Wᵀ + b */
export function denseForward(x: Float, n: number, inSize: number, w: Float, b: Float, outSize: number, y: Float): void {
  const in4 = inSize - (inSize % 4);
  for (let i = 0; i < n; i++) {
    const xo = i * inSize;
    const yo = i * outSize;
    for (let j = 0; j < outSize; j++) {
      const wo = j * inSize;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k < in4; k += 4) {
        s0 += x[xo + k] * w[wo + k];
        s1 += x[xo + k + 1] * w[wo + k + 1];
        s2 += x[xo + k + 2] * w[wo + k + 2];
        s3 += x[xo + k + 3] * w[wo + k + 3];
      }
      for (; k < inSize; k++) s0 += x[xo + k] * w[wo + k];
      y[yo + j] = b[j] + (s0 + s1 + (s2 + s3));
    }
  }
}

/**
 * dW += dyᵀ·x, db += Σ dy (both accumulated: callers zero them per chunk), and when `dx` is given
 * dx[n×in] = dy · W. Loop order i-j-k keeps every inner loop on contiguous rows.
 */
export function denseBackward(
  dy: Float,
  x: Float,
  n: number,
  inSize: number,
  w: Float,
  outSize: number,
  dw: Float,
  db: Float,
  dx: Float | null,
): void {
  if (dx) dx.fill(0, 0, n * inSize);
  for (let i = 0; i < n; i++) {
    const xo = i * inSize;
    const yo = i * outSize;
    for (let j = 0; j < outSize; j++) {
      const d = dy[yo + j];
      if (d === 0) continue; // ReLU zeroes much of dy; skipping those terms is exact
      db[j] += d;
      const wo = j * inSize;
      if (dx) {
        for (let k = 0; k < inSize; k++) {
          dw[wo + k] += d * x[xo + k];
          dx[xo + k] += d * w[wo + k];
        }
      } else {
        for (let k = 0; k < inSize; k++) dw[wo + k] += d * x[xo + k];
      }
    }
  }
}
