// The exported project's train.py, kept as text so the app and the CLI ship it without a file lookup.
// Python, PyTorch ≥ 1.13 and NumPy only; main/export/pytorch/export.ts writes it beside the data.
export const TRAIN_PY = String.raw`#!/usr/bin/env python3
# A Descent Lab network run, exported as a PyTorch project.
#
#   python3 train.py --out bundle.json                     one process (CPU, or --device cuda)
#   python3 -m torch.distributed.run --nproc_per_node=K train.py --out bundle.json
#                                                          DistributedDataParallel on K processes
#                                                          (gloo on CPU; --device cuda uses NCCL)
#
# It trains the exported run again: the same rows (config.json and data/, after the run's split
# and its standardisation fitted on the training rows), the same initial weights (init/), the same
# batch order (order/, the run's shuffle and curriculum), and the same optimizer rule, learning-
# rate schedule, loss, L2 term, early stopping and augmentation. It writes a run bundle that
# Descent Lab imports (History -> Import, or "lab bundle import bundle.json"), tagged "pytorch",
# so Compare can lay its curves over the original run's.
#
# What matches, and how closely:
# - Dropout masks and augmentation are drawn from the engine's own generator (xoshiro128**,
#   transcribed below) seeded per (run seed, epoch, sample, layer), exactly as the engine draws
#   them, so they are the same masks and the same shifted/rotated images — on any number of
#   processes, since they depend on the sample, not on who computes it.
# - Gradient noise uses the same generator stream as the run (the sequential xoshiro128** stream,
#   or the counter-based Philox4x32-10 one), so it is the same noise.
# - What differs is float32 rounding: PyTorch sums a batch in another order than the engine's
#   32-row chunks, and torch's optimizers compute in float32 where the engine rounds float64
#   arithmetic to float32 once per value. Per-update losses agree to about 1e-5 relative at
#   first; like any two float32 programs they drift apart slowly over long runs.
# - Under DistributedDataParallel every global batch is cut into K contiguous shards, each
#   process's loss is scaled so that DDP's gradient *average* is the full batch's mean gradient,
#   and batch normalization uses the statistics of the whole global batch (all-reduced), so K
#   processes compute the single-process update.
#
# Needs PyTorch >= 1.13 and NumPy, nothing else.
import argparse
import base64
import datetime
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# The engine's random numbers (main/engine/random.ts and nn/seeds.ts), bit for bit.
# Works on Python ints (one generator) and on numpy uint64 arrays (one generator per entry).

M32 = 0xFFFFFFFF
STREAM_DROPOUT = 3
STREAM_AUGMENT = 4


def _imul(a, b):
    return (a * b) & M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def mix_seed(*words):
    """A 32-bit seed from a run seed and coordinates (a murmur3-style finaliser per word)."""
    h = 0x2545F491
    for w in words:
        k = _imul(w & M32, 0xCC9E2D51)
        k = _rotl(k, 15)
        k = _imul(k, 0x1B873593)
        h = h ^ k
        h = _rotl(h, 13)
        h = (_imul(h, 5) + 0xE6546B64) & M32
    h = h ^ len(words)
    h = h ^ (h >> 16)
    h = _imul(h, 0x85EBCA6B)
    h = h ^ (h >> 13)
    h = _imul(h, 0xC2B2AE35)
    h = h ^ (h >> 16)
    return h


class Rng:
    """xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32; Box-Muller normals."""

    def __init__(self, seed):
        s = seed & M32

        def mix():
            nonlocal s
            s = (s + 0x9E3779B9) & M32
            z = s
            z = _imul(z ^ (z >> 16), 0x85EBCA6B)
            z = _imul(z ^ (z >> 13), 0xC2B2AE35)
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c, self.d = mix(), mix(), mix(), mix()
        zero = (self.a | self.b | self.c | self.d) == 0
        if isinstance(zero, np.ndarray):
            self.a = np.where(zero, np.uint64(1), self.a)
        elif zero:
            self.a = 1
        self.spare = None

    def next_uint(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        result = _imul(_rotl(_imul(b, 5), 7), 9)
        t = (b << 9) & M32
        c = c ^ a
        d = d ^ b
        b = b ^ c
        a = a ^ d
        c = c ^ t
        d = _rotl(d, 11)
        self.a, self.b, self.c, self.d = a, b, c, d
        return result

    def next(self):
        """Uniform in [0, 1) (a float64 array for array seeds)."""
        return self.next_uint() / 4294967296.0

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u = self.next()
        while u == 0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)


# Gradient noise's counter stream (random.ts counterNormals): Philox4x32-10 (Salmon et al. 2011) at
# counter (block mod 2^32, block div 2^32, update t, 0) and key (seed, "nois"), four normals per
# block by Box-Muller on u = (w0 + 1)/2^32 in (0, 1], v = w1/2^32 (then w2, w3), all parameters of
# an update at once in NumPy. ln, cos and sin are the engine's (fdlibm's polynomials from + - * /
# only, random.ts logOfCount and cosSinOfTurn), so the normals are the engine's bit for bit.
NOISE_STREAM = 0x6E6F6973
_U64 = np.uint64
_LN2_HI, _LN2_LO = 6.93147180369123816490e-1, 1.90821492927058770002e-10
_LG = (6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
       1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1)
_S = (-1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4, 2.75573137070700676789e-6,
      -2.50507602534068634195e-8, 1.58969099521155010221e-10)
_C = (4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5, -2.75573143513906633035e-7,
      2.08757232129817482790e-9, -1.13596475577881948265e-11)
_TURN_STEP = (2 * math.pi) / 4294967296.0


def philox4x32(c0, c1, c2, c3, k0, k1):
    """Philox4x32 with 10 rounds on numpy uint64 arrays of 32-bit words (Random123's philox4x32_R)."""
    m32, shift = _U64(M32), _U64(32)
    c0, c1, c2, c3 = (np.asarray(c, dtype=np.uint64) & m32 for c in (c0, c1, c2, c3))
    k0, k1 = _U64(k0 & M32), _U64(k1 & M32)
    for r in range(10):
        if r:
            k0, k1 = (k0 + _U64(0x9E3779B9)) & m32, (k1 + _U64(0xBB67AE85)) & m32
        p0 = c0 * _U64(0xD2511F53)  # below 2^64: exact in uint64
        p1 = c2 * _U64(0xCD9E8D57)
        c0, c1, c2, c3 = (p1 >> shift) ^ c1 ^ k0, p1 & m32, (p0 >> shift) ^ c3 ^ k1, p0 & m32
    return c0, c1, c2, c3


def log_of_count(n):
    """ln(n / 2^32) for integers n in [1, 2^32] (float64 array): n = m 2^k, m in [1, sqrt 2], fdlibm's log(m)."""
    mant, e = np.frexp(n)
    k, m = e - 1, mant * 2.0
    big = m > math.sqrt(2)
    m, k = np.where(big, m * 0.5, m), np.where(big, k + 1, k)
    f = m - 1.0
    s = f / (2.0 + f)
    dk = (k - 32).astype(np.float64)
    z = s * s
    w = z * z
    t1 = w * (_LG[1] + w * (_LG[3] + w * _LG[5]))
    t2 = z * (_LG[0] + w * (_LG[2] + w * (_LG[4] + w * _LG[6])))
    R = t2 + t1
    hfsq = 0.5 * f * f
    return dk * _LN2_HI - ((hfsq - (s * (hfsq + R) + dk * _LN2_LO)) - f)


def cos_sin_of_turn(w):
    """(cos 2 pi v, sin 2 pi v), v = w/2^32: the nearest quarter turn taken off exactly, fdlibm's kernels on the rest."""
    w = w.astype(np.int64)
    q = (w + 536870912) // 1073741824
    x = (w - q * 1073741824).astype(np.float64) * _TURN_STEP
    z = x * x
    v = z * x
    sin = x + v * (_S[0] + z * (_S[1] + z * (_S[2] + z * (_S[3] + z * (_S[4] + z * _S[5])))))
    ww = z * z
    r = z * (_C[0] + z * (_C[1] + z * _C[2])) + ww * ww * (_C[3] + z * (_C[4] + z * _C[5]))
    hz = 0.5 * z
    h = 1.0 - hz
    cos = h + (((1.0 - h) - hz) + z * r)
    q = q & 3
    return (np.select([q == 0, q == 1, q == 2], [cos, -sin, -cos], sin),
            np.select([q == 0, q == 1, q == 2], [sin, cos, -sin], -cos))


def counter_normals(seed, t, offset, n, stream=NOISE_STREAM):
    """The normals z(seed, t, i) for i in [offset, offset + n), float64."""
    first, last = offset // 4, (offset + n - 1) // 4
    block = np.arange(first, last + 1, dtype=np.uint64)
    zeros = np.zeros_like(block)
    w0, w1, w2, w3 = philox4x32(block & _U64(M32), block >> _U64(32), zeros + _U64(t), zeros, seed, stream)
    r0 = np.sqrt(-2 * log_of_count(w0.astype(np.float64) + 1))
    r1 = np.sqrt(-2 * log_of_count(w2.astype(np.float64) + 1))
    c0, s0 = cos_sin_of_turn(w1)
    c1, s1 = cos_sin_of_turn(w3)
    z = np.stack([r0 * c0, r0 * s0, r1 * c1, r1 * s1], axis=1).reshape(-1)
    start = offset - 4 * first
    return z[start:start + n]


def inner_seed(seed):
    """The seed of Lookahead's inner optimizer (main/engine/optim/index.ts)."""
    return (_imul(seed, 0x9E3779B1) + 0x7F4A7C15) & M32


# ----------------------------------------------------------------------------------------------
# The model (main/engine/nn): layers in the order config.json lists them, parameters registered
# in the engine's order (each dense layer's weight, out x in, then its bias; gamma then beta of a
# normalization layer), so one flat vector loads into both.


class Context:
    """What a training forward needs besides x: the epoch and the rows' data-set indices (dropout
    masks are drawn per sample), the global batch size and the group to all-reduce over (batch
    normalization under DDP)."""

    seed = 0
    epoch = 0
    sample_ids = None
    batch = 0
    group = None


class SeededDropout(nn.Module):
    """Inverted dropout (Srivastava et al. 2014) whose mask of a sample comes from the engine's
    generator seeded by (run seed, epoch, sample, layer id): the engine's masks exactly."""

    def __init__(self, p, layer_id, ctx):
        super().__init__()
        self.p, self.layer_id, self.ctx = p, layer_id, ctx

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        ids = np.asarray(self.ctx.sample_ids, dtype=np.uint64)
        rng = Rng(mix_seed(self.ctx.seed, STREAM_DROPOUT, self.ctx.epoch, ids, self.layer_id))
        u = np.empty((len(ids), x.shape[1]))
        for j in range(x.shape[1]):
            u[:, j] = rng.next()
        mask = np.where(u < self.p, 0.0, 1.0 / (1.0 - self.p)).astype(np.float32)
        return x * torch.from_numpy(mask).to(x.device)


class BatchNorm(nn.Module):
    """Batch normalization (Ioffe & Szegedy 2015) with nn.BatchNorm1d's arithmetic: biased batch
    variance to normalise, running statistics r <- (1 - momentum) r + momentum * batch with the
    unbiased variance. Written out (not nn.BatchNorm1d) so that under DDP the statistics are the
    whole global batch's — sums all-reduced with autograd — and a batch of one keeps its running
    variance instead of failing, as the engine does."""

    def __init__(self, width, momentum, eps, ctx):
        super().__init__()
        self.momentum, self.eps, self.ctx = momentum, eps, ctx
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))
        self.register_buffer("running_mean", torch.zeros(width))
        self.register_buffer("running_var", torch.ones(width))

    def _sum(self, t):
        s = t.sum(0)
        if self.ctx.group is not None:
            from torch.distributed.nn.functional import all_reduce

            s = all_reduce(s, group=self.ctx.group)
        return s

    def forward(self, x):
        if not self.training:
            return (x - self.running_mean) / torch.sqrt(self.running_var + self.eps) * self.weight + self.bias
        n = self.ctx.batch
        mean = self._sum(x) / n
        centred = x - mean
        var = self._sum(centred * centred) / n
        with torch.no_grad():
            m = self.momentum
            self.running_mean.copy_((1 - m) * self.running_mean + m * mean)
            if n > 1:
                self.running_var.copy_((1 - m) * self.running_var + m * var * (n / (n - 1)))
        return centred / torch.sqrt(var + self.eps) * self.weight + self.bias


class Residual(nn.Module):
    """y = act(x + F(x)) (He et al. 2016)."""

    def __init__(self, inner, after):
        super().__init__()
        self.inner, self.after = inner, after

    def forward(self, x):
        return self.after(x + self.inner(x))


def activation(fn):
    # GELU is the tanh approximation and leaky ReLU's slope 0.01, as in the engine.
    return {
        "relu": nn.ReLU(),
        "leaky-relu": nn.LeakyReLU(0.01),
        "tanh": nn.Tanh(),
        "sigmoid": nn.Sigmoid(),
        "gelu": nn.GELU(approximate="tanh"),
        "linear": nn.Identity(),
    }[fn]


def build_layers(layers, ctx):
    out = []
    for l in layers:
        kind = l["kind"]
        if kind == "dense":
            out.append(nn.Linear(l["in"], l["out"]))
        elif kind == "activation":
            out.append(activation(l["fn"]))
        elif kind == "dropout":
            out.append(SeededDropout(l["p"], l["id"], ctx))
        elif kind == "batchnorm":
            out.append(BatchNorm(l["width"], l["momentum"], l["eps"], ctx))
        elif kind == "layernorm":
            out.append(nn.LayerNorm(l["width"], eps=l["eps"]))
        elif kind == "residual":
            out.append(Residual(build_layers(l["layers"], ctx), activation(l["activation"])))
        else:
            raise ValueError("unknown layer kind %r" % kind)
    return nn.Sequential(*out)


def state_buffers(model):
    """Batch-norm running statistics in the engine's order (mean, then variance, per layer)."""
    return [b for m in model.modules() if isinstance(m, BatchNorm) for b in (m.running_mean, m.running_var)]


def dense_weights(model):
    """What L2 penalises: dense weight matrices only (not biases, not normalization parameters)."""
    return [m.weight for m in model.modules() if isinstance(m, nn.Linear)]


def load_flat(model, params, state):
    with torch.no_grad():
        torch.nn.utils.vector_to_parameters(torch.from_numpy(params).to(next(model.parameters()).device), model.parameters())
        at = 0
        for b in state_buffers(model):
            b.copy_(torch.from_numpy(state[at : at + b.numel()]))
            at += b.numel()


def flat_weights(model):
    params = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).cpu().numpy()
    bufs = state_buffers(model)
    state = torch.cat([b.detach().reshape(-1) for b in bufs]).cpu().numpy() if bufs else np.zeros(0, np.float32)
    return params.astype(np.float32), state.astype(np.float32)


# ----------------------------------------------------------------------------------------------
# Losses (main/engine/nn/losses.ts): each returns the *sum* of per-sample losses and the number of
# rows predicted right; the step minimises sum / batch size.


def make_loss(name, classes):
    if classes == 0:  # regression: MSE averaged over the output units, as nn.MSELoss does

        def mse_values(z, y):
            return ((z - y) ** 2).mean(1).sum(), 0

        return mse_values

    def predicted(z):
        return (z[:, 0] > 0).long() if z.shape[1] == 1 else z.argmax(1)

    if name == "cross-entropy":

        def cross_entropy(z, y):
            return F.cross_entropy(z, y, reduction="sum"), int((predicted(z) == y).sum())

        return cross_entropy
    if name == "bce":  # one logit, sigmoid inside the (stable) loss

        def bce(z, y):
            return F.binary_cross_entropy_with_logits(z[:, 0], y.to(z.dtype), reduction="sum"), int((predicted(z) == y).sum())

        return bce

    def mse_softmax(z, y):  # MSE between softmax(z) and the one-hot label
        p = torch.softmax(z, 1)
        return ((p - F.one_hot(y, z.shape[1]).to(z.dtype)) ** 2).mean(1).sum(), int((predicted(z) == y).sum())

    return mse_softmax


def predict_classes(z):
    return (z[:, 0] > 0).long() if z.shape[1] == 1 else z.argmax(1)


# ----------------------------------------------------------------------------------------------
# Optimizers (main/engine/optim). torch's own class where its rule is the engine's; otherwise a
# transcription of the engine's rule that, like the engine, does the arithmetic in float64 and
# rounds each stored value to float32.


def _f64(t):
    return t.detach().double()


def _moments(st, g, b1, b2, v="v"):
    """The Adam family's two moments (the engine's optim/moments.ts: ema, emaOfSquare), each stored in float32."""
    st["m"] = (_f64(st["m"]) * b1 + (1 - b1) * g).float()
    st[v] = (_f64(st[v]) * b2 + (1 - b2) * g * g).float()


class SGDW(torch.optim.Optimizer):
    """SGD(M) with decoupled weight decay (Loshchilov & Hutter 2019, Algorithm 1):
    buf <- g (first step) else momentum*buf + (1 - dampening)*g;  d = g + momentum*buf if nesterov
    else buf;  theta <- theta - lr*wd*theta - lr*d. torch has no SGDW."""

    def __init__(self, params, lr, momentum, dampening, nesterov, weight_decay):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, nesterov=nesterov, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for g_ in self.param_groups:
            lr, mom, damp, wd = g_["lr"], g_["momentum"], g_["dampening"], g_["weight_decay"]
            for p in g_["params"]:
                st = self.state[p]
                g, w = _f64(p.grad), _f64(p)
                d = g
                if mom != 0:
                    if "buf" not in st:
                        st["buf"] = g.float()
                    else:
                        st["buf"] = (_f64(st["buf"]) * mom + (1 - damp) * g).float()
                    buf = _f64(st["buf"])
                    d = g + mom * buf if g_["nesterov"] else buf
                p.copy_((w - lr * wd * w - lr * d) if wd != 0 else (w + -lr * d))


class NAdam(torch.optim.Optimizer):
    """NAdam (Dozat 2016) as current torch.optim.NAdam computes it:
    mu_k = b1 (1 - 0.5 * 0.96^(k * momentum_decay)),  Pi_k = mu_1 ... mu_k
    theta <- theta - lr (1 - mu_k)/(1 - Pi_k) g/sigma - lr mu_{k+1}/(1 - Pi_k mu_{k+1}) m/sigma,
    sigma = sqrt(v)/sqrt(1 - b2^k) + eps. Transcribed because torch 1.13's single-tensor NAdam
    multiplies mu_k into the product twice (fixed in later versions)."""

    def __init__(self, params, lr, beta1, beta2, eps, momentum_decay, weight_decay):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, momentum_decay=momentum_decay, weight_decay=weight_decay))
        self.k = 0
        self.mu_product = 1.0

    @torch.no_grad()
    def step(self):
        self.k += 1
        k = self.k
        for g_ in self.param_groups:
            lr, b1, b2, eps, md, wd = (g_[n] for n in ("lr", "beta1", "beta2", "eps", "momentum_decay", "weight_decay"))
            mu = b1 * (1 - 0.5 * 0.96 ** (k * md))
            mu_next = b1 * (1 - 0.5 * 0.96 ** ((k + 1) * md))
            self.mu_product *= mu
            bc2_sqrt = math.sqrt(1 - b2**k)
            grad_step = -(lr * (1 - mu) / (1 - self.mu_product))
            momentum_step = -(lr * mu_next / (1 - self.mu_product * mu_next))
            for p in g_["params"]:
                st = self.state[p]
                if not st:
                    st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                w, g = _f64(p), _f64(p.grad)
                if wd != 0:
                    g = g + wd * w
                _moments(st, g, b1, b2)
                denom = torch.sqrt(_f64(st["v"])) / bc2_sqrt + eps
                after_grad = w + (grad_step * g) / denom
                p.copy_(after_grad + (momentum_step * _f64(st["m"])) / denom)


class RAdam(torch.optim.Optimizer):
    """Rectified Adam (Liu et al. 2020, Algorithm 2), rectifying when rho_k > 4 as the paper does;
    torch.optim.RAdam waits for rho_k > 5, one more un-adapted step with beta2 = 0.999:
    rho_inf = 2/(1 - b2) - 1,  rho_k = rho_inf - 2k b2^k/(1 - b2^k)
    rho_k > 4: theta <- theta - lr r_k m_hat sqrt(1 - b2^k)/(sqrt(v) + eps), else theta - lr m_hat."""

    def __init__(self, params, lr, beta1, beta2, eps, weight_decay):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay))
        self.k = 0

    @torch.no_grad()
    def step(self):
        self.k += 1
        k = self.k
        for g_ in self.param_groups:
            lr, b1, b2, eps, wd = (g_[n] for n in ("lr", "beta1", "beta2", "eps", "weight_decay"))
            rho_inf = 2 / (1 - b2) - 1
            bc1, bc2 = 1 - b1**k, 1 - b2**k
            rho = rho_inf - (2 * k * b2**k) / bc2
            rectified = rho > 4
            rect = math.sqrt(((rho - 4) * (rho - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho)) if rectified else 0
            for p in g_["params"]:
                st = self.state[p]
                if not st:
                    st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                w, g = _f64(p), _f64(p.grad)
                if wd != 0:
                    g = g + wd * w
                _moments(st, g, b1, b2)
                m_hat = _f64(st["m"]) / bc1
                if rectified:
                    p.copy_(w - m_hat * lr * (math.sqrt(bc2) / (torch.sqrt(_f64(st["v"])) + eps)) * rect)
                else:
                    p.copy_(w - m_hat * lr)


class AdaBound(torch.optim.Optimizer):
    """AdaBound / AMSBound (Luo et al. 2019) as the authors' code computes it:
    eta = clip(lr sqrt(1 - b2^k)/(1 - b1^k) / (sqrt(v) + eps), f (1 - 1/(gamma k + 1)), f (1 + 1/(gamma k))),
    f = final_lr * lr / base_lr;  theta <- theta - eta m. torch has no AdaBound."""

    def __init__(self, params, lr, base_lr, final_lr, gamma, beta1, beta2, eps, amsbound):
        super().__init__(params, dict(lr=lr, base_lr=base_lr, final_lr=final_lr, gamma=gamma, beta1=beta1, beta2=beta2, eps=eps, amsbound=amsbound))
        self.k = 0

    @torch.no_grad()
    def step(self):
        self.k += 1
        k = self.k
        for g_ in self.param_groups:
            lr, b1, b2, eps, gamma = (g_[n] for n in ("lr", "beta1", "beta2", "eps", "gamma"))
            step_size = (lr * math.sqrt(1 - b2**k)) / (1 - b1**k)
            f = (g_["final_lr"] * lr) / g_["base_lr"]
            lower, upper = f * (1 - 1 / (gamma * k + 1)), f * (1 + 1 / (gamma * k))
            for p in g_["params"]:
                st = self.state[p]
                if not st:
                    st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                    if g_["amsbound"]:
                        st["v_max"] = torch.zeros_like(p)
                g = _f64(p.grad)
                _moments(st, g, b1, b2)
                second = _f64(st["v"])
                if g_["amsbound"]:
                    st["v_max"] = torch.maximum(st["v_max"], st["v"])
                    second = _f64(st["v_max"])
                rate = torch.clamp(step_size / (torch.sqrt(second) + eps), min=lower, max=upper)
                p.copy_(_f64(p) - rate * _f64(st["m"]))


class SWATS(torch.optim.Optimizer):
    """SWATS, switching from Adam to SGD (Keskar & Socher 2017, Algorithm 1), one group:
    Adam phase: p = -lr sqrt(1 - b2^k)/(1 - b1^k) m/(sqrt(a) + eps);  theta <- theta + p;
      gamma_k = p.p / (-p.g), lambda <- b2 lambda + (1 - b2) gamma_k, Lambda = lambda/(1 - b2^k);
      switch when k > 1 and |Lambda - gamma_k| < switch_eps (or after update switch_at).
    SGD phase: v <- b1 v + g;  theta <- theta - (1 - b1) Lambda v  (the schedule no longer applies).
    torch has no SWATS."""

    def __init__(self, params, lr, beta1, beta2, eps, switch_eps, switch_at):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps))
        self.k, self.lam, self.phase, self.switch_lr = 0, 0.0, "adam", None
        self.switch_eps, self.switch_at = switch_eps, switch_at

    @torch.no_grad()
    def step(self):
        self.k += 1
        k = self.k
        g_ = self.param_groups[0]
        lr, b1, b2, eps = g_["lr"], g_["beta1"], g_["beta2"], g_["eps"]
        if self.phase == "sgd":
            rate = (1 - b1) * self.switch_lr
            for p in g_["params"]:
                st = self.state[p]
                st["sgd_v"] = (b1 * _f64(st["sgd_v"]) + _f64(p.grad)).float()
                p.copy_(_f64(p) - rate * _f64(st["sgd_v"]))
            return
        step_size = (-lr * math.sqrt(1 - b2**k)) / (1 - b1**k)
        pp = pg = 0.0
        for p in g_["params"]:
            st = self.state[p]
            if "m" not in st:
                st["m"], st["a"] = torch.zeros_like(p), torch.zeros_like(p)
            g = _f64(p.grad)
            _moments(st, g, b1, b2, v="a")
            step = (step_size * _f64(st["m"])) / (torch.sqrt(_f64(st["a"])) + eps)
            p.copy_(_f64(p) + step)
            pp += float((step * step).sum())
            pg += float((step * g).sum())
        switch = False
        if pg != 0:
            gamma_k = pp / -pg
            self.lam = b2 * self.lam + (1 - b2) * gamma_k
            switch = k > 1 and abs(self.lam / (1 - b2**k) - gamma_k) < self.switch_eps
        if switch or (self.switch_at is not None and k >= self.switch_at):
            self.phase, self.switch_lr = "sgd", self.lam / (1 - b2**k)
            for p in g_["params"]:
                self.state[p]["sgd_v"] = torch.zeros_like(p)


def make_base(spec, params):
    n = spec["name"]
    if n in ("sgd", "sgdm", "nag"):  # exactly torch.optim.SGD
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"], dampening=spec["dampening"], nesterov=spec["nesterov"], weight_decay=spec["weightDecay"])
    if n == "sgdw":
        return SGDW(params, spec["lr"], spec["momentum"], spec["dampening"], spec["nesterov"], spec["weightDecay"])
    if n == "adagrad":  # exactly torch.optim.Adagrad
        return torch.optim.Adagrad(params, lr=spec["lr"], lr_decay=spec["lrDecay"], weight_decay=spec["weightDecay"], initial_accumulator_value=spec["initialAccumulator"], eps=spec["eps"])
    if n == "rmsprop":  # exactly torch.optim.RMSprop
        return torch.optim.RMSprop(params, lr=spec["lr"], alpha=spec["alpha"], eps=spec["eps"], weight_decay=spec["weightDecay"], momentum=spec["momentum"], centered=spec["centered"])
    if n in ("adam", "amsgrad"):  # exactly torch.optim.Adam (L2 weight decay)
        return torch.optim.Adam(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"], weight_decay=spec["weightDecay"], amsgrad=spec["amsgrad"])
    if n == "adamw":  # exactly torch.optim.AdamW (decoupled decay)
        return torch.optim.AdamW(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"], weight_decay=spec["weightDecay"], amsgrad=spec["amsgrad"])
    if n == "nadam":
        return NAdam(params, spec["lr"], spec["beta1"], spec["beta2"], spec["eps"], spec["momentumDecay"], spec["weightDecay"])
    if n == "radam":
        return RAdam(params, spec["lr"], spec["beta1"], spec["beta2"], spec["eps"], spec["weightDecay"])
    if n == "adabound":
        return AdaBound(params, spec["lr"], spec["lr"], spec["finalLr"], spec["gamma"], spec["beta1"], spec["beta2"], spec["eps"], spec["amsbound"])
    if n == "swats":
        return SWATS(params, spec["lr"], spec["beta1"], spec["beta2"], spec["eps"], spec["switchEps"], spec["switchAt"])
    raise ValueError("unknown optimizer %r" % n)


class Lookahead:
    """Lookahead (Zhang et al. 2019, Algorithm 1) around any inner optimizer: after every k-th
    inner update the slow weights move phi <- phi + alpha (theta - phi), and theta <- phi."""

    def __init__(self, params, k, alpha, inner_step):
        self.params, self.k, self.alpha, self.inner_step = params, k, alpha, inner_step
        self.slow = [p.detach().clone() for p in params]
        self.count = 0

    @torch.no_grad()
    def step(self):
        self.inner_step()
        self.count += 1
        if self.count % self.k:
            return
        for p, s in zip(self.params, self.slow):
            s.copy_(_f64(s) + self.alpha * (_f64(p) - _f64(s)))
            p.copy_(s)


class GradientTransforms:
    """Before the optimizer sees the gradient: noise g <- g + N(0, eta/(1 + t)^gamma) from the
    engine's seeded generator (Neelakantan et al. 2015), then global-norm clipping
    g <- g min(1, c/||g||) — the exact formula (torch's clip_grad_norm_ divides by ||g|| + 1e-6).
    The noise's stream is the spec's (noise["stream"], "sequential" when absent): the counter
    stream draws an update's normals at once in NumPy (counter_normals, parameter i of the flat
    vector at index i); the sequential one draws them one number at a time in plain Python, as
    that stream is sequential: exact, but about a second per update for ~300k parameters."""

    def __init__(self, params, noise, clip, seed, inner_step):
        self.params, self.noise, self.clip, self.inner_step = params, noise, clip, inner_step
        self.counter = bool(noise) and noise.get("stream", "sequential") == "counter"
        self.rng = Rng(seed) if noise and not self.counter else None
        self.seed = seed
        self.t = 0

    @torch.no_grad()
    def step(self):
        if self.noise:
            sigma = math.sqrt(self.noise["eta"] / (1 + self.t) ** self.noise["gamma"])
            if self.counter:
                z, at = counter_normals(self.seed, self.t, 0, sum(p.numel() for p in self.params)), 0
            for p in self.params:
                if self.counter:
                    zp, at = z[at:at + p.numel()].reshape(p.shape), at + p.numel()
                else:
                    zp = np.array([self.rng.normal() for _ in range(p.numel())]).reshape(p.shape)
                p.grad.copy_(_f64(p.grad) + torch.from_numpy(sigma * zp).to(p.device))
        if self.clip is not None:
            norm = math.sqrt(sum(float((_f64(p.grad) ** 2).sum()) for p in self.params))
            if norm > self.clip:
                scale = self.clip / norm
                for p in self.params:
                    p.grad.copy_(_f64(p.grad) * scale)
        self.t += 1
        self.inner_step()


def build_optimizer(spec, params, seed):
    """(step function, the torch optimizer whose learning rate the schedule drives)."""
    if spec["name"] == "lookahead":
        inner_step, base = build_optimizer(spec["inner"], params, inner_seed(seed))
        step = Lookahead(params, spec["k"], spec["alpha"], inner_step).step
    else:
        base = make_base(spec, params)
        step = lambda: base.step()  # looked up at call time: LambdaLR wraps base.step to count calls
    if spec.get("gradientNoise") or spec.get("clipNorm") is not None:
        step = GradientTransforms(params, spec.get("gradientNoise"), spec.get("clipNorm"), seed, step).step
    return step, base


def base_lr(spec):
    return base_lr(spec["inner"]) if spec["name"] == "lookahead" else spec["lr"]


# ----------------------------------------------------------------------------------------------
# Learning-rate schedules (main/engine/schedules): lr_t as a function of the 0-based update
# index t, each equal to the torch scheduler of the same name stepped once per update; driven
# through LambdaLR.


def make_schedule(spec, base):
    n = spec["name"]
    if n == "constant":
        return lambda t: base
    if n == "step":  # StepLR
        return lambda t: base * spec["gamma"] ** (t // spec["stepSize"])
    if n == "exponential":  # ExponentialLR
        return lambda t: base * spec["gamma"] ** t
    if n == "cosine":  # CosineAnnealingLR
        return lambda t: spec["etaMin"] + ((base - spec["etaMin"]) * (1 + math.cos((math.pi * t) / spec["tMax"]))) / 2
    if n == "warmup":  # LinearLR, then the next schedule (SequentialLR)
        then, steps, sf = make_schedule(spec["then"], base), spec["steps"], spec["startFactor"]
        return lambda t: base * (sf + ((1 - sf) * t) / steps) if t < steps else then(t - steps)
    if n == "cyclic":  # CyclicLR, cycle_momentum=False; its baseLr replaces the optimizer's
        up = spec["stepSizeUp"]
        down = spec["stepSizeDown"] if spec["stepSizeDown"] is not None else up
        total, ratio = up + down, up / (up + down)

        def cyclic(t):
            cycle = math.floor(1 + t / total)
            x = 1 + t / total - cycle
            s = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
            scale = 1 if spec["mode"] == "triangular" else 1 / 2 ** (cycle - 1) if spec["mode"] == "triangular2" else spec["gamma"] ** t
            return spec["baseLr"] + (spec["maxLr"] - spec["baseLr"]) * s * scale

        return cyclic
    if n == "sgdr":  # CosineAnnealingWarmRestarts

        def sgdr(t):
            t_cur, t_i = t, spec["t0"]
            if spec["tMult"] == 1:
                t_cur = t % t_i
            else:
                while t_cur >= t_i:
                    t_cur -= t_i
                    t_i *= spec["tMult"]
            return spec["etaMin"] + ((base - spec["etaMin"]) * (1 + math.cos((math.pi * t_cur) / t_i))) / 2

        return sgdr
    if n == "onecycle":  # OneCycleLR, cycle_momentum=False; held at its minimum after totalSteps
        initial = spec["maxLr"] / spec["divFactor"]
        minimum = initial / spec["finalDivFactor"]
        warm_end, last = spec["pctStart"] * spec["totalSteps"] - 1, spec["totalSteps"] - 1
        if spec["anneal"] == "cos":
            interp = lambda a, b, pct: b + ((a - b) / 2) * (math.cos(math.pi * pct) + 1)
        else:
            interp = lambda a, b, pct: (b - a) * pct + a

        def onecycle(t):
            step = min(t, last)
            if step <= warm_end:
                return interp(initial, spec["maxLr"], step / warm_end if warm_end > 0 else 1)
            return interp(spec["maxLr"], minimum, (step - warm_end) / (last - warm_end))

        return onecycle
    if n == "invsqrt":  # Vaswani et al. 2017
        scale, warm = base * spec["dModel"] ** -0.5, spec["warmupSteps"] ** -1.5
        return lambda t: scale * min((t + 1) ** -0.5, (t + 1) * warm)
    if n == "rangeTest":  # exponential sweep, held at maxLr afterwards
        ratio = spec["maxLr"] / spec["minLr"]
        return lambda t: spec["minLr"] * ratio ** (min(t, spec["steps"] - 1) / (spec["steps"] - 1))
    raise ValueError("unknown schedule %r" % n)


# ----------------------------------------------------------------------------------------------
# Augmentation (main/engine/data/augment.ts): per (seed, epoch, sample) a flip, a shift and a
# rotation, applied by inverse mapping with bilinear interpolation; outside pixels are blank.


def augment(src, ids, epoch, o, width, height, background, seed):
    n = len(ids)
    rng = Rng(mix_seed(seed, STREAM_AUGMENT, epoch, np.asarray(ids, dtype=np.uint64)))
    zeros = np.zeros(n)
    flip = rng.next() < 0.5 if o["flip"] else np.zeros(n, dtype=bool)
    s = o["shift"]
    dx = np.floor(rng.next() * (2 * s + 1)) - s if s else zeros
    dy = np.floor(rng.next() * (2 * s + 1)) - s if s else zeros
    angle = ((2 * rng.next() - 1) * o["rotate"] * math.pi) / 180 if o["rotate"] else zeros
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    cx, cy = (width - 1) / 2, (height - 1) / 2
    r, c = np.divmod(np.arange(width * height), width)
    u = c[None, :] - dx[:, None] - cx
    v = r[None, :] - dy[:, None] - cy
    sc = cos * u + sin * v + cx
    sr = -sin * u + cos * v + cy
    sc = np.where(flip[:, None], width - 1 - sc, sc)
    x0, y0 = np.floor(sc), np.floor(sr)
    fx, fy = sc - x0, sr - y0
    img = src.astype(np.float64)
    bg = background.astype(np.float64)[None, :]
    rows = np.arange(n)[:, None]

    def at(rr, cc):
        inside = (rr >= 0) & (rr < height) & (cc >= 0) & (cc < width)
        k = (np.clip(rr, 0, height - 1) * width + np.clip(cc, 0, width - 1)).astype(np.int64)
        return np.where(inside, img[rows, k], bg)

    out = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1))
    return out.astype(np.float32)


# ----------------------------------------------------------------------------------------------
# Training (main/engine/nn/trainer.ts): epochs x mini-batches in the exported order; per update
# the batch loss (with the L2 term), the gradient norm and the rate; per epoch the training loss
# and accuracy (training mode), validation loss and accuracy (evaluation mode), the rate, the time.


def finite(x):
    return x is not None and math.isfinite(x)


def main():
    ap = argparse.ArgumentParser(description="Train the exported Descent Lab run with PyTorch and write a run bundle.")
    ap.add_argument("--out", default="pytorch-bundle.json", help="the run bundle to write (default: %(default)s)")
    ap.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (under torchrun each process takes cuda:LOCAL_RANK)")
    ap.add_argument("--epochs", type=int, default=None, help="train at most this many epochs (default: the run's)")
    ap.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = ap.parse_args()

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = torch.device(args.device)
    if world > 1:
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
            torch.cuda.set_device(device)
        dist.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")
    say = (lambda *a: None) if args.quiet or rank != 0 else (lambda *a: print(*a, flush=True))

    with open(os.path.join(HERE, "config.json")) as f:
        cfg = json.load(f)
    spec = cfg["spec"]
    load = lambda name: np.load(os.path.join(HERE, name))
    classes = cfg["classes"]
    sets = {}
    for part in ("train", "val", "test"):
        x, y, ids = load("data/x_%s.npy" % part), load("data/y_%s.npy" % part), load("data/ids_%s.npy" % part)
        sets[part] = dict(x_np=x, x=torch.from_numpy(x).to(device), y=torch.from_numpy(y).to(device), ids=ids, n=len(ids))
    background = load("data/background.npy")
    order, offsets = load("order/order.npy"), load("order/offsets.npy")
    init_params, init_state = load("init/params.npy"), load("init/state.npy")

    ctx = Context()
    ctx.seed = spec["seed"]
    ctx.group = dist.new_group() if world > 1 else None  # batch-norm sums, apart from DDP's own traffic
    net = build_layers(cfg["layers"], ctx).to(device)
    count = sum(p.numel() for p in net.parameters())
    if count != cfg["params"]:
        sys.exit("the model has %d parameters but init/params.npy holds %d" % (count, cfg["params"]))
    load_flat(net, init_params, init_state)
    model = nn.parallel.DistributedDataParallel(net, broadcast_buffers=False) if world > 1 else net
    params = list(net.parameters())
    weights = dense_weights(net)

    step, base = build_optimizer(spec["optimizer"], params, spec["seed"])
    lr0 = base_lr(spec["optimizer"])
    schedule = make_schedule(spec["schedule"], lr0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(base, lambda t: schedule(t) / lr0)
    loss_fn = make_loss(spec["loss"], classes)
    l2, bs = spec["l2"], spec["batchSize"]
    total_epochs = cfg["epochs"] if args.epochs is None else min(args.epochs, cfg["epochs"])
    early = spec.get("earlyStopping")
    aug = spec.get("augment")
    train = sets["train"]

    def half_squared_weights():
        return sum(float((_f64(w) ** 2).sum()) for w in weights) / 2

    @torch.no_grad()
    def evaluate(s):
        net.eval()
        total, correct = 0.0, 0
        confusion = np.zeros((classes, classes), dtype=np.int64) if classes else None
        for a in range(0, s["n"], 4096):
            z = net(s["x"][a : a + 4096])
            y = s["y"][a : a + 4096]
            loss, right = loss_fn(z, y)
            total += float(loss)
            correct += right
            if classes:
                np.add.at(confusion, (y.cpu().numpy(), predict_classes(z).cpu().numpy()), 1)
        n = s["n"]
        return dict(loss=total / n if n else float("nan"), accuracy=correct / n if classes and n else None, confusion=confusion)

    steps = dict(loss=[], gradNorm=[], lr=[])
    epochs = []
    status, best, since_best, best_epoch, stopped_early = "running", None, 0, 0, False
    training_s, samples_seen, t = 0.0, 0, 0
    started_at = datetime.datetime.now(datetime.timezone.utc)

    for epoch in range(total_epochs):
        started = time.perf_counter()
        visit = order[offsets[epoch] : offsets[epoch + 1]]
        loss_sum, correct, seen, diverged = 0.0, 0, 0, False
        for b in range(0, len(visit), bs):
            batch = visit[b : b + bs]
            mine = batch[(rank * len(batch)) // world : ((rank + 1) * len(batch)) // world]
            if aug:
                xb = torch.from_numpy(augment(train["x_np"][mine], train["ids"][mine], epoch, aug, cfg["image"]["width"], cfg["image"]["height"], background, spec["seed"])).to(device)
            else:
                xb = train["x"][mine]
            ctx.epoch, ctx.sample_ids, ctx.batch = epoch, train["ids"][mine], len(batch)
            model.train()
            local_sum, local_right = loss_fn(model(xb), train["y"][mine])
            # Scaled so that DDP's average over the processes is the whole batch's mean gradient.
            objective = local_sum * (world / len(batch))
            if l2 > 0:
                objective = objective + l2 * sum((w * w).sum() for w in weights) / 2
            base.zero_grad(set_to_none=False)
            objective.backward()
            totals = torch.tensor([float(local_sum), float(local_right)], dtype=torch.float64, device=device)
            if world > 1:
                dist.all_reduce(totals)
            batch_sum, batch_right = float(totals[0]), int(totals[1])
            loss = batch_sum / len(batch) + (l2 * half_squared_weights() if l2 > 0 else 0)
            grad_norm = math.sqrt(sum(float((_f64(p.grad) ** 2).sum()) for p in params))
            lr = base.param_groups[0]["lr"]
            steps["loss"].append(loss)
            steps["gradNorm"].append(grad_norm)
            steps["lr"].append(lr)
            loss_sum += batch_sum
            correct += batch_right
            seen += len(batch)
            if not (math.isfinite(loss) and math.isfinite(grad_norm)):
                status, diverged = "diverged", True
                break
            step()
            scheduler.step()
            t += 1
        train_s = time.perf_counter() - started
        training_s += train_s
        samples_seen += seen
        if seen == 0:
            break
        val = evaluate(sets["val"]) if sets["val"]["n"] and not diverged else None
        m = dict(
            epoch=epoch + 1,
            trainLoss=float("nan") if diverged else loss_sum / seen,
            trainAccuracy=correct / seen if classes else None,
            valLoss=val["loss"] if val else None,
            valAccuracy=val["accuracy"] if val else None,
            lr=steps["lr"][-1] if steps["lr"] else schedule(0),
            ms=(time.perf_counter() - started) * 1000,
        )
        epochs.append(m)
        say("epoch %d  train loss %.6g  %s" % (m["epoch"], m["trainLoss"], "val loss %.6g" % m["valLoss"] if val else ""))
        if status != "running":
            break
        if val and early:  # early stopping: keep the best validation loss's weights
            if best is None or val["loss"] < best[0] - early["minDelta"]:
                best, best_epoch, since_best = (val["loss"], flat_weights(net)), epoch + 1, 0
            else:
                since_best += 1
                if since_best >= early["patience"]:
                    stopped_early, status = True, "completed"
                    break
    if best is not None and status != "diverged":
        load_flat(net, *best[1])
    if status == "running":
        status = "completed"

    final_train = evaluate(train)
    final_val = evaluate(sets["val"]) if sets["val"]["n"] else None
    final_test = evaluate(sets["test"]) if sets["test"]["n"] else None
    if rank == 0:
        write_bundle(args, cfg, spec, status, steps, epochs, final_train, final_val, final_test, best_epoch if early else None,
                     samples_seen / training_s if training_s > 0 else 0, net, started_at, world, device)
        say("wrote %s (%s, %d updates, final training loss %.6g)" % (args.out, status, len(steps["loss"]), final_train["loss"]))
    if world > 1:
        dist.destroy_process_group()


def json_number(v):
    """Non-finite values travel as strings in a bundle."""
    if v is None:
        return None
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def clean(v):
    return v if v is not None and math.isfinite(v) else None


def write_bundle(args, cfg, spec, status, steps, epochs, train, val, test, best_epoch, samples_per_s, net, started_at, world, device):
    series = [
        dict(name=name, steps=list(range(len(steps[name]))), values=[json_number(v) for v in steps[name]])
        for name in ("loss", "gradNorm", "lr")
    ]
    for name, key in (("trainLoss", "trainLoss"), ("trainAccuracy", "trainAccuracy"), ("valLoss", "valLoss"), ("valAccuracy", "valAccuracy"), ("epochLr", "lr"), ("epochMs", "ms")):
        if all(m[key] is None for m in epochs):
            continue
        series.append(dict(name=name, steps=[m["epoch"] for m in epochs], values=[json_number(float("nan") if m[key] is None else m[key]) for m in epochs]))
    confusion = (val or train)["confusion"]
    if confusion is not None:
        k = len(confusion)
        series.append(dict(name="confusion", steps=list(range(k * k)), values=[int(confusion[i // k][i % k]) for i in range(k * k)]))
    summary = dict(
        epochs=len(epochs),
        trainLoss=clean(train["loss"]),
        trainAccuracy=clean(train["accuracy"]),
        valLoss=clean(val["loss"]) if val else None,
        valAccuracy=clean(val["accuracy"]) if val else None,
        bestEpoch=best_epoch,
        samplesPerSecond=round(samples_per_s),
    )
    if test:
        summary.update(testLoss=clean(test["loss"]), testAccuracy=clean(test["accuracy"]))
    checkpoints = []
    if status != "diverged":
        params, state = flat_weights(net)
        weights = np.concatenate([params, state]).astype("<f4").tobytes()
        meta = dict(inputs=cfg["features"], outputs=cfg["outputs"], params=len(params), state=len(state), preprocess=cfg["preprocess"])
        checkpoints.append(dict(step=len(steps["loss"]), meta=meta, weights=base64.b64encode(weights).decode("ascii")))
    now = datetime.datetime.now(datetime.timezone.utc)
    how = "PyTorch %s, %s%s" % (torch.__version__, device.type, ", DDP x%d" % world if world > 1 else "")
    source = cfg["source"]
    bundle = dict(
        format="descent-lab-run-bundle",
        version=1,
        exportedAt=now.isoformat(),
        producer=dict(name="pytorch", version=torch.__version__, processes=world, device=device.type),
        experiment=dict(
            name="%s (PyTorch)" % source["experiment"],
            kind="network",
            spec=spec,
            notes="Trained by %s from the export of run %d (%s)." % (how, source["runId"], source["label"]),
            tags=["pytorch"],
        ),
        run=dict(
            label="%s · %s" % (source["label"], how),
            seed=spec["seed"],
            status=status,
            spec=spec,
            summary=summary,
            lastStep=len(steps["loss"]),
            error=None,
            createdAt=started_at.isoformat(),
            startedAt=started_at.isoformat(),
            endedAt=now.isoformat(),
        ),
        series=series,
        checkpoints=checkpoints,
    )
    tmp = args.out + ".partial"
    with open(tmp, "w") as f:
        json.dump(bundle, f, allow_nan=False)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
`;
