"""Shared by scripts/bench-churn and scripts/probes/ab-churn: medians of interleaved rounds,
ratios to a baseline, and 95% bootstrap intervals of those ratios."""
import random
import statistics


def interval(base, v):
    """95% bootstrap interval of median(base) / median(v), resampling whole rounds (interleaved)."""
    rnd = random.Random(1)
    n = len(base)
    ratios = []
    for _ in range(2000):
        idx = [rnd.randrange(n) for _ in range(n)]
        ratios.append(statistics.median(base[i] for i in idx) / statistics.median(v[i] for i in idx))
    ratios.sort()
    return ratios[int(0.025 * len(ratios))], ratios[int(0.975 * len(ratios)) - 1]


def row(k, v, base_v):
    """One line: name, median (min, max), ratio to the baseline's median, its interval."""
    base = statistics.median(base_v)
    m = statistics.median(v)
    lo, hi = interval(base_v, v)
    return f"  {k:24s} {m:6.2f} (min {min(v):6.2f}, max {max(v):6.2f})  {base / m:5.3f}x  [{lo:5.3f}, {hi:5.3f}]"
