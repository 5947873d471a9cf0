// The native kernels' C interface (kernels.c), wrapped for JavaScript by addon.c.
#pragma once
#include <stddef.h>
#include <stdint.h>

enum { DL_ISA_NONE = 0, DL_ISA_AVX2 = 1, DL_ISA_AVX512 = 2 };

int dl_cpu_isa(void);
int dl_isa(void);
/** Forces an instruction set at most the CPU's (tests compare the two); -1 restores the CPU's. Returns the set in use, or -1. */
int dl_force_isa(int isa);

/** Each returns 0, having changed nothing, where the CPU has no supported instruction set. */
int dl_dense_forward(const float *x, int n, int in, const float *w, const float *b, int out, float *y);
/** What the dense backward does with dW and db (gemm.h): continue their sums, overwrite them, add the chunk's own sums. */
enum { DL_GRAD_ADD = 0, DL_GRAD_FRESH = 1, DL_GRAD_SUM = 2 };
int dl_dense_backward(const float *dy, const float *x, int n, int in, const float *w, int out, float *dw, float *db, float *dx,
                      int mode);
void dl_gather_rows(const float *src, const int32_t *rows, int count, size_t width, float *dst);

/** grad[lo,hi) = slot_0 + slot_1 + … in float32 in slot order; first > 0: grad already holds the sum of slots [0, first), the rest is added on. */
void dl_reduce_f32(float *grad, const float *slots, size_t stride, int chunks, size_t lo, size_t hi, int first);
void dl_reduce_mean_f32(float *grad, const float *slots, size_t stride, int chunks, size_t lo, size_t hi, double len);
void dl_reduce_mean_f64(double *grad, const double *slots, size_t stride, int chunks, size_t lo, size_t hi, double len);
double dl_sum_squares_f32(const float *g, size_t n);
double dl_sum_squares_f64(const double *g, size_t n);
double dl_sum_squares_lanes_f32(const float *g, size_t n);
double dl_sum_squares_lanes_f64(const double *g, size_t n);
void dl_relu_forward(const float *x, float *y, size_t n);
void dl_relu_backward(const float *x, const float *dy, float *dx, size_t n);
int dl_all_finite_f32(const float *p, size_t n);
int dl_all_finite_f64(const double *p, size_t n);
void dl_sgd_f32(float *params, const float *grads, float *buf, size_t n, int first, double momentum, double dampening,
                int nesterov, double l2, double decoupled, double lr);
void dl_adam_f32(float *params, const float *grads, float *m, float *v, float *vmax, size_t n, double beta1, double beta2,
                 double eps, double step_size, double bc2_sqrt, int decoupled, double shrink, double weight_decay);
