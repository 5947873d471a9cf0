"""The bench's peers (main/bench/peer.ts): PyTorch and numpy on the workloads of `npm run bench`.

Reads one JSON request per line on stdin and answers one JSON line on stdout, so the bench can
interleave rounds of ours and theirs in one process's lifetime (the import costs seconds).
Requests:
  {"op": "info"}                                   versions, threads, BLAS
  {"op": "mlp", "batch": B, "optimizer": "sgd"|"adam", "threads": T, "samples": N}
        one pass over N rows of the 784-256-128-10 MLP (ReLU, cross-entropy), data already in
        tensors, shuffled; samples/s of the training loop alone
  {"op": "tiny", "updates": U}                     2-16-16-2 net, batch 32, Adam: updates/s
  {"op": "gemm", "m": M, "k": K, "n": N, "ta": 0|1, "tb": 0|1, "ms": T}
        numpy float32 (M×K)·(K×N) with the operands stored transposed where ta/tb say: GFLOP/s
Data: Fashion-MNIST's first N training images when the path is given ("data" in the request),
else seeded normal values of the same shape (the speed does not depend on the values).
"""
import gzip
import json
import sys
import time

import numpy as np

try:
    import torch
    from torch import nn
except Exception:  # numpy-only peer
    torch = None

_images = {}


def images(path, n):
    key = (path, n)
    if key not in _images:
        if path:
            with gzip.open(path, "rb") as f:
                raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
            x = raw.reshape(-1, 784)[:n].astype(np.float32) / 255.0
            x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-6)
        else:
            x = np.random.default_rng(1).standard_normal((n, 784), dtype=np.float32)
        y = (np.arange(x.shape[0]) % 10).astype(np.int64)
        _images[key] = (torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y))
    return _images[key]


def mlp(req):
    torch.set_num_threads(int(req["threads"]))
    torch.manual_seed(1)
    n = int(req["samples"])
    x, y = images(req.get("data"), n)
    batch = int(req["batch"])
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if req["optimizer"] == "sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def epoch():
        perm = torch.randperm(x.shape[0])
        for s in range(0, x.shape[0], batch):
            idx = perm[s:s + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        return loss.item()

    epoch()  # warm-up
    t = time.perf_counter()
    epoch()
    return {"samplesPerSecond": x.shape[0] / (time.perf_counter() - t)}


def tiny(req):
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x = torch.randn(1024, 2)
    y = (x[:, 0] * x[:, 1] > 0).long()
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    updates = int(req["updates"])

    def run(k):
        for u in range(k):
            b = (u * 32) % 1024
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x[b:b + 32]), y[b:b + 32]).backward()
            opt.step()

    run(50)
    t = time.perf_counter()
    run(updates)
    return {"stepsPerSecond": updates / (time.perf_counter() - t)}


def gemm(req):
    m, k, n = int(req["m"]), int(req["k"]), int(req["n"])
    rng = np.random.default_rng(1)
    a = rng.standard_normal((k, m) if req["ta"] else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if req["tb"] else (k, n), dtype=np.float32)
    a_op = a.T if req["ta"] else a
    b_op = b.T if req["tb"] else b
    out = np.empty((m, n), dtype=np.float32)
    for _ in range(3):
        np.matmul(a_op, b_op, out=out)
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < float(req.get("ms", 300)) / 1000:
        np.matmul(a_op, b_op, out=out)
        reps += 1
    return {"gflops": 2.0 * m * n * k * reps / (time.perf_counter() - t0) / 1e9}


def openblas_core():
    """The kernel family OpenBLAS chose for this CPU (openblas_get_corename), or None without OpenBLAS."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line and "/" in line})
    except OSError:
        return None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return None


def info(_req):
    blas = "unknown"
    try:
        from numpy.__config__ import get_info  # numpy < 2

        blas = ",".join(get_info("blas_opt_info").get("libraries", [])) or blas
    except Exception:
        pass
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "torch": torch.__version__ if torch else None,
        "torchThreads": torch.get_num_threads() if torch else None,
        "torchCapability": torch.backends.cpu.get_cpu_capability() if torch and hasattr(torch.backends, "cpu") else None,
        "blas": blas,
        "openblasCore": openblas_core(),
    }


OPS = {"mlp": mlp, "tiny": tiny, "gemm": gemm, "info": info}

for line in sys.stdin:
    req = json.loads(line)
    try:
        if req["op"] in ("mlp", "tiny") and torch is None:
            raise RuntimeError("torch is not importable")
        print(json.dumps(OPS[req["op"]](req)), flush=True)
    except Exception as e:  # answered, not fatal: the bench prints the row as pending
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
