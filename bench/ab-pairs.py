#!/usr/bin/env python3
"""Paired figures of bench/ingest-ab.sh output (stdin): per body, the medians of requests/s and CPU per request for
before and after, the median of the per-pair ratios after/before, and the median p99 of each build. A pair is two
consecutive runs of one body (ABBA order), so both builds of a pair saw the same background load. The CPU ratio is also
given as a geometric mean with its 95 % confidence interval (Student's t on the logarithms of the pairs' ratios): with
AB_RESTART=1 every pair has processes of its own, so the interval covers what differs from one process to the next."""
import math
import re
import statistics
import sys

# Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom; 1.96 beyond.
T95 = [12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13,
       2.12, 2.11, 2.10, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04]


def geometric_interval(ratios):
    logs = [math.log(r) for r in ratios]
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(mean), math.nan, math.nan
    half = (T95[len(logs) - 2] if len(logs) - 1 <= len(T95) else 1.96) * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)

LINE = re.compile(r"^(before|after)\s+(single|batch)\s+requests/s\s+([\d.]+)\s+p99\s+([\d.]+)(us|ms|s)\s+cpu/request\s+([\d.]+) us")
SCALE = {"us": 0.001, "ms": 1.0, "s": 1000.0}

runs = {"single": [], "batch": []}
for line in sys.stdin:
    m = LINE.match(line)
    if m:
        runs[m[2]].append({"build": m[1], "rps": float(m[3]), "p99": float(m[4]) * SCALE[m[5]], "cpu": float(m[6])})

print("| body | pairs | requests/s, median before → after | paired | CPU per request, median before → after | paired | "
      "CPU paired, geometric mean [95 % CI] | p99, median before → after |")
print("|---|---|---|---|---|---|---|---|")
for body, items in runs.items():
    pairs = [dict((r["build"], r) for r in items[i:i + 2]) for i in range(0, len(items) - 1, 2)]
    pairs = [p for p in pairs if len(p) == 2]
    if not pairs:
        continue
    med = lambda build, key: statistics.median(p[build][key] for p in pairs)
    ratio = lambda key: statistics.median(p["after"][key] / p["before"][key] for p in pairs)
    print(f"| {body} | {len(pairs)} | {med('before', 'rps'):,.0f} → {med('after', 'rps'):,.0f} | {ratio('rps'):.3f} "
          f"| {med('before', 'cpu'):.1f} → {med('after', 'cpu'):.1f} µs | **{ratio('cpu'):.3f}** "
          "| {:.3f} [{:.3f}, {:.3f}] ".format(*geometric_interval([p["after"]["cpu"] / p["before"]["cpu"] for p in pairs])) +
          f"| {med('before', 'p99'):.1f} → {med('after', 'p99'):.1f} ms |")
