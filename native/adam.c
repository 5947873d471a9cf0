// Adam / AMSGrad / AdamW's update in one pass over float32 parameters, compiled to WebAssembly
// by build.mjs. The arithmetic is main/engine/optim/adam.ts's, operation for operation, in
// doubles with the state rounded to float32 where the TypeScript stores it into a Float32Array,
// so the result is the same to the last bit (wasm has no fused multiply-add and f64.sqrt is
// correctly rounded, as Math.sqrt is). Two doubles per f64x2 operation, four parameters per
// iteration: the division and square root are the cost, and lanes are independent, so SIMD
// changes no bit.
#include <wasm_simd128.h>

typedef float f32;

// Rounds each double lane to float32 and back, as storing into a Float32Array and reading it does.
static inline v128_t round32(v128_t d) { return wasm_f64x2_promote_low_f32x4(wasm_f32x4_demote_f64x2_zero(d)); }
static inline v128_t load2(const f32 *p) { return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p)); }
static inline void store2(f32 *p, v128_t d) { wasm_v128_store64_lane(p, wasm_f32x4_demote_f64x2_zero(d), 0); }

/**
 * One update of `len` parameters. `vmax` is 0 unless AMSGrad. `decoupled` (AdamW) shrinks p by
 * `shrink`; otherwise a non-zero `weight_decay` adds weight_decay·p to the gradient.
 */
__attribute__((export_name("adam_f32")))
void adam_f32(f32 *params, const f32 *grads, f32 *m, f32 *v, f32 *vmax, int len, double beta1, double beta2, double eps,
              double step_size, double bc2_sqrt, int decoupled, double shrink, double weight_decay) {
  v128_t b1 = wasm_f64x2_splat(beta1), c1 = wasm_f64x2_splat(1.0 - beta1);
  v128_t b2 = wasm_f64x2_splat(beta2), c2 = wasm_f64x2_splat(1.0 - beta2);
  v128_t ve = wasm_f64x2_splat(eps), vs = wasm_f64x2_splat(-step_size), vb = wasm_f64x2_splat(bc2_sqrt);
  v128_t vk = wasm_f64x2_splat(shrink), vw = wasm_f64x2_splat(weight_decay);
  int len2 = len & ~1;
  int i = 0;
  for (; i < len2; i += 2) {
    v128_t p = load2(params + i);
    v128_t g = load2(grads + i);
    if (decoupled) p = wasm_f64x2_mul(p, vk);
    else if (weight_decay != 0.0) g = wasm_f64x2_add(g, wasm_f64x2_mul(vw, p));
    v128_t mi = round32(wasm_f64x2_add(wasm_f64x2_mul(load2(m + i), b1), wasm_f64x2_mul(c1, g)));
    v128_t vi = round32(wasm_f64x2_add(wasm_f64x2_mul(load2(v + i), b2), wasm_f64x2_mul(wasm_f64x2_mul(c2, g), g)));
    store2(m + i, mi);
    store2(v + i, vi);
    v128_t second = vi;
    if (vmax) {
      second = wasm_f64x2_max(load2(vmax + i), vi);
      store2(vmax + i, second);
    }
    v128_t den = wasm_f64x2_add(wasm_f64x2_div(wasm_f64x2_sqrt(second), vb), ve);
    store2(params + i, wasm_f64x2_add(p, wasm_f64x2_div(wasm_f64x2_mul(vs, mi), den)));
  }
  for (; i < len; i++) {
    double p = params[i];
    double g = grads[i];
    if (decoupled) p = p * shrink;
    else if (weight_decay != 0.0) g = g + weight_decay * p;
    m[i] = (f32)(m[i] * beta1 + (1.0 - beta1) * g);
    v[i] = (f32)(v[i] * beta2 + (1.0 - beta2) * g * g);
    double second = v[i];
    if (vmax) {
      double a = vmax[i];
      second = __builtin_wasm_max_f64(a, second);
      vmax[i] = (f32)second;
    }
    params[i] = (f32)(p + (-step_size * m[i]) / (__builtin_sqrt(second) / bc2_sqrt + eps));
  }
}
