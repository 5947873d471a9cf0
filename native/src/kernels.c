// Descent Lab's native kernels: the dense layer's products, the chunk-gradient reduction and the
// fused optimizer updates (SGD/momentum, Adam/AMSGrad/AdamW), for x86-64 with AVX2+FMA and, where
// the CPU and OS have it, AVX-512. Chosen at run time (cpu_isa()); a CPU with neither gets no
// native kernels at all (the engine then runs the WebAssembly ones). Compiled WITHOUT fast-math
// and with -ffp-contract=off: every fused multiply-add is written out, nothing is reassociated.
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define DL_X86 1
#endif

#if DL_X86 && (defined(__GNUC__) || defined(__clang__))
#define DL_TARGET(t) __attribute__((target(t)))
#else
#define DL_TARGET(t)
#endif

#if DL_X86
// ---------------------------------------------------------------- AVX2 + FMA: 8 floats a vector
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define SFX avx2
#define V 8
#define MR 6
#define VT __m256
#define MT __m256i
#define VZERO() _mm256_setzero_ps()
#define VLOAD(p) _mm256_loadu_ps(p)
#define VSTORE(p, v) _mm256_storeu_ps((p), (v))
#define VBCAST(p) _mm256_broadcast_ss(p)
#define VFMA(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define VADD(a, b) _mm256_add_ps((a), (b))
#define MLOAD(p, m) _mm256_maskload_ps((p), (m))
#define MSTORE(p, m, v) _mm256_maskstore_ps((p), (m), (v))
#define MASK(cols) _mm256_cmpgt_epi32(_mm256_set1_epi32(cols), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define VUNPACKLO(a, b) _mm256_unpacklo_ps((a), (b))
#define VUNPACKHI(a, b) _mm256_unpackhi_ps((a), (b))
#define VSHUFFLE(a, b, imm) _mm256_shuffle_ps((a), (b), (imm))
// The transpose's last stage on 8 floats (gemm.h transpose): the 128-bit lanes of rows 0–3 and 4–7 joined.
static inline __attribute__((always_inline)) void lanes_avx2(const __m256 u[8], __m256 r[8]) {
  for (int m = 0; m < 4; m++) {
    r[m] = _mm256_permute2f128_ps(u[m], u[m + 4], 0x20);
    r[m + 4] = _mm256_permute2f128_ps(u[m], u[m + 4], 0x31);
  }
}
#define LANES(u, r) lanes_avx2((u), (r))
#include "gemm.h" // undefines the macros above
#pragma GCC pop_options

// ---------------------------------------------------------------- AVX-512F: 16 floats a vector
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#define SFX avx512
#define V 16
#define MR 12
#define VT __m512
#define MT __mmask16
#define VZERO() _mm512_setzero_ps()
#define VLOAD(p) _mm512_loadu_ps(p)
#define VSTORE(p, v) _mm512_storeu_ps((p), (v))
#define VBCAST(p) _mm512_set1_ps(*(p))
#define VFMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define VADD(a, b) _mm512_add_ps((a), (b))
#define MLOAD(p, m) _mm512_maskz_loadu_ps((m), (p))
#define MSTORE(p, m, v) _mm512_mask_storeu_ps((p), (m), (v))
#define MASK(cols) ((cols) >= 16 ? (__mmask16)0xFFFF : (cols) <= 0 ? (__mmask16)0 : (__mmask16)((1u << (cols)) - 1u))
#define VUNPACKLO(a, b) _mm512_unpacklo_ps((a), (b))
#define VUNPACKHI(a, b) _mm512_unpackhi_ps((a), (b))
#define VSHUFFLE(a, b, imm) _mm512_shuffle_ps((a), (b), (imm))
// The transpose's last stage on 16 floats: the four 128-bit lanes of the four row quartets exchanged
// (lane L of quartet q → lane q of column 4L + m).
static inline __attribute__((always_inline)) void lanes_avx512(const __m512 u[16], __m512 r[16]) {
  for (int m = 0; m < 4; m++) {
    __m512 v0 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0x44), v1 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0xEE);
    __m512 v2 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0x44), v3 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0xEE);
    r[m] = _mm512_shuffle_f32x4(v0, v2, 0x88);
    r[4 + m] = _mm512_shuffle_f32x4(v0, v2, 0xDD);
    r[8 + m] = _mm512_shuffle_f32x4(v1, v3, 0x88);
    r[12 + m] = _mm512_shuffle_f32x4(v1, v3, 0xDD);
  }
}
#define LANES(u, r) lanes_avx512((u), (r))
#include "gemm.h" // undefines the macros above
#pragma GCC pop_options
#endif

// ---------------------------------------------------------------- dispatch
static int isa_forced = -1;

int dl_cpu_isa(void) {
#if DL_X86 && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return DL_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return DL_ISA_AVX2;
#endif
  return DL_ISA_NONE;
}

int dl_isa(void) {
  if (isa_forced >= 0) return isa_forced;
  return dl_cpu_isa();
}

int dl_force_isa(int isa) {
  if (isa < 0) {
    isa_forced = -1;
    return dl_isa();
  }
  if (isa > dl_cpu_isa()) return -1;
  isa_forced = isa;
  return isa;
}

// Per-thread packing buffer for the forward pass (a worker thread is one JavaScript realm).
static _Thread_local float *pack_buf = NULL;
static _Thread_local size_t pack_len = 0;

static float *pack_space(size_t floats) {
  if (floats <= pack_len) return pack_buf;
  float *p = NULL;
#if defined(_MSC_VER)
  p = (float *)_aligned_malloc(floats * sizeof(float), 64);
#else
  if (posix_memalign((void **)&p, 64, floats * sizeof(float)) != 0) p = NULL;
#endif
  if (!p) return NULL;
#if defined(_MSC_VER)
  _aligned_free(pack_buf);
#else
  free(pack_buf);
#endif
  pack_buf = p;
  pack_len = floats;
  return p;
}

// Rows (samples) per pass of the dense kernels: a 32-row chunk of x (100 KB at 784 inputs) stays
// in L2 while every tile of W passes over it.
#define SAMPLE_BLOCK 32

int dl_dense_forward(const float *x, int n, int in, const float *w, const float *b, int out, float *y) {
#if DL_X86
  int isa = dl_isa();
  if (isa == DL_ISA_NONE) return 0;
  int nr = isa == DL_ISA_AVX512 ? 32 : 16;
  float *bp = pack_space((size_t)in * nr);
  if (!bp) return 0;
  for (int i0 = 0; i0 < n; i0 += SAMPLE_BLOCK) {
    int m = n - i0 < SAMPLE_BLOCK ? n - i0 : SAMPLE_BLOCK;
    const float *xi = x + (size_t)i0 * in;
    float *yi = y + (size_t)i0 * out;
    if (isa == DL_ISA_AVX512) dense_forward_avx512(xi, m, in, w, b, out, yi, bp);
    else dense_forward_avx2(xi, m, in, w, b, out, yi, bp);
  }
  return 1;
#else
  (void)x; (void)n; (void)in; (void)w; (void)b; (void)out; (void)y;
  return 0;
#endif
}

int dl_dense_backward(const float *dy, const float *x, int n, int in, const float *w, int out, float *dw, float *db, float *dx,
                      int mode) {
#if DL_X86
  int isa = dl_isa();
  if (isa == DL_ISA_NONE) return 0;
  // Sample blocks only regroup the work: dW's and db's sums still run over samples in order (the
  // accumulator goes through dW's own float32 memory between blocks, which rounds nothing). A
  // chunk's sum added to dW (DL_GRAD_SUM) must be one chain from +0: one block of all its rows.
  int block = mode == DL_GRAD_SUM ? n : SAMPLE_BLOCK;
  for (int i0 = 0; i0 < n; i0 += block) {
    int m = n - i0 < block ? n - i0 : block;
    const float *dyi = dy + (size_t)i0 * out;
    const float *xi = x + (size_t)i0 * in;
    float *dxi = dx ? dx + (size_t)i0 * in : NULL;
    int f = i0 == 0 ? mode : DL_GRAD_ADD; // later blocks continue what the first wrote
    if (isa == DL_ISA_AVX512) dense_backward_avx512(dyi, xi, m, in, w, out, dw, db, dxi, f);
    else dense_backward_avx2(dyi, xi, m, in, w, out, dw, db, dxi, f);
  }
  return 1;
#else
  (void)dy; (void)x; (void)n; (void)in; (void)w; (void)out; (void)dw; (void)db; (void)dx; (void)mode;
  return 0;
#endif
}

#if DL_X86
// Adam's eight-wide step (AVX-512F: f64x8), the same operations as the f64x4 loop in dl_adam_f32;
// returns how many leading elements it did (a multiple of 8).
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
static size_t adam_f64x8(float *params, const float *grads, float *m, float *v, float *vmax, size_t n, double beta1,
                         double beta2, double eps, double step_size, double bc2_sqrt, int decoupled, double shrink,
                         double weight_decay) {
  __m512d b1 = _mm512_set1_pd(beta1), vc1 = _mm512_set1_pd(1.0 - beta1), b2 = _mm512_set1_pd(beta2), vc2 = _mm512_set1_pd(1.0 - beta2);
  __m512d ve = _mm512_set1_pd(eps), vs = _mm512_set1_pd(-step_size), vb = _mm512_set1_pd(bc2_sqrt);
  __m512d vk = _mm512_set1_pd(shrink), vw = _mm512_set1_pd(weight_decay);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m512d p = _mm512_cvtps_pd(_mm256_loadu_ps(params + i));
    __m512d g = _mm512_cvtps_pd(_mm256_loadu_ps(grads + i));
    if (decoupled) p = _mm512_mul_pd(p, vk);
    else if (weight_decay != 0.0) g = _mm512_add_pd(g, _mm512_mul_pd(vw, p));
    __m256 m32 = _mm512_cvtpd_ps(_mm512_add_pd(_mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(m + i)), b1), _mm512_mul_pd(vc1, g)));
    __m256 v32 = _mm512_cvtpd_ps(_mm512_add_pd(_mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(v + i)), b2), _mm512_mul_pd(_mm512_mul_pd(vc2, g), g)));
    _mm256_storeu_ps(m + i, m32);
    _mm256_storeu_ps(v + i, v32);
    __m512d second = _mm512_cvtps_pd(v32);
    if (vmax) {
      __m512d old = _mm512_cvtps_pd(_mm256_loadu_ps(vmax + i));
      __m512d mx = _mm512_max_pd(second, old); // old where either is NaN …
      __mmask8 nan_new = _mm512_cmp_pd_mask(second, second, _CMP_UNORD_Q);
      second = _mm512_mask_blend_pd(nan_new, mx, second); // … and the new value where it is NaN
      __m256 x32 = _mm512_cvtpd_ps(second);
      _mm256_storeu_ps(vmax + i, x32);
      second = _mm512_cvtps_pd(x32);
    }
    __m512d den = _mm512_add_pd(_mm512_div_pd(_mm512_sqrt_pd(second), vb), ve);
    __m512d np = _mm512_add_pd(p, _mm512_div_pd(_mm512_mul_pd(vs, _mm512_cvtps_pd(m32)), den));
    _mm256_storeu_ps(params + i, _mm512_cvtpd_ps(np));
  }
  return i;
}
#pragma GCC pop_options
#endif

// ---------------------------------------------------------------- per-parameter passes
// Plain C, vectorised by the compiler across elements only (each element's own arithmetic keeps
// its order; -ffp-contract=off keeps a*b+c two roundings, as in JavaScript).

#if DL_X86
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

/** grad[lo,hi) = slot₀ + slot₁ + … in float32, chunk by chunk (the in-process trainer's sum). */
void dl_reduce_f32(float *grad, const float *slots, size_t stride, int chunks, size_t lo, size_t hi, int first) {
  const size_t B = 2048;
  for (size_t i0 = lo; i0 < hi; i0 += B) {
    size_t i1 = hi - i0 < B ? hi : i0 + B;
    if (first == 0) memcpy(grad + i0, slots + i0, (i1 - i0) * sizeof(float));
    for (int c = first == 0 ? 1 : first; c < chunks; c++) {
      const float *s = slots + (size_t)c * stride;
      for (size_t i = i0; i < i1; i++) grad[i] = grad[i] + s[i];
    }
  }
}

/** grad[lo,hi) = (Σ_c slot_c, accumulated in double in chunk order) / len. */
void dl_reduce_mean_f32(float *grad, const float *slots, size_t stride, int chunks, size_t lo, size_t hi, double len) {
  const size_t B = 1024;
  double acc[1024];
  for (size_t i0 = lo; i0 < hi; i0 += B) {
    size_t i1 = hi - i0 < B ? hi : i0 + B;
    for (size_t i = i0; i < i1; i++) acc[i - i0] = slots[i];
    for (int c = 1; c < chunks; c++) {
      const float *s = slots + (size_t)c * stride;
      for (size_t i = i0; i < i1; i++) acc[i - i0] += s[i];
    }
    for (size_t i = i0; i < i1; i++) grad[i] = (float)(acc[i - i0] / len);
  }
}

void dl_reduce_mean_f64(double *grad, const double *slots, size_t stride, int chunks, size_t lo, size_t hi, double len) {
  for (size_t i = lo; i < hi; i++) grad[i] = slots[i];
  for (int c = 1; c < chunks; c++) {
    const double *s = slots + (size_t)c * stride;
    for (size_t i = lo; i < hi; i++) grad[i] += s[i];
  }
  for (size_t i = lo; i < hi; i++) grad[i] = grad[i] / len;
}

/** Σ g², each square in double (exact for a float32) added in index order: the clip wrapper's sum. */
double dl_sum_squares_f32(const float *g, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) {
    double v = g[i];
    s += v * v;
  }
  return s;
}

double dl_sum_squares_f64(const double *g, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += g[i] * g[i];
  return s;
}

// Σ g² in eight interleaved lanes (lane = i mod 8, over the largest multiple of 8), the lanes
// combined ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), then the tail in order: the order of
// sumOfSquares in main/engine/nn/kernels.ts (the gradient norm), eight times shorter a chain.
static double lanes_total(const double l[8]) { return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7])); }

double dl_sum_squares_lanes_f32(const float *g, size_t n) {
  size_t n8 = n - n % 8, i = 0;
  double l[8] = {0, 0, 0, 0, 0, 0, 0, 0};
#if DL_X86
  __m256d a = _mm256_setzero_pd(), b = _mm256_setzero_pd();
  for (; i < n8; i += 8) {
    __m256d x = _mm256_cvtps_pd(_mm_loadu_ps(g + i)), y = _mm256_cvtps_pd(_mm_loadu_ps(g + i + 4));
    a = _mm256_add_pd(a, _mm256_mul_pd(x, x));
    b = _mm256_add_pd(b, _mm256_mul_pd(y, y));
  }
  _mm256_storeu_pd(l, a);
  _mm256_storeu_pd(l + 4, b);
#endif
  for (; i < n8; i += 8)
    for (int j = 0; j < 8; j++) l[j] += (double)g[i + j] * (double)g[i + j];
  double s = lanes_total(l);
  for (; i < n; i++) s += (double)g[i] * (double)g[i];
  return s;
}

double dl_sum_squares_lanes_f64(const double *g, size_t n) {
  size_t n8 = n - n % 8, i = 0;
  double l[8] = {0, 0, 0, 0, 0, 0, 0, 0};
#if DL_X86
  __m256d a = _mm256_setzero_pd(), b = _mm256_setzero_pd();
  for (; i < n8; i += 8) {
    __m256d x = _mm256_loadu_pd(g + i), y = _mm256_loadu_pd(g + i + 4);
    a = _mm256_add_pd(a, _mm256_mul_pd(x, x));
    b = _mm256_add_pd(b, _mm256_mul_pd(y, y));
  }
  _mm256_storeu_pd(l, a);
  _mm256_storeu_pd(l + 4, b);
#endif
  for (; i < n8; i += 8)
    for (int j = 0; j < 8; j++) l[j] += g[i + j] * g[i + j];
  double s = lanes_total(l);
  for (; i < n; i++) s += g[i] * g[i];
  return s;
}

/** Rows requested from memory ahead of the one being copied (the rows of a shuffled batch are scattered). */
#define GATHER_AHEAD 4

/**
 * dst row r = src row rows[r] (width floats each), r < count: a chunk's rows gathered in place.
 * Each row's cache lines are requested GATHER_AHEAD rows early, so the copies overlap their misses.
 */
void dl_gather_rows(const float *src, const int32_t *rows, int count, size_t width, float *dst) {
  const size_t bytes = width * sizeof(float);
  for (int r = 0; r < count + GATHER_AHEAD; r++) {
#if defined(__GNUC__) || defined(__clang__)
    if (r < count) {
      const char *ahead = (const char *)(src + (size_t)rows[r] * width);
      for (size_t b = 0; b < bytes; b += 64) __builtin_prefetch(ahead + b, 0, 3);
    }
#endif
    const int c = r - GATHER_AHEAD;
    if (c >= 0) memcpy(dst + (size_t)c * width, src + (size_t)rows[c] * width, bytes);
  }
}

/** ReLU: y = x > 0 ? x : 0 (NaN and −0 give +0, as the TypeScript loop); dx = x > 0 ? dy : 0. */
void dl_relu_forward(const float *x, float *y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0.0f;
}

void dl_relu_backward(const float *x, const float *dy, float *dx, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0.0f;
}

/** 1 when every element is finite. */
int dl_all_finite_f32(const float *p, size_t n) {
  uint32_t bad = 0;
  const uint32_t *u = (const uint32_t *)p;
  for (size_t i = 0; i < n; i++) bad |= (uint32_t)((u[i] & 0x7f800000u) == 0x7f800000u);
  return !bad;
}

int dl_all_finite_f64(const double *p, size_t n) {
  uint64_t bad = 0;
  const uint64_t *u = (const uint64_t *)p;
  for (size_t i = 0; i < n; i++) bad |= (uint64_t)((u[i] & 0x7ff0000000000000ull) == 0x7ff0000000000000ull);
  return !bad;
}

/**
 * SGD / SGDM / NAG / SGDW on float32 parameters: optim/sgd.ts's loop, operation for operation in
 * doubles, rounded to float32 where the TypeScript stores (the momentum buffer, the parameter).
 * Four parameters per step (f64x4; each lane is one element's own arithmetic), then the tail.
 */
void dl_sgd_f32(float *params, const float *grads, float *buf, size_t n, int first, double momentum, double dampening,
                int nesterov, double l2, double decoupled, double lr) {
  double keep = 1 - dampening;
  size_t i = 0;
#if DL_X86
  __m256d vm = _mm256_set1_pd(momentum), vk = _mm256_set1_pd(keep), vl2 = _mm256_set1_pd(l2);
  __m256d vlr = _mm256_set1_pd(lr), vnlr = _mm256_set1_pd(-lr), vlrd = _mm256_set1_pd(lr * decoupled);
  for (; i + 4 <= n; i += 4) {
    __m256d p = _mm256_cvtps_pd(_mm_loadu_ps(params + i));
    __m256d d = _mm256_cvtps_pd(_mm_loadu_ps(grads + i));
    if (l2 != 0) d = _mm256_add_pd(d, _mm256_mul_pd(vl2, p));
    if (buf) {
      __m128 b32 = first ? _mm256_cvtpd_ps(d) : _mm256_cvtpd_ps(_mm256_add_pd(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(buf + i)), vm), _mm256_mul_pd(vk, d)));
      _mm_storeu_ps(buf + i, b32);
      __m256d bi = _mm256_cvtps_pd(b32);
      d = nesterov ? _mm256_add_pd(d, _mm256_mul_pd(vm, bi)) : bi;
    }
    __m256d np = decoupled != 0 ? _mm256_sub_pd(_mm256_sub_pd(p, _mm256_mul_pd(vlrd, p)), _mm256_mul_pd(vlr, d)) : _mm256_add_pd(p, _mm256_mul_pd(vnlr, d));
    _mm_storeu_ps(params + i, _mm256_cvtpd_ps(np));
  }
#endif
  for (; i < n; i++) {
    double p = params[i];
    double d = grads[i];
    if (l2 != 0) d = d + l2 * p;
    if (buf) {
      buf[i] = first ? (float)d : (float)((double)buf[i] * momentum + keep * d);
      double bi = buf[i];
      d = nesterov ? d + momentum * bi : bi;
    }
    params[i] = decoupled != 0 ? (float)(p - lr * decoupled * p - lr * d) : (float)(p + -lr * d);
  }
}

/**
 * Adam / AMSGrad / AdamW on float32 parameters: optim/adam.ts's loop (and native/adam.c's), in
 * doubles, the moments rounded to float32 where the TypeScript stores them. Square root and
 * division are correctly rounded as Math.sqrt and '/' are; lanes are independent (f64x4).
 */
void dl_adam_f32(float *params, const float *grads, float *m, float *v, float *vmax, size_t n, double beta1, double beta2,
                 double eps, double step_size, double bc2_sqrt, int decoupled, double shrink, double weight_decay) {
  double c1 = 1.0 - beta1, c2 = 1.0 - beta2, ns = -step_size;
  size_t i = 0;
#if DL_X86
  if (dl_isa() == DL_ISA_AVX512)
    i = adam_f64x8(params, grads, m, v, vmax, n, beta1, beta2, eps, step_size, bc2_sqrt, decoupled, shrink, weight_decay);
  __m256d b1 = _mm256_set1_pd(beta1), vc1 = _mm256_set1_pd(c1), b2 = _mm256_set1_pd(beta2), vc2 = _mm256_set1_pd(c2);
  __m256d ve = _mm256_set1_pd(eps), vs = _mm256_set1_pd(ns), vb = _mm256_set1_pd(bc2_sqrt);
  __m256d vk = _mm256_set1_pd(shrink), vw = _mm256_set1_pd(weight_decay);
  for (; i + 4 <= n; i += 4) {
    __m256d p = _mm256_cvtps_pd(_mm_loadu_ps(params + i));
    __m256d g = _mm256_cvtps_pd(_mm_loadu_ps(grads + i));
    if (decoupled) p = _mm256_mul_pd(p, vk);
    else if (weight_decay != 0.0) g = _mm256_add_pd(g, _mm256_mul_pd(vw, p));
    __m128 m32 = _mm256_cvtpd_ps(_mm256_add_pd(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(m + i)), b1), _mm256_mul_pd(vc1, g)));
    __m128 v32 = _mm256_cvtpd_ps(_mm256_add_pd(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(v + i)), b2), _mm256_mul_pd(_mm256_mul_pd(vc2, g), g)));
    _mm_storeu_ps(m + i, m32);
    _mm_storeu_ps(v + i, v32);
    __m256d second = _mm256_cvtps_pd(v32);
    if (vmax) {
      // Math.max: NaN when either is NaN. max_pd(a, b) returns b when either is NaN, so put the
      // possibly-NaN old maximum second only where the new value is not NaN.
      __m256d old = _mm256_cvtps_pd(_mm_loadu_ps(vmax + i));
      __m256d mx = _mm256_max_pd(second, old);
      __m256d nan_new = _mm256_cmp_pd(second, second, _CMP_UNORD_Q);
      second = _mm256_blendv_pd(mx, second, nan_new);
      __m128 x32 = _mm256_cvtpd_ps(second);
      _mm_storeu_ps(vmax + i, x32);
      second = _mm256_cvtps_pd(x32);
    }
    __m256d den = _mm256_add_pd(_mm256_div_pd(_mm256_sqrt_pd(second), vb), ve);
    __m256d np = _mm256_add_pd(p, _mm256_div_pd(_mm256_mul_pd(vs, _mm256_cvtps_pd(m32)), den));
    _mm_storeu_ps(params + i, _mm256_cvtpd_ps(np));
  }
#endif
  for (; i < n; i++) {
    double p = params[i];
    double g = grads[i];
    if (decoupled) p = p * shrink;
    else if (weight_decay != 0.0) g = g + weight_decay * p;
    float mi = (float)((double)m[i] * beta1 + c1 * g);
    float vi = (float)((double)v[i] * beta2 + c2 * g * g);
    m[i] = mi;
    v[i] = vi;
    double second = vi;
    if (vmax) {
      double a = vmax[i];
      second = (a != a || second != second) ? NAN : (a > second ? a : second);
      vmax[i] = (float)second;
    }
    params[i] = (float)(p + (ns * (double)mi) / (sqrt(second) / bc2_sqrt + eps));
  }
}

#if DL_X86
#pragma GCC pop_options
#endif
