#!/usr/bin/env python3
"""NumPy twins of one training iteration of widenet's exp2, softmax2, smooth2 and deep-last.

Plain dense NumPy, written from the families' formulas (docs/models/), not from widenet's
blocked kernels, so that agreement to 1e-10 checks both. X is n x d, Y is n x k (k = 1 but
for softmax2), every loss is 0.5 ||F - Y||_F^2, and only the weights named train.

  exp2      F = sum_r a_r exp(w_r . x) (no output scale), W -= eta X^T (exp(X W) o (E a^T)),
            E = F - Y. Gao et al. Def 5.3-5.4.
  softmax2  F_l(x) = m <a_l, S(x)>, S = softmax over the m neurons of X W (max-shifted),
            W -= eta dL/dW with dF_l/dw_r = m (a_lr - <a_l, S>) S_r x. Gu et al. eq. (2).
  smooth2   F = phi(X W) V^T, phi = GeLU x Phi(x) (erf form), both layers:
            W -= eta X^T (phi'(Z) o (E V)), V -= eta E^T phi(Z), Z = X W before the step.
  deep-last depth 2: V = phi(W1 X^T) (m x n, frozen), f_i = a^T phi(W2 v_i), only W2 (m x m)
            trains by one exact Gauss-Newton step: u_i = phi'(W2 v_i) o a, G = (U^T U) o (V^T V),
            g = (G + mu I)^{-1} (f - y), W2 -= sum_i g_i u_i v_i^T. phi(x) = c max(x - tau, 0),
            tau = sqrt(2/m) b, c = 1 / sqrt(2 ((1 + b^2) (1 - Phi(b)) - b phi_N(b))) (the
            scaled shifted ReLU, docs/models/deep-last.md). W1 and W2 are dense here (widenet
            keeps W2 as W2(0) + C V^T), so the twin needs 8 m^2 bytes.

Files are float64 little-endian, matrices column-major (widenet's layout). --data: X (n x d)
then Y (n x k). --weights: exp2 W (d x m) then a (m); softmax2 W (d x m) then A (k x m);
smooth2 W (d x m) then V (k x m); deep-last W1^T (d x m: row r of W1 contiguous), W2^T
(m x m: row r of W2 contiguous), then a (m). Without --data: X Gaussian rows scaled to unit
norm and Y random +-1 (softmax2: one-hot classes) from --seed; without --weights, drawn from
--seed with the family's initialization (as widenet's bench: exp2 and softmax2 N(0, 1) with
random signs, smooth2 He, deep-last N(0, 2/m)).

--check FILE: no warm-up; runs --iterations steps after the first forward pass and writes the
losses (T + 1), the trained weights after the last step (the --weights layout, trained part
only: W; W; W then V; W2^T) and F (n x k). Otherwise times --warmup then --iterations
iterations (each a step and the forward pass at the new weights) and prints one JSON object:
times_s, median_s, setup_s, numpy and BLAS versions, the BLAS thread setting, peak_rss_bytes;
or {"status": "skipped: why"} when it cannot run.
"""
import argparse
import json
import math
import sys
import time

try:
    import numpy as np
except ImportError as e:  # the caller reports this line and goes on
    print(json.dumps({"status": "skipped: numpy is not installed (%s)" % e}))
    sys.exit(0)

from peer_common import available_bytes, environment, read_floats

FAMILIES = ["exp2", "softmax2", "smooth2", "deep-last"]
# The bench's fixed step sizes (bench/CaseRunner): exp2's is relu2's 1/n times 1e-6.
DEFAULT_ETA = {"softmax2": 1e-7, "smooth2": 1e-3}
DEEP_ALPHA = 0.1


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--family", choices=FAMILIES, required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--m", type=int, required=True)
    p.add_argument("--k", type=int, default=0, help="outputs: softmax2 10, others 1")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", help="float64 file: X (n x d) then Y (n x k), column-major")
    p.add_argument("--weights", help="float64 file: the family's initial weights")
    p.add_argument("--eta", type=float, default=float("nan"),
                   help="step size (default: the bench's for the family)")
    p.add_argument("--threshold", type=float, default=float("nan"),
                   help="deep-last's b (default sqrt(2 * 0.1 * log m), the bench's)")
    p.add_argument("--damping", type=float, default=1e-6, help="deep-last's mu")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--check", help="write losses, trained weights and F to this file")
    a = p.parse_args(argv)
    if a.n < 1 or a.d < 1 or a.m < 1:
        p.error("--n, --d and --m must be at least 1")
    if a.iterations < 1 or a.warmup < 0:
        p.error("--iterations must be >= 1 and --warmup >= 0")
    if a.k == 0:
        a.k = 10 if a.family == "softmax2" else 1
    if a.family != "softmax2" and a.k != 1:
        p.error("--k applies to softmax2 only")
    if math.isnan(a.eta):
        a.eta = DEFAULT_ETA.get(a.family, 1e-6 / a.n)
    if math.isnan(a.threshold):
        a.threshold = math.sqrt(2 * DEEP_ALPHA * math.log(a.m))
    return a




def col_major(v, rows, cols):
    return np.asfortranarray(v.reshape(cols, rows).T)


def load_data(a):
    n, d, k = a.n, a.d, a.k
    if a.data:
        v = read_floats(a.data, n * d + n * k, "--data")
        return col_major(v[:n * d], n, d), col_major(v[n * d:], n, k)
    rng = np.random.default_rng(a.seed)
    x = rng.standard_normal((n, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    if a.family == "softmax2":
        y = np.zeros((n, k))
        y[np.arange(n), rng.integers(0, k, n)] = 1.0
    else:
        y = np.where(rng.random((n, 1)) < 0.5, -1.0, 1.0)
    return np.asfortranarray(x), y


def signs(rng, shape):
    return np.where(rng.random(shape) < 0.5, -1.0, 1.0)


def load_weights(a):
    """The initial weights as a list of arrays, in the --weights order."""
    d, m, k = a.d, a.m, a.k
    fam = a.family
    shapes = {"exp2": [(d, m), (m,)], "softmax2": [(d, m), (k, m)],
              "smooth2": [(d, m), (k, m)], "deep-last": [(d, m), (m, m), (m,)]}[fam]
    if a.weights:
        v = read_floats(a.weights, sum(int(np.prod(s)) for s in shapes), "--weights")
        out, at = [], 0
        for s in shapes:
            size = int(np.prod(s))
            part = v[at:at + size]
            out.append(part.copy() if len(s) == 1 else col_major(part, s[0], s[1]))
            at += size
        return out
    rng = np.random.default_rng(a.seed + 1)
    if fam == "exp2":
        return [rng.standard_normal((d, m)), signs(rng, m)]
    if fam == "softmax2":
        return [rng.standard_normal((d, m)), signs(rng, (k, m))]
    if fam == "smooth2":  # He: omega1 = sqrt(2 / d), omega2 = sqrt(2 / m)
        return [math.sqrt(2.0 / d) * rng.standard_normal((d, m)),
                math.sqrt(2.0 / m) * rng.standard_normal((k, m))]
    std = math.sqrt(2.0 / m)
    return [std * rng.standard_normal((d, m)), std * rng.standard_normal((m, m)),
            signs(rng, m)]


class Exp2:
    def __init__(self, x, y, w, a, eta):
        self.x, self.y, self.w, self.a, self.eta = x, y, w, a, eta

    def forward(self):
        self.e = np.exp(self.x @ self.w)           # n x m, phi(Z) = phi'(Z)
        return (self.e @ self.a)[:, None]          # n x 1

    def step(self, r):
        self.w -= self.eta * (self.x.T @ (self.e * (r * self.a[None, :])))

    def trained(self):
        return [self.w]


class Softmax2:
    def __init__(self, x, y, w, a, eta):
        self.x, self.y, self.w, self.a, self.eta = x, y, w, a, eta
        self.m = w.shape[1]

    def forward(self):
        z = self.x @ self.w
        e = np.exp(z - z.max(axis=1, keepdims=True))
        self.s = e / e.sum(axis=1, keepdims=True)   # n x m, S_i in row i
        self.as_ = self.s @ self.a.T                # n x k, <a_l, S_i>
        return self.m * self.as_

    def step(self, r):
        # dL/dw_r = m sum_i sum_l r_il (a_lr - <a_l, S_i>) S_ir x_i
        q = (r @ self.a - (r * self.as_).sum(axis=1, keepdims=True)) * self.s  # n x m
        self.w -= self.eta * self.m * (self.x.T @ q)

    def trained(self):
        return [self.w]


def erf(z):
    try:
        from scipy.special import erf as fast
        return fast(z)
    except ImportError:
        return np.vectorize(math.erf, otypes=[float])(z)


class Smooth2:
    def __init__(self, x, y, w, v, eta):
        self.x, self.y, self.w, self.v, self.eta = x, y, w, v, eta

    def forward(self):
        z = self.x @ self.w
        cdf = 0.5 * (1.0 + erf(z / math.sqrt(2.0)))
        self.p = z * cdf                                        # GeLU(Z)
        self.dp = cdf + z * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return self.p @ self.v.T                                # n x k

    def step(self, r):
        gw = self.x.T @ (self.dp * (r @ self.v))
        gv = r.T @ self.p
        self.w -= self.eta * gw
        self.v -= self.eta * gv

    def trained(self):
        return [self.w, self.v]


class DeepLast:
    def __init__(self, x, y, w1t, w2t, a, b, damping):
        m = w2t.shape[0]
        self.tau = math.sqrt(2.0 / m) * b
        tail = 0.5 * math.erfc(b / math.sqrt(2.0))
        dens = math.exp(-0.5 * b * b) / math.sqrt(2 * math.pi)
        self.c = 1.0 / math.sqrt(2.0 * ((1 + b * b) * tail - b * dens))
        self.w2 = np.ascontiguousarray(w2t.T)      # m x m, row r is w2_r
        self.a, self.y, self.damping = a, y, damping
        self.v = self.phi(w1t.T @ x.T)             # m x n, frozen
        self.kv = self.v.T @ self.v

    def phi(self, z):
        return self.c * np.maximum(z - self.tau, 0.0)

    def forward(self):
        z = self.w2 @ self.v                       # m x n
        self.u = (z > self.tau) * (self.c * self.a[:, None])   # u_i = D_i a, column i
        return (self.a @ self.phi(z))[:, None]

    def step(self, r):
        g = np.linalg.solve((self.u.T @ self.u) * self.kv + self.damping * np.eye(len(r)),
                            r[:, 0])
        self.w2 -= (self.u * g[None, :]) @ self.v.T

    def trained(self):
        return [self.w2.T]


def build(a, x, y, ws):
    if a.family == "exp2":
        return Exp2(x, y, ws[0], ws[1], a.eta)
    if a.family == "softmax2":
        return Softmax2(x, y, ws[0], ws[1], a.eta)
    if a.family == "smooth2":
        return Smooth2(x, y, ws[0], ws[1], a.eta)
    return DeepLast(x, y, ws[0], ws[1], ws[2], a.threshold, a.damping)


def needed_bytes(a):
    n, d, m, k = a.n, a.d, a.m, a.k
    if a.family == "deep-last":
        return 8.0 * (3 * m * m + 4 * m * n + d * m + 3 * n * n + n * d)
    return 8.0 * (4 * n * m + 3 * d * m + n * d + k * m)






def main(argv):
    a = parse_args(argv)
    need, avail = needed_bytes(a), available_bytes()
    if avail is not None and need > 0.8 * avail:
        print(json.dumps({"status": "skipped: needs about %.1f GiB, %.1f GiB available"
                          % (need / 2 ** 30, avail / 2 ** 30)}))
        return 0
    start = time.perf_counter()
    x, y = load_data(a)
    net = build(a, x, y, load_weights(a))
    f = net.forward()
    setup = time.perf_counter() - start

    if a.check:
        losses = [0.5 * float(((f - y) ** 2).sum())]
        for _ in range(a.iterations):
            net.step(f - y)
            f = net.forward()
            losses.append(0.5 * float(((f - y) ** 2).sum()))
        parts = [np.asarray(losses)] + [np.ravel(t, order="F") for t in net.trained()]
        np.concatenate(parts + [np.ravel(f, order="F")]).astype("<f8").tofile(a.check)
        print(json.dumps({"status": "ok", "family": a.family, "n": a.n, "d": a.d, "m": a.m,
                          "k": a.k, "iterations": a.iterations, "check": a.check}))
        return 0

    times = []
    for t in range(a.warmup + a.iterations):
        begin = time.perf_counter()
        net.step(f - y)
        f = net.forward()
        seconds = time.perf_counter() - begin
        if t >= a.warmup:
            times.append(seconds)
    median = float(np.median(times))
    print(json.dumps({
        "status": "ok", "family": a.family, "n": a.n, "d": a.d, "m": a.m, "k": a.k,
        "chunk": a.m, "warmup": a.warmup, "iterations": a.iterations, "times_s": times,
        "median_s": median, "min_s": min(times), "max_s": max(times), "setup_s": setup,
        **environment()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
