// The dense layer's three products as packed register-tile micro-kernels, included once per
// instruction set by kernels.c with these macros defined:
//   SFX        name suffix (avx2, avx512)     V    floats per vector     MR   rows of a tile
//   VT / MT    vector and mask types          NR = 2·V columns of a tile (two vectors)
//   VZERO VLOAD VSTORE VBCAST VFMA            MLOAD MSTORE MASK(cols)
//   VUNPACKLO VUNPACKHI VSHUFFLE (per 128-bit lane)   LANES(u, r): the transpose's lane exchange
// Layout as PyTorch and the TypeScript twin (main/engine/nn/kernels.ts): x n×in, W out×in,
// y/dy n×out, all row-major float32.
//
// Summation order (fixed by the code, the same for both instruction sets): every output element
// is ONE fused multiply-add chain over the reduction index in increasing order —
//   y[s][j]  = b[j] + (Σ_k fma over k = 0, 1, …, in−1, from 0)
//   dW[j][k] = (dW[j][k] + fma over the chunk's samples i = 0, 1, …, n−1)
//   dx[s][k] = (fma over the units j = 0, 1, …, out−1, from 0)
//   db[j]    = db[j] + dy[0][j] + dy[1][j] + … (plain adds, in sample order)
// `mode` says what dW and db receive: DL_GRAD_ADD continues their chains from the values they hold
// (above); DL_GRAD_FRESH overwrites them — the chains start from +0 in registers, the bits of
// zeroing dW and db first and adding (a chunk gradient written straight into its slot, no zeroing
// pass); DL_GRAD_SUM adds the chunk's own sums, each chain run from +0, to what they hold: dW = dW +
// (fma over i from 0), db = db + (Σ from 0) — one float add per element, exactly what adding a
// separately computed chunk gradient would give, without writing it anywhere first.
// Tiles, blocking, vector width and masking decide only which elements are computed together,
// never the order of one element's terms. So a chunk gives the same bits on any thread, and on an
// AVX2 machine the same bits as on an AVX-512 one.

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define FN(name) CAT(name, SFX)

#define NR (2 * V)

// ---------------------------------------------------------------- forward: Yᵀ = W · Xᵀ
// B = Xᵀ packed in panels of NR samples: bp[k·NR + s] = x[s0 + s][k] (zero past the chunk's end).
static inline __attribute__((always_inline)) void FN(fwd_tile)(const float *w, int in, const float *bp, int k_n,
                                                               float acc_out[][NR], const int mr) {
  VT c0[MR], c1[MR];
  for (int r = 0; r < mr; r++) c0[r] = c1[r] = VZERO();
  for (int k = 0; k < k_n; k++) {
    VT b0 = VLOAD(bp + k * NR), b1 = VLOAD(bp + k * NR + V);
    for (int r = 0; r < mr; r++) {
      VT a = VBCAST(w + r * in + k);
      c0[r] = VFMA(a, b0, c0[r]);
      c1[r] = VFMA(a, b1, c1[r]);
    }
  }
  for (int r = 0; r < mr; r++) {
    VSTORE(acc_out[r], c0[r]);
    VSTORE(acc_out[r] + V, c1[r]);
  }
}

// r[i] = row i of a V × V block → r[c] = its column c: pairs of rows interleaved, then pairs of pairs
// (u[4q + m], 128-bit lane L, holds rows 4q … 4q+3 at column 4L + m), then the lanes exchanged (LANES).
static inline __attribute__((always_inline)) void FN(transpose)(VT r[V]) {
  VT t[V], u[V];
  for (int i = 0; i < V / 2; i++) {
    t[2 * i] = VUNPACKLO(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = VUNPACKHI(r[2 * i], r[2 * i + 1]);
  }
  for (int q = 0; q < V / 4; q++) {
    u[4 * q] = VSHUFFLE(t[4 * q], t[4 * q + 2], 0x44);
    u[4 * q + 1] = VSHUFFLE(t[4 * q], t[4 * q + 2], 0xEE);
    u[4 * q + 2] = VSHUFFLE(t[4 * q + 1], t[4 * q + 3], 0x44);
    u[4 * q + 3] = VSHUFFLE(t[4 * q + 1], t[4 * q + 3], 0xEE);
  }
  LANES(u, r);
}

// Packs the panel's ns ≤ NR sample rows of x (the rest zero) as bp[k·NR + s]: V × V blocks
// loaded as rows, transposed in registers (transpose above), stored as columns. A
// copy: the values (and their bits) are x's. The k tail is loaded masked and stored column by column.
static inline __attribute__((always_inline)) void FN(pack_panel)(const float *x, int in, int ns, float *bp) {
  for (int k0 = 0; k0 < in; k0 += V) {
    const int kc = in - k0 < V ? in - k0 : V;
    const MT m = MASK(kc);
    for (int h = 0; h < 2; h++) {
      VT r[V];
      for (int i = 0; i < V; i++) {
        const int s = h * V + i;
        const float *xs = x + (size_t)s * in + k0;
        r[i] = s >= ns ? VZERO() : kc == V ? VLOAD(xs) : MLOAD(xs, m);
      }
      FN(transpose)(r);
      for (int c = 0; c < kc; c++) VSTORE(bp + (size_t)(k0 + c) * NR + h * V, r[c]);
    }
  }
}

static void FN(dense_forward)(const float *x, int n, int in, const float *w, const float *b, int out, float *y, float *bp) {
  float acc[MR][NR] __attribute__((aligned(64)));
  for (int s0 = 0; s0 < n; s0 += NR) {
    int ns = n - s0 < NR ? n - s0 : NR;
    FN(pack_panel)(x + (size_t)s0 * in, in, ns, bp);
    for (int j0 = 0; j0 < out; j0 += MR) {
      int mr = out - j0 < MR ? out - j0 : MR;
      const float *wj = w + (size_t)j0 * in;
      switch (mr) {
#define FWD_CASE(m) case m: FN(fwd_tile)(wj, in, bp, in, acc, m); break;
        FWD_CASE(1) FWD_CASE(2) FWD_CASE(3) FWD_CASE(4) FWD_CASE(5) FWD_CASE(6)
#if MR > 6
        FWD_CASE(7) FWD_CASE(8)
#endif
#if MR > 8
        FWD_CASE(9) FWD_CASE(10) FWD_CASE(11) FWD_CASE(12)
#endif
#undef FWD_CASE
      }
      for (int s = 0; s < ns; s++) {
        float *ys = y + (size_t)(s0 + s) * out + j0;
        for (int r = 0; r < mr; r++) ys[r] = b[j0 + r] + acc[r][s];
      }
    }
  }
}

// Stores a tile's MR × NR accumulators (c0, c1) into rows `in` apart, masked at the right edge.
#define STORE_TILE(dst)                                                                  \
  for (int r = 0; r < mr; r++) {                                                         \
    if (full) {                                                                          \
      VSTORE(dst + (size_t)r * in, c0[r]);                                               \
      VSTORE(dst + (size_t)r * in + V, c1[r]);                                           \
    } else {                                                                             \
      MSTORE(dst + (size_t)r * in, m0, c0[r]);                                           \
      MSTORE(dst + (size_t)r * in + V, m1, c1[r]);                                       \
    }                                                                                    \
  }

// ---------------------------------------------------------------- dW += dYᵀ · X
// Tile: MR units × NR inputs; A broadcast straight from dy's row (the MR units are contiguous
// there), B read from x's rows; the tile of dW is the accumulator, loaded first and stored last.
static inline __attribute__((always_inline)) void FN(dw_tile)(const float *dy, int out, const float *x, int in, int n,
                                                              float *dw, const int mr, const int full, MT m0, MT m1,
                                                              const int mode) {
  VT c0[MR], c1[MR];
  for (int r = 0; r < mr; r++) {
    if (mode != DL_GRAD_ADD) {
      c0[r] = c1[r] = VZERO();
      continue;
    }
    c0[r] = full ? VLOAD(dw + (size_t)r * in) : MLOAD(dw + (size_t)r * in, m0);
    c1[r] = full ? VLOAD(dw + (size_t)r * in + V) : MLOAD(dw + (size_t)r * in + V, m1);
  }
  for (int i = 0; i < n; i++) {
    const float *xi = x + (size_t)i * in;
    VT b0 = full ? VLOAD(xi) : MLOAD(xi, m0);
    VT b1 = full ? VLOAD(xi + V) : MLOAD(xi + V, m1);
    const float *di = dy + (size_t)i * out;
    for (int r = 0; r < mr; r++) {
      VT a = VBCAST(di + r);
      c0[r] = VFMA(a, b0, c0[r]);
      c1[r] = VFMA(a, b1, c1[r]);
    }
  }
  if (mode == DL_GRAD_SUM)
    for (int r = 0; r < mr; r++) {
      c0[r] = VADD(full ? VLOAD(dw + (size_t)r * in) : MLOAD(dw + (size_t)r * in, m0), c0[r]);
      c1[r] = VADD(full ? VLOAD(dw + (size_t)r * in + V) : MLOAD(dw + (size_t)r * in + V, m1), c1[r]);
    }
  STORE_TILE(dw)
}

// ---------------------------------------------------------------- dx = dY · W
// Tile: MR samples × NR inputs; A broadcast from dy (MR sample rows), B read from W's rows.
static inline __attribute__((always_inline)) void FN(dx_tile)(const float *dy, int out, const float *w, int in,
                                                              float *dx, const int mr, const int full, MT m0, MT m1) {
  VT c0[MR], c1[MR];
  for (int r = 0; r < mr; r++) c0[r] = c1[r] = VZERO();
  for (int j = 0; j < out; j++) {
    const float *wj = w + (size_t)j * in;
    VT b0 = full ? VLOAD(wj) : MLOAD(wj, m0);
    VT b1 = full ? VLOAD(wj + V) : MLOAD(wj + V, m1);
    for (int r = 0; r < mr; r++) {
      VT a = VBCAST(dy + (size_t)r * out + j);
      c0[r] = VFMA(a, b0, c0[r]);
      c1[r] = VFMA(a, b1, c1[r]);
    }
  }
  STORE_TILE(dx)
}

#define TILE_SWITCH(call, mr, full)                                   \
  switch (mr) {                                                       \
    case 1: call(1, full); break; case 2: call(2, full); break;       \
    case 3: call(3, full); break; case 4: call(4, full); break;       \
    case 5: call(5, full); break; case 6: call(6, full); break;       \
    TILE_SWITCH_MORE(call, full)                                      \
  }
#if MR > 8
#define TILE_SWITCH_MORE(call, full) case 7: call(7, full); break; case 8: call(8, full); break; \
  case 9: call(9, full); break; case 10: call(10, full); break; case 11: call(11, full); break; case 12: call(12, full); break;
#elif MR > 6
#define TILE_SWITCH_MORE(call, full) case 7: call(7, full); break; case 8: call(8, full); break;
#else
#define TILE_SWITCH_MORE(call, full)
#endif

static void FN(dense_backward)(const float *dy, const float *x, int n, int in, const float *w, int out, float *dw, float *db,
                               float *dx, int mode) {
  // dw == NULL: dx alone (the bench times the products one by one).
  if (dw)
    for (int j = 0; j < out; j++) {
      float s = mode == DL_GRAD_ADD ? db[j] : 0.0f;
      for (int i = 0; i < n; i++) s += dy[(size_t)i * out + j];
      db[j] = mode == DL_GRAD_SUM ? db[j] + s : s;
    }
  for (int k0 = 0; k0 < in; k0 += NR) {
    int cols = in - k0 < NR ? in - k0 : NR;
    int full = cols == NR;
    MT m0 = MASK(cols), m1 = MASK(cols - V);
    for (int j0 = 0; j0 < out && dw; j0 += MR) {
      int mr = out - j0 < MR ? out - j0 : MR;
      const float *dyj = dy + j0;
      float *dwj = dw + (size_t)j0 * in + k0;
#define DW_CALL(m, f) FN(dw_tile)(dyj, out, x + k0, in, n, dwj, m, f, m0, m1, mode)
      if (full) { TILE_SWITCH(DW_CALL, mr, 1) } else { TILE_SWITCH(DW_CALL, mr, 0) }
#undef DW_CALL
    }
    if (!dx) continue;
    for (int i0 = 0; i0 < n; i0 += MR) {
      int mr = n - i0 < MR ? n - i0 : MR;
      const float *dyi = dy + (size_t)i0 * out;
      float *dxi = dx + (size_t)i0 * in + k0;
#define DX_CALL(m, f) FN(dx_tile)(dyi, out, w + k0, in, dxi, m, f, m0, m1)
      if (full) { TILE_SWITCH(DX_CALL, mr, 1) } else { TILE_SWITCH(DX_CALL, mr, 0) }
#undef DX_CALL
    }
  }
}

#undef TILE_SWITCH
#undef TILE_SWITCH_MORE
#undef STORE_TILE
#undef NR
#undef SFX
#undef V
#undef MR
#undef VT
#undef MT
#undef VZERO
#undef VLOAD
#undef VSTORE
#undef VBCAST
#undef VFMA
#undef VADD
#undef MLOAD
#undef MSTORE
#undef MASK
#undef VUNPACKLO
#undef VUNPACKHI
#undef VSHUFFLE
#undef LANES

#undef FN
#undef CAT
#undef CAT2
