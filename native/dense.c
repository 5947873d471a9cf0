// The dense layer's three products in float32 with 128-bit SIMD (f32x4), compiled to
// WebAssembly by build.mjs. Layout as PyTorch and the TypeScript twin (main/engine/nn/kernels.ts):
// x is n × in, W is out × in, y and dy are n × out, all row-major. Pointers are byte offsets into
// the module's own memory; the caller (main/engine/nn/wasm-kernels.ts) copies operands in and
// results out.
//
// Summation order is fixed by the code alone (no threads, no fast-math, wasm has no fused
// multiply-add to contract into), so a given chunk gives the same bits on every thread and
// machine. It differs from the twin, which accumulates in doubles: each forward dot product
// here sums four interleaved float32 lanes (k ≡ 0, 1, 2, 3 mod 4), adds the lanes as
// (l0 + l1) + (l2 + l3), then the k tail in order, then the bias.
#include <wasm_simd128.h>

typedef float f32;

static inline f32 hsum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// One output: Σ_k x[k]·w[k] in the lane order described above (used for the row and unit tails,
// so every output of the layer is summed the same way whatever block it falls in).
static inline f32 dot1(const f32 *x, const f32 *w, int in) {
  int in4 = in & ~3;
  v128_t a = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < in4; k += 4) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(x + k), wasm_v128_load(w + k)));
  f32 s = hsum(a);
  for (int k = in4; k < in; k++) s += x[k] * w[k];
  return s;
}

// Cache blocking: the forward walks the samples in blocks of ROWS (ROWS × in floats stay in L2
// while every unit pair passes over them); dW walks the inputs in strips of KSTRIP (n × KSTRIP
// floats of x stay in L2 while every unit block passes). A 32-row chunk is one block; larger
// chunks (batch-norm networks take the whole batch) keep the same cache behaviour. Blocking
// changes no sum: every output is still summed as described above.
#define ROWS 64
#define KSTRIP 128

/** y[n×out] = x[n×in] · Wᵀ + b. Blocks of 4 samples × 2 units share every load (8 accumulators). */
__attribute__((export_name("dense_forward")))
void dense_forward(const f32 *x, int n, int in, const f32 *w, const f32 *b, int out, f32 *y) {
  int in4 = in & ~3;
  int out2 = out & ~1;
  for (int r0 = 0; r0 < n; r0 += ROWS) {
  int r1 = n - r0 < ROWS ? n : r0 + ROWS;
  int n4 = r0 + ((r1 - r0) & ~3);
  for (int j = 0; j < out2; j += 2) {
    const f32 *w0 = w + j * in;
    const f32 *w1 = w0 + in;
    int i = r0;
    for (; i < n4; i += 4) {
      const f32 *x0 = x + i * in;
      const f32 *x1 = x0 + in;
      const f32 *x2 = x1 + in;
      const f32 *x3 = x2 + in;
      v128_t a00 = wasm_f32x4_splat(0.0f), a01 = a00, a10 = a00, a11 = a00;
      v128_t a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      for (int k = 0; k < in4; k += 4) {
        v128_t v0 = wasm_v128_load(w0 + k);
        v128_t v1 = wasm_v128_load(w1 + k);
        v128_t u = wasm_v128_load(x0 + k);
        a00 = wasm_f32x4_add(a00, wasm_f32x4_mul(u, v0));
        a01 = wasm_f32x4_add(a01, wasm_f32x4_mul(u, v1));
        u = wasm_v128_load(x1 + k);
        a10 = wasm_f32x4_add(a10, wasm_f32x4_mul(u, v0));
        a11 = wasm_f32x4_add(a11, wasm_f32x4_mul(u, v1));
        u = wasm_v128_load(x2 + k);
        a20 = wasm_f32x4_add(a20, wasm_f32x4_mul(u, v0));
        a21 = wasm_f32x4_add(a21, wasm_f32x4_mul(u, v1));
        u = wasm_v128_load(x3 + k);
        a30 = wasm_f32x4_add(a30, wasm_f32x4_mul(u, v0));
        a31 = wasm_f32x4_add(a31, wasm_f32x4_mul(u, v1));
      }
      f32 s00 = hsum(a00), s01 = hsum(a01), s10 = hsum(a10), s11 = hsum(a11);
      f32 s20 = hsum(a20), s21 = hsum(a21), s30 = hsum(a30), s31 = hsum(a31);
      for (int k = in4; k < in; k++) {
        s00 += x0[k] * w0[k]; s01 += x0[k] * w1[k];
        s10 += x1[k] * w0[k]; s11 += x1[k] * w1[k];
        s20 += x2[k] * w0[k]; s21 += x2[k] * w1[k];
        s30 += x3[k] * w0[k]; s31 += x3[k] * w1[k];
      }
      y[i * out + j] = s00 + b[j];       y[i * out + j + 1] = s01 + b[j + 1];
      y[(i + 1) * out + j] = s10 + b[j]; y[(i + 1) * out + j + 1] = s11 + b[j + 1];
      y[(i + 2) * out + j] = s20 + b[j]; y[(i + 2) * out + j + 1] = s21 + b[j + 1];
      y[(i + 3) * out + j] = s30 + b[j]; y[(i + 3) * out + j + 1] = s31 + b[j + 1];
    }
    for (; i < r1; i++) {
      y[i * out + j] = dot1(x + i * in, w0, in) + b[j];
      y[i * out + j + 1] = dot1(x + i * in, w1, in) + b[j + 1];
    }
  }
  if (out2 < out) {
    int j = out2;
    for (int i = r0; i < r1; i++) y[i * out + j] = dot1(x + i * in, w + j * in, in) + b[j];
  }
  }
}

// The backward products' micro-kernel: for r = 0..3, acc[r] (8 floats as two f32x4) =
// Σ_t s[r·srow + t] · v[t·vrow .. t·vrow + 8], t in order. dW uses it with s = dyᵀ rows and
// v = x columns; dx with s = dy rows and v = W columns. Inlined, the accumulators stay in registers.
static inline void rank1_4x8(const f32 *s, int srow, const f32 *v, int vrow, int count, v128_t acc[8]) {
  v128_t a0 = wasm_f32x4_splat(0.0f), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
  const f32 *s0 = s, *s1 = s + srow, *s2 = s1 + srow, *s3 = s2 + srow;
  for (int t = 0; t < count; t++, v += vrow) {
    v128_t u = wasm_v128_load(v);
    v128_t w = wasm_v128_load(v + 4);
    v128_t c = wasm_f32x4_splat(s0[t]);
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(c, u)); b0 = wasm_f32x4_add(b0, wasm_f32x4_mul(c, w));
    c = wasm_f32x4_splat(s1[t]);
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(c, u)); b1 = wasm_f32x4_add(b1, wasm_f32x4_mul(c, w));
    c = wasm_f32x4_splat(s2[t]);
    a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(c, u)); b2 = wasm_f32x4_add(b2, wasm_f32x4_mul(c, w));
    c = wasm_f32x4_splat(s3[t]);
    a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(c, u)); b3 = wasm_f32x4_add(b3, wasm_f32x4_mul(c, w));
  }
  acc[0] = a0; acc[1] = b0; acc[2] = a1; acc[3] = b1; acc[4] = a2; acc[5] = b2; acc[6] = a3; acc[7] = b3;
}

/**
 * dW[out×in] += dyᵀ·x, db += Σ_i dy and, when dx is non-zero, dx[n×in] = dy·W (overwritten).
 * `dyt` is scratch for out × n floats (dy transposed, so the weight-gradient loop reads it
 * contiguously). Every dW entry sums its n products in sample order, then adds to dW once.
 */
__attribute__((export_name("dense_backward")))
void dense_backward(const f32 *dy, const f32 *x, int n, int in, const f32 *w, int out, f32 *dw, f32 *db, f32 *dx, f32 *dyt) {
  int in4 = in & ~3;
  int in8 = in & ~7;
  // db and the transpose of dy.
  for (int j = 0; j < out; j++) {
    f32 s = 0.0f;
    for (int i = 0; i < n; i++) {
      f32 d = dy[i * out + j];
      dyt[j * n + i] = d;
      s += d;
    }
    db[j] += s;
  }

  // dW: blocks of 4 units × 8 inputs held in 8 accumulators over all samples, by input strips.
  int out4 = out & ~3;
  for (int k0 = 0; k0 < in8; k0 += KSTRIP) {
    int k1 = in8 - k0 < KSTRIP ? in8 : k0 + KSTRIP;
    for (int j = 0; j < out4; j += 4) {
      for (int k = k0; k < k1; k += 8) {
        v128_t acc[8];
        rank1_4x8(dyt + j * n, n, x + k, in, n, acc);
        f32 *r = dw + j * in + k;
        for (int q = 0; q < 4; q++, r += in) {
          wasm_v128_store(r, wasm_f32x4_add(wasm_v128_load(r), acc[2 * q]));
          wasm_v128_store(r + 4, wasm_f32x4_add(wasm_v128_load(r + 4), acc[2 * q + 1]));
        }
      }
    }
  }
  int j = 0;
  for (; j < out4; j += 4) {
    const f32 *d0 = dyt + j * n;
    const f32 *d1 = d0 + n;
    const f32 *d2 = d1 + n;
    const f32 *d3 = d2 + n;
    for (int k = in8; k < in; k++) {
      f32 s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
      for (int i = 0; i < n; i++) {
        f32 u = x[i * in + k];
        s0 += d0[i] * u; s1 += d1[i] * u; s2 += d2[i] * u; s3 += d3[i] * u;
      }
      dw[j * in + k] += s0; dw[(j + 1) * in + k] += s1; dw[(j + 2) * in + k] += s2; dw[(j + 3) * in + k] += s3;
    }
  }
  for (; j < out; j++) {
    const f32 *d0 = dyt + j * n;
    int k = 0;
    for (; k < in4; k += 4) {
      v128_t a0 = wasm_f32x4_splat(0.0f);
      for (int i = 0; i < n; i++) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(d0[i]), wasm_v128_load(x + i * in + k)));
      f32 *r = dw + j * in + k;
      wasm_v128_store(r, wasm_f32x4_add(wasm_v128_load(r), a0));
    }
    for (; k < in; k++) {
      f32 s0 = 0.0f;
      for (int i = 0; i < n; i++) s0 += d0[i] * x[i * in + k];
      dw[j * in + k] += s0;
    }
  }

  if (!dx) return;
  // dx: blocks of 4 samples × 8 inputs; a strip of W (out rows × 8 floats) stays in L1 while
  // every sample block walks it. Each entry sums over units in unit order.
  int n4 = n & ~3;
  int k = 0;
  for (; k < in8; k += 8) {
    int i = 0;
    for (; i < n4; i += 4) {
      v128_t acc[8];
      rank1_4x8(dy + i * out, out, w + k, in, out, acc);
      f32 *r = dx + i * in + k;
      for (int q = 0; q < 4; q++, r += in) {
        wasm_v128_store(r, acc[2 * q]);
        wasm_v128_store(r + 4, acc[2 * q + 1]);
      }
    }
    for (; i < n; i++) {
      const f32 *e0 = dy + i * out;
      v128_t a0 = wasm_f32x4_splat(0.0f), b0 = a0;
      const f32 *wp = w + k;
      for (int jj = 0; jj < out; jj++, wp += in) {
        v128_t s = wasm_f32x4_splat(e0[jj]);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, wasm_v128_load(wp)));
        b0 = wasm_f32x4_add(b0, wasm_f32x4_mul(s, wasm_v128_load(wp + 4)));
      }
      wasm_v128_store(dx + i * in + k, a0);
      wasm_v128_store(dx + i * in + k + 4, b0);
    }
  }
  for (; k < in; k++) {
    for (int i = 0; i < n; i++) {
      f32 s = 0.0f;
      for (int jj = 0; jj < out; jj++) s += dy[i * out + jj] * w[jj * in + k];
      dx[i * in + k] = s;
    }
  }
}
