// The Node-API face of kernels.c. Only napi_* functions are used (Node-API's stable C ABI), so the
// one compiled binary loads in Node and in Electron whatever their V8 and module versions.
// Arguments are typed arrays, read in place through their data pointers: parameters, gradients
// and chunk slots stay in the pool's SharedArrayBuffers and nothing is copied.
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "kernels.h"

#define MAX_ARGS 16

typedef struct {
  napi_env env;
  napi_value argv[MAX_ARGS];
  size_t argc;
  bool failed;
} Args;

static bool args_of(napi_env env, napi_callback_info info, Args *a, size_t want) {
  a->env = env;
  a->argc = MAX_ARGS;
  a->failed = false;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok || a->argc < want) {
    napi_throw_type_error(env, NULL, "descent-lab native: too few arguments");
    return false;
  }
  return true;
}

static void fail(Args *a, const char *msg) {
  if (!a->failed) napi_throw_type_error(a->env, NULL, msg);
  a->failed = true;
}

/** The data of typed array argument i of the given type (or NULL for null/undefined when nullable), and its length. */
static void *array(Args *a, size_t i, napi_typedarray_type want, size_t *len, bool nullable) {
  if (a->failed) return NULL;
  napi_valuetype t;
  napi_typeof(a->env, a->argv[i], &t);
  if (nullable && (t == napi_null || t == napi_undefined)) {
    if (len) *len = 0;
    return NULL;
  }
  bool is;
  if (napi_is_typedarray(a->env, a->argv[i], &is) != napi_ok || !is) {
    fail(a, "descent-lab native: expected a typed array");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_get_typedarray_info(a->env, a->argv[i], &type, &length, &data, NULL, NULL);
  if (type != want) {
    fail(a, "descent-lab native: wrong typed array type");
    return NULL;
  }
  if (len) *len = length;
  return data;
}

static double num(Args *a, size_t i) {
  double d = 0;
  if (!a->failed && napi_get_value_double(a->env, a->argv[i], &d) != napi_ok) fail(a, "descent-lab native: expected a number");
  return d;
}

static int32_t int32(Args *a, size_t i) {
  int32_t v = 0;
  if (!a->failed && napi_get_value_int32(a->env, a->argv[i], &v) != napi_ok) fail(a, "descent-lab native: expected an integer");
  return v;
}

static napi_value boolean(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

static napi_value number(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static bool fits(Args *a, size_t have, size_t need) {
  if (have < need) fail(a, "descent-lab native: typed array too short for the given shape");
  return !a->failed;
}

// denseForward(x, n, in, w, b, out, y) → boolean
static napi_value js_dense_forward(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 7)) return NULL;
  size_t lx, lw, lb, ly;
  const float *x = array(&a, 0, napi_float32_array, &lx, false);
  int n = int32(&a, 1), in = int32(&a, 2);
  const float *w = array(&a, 3, napi_float32_array, &lw, false);
  const float *b = array(&a, 4, napi_float32_array, &lb, false);
  int out = int32(&a, 5);
  float *y = array(&a, 6, napi_float32_array, &ly, false);
  if (a.failed) return NULL;
  if (n <= 0 || out <= 0 || in <= 0) return boolean(env, n <= 0 || out <= 0 ? true : false);
  if (!fits(&a, lx, (size_t)n * in) || !fits(&a, lw, (size_t)out * in) || !fits(&a, lb, out) || !fits(&a, ly, (size_t)n * out)) return NULL;
  return boolean(env, dl_dense_forward(x, n, in, w, b, out, y) != 0);
}

// denseBackward(dy, x, n, in, w, out, dw | null, db | null, dx | null, mode?) → boolean (dw and db null: dx alone;
// mode 0 or absent: add to dw and db; 1: overwrite them (the bits of zeroing them first); 2: add the chunk's own sums)
static napi_value js_dense_backward(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 9)) return NULL;
  size_t ldy, lx, lw, ldw, ldb, ldx;
  const float *dy = array(&a, 0, napi_float32_array, &ldy, false);
  const float *x = array(&a, 1, napi_float32_array, &lx, false);
  int n = int32(&a, 2), in = int32(&a, 3);
  const float *w = array(&a, 4, napi_float32_array, &lw, false);
  int out = int32(&a, 5);
  float *dw = array(&a, 6, napi_float32_array, &ldw, true); // null with db: dx alone
  float *db = array(&a, 7, napi_float32_array, &ldb, dw == NULL);
  float *dx = array(&a, 8, napi_float32_array, &ldx, true);
  if (a.failed) return NULL;
  if (n <= 0 || out <= 0 || in <= 0) return boolean(env, false);
  if (!fits(&a, ldy, (size_t)n * out) || !fits(&a, lx, (size_t)n * in) || !fits(&a, lw, (size_t)out * in) ||
      (dw && (!fits(&a, ldw, (size_t)out * in) || !fits(&a, ldb, out))) || (dx && !fits(&a, ldx, (size_t)n * in)))
    return NULL;
  int32_t mode = a.argc > 9 ? int32(&a, 9) : DL_GRAD_ADD;
  if (a.failed) return NULL;
  if (mode < DL_GRAD_ADD || mode > DL_GRAD_SUM) return napi_throw_range_error(env, NULL, "descent-lab native: unknown gradient mode"), NULL;
  return boolean(env, dl_dense_backward(dy, x, n, in, w, out, dw, db, dx, mode) != 0);
}

// gatherRows(src, rows, count, width, dst): dst row r = src row rows[r] for r < count (float32 rows of `width`)
static napi_value js_gather_rows(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 5)) return NULL;
  size_t ls, lr, ld;
  const float *src = array(&a, 0, napi_float32_array, &ls, false);
  const int32_t *rows = array(&a, 1, napi_int32_array, &lr, false);
  int count = int32(&a, 2), width = int32(&a, 3);
  float *dst = array(&a, 4, napi_float32_array, &ld, false);
  if (a.failed) return NULL;
  if (count < 0 || width < 0 || (size_t)count > lr || (size_t)count * (size_t)width > ld)
    return napi_throw_range_error(env, NULL, "descent-lab native: gatherRows out of range"), NULL;
  for (int r = 0; r < count; r++)
    if (rows[r] < 0 || ((size_t)rows[r] + 1) * (size_t)width > ls)
      return napi_throw_range_error(env, NULL, "descent-lab native: gatherRows row out of range"), NULL;
  dl_gather_rows(src, rows, count, (size_t)width, dst);
  return NULL;
}

// reduce(grad, slots, stride, chunks, lo, hi, mode, len, first?): mode 0 float32 sum (chunkMean), 1 double mean;
// first (mode 0 only, default 0): grad[lo,hi) already holds the sum of slots [0, first) — the rest is added on
static napi_value js_reduce(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 8)) return NULL;
  napi_typedarray_type type;
  bool is;
  if (napi_is_typedarray(env, a.argv[0], &is) != napi_ok || !is) return napi_throw_type_error(env, NULL, "descent-lab native: expected a typed array"), NULL;
  napi_get_typedarray_info(env, a.argv[0], &type, NULL, NULL, NULL, NULL);
  size_t lg, ls;
  bool f32 = type == napi_float32_array;
  void *grad = array(&a, 0, f32 ? napi_float32_array : napi_float64_array, &lg, false);
  void *slots = array(&a, 1, f32 ? napi_float32_array : napi_float64_array, &ls, false);
  double stride = num(&a, 2), lo = num(&a, 4), hi = num(&a, 5), len = num(&a, 7);
  int chunks = int32(&a, 3), mode = int32(&a, 6);
  if (a.failed) return NULL;
  int first = a.argc > 8 ? int32(&a, 8) : 0;
  if (a.failed) return NULL;
  if (chunks < 1 || lo < 0 || hi > (double)lg || lo > hi || (double)(chunks - 1) * stride + hi > (double)ls) return napi_throw_range_error(env, NULL, "descent-lab native: reduce out of range"), NULL;
  if (first < 0 || first > chunks || (first > 0 && !(f32 && mode == 0))) return napi_throw_range_error(env, NULL, "descent-lab native: reduce's first slot out of range"), NULL;
  if (f32 && mode == 0) dl_reduce_f32(grad, slots, (size_t)stride, chunks, (size_t)lo, (size_t)hi, first);
  else if (f32) dl_reduce_mean_f32(grad, slots, (size_t)stride, chunks, (size_t)lo, (size_t)hi, len);
  else if (mode == 1) dl_reduce_mean_f64(grad, slots, (size_t)stride, chunks, (size_t)lo, (size_t)hi, len);
  else return boolean(env, false);
  return boolean(env, true);
}

/** Argument 0 as a float array: its type, length and data (false, having thrown, otherwise). */
static bool float_array(napi_env env, napi_callback_info info, napi_typedarray_type *type, size_t *len, void **data) {
  Args a;
  if (!args_of(env, info, &a, 1)) return false;
  bool is;
  if (napi_is_typedarray(env, a.argv[0], &is) == napi_ok && is) {
    napi_get_typedarray_info(env, a.argv[0], type, len, data, NULL, NULL);
    if (*type == napi_float32_array || *type == napi_float64_array) return true;
  }
  napi_throw_type_error(env, NULL, "descent-lab native: expected a Float32Array or Float64Array");
  return false;
}

// sumSquares(array) → number (float32 or float64), in index order
static napi_value js_sum_squares(napi_env env, napi_callback_info info) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (!float_array(env, info, &type, &len, &data)) return NULL;
  return number(env, type == napi_float32_array ? dl_sum_squares_f32(data, len) : dl_sum_squares_f64(data, len));
}

// sumSquaresLanes(array) → number, in eight interleaved lanes (nn/kernels.ts sumOfSquares)
static napi_value js_sum_squares_lanes(napi_env env, napi_callback_info info) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (!float_array(env, info, &type, &len, &data)) return NULL;
  return number(env, type == napi_float32_array ? dl_sum_squares_lanes_f32(data, len) : dl_sum_squares_lanes_f64(data, len));
}

// allFinite(array) → boolean
static napi_value js_all_finite(napi_env env, napi_callback_info info) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (!float_array(env, info, &type, &len, &data)) return NULL;
  return boolean(env, type == napi_float32_array ? dl_all_finite_f32(data, len) : dl_all_finite_f64(data, len));
}

// relu(x, y, len) forward; relu(x, dy, dx, len) backward (float32, in place, len ≤ every length)
static napi_value js_relu(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 3)) return NULL;
  bool backward = a.argc >= 4;
  size_t l0, l1, l2 = 0;
  const float *x = array(&a, 0, napi_float32_array, &l0, false);
  float *y = array(&a, 1, napi_float32_array, &l1, false);
  float *dx = backward ? array(&a, 2, napi_float32_array, &l2, false) : NULL;
  double len = num(&a, backward ? 3 : 2);
  if (a.failed) return NULL;
  if (len < 0 || len > (double)l0 || len > (double)l1 || (backward && len > (double)l2)) return napi_throw_range_error(env, NULL, "descent-lab native: relu length out of range"), NULL;
  if (backward) dl_relu_backward(x, y, dx, (size_t)len);
  else dl_relu_forward(x, y, (size_t)len);
  return NULL;
}

// sgd(params, grads, buf | null, first, momentum, dampening, nesterov, l2, decoupled, lr)
static napi_value js_sgd(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 10)) return NULL;
  size_t lp, lg, lb;
  float *p = array(&a, 0, napi_float32_array, &lp, false);
  const float *g = array(&a, 1, napi_float32_array, &lg, false);
  float *buf = array(&a, 2, napi_float32_array, &lb, true);
  int first = int32(&a, 3);
  double momentum = num(&a, 4), dampening = num(&a, 5);
  int nesterov = int32(&a, 6);
  double l2 = num(&a, 7), decoupled = num(&a, 8), lr = num(&a, 9);
  if (a.failed || !fits(&a, lg, lp) || (buf && !fits(&a, lb, lp))) return NULL;
  dl_sgd_f32(p, g, buf, lp, first, momentum, dampening, nesterov, l2, decoupled, lr);
  return NULL;
}

// adam(params, grads, m, v, vmax | null, beta1, beta2, eps, stepSize, bc2Sqrt, decoupled, shrink, weightDecay)
static napi_value js_adam(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 13)) return NULL;
  size_t lp, lg, lm, lv, lx;
  float *p = array(&a, 0, napi_float32_array, &lp, false);
  const float *g = array(&a, 1, napi_float32_array, &lg, false);
  float *m = array(&a, 2, napi_float32_array, &lm, false);
  float *v = array(&a, 3, napi_float32_array, &lv, false);
  float *vmax = array(&a, 4, napi_float32_array, &lx, true);
  double beta1 = num(&a, 5), beta2 = num(&a, 6), eps = num(&a, 7), step = num(&a, 8), bc2 = num(&a, 9);
  int decoupled = int32(&a, 10);
  double shrink = num(&a, 11), wd = num(&a, 12);
  if (a.failed || !fits(&a, lg, lp) || !fits(&a, lm, lp) || !fits(&a, lv, lp) || (vmax && !fits(&a, lx, lp))) return NULL;
  dl_adam_f32(p, g, m, v, vmax, lp, beta1, beta2, eps, step, bc2, decoupled, shrink, wd);
  return NULL;
}

// isa() → 'avx512' | 'avx2' | 'none' (the set in use); cpuIsa() the CPU's best
static const char *isa_name(int isa) { return isa == DL_ISA_AVX512 ? "avx512" : isa == DL_ISA_AVX2 ? "avx2" : "none"; }

static napi_value string(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

// version() → the interface version (native/addon.ts INTERFACE_VERSION): 2 = gradient modes and gatherRows,
// 3 = reduce's `first` (a reduction continued from a partial sum)
static napi_value js_version(napi_env env, napi_callback_info info) {
  (void)info;
  return number(env, 3);
}

static napi_value js_isa(napi_env env, napi_callback_info info) {
  (void)info;
  return string(env, isa_name(dl_isa()));
}

static napi_value js_cpu_isa(napi_env env, napi_callback_info info) {
  (void)info;
  return string(env, isa_name(dl_cpu_isa()));
}

// forceIsa('avx2' | 'avx512' | null) → the set now in use, or null when the CPU lacks it
static napi_value js_force_isa(napi_env env, napi_callback_info info) {
  Args a;
  if (!args_of(env, info, &a, 1)) return NULL;
  char name[16] = {0};
  size_t got = 0;
  napi_valuetype t;
  napi_typeof(env, a.argv[0], &t);
  int want = -1;
  if (t == napi_string) {
    napi_get_value_string_utf8(env, a.argv[0], name, sizeof name, &got);
    want = strcmp(name, "avx512") == 0 ? DL_ISA_AVX512 : strcmp(name, "avx2") == 0 ? DL_ISA_AVX2 : DL_ISA_NONE;
  }
  int r = dl_force_isa(want);
  if (r < 0) {
    napi_value nul;
    napi_get_null(env, &nul);
    return nul;
  }
  return string(env, isa_name(r));
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"denseForward", NULL, js_dense_forward, NULL, NULL, NULL, napi_default, NULL},
    {"denseBackward", NULL, js_dense_backward, NULL, NULL, NULL, napi_default, NULL},
    {"gatherRows", NULL, js_gather_rows, NULL, NULL, NULL, napi_default, NULL},
    {"reduce", NULL, js_reduce, NULL, NULL, NULL, napi_default, NULL},
    {"sumSquares", NULL, js_sum_squares, NULL, NULL, NULL, napi_default, NULL},
    {"sumSquaresLanes", NULL, js_sum_squares_lanes, NULL, NULL, NULL, napi_default, NULL},
    {"allFinite", NULL, js_all_finite, NULL, NULL, NULL, napi_default, NULL},
    {"sgd", NULL, js_sgd, NULL, NULL, NULL, napi_default, NULL},
    {"relu", NULL, js_relu, NULL, NULL, NULL, napi_default, NULL},
    {"adam", NULL, js_adam, NULL, NULL, NULL, napi_default, NULL},
    {"version", NULL, js_version, NULL, NULL, NULL, napi_default, NULL},
    {"isa", NULL, js_isa, NULL, NULL, NULL, napi_default, NULL},
    {"cpuIsa", NULL, js_cpu_isa, NULL, NULL, NULL, napi_default, NULL},
    {"forceIsa", NULL, js_force_isa, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
