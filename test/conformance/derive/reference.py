"""
The rules of spec/semantics.md written out independently of the TypeScript implementation, to
derive the expected outputs of the conformance traces (never recorded from probegen itself).
Checked against every published block in test/runtime-core/fixtures/hist (they all reproduce).
`hexdump -C` (util-linux) is the oracle for memory dumps, as trace.md defines them.
"""
import math, subprocess

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

def wrap64(v):
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= (1 << 63) else v

def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q

def log2_bucket(v):
    if v == 0: return 64
    if v > 0: return 64 + v.bit_length()
    return 64 - (-v).bit_length()

def log2_label(n):
    if n == 64: return 0
    if n > 64: return 1 << (n - 65)
    return -(1 << (63 - n))

def log2_bounds(n):
    if n == 64: return (0, 0)
    if n > 64:
        lo = 1 << (n - 65); return (lo, min(2 * lo - 1, INT64_MAX))
    if n == 0: return (INT64_MIN, INT64_MIN)
    hi = -(1 << (63 - n)); return (-(1 << (64 - n)) + 1, hi)

class Linear:
    def __init__(self, start, stop, interval):
        self.start, self.interval = start, interval
        self.N = (stop - start) // interval + 1
    def index(self, v):
        if v < self.start: return 0
        if v >= self.start + self.N * self.interval: return self.N + 1
        return (v - self.start) // self.interval + 1

class Stats:
    def __init__(self, hist=None):
        self.samples = []
        self.hist = hist
        self.counts = {}
    def add(self, v):
        self.samples.append(v)
        i = log2_bucket(v) if self.hist == "log2" else (self.hist.index(v) if self.hist else None)
        if i is not None: self.counts[i] = self.counts.get(i, 0) + 1
    count = property(lambda s: len(s.samples))
    sum = property(lambda s: wrap64(sum(s.samples)))
    min = property(lambda s: min(s.samples))
    max = property(lambda s: max(s.samples))
    avg = property(lambda s: trunc_div(s.sum, s.count))
    @property
    def variance(self):
        n = 0; mean = 0.0; m2 = 0.0
        for x in self.samples:
            x = float(x); n += 1; d = x - mean; mean += d / n; m2 += d * (x - mean)
        if n < 2: return 0
        r = m2 / (n - 1)
        return INT64_MAX if r >= 2.0**63 else int(r)

def digits(x): return len(str(x))

def stap_hist(layout, counts):
    """layout: 'log2' or Linear; counts: {index: count}."""
    nb = 128 if layout == "log2" else layout.N + 2
    c = [counts.get(i, 0) for i in range(nb)]
    nz = [i for i in range(nb) if c[i]]
    low, high = nz[0], nz[-1]
    valmax = max(c)
    for _ in range(2):
        if layout == "log2":
            if low > 0 and low != 64: low -= 1
        else:
            if low > 0: low -= 1
        if high < nb - 1: high += 1
    under = over = 0
    if layout != "log2":
        if low == 0 and c[0] == 0: low = 1
        if high == nb - 1 and c[nb - 1] == 0: high -= 1
        under = 1 if low == 0 else 0
        over = 1 if high == nb - 1 else 0
    scale = 1 if valmax <= 50 else -(-valmax // 50)
    cnt_space = digits(valmax)
    if layout == "log2":
        val_space = max(5, digits(log2_label(low)), digits(log2_label(high)))
    else:
        val_space = max(5, digits(layout.start) + under, digits(layout.start + layout.interval * high) + over)
    out = "value".rjust(val_space) + " |" + "-" * 50 + " count\n"
    elided = False
    for i in range(low, high + 1):
        if all(c[j] == 0 for j in range(max(low, i - 2), min(high, i + 2) + 1)):
            elided = True; continue
        if elided:
            out += " " * val_space + " ~\n"; elided = False
        if layout == "log2": label = str(log2_label(i))
        elif i == 0: label = "<" + str(layout.start)
        elif i == nb - 1: label = ">" + str(layout.start + (layout.N - 1) * layout.interval)
        else: label = str(layout.start + (i - 1) * layout.interval)
        bar = c[i] // scale
        out += label.rjust(val_space) + " |" + "@" * bar + str(c[i]).rjust(50 - bar + 1 + cnt_space) + "\n"
    return out + "\n"

SUFFIX = ["", "K", "M", "G", "T", "P", "E"]
def bpf_pow2(p):
    return str(1 << (p % 10)) + SUFFIX[p // 10]

def lhist_label(v, interval):
    if interval % 1024 != 0 or v == 0: return str(v)
    if v % (1 << 20) == 0: return str(v >> 20) + "M"
    if v % 1024 == 0: return str(v >> 10) + "K"
    return str(v)

def bpf_rows(rows):
    mx = max(n for _, n in rows)
    out = ""
    for h, n in rows:
        bar = "@" * (52 * n // mx)
        out += h.ljust(16) + str(n).rjust(8) + " |" + bar.ljust(52) + "|\n"
    return out + "\n"

def bpf_hist(layout, counts):
    if layout == "log2":
        neg = sum(n for i, n in counts.items() if i < 64)
        rows = []  # (order, header, count)
        rows.append((63, "(..., 0)", neg))
        rows.append((64, "[0]", counts.get(64, 0)))
        rows.append((65, "[1]", counts.get(65, 0)))
        for i in range(66, 128):
            lo, hi = i - 65, i - 64
            hi_s = bpf_pow2(hi) if hi < 63 else "8E"
            rows.append((i, "[%s, %s)" % (bpf_pow2(lo), hi_s), counts.get(i, 0)))
        nzr = [k for k, r in enumerate(rows) if r[2]]
        sel = rows[nzr[0]:nzr[-1] + 1]
        return bpf_rows([(h, n) for _, h, n in sel])
    L = layout
    nb = L.N + 2
    rows = []
    for i in range(nb):
        if i == 0: h = "(..., %s)" % lhist_label(L.start, L.interval)
        elif i == nb - 1: h = "[%s, ...)" % lhist_label(L.start + L.N * L.interval, L.interval)
        else:
            lo = L.start + (i - 1) * L.interval
            h = "[%s]" % lhist_label(lo, L.interval) if L.interval == 1 else "[%s, %s)" % (lhist_label(lo, L.interval), lhist_label(lo + L.interval, L.interval))
        rows.append((h, counts.get(i, 0)))
    nzr = [k for k, r in enumerate(rows) if r[1]]
    return bpf_rows(rows[nzr[0]:nzr[-1] + 1])

def jlong(v):
    return str(v) if -(2**53 - 1) <= v <= 2**53 - 1 else '"%d"' % v

def hist_json(layout, counts):
    idx = sorted(i for i in counts if counts[i])
    if not idx: return "[]"
    items = []
    for i in range(idx[0], idx[-1] + 1):
        n = counts.get(i, 0)
        if layout == "log2":
            lo, hi = log2_bounds(i)
            items.append('{"min":%s,"max":%s,"count":%d}' % (jlong(lo), jlong(hi), n))
        else:
            L = layout
            if i == 0: items.append('{"max":%s,"count":%d}' % (jlong(L.start - 1), n))
            elif i == L.N + 1: items.append('{"min":%s,"count":%d}' % (jlong(L.start + L.N * L.interval), n))
            else:
                lo = L.start + (i - 1) * L.interval
                items.append('{"min":%s,"max":%s,"count":%d}' % (jlong(lo), jlong(lo + L.interval - 1), n))
    return "[" + ",".join(items) + "]"

def hexdump_c(data: bytes) -> str:
    if not data: return ""
    return subprocess.run(["hexdump", "-C"], input=data, capture_output=True, check=True).stdout.decode("latin-1")
