#!/usr/bin/env python3
"""The NumPy peer of `widenet bench --peers`: the relu2 training step in one Python process.

What a researcher would write with NumPy for the network widenet's relu2 trains,
f(x) = (1/sqrt(m)) sum_r a_r relu(w_r . x), on the same shapes as the bench:

  gd    one gradient-descent iteration as the bench times it: the step
        W -= coef * X^T (M o (s a^T)), with M the ReLU mask (z > 0) the previous forward pass
        kept, s = f - y the residual and coef = eta / sqrt(m), eta = 1/n; then the forward pass
        at the new weights, Z = X W, M = Z > 0, u = relu(Z) a, f = u / sqrt(m).
        Counted as 4 n d m flops (the two products), as widenet counts its own step.
  gram  the Gram at fixed weights as the bench times it: Z = X W, C = (1/sqrt(m)) M diag(a),
        H = (C C^T) o (X X^T) with X X^T formed once before timing (NumPy's C @ C.T calls
        dsyrk). Counted as 2 n d m + n (n + 1) m flops.

Neurons are processed in chunks when the n x m temporaries would not fit --max-bytes (the
chunk used is reported). Data: --data names a float64 little-endian file holding X (n x d,
column-major) then y (n), as widenet's bench writes it; without it, X is Gaussian rows scaled
to unit norm and y random +-1 from --seed. Weights: --weights names a float64 file holding W
(d x m column-major, neuron r's d weights contiguous) then a (m); without it, W ~ N(0, 1) and
a ~ Unif{-1, +1} from --seed.

Prints one JSON object on stdout: the op and shape, times_s (each timed iteration, seconds),
median_s, min_s, max_s, flops, gflops, setup_s, chunk, numpy and BLAS versions, the BLAS
thread setting and peak_rss_bytes; or {"status": "skipped: why"} when it cannot run.
With --check FILE it computes instead of timing, no warm-up, and writes float64 to FILE:
for gd, --iterations steps after the first forward pass, then W (d x m column-major) and
u = relu(Z) a (n); for gram, H (n x n) at the given weights, then u.
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
except ImportError as e:  # the caller reports this line and goes on
    print(json.dumps({"status": "skipped: numpy is not installed (%s)" % e}))
    sys.exit(0)

from peer_common import available_bytes, environment, read_floats


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--op", choices=["gd", "gram"], required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--m", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", help="float64 file: X (n x d column-major) then y (n)")
    p.add_argument("--weights", help="float64 file: W (d x m column-major) then a (m)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--chunk", type=int, default=0,
                   help="neurons per chunk; 0: all at once when the temporaries fit")
    p.add_argument("--max-bytes", type=float, default=4.0 * 2 ** 30,
                   help="largest size of the n x chunk temporaries together")
    p.add_argument("--check", help="gd: write W then u after --iterations steps; "
                   "gram: write H then u")
    a = p.parse_args(argv)
    if a.n < 1 or a.d < 1 or a.m < 1:
        p.error("--n, --d and --m must be at least 1")
    if a.iterations < 1 or a.warmup < 0:
        p.error("--iterations must be >= 1 and --warmup >= 0")
    return a




def load_data(a):
    n, d = a.n, a.d
    if a.data:
        v = read_floats(a.data, n * d + n, "--data", exact=False)
        x = v[:n * d].reshape(d, n).T  # n x d, Fortran order: widenet's column-major layout
        return np.asfortranarray(x), v[n * d:n * d + n].copy()
    rng = np.random.default_rng(a.seed)
    x = rng.standard_normal((n, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    return np.asfortranarray(x), y


def load_weights(a):
    d, m = a.d, a.m
    if a.weights:
        v = read_floats(a.weights, d * m + m, "--weights", exact=False)
        w = v[:d * m].reshape(m, d).T  # d x m, Fortran order: column r is w_r
        return np.asfortranarray(w), v[d * m:d * m + m].copy()
    rng = np.random.default_rng(a.seed + 1)
    w = np.asfortranarray(rng.standard_normal((d, m)))
    signs = np.where(rng.random(m) < 0.5, -1.0, 1.0)
    return w, signs


def chunk_width(a):
    if a.chunk > 0:
        return min(a.chunk, a.m)
    per_neuron = 8.0 * a.n * 2 + a.n + 8.0 * a.d  # Z, G (or C), the bool mask, X^T G
    return max(1, min(a.m, int(a.max_bytes // per_neuron)))




class Relu2:
    """W (d x m), a (m), the kept mask (n x m) and preallocated chunk buffers."""

    def __init__(self, x, y, w, signs, chunk):
        self.x, self.y, self.w, self.a = x, y, w, signs
        self.n, self.d = x.shape
        self.m = w.shape[1]
        self.scale = 1.0 / np.sqrt(self.m)
        self.chunk = chunk
        self.mask = np.empty((self.n, self.m), dtype=bool, order="F")
        self.z = np.empty((self.n, chunk), order="F")
        self.g = np.empty((self.n, chunk), order="F")
        self.dw = np.empty((self.d, chunk), order="F")

    def chunks(self):
        for j0 in range(0, self.m, self.chunk):
            j1 = min(self.m, j0 + self.chunk)
            yield j0, j1, j1 - j0

    def forward(self):
        """Z = X W chunk by chunk; keeps M = Z > 0; returns u = relu(Z) a."""
        u = np.zeros(self.n)
        for j0, j1, c in self.chunks():
            z = self.z[:, :c]
            np.matmul(self.x, self.w[:, j0:j1], out=z)
            np.greater(z, 0.0, out=self.mask[:, j0:j1])
            np.maximum(z, 0.0, out=z)
            u += z @ self.a[j0:j1]
        return u

    def step(self, s, coef):
        """W -= coef X^T (M o (s a^T)), M the mask of the last forward pass."""
        for j0, j1, c in self.chunks():
            g = self.g[:, :c]
            np.multiply(self.mask[:, j0:j1], s[:, None], out=g)
            g *= self.a[j0:j1]
            dw = self.dw[:, :c]
            np.matmul(self.x.T, g, out=dw)
            dw *= coef
            self.w[:, j0:j1] -= dw

    def gram(self, xxt):
        """Forward pass with H = (C C^T) o (X X^T), C = scale M diag(a); returns u and H."""
        u = np.zeros(self.n)
        k = np.zeros((self.n, self.n))
        for j0, j1, c in self.chunks():
            z = self.z[:, :c]
            np.matmul(self.x, self.w[:, j0:j1], out=z)
            cm = self.g[:, :c]
            np.greater(z, 0.0, out=self.mask[:, j0:j1])
            np.multiply(self.mask[:, j0:j1], self.a[j0:j1] * self.scale, out=cm)
            k += cm @ cm.T
            np.maximum(z, 0.0, out=z)
            u += z @ self.a[j0:j1]
        return u, k * xxt




def main(argv):
    a = parse_args(argv)
    n, d, m = a.n, a.d, a.m
    chunk = chunk_width(a)
    need = 8.0 * d * m + n * m + 8.0 * n * d + (8.0 * n * 2 + 8.0 * d) * chunk \
        + (16.0 * n * n if a.op == "gram" else 0)
    avail = available_bytes()
    if avail is not None and need > 0.8 * avail:
        print(json.dumps({"status": "skipped: needs about %.1f GiB, %.1f GiB available"
                          % (need / 2 ** 30, avail / 2 ** 30)}))
        return 0
    start = time.perf_counter()
    x, y = load_data(a)
    w, signs = load_weights(a)
    net = Relu2(x, y, w, signs, chunk)
    coef = net.scale / n  # eta = 1/n, times the output scale, as the bench's step
    u = net.forward()
    s = net.scale * u - y
    xxt = x @ x.T if a.op == "gram" else None
    setup = time.perf_counter() - start

    if a.check:
        if a.op == "gd":
            for _ in range(a.iterations):
                net.step(s, coef)
                u = net.forward()
                s = net.scale * u - y
            out = np.concatenate([np.asarray(net.w, order="F").ravel(order="F"), u])
        else:
            u, h = net.gram(xxt)
            out = np.concatenate([h.ravel(order="F"), u])
        out.astype("<f8").tofile(a.check)
        print(json.dumps({"status": "ok", "op": a.op, "n": n, "d": d, "m": m,
                          "iterations": a.iterations, "check": a.check}))
        return 0

    times = []
    for t in range(a.warmup + a.iterations):
        begin = time.perf_counter()
        if a.op == "gd":
            net.step(s, coef)
            u = net.forward()
            s = net.scale * u - y
        else:
            u, h = net.gram(xxt)
        seconds = time.perf_counter() - begin
        if t >= a.warmup:
            times.append(seconds)
    flops = 4.0 * n * d * m if a.op == "gd" else 2.0 * n * d * m + float(n) * (n + 1) * m
    median = float(np.median(times))
    print(json.dumps({
        "status": "ok", "op": a.op, "n": n, "d": d, "m": m, "chunk": chunk,
        "warmup": a.warmup, "iterations": a.iterations, "times_s": times,
        "median_s": median, "min_s": min(times), "max_s": max(times), "setup_s": setup,
        "flops": flops, "gflops": flops / median / 1e9, **environment()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
