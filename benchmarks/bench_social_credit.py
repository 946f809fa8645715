"""Benchmark of the toy scoring society (a script, not a test): python benchmarks/bench_social_credit.py

Prints, from one run on this machine:
1. per-step time of the vectorised model against the loop-based reference step and
   against one sparse matrix-vector product W @ s with the same network (the floor),
   at N = 300, 3,000, 30,000 and 300,000 (small-world network, mean degree 6, default
   parameters, so tie cutting and rewiring are on);
2. 200 steps with the per-step metrics at N = 100,000 (target under 10 s);
3. time from a slider change to updated figures in the peer-influence dashboard at N = 300 and 1,000
   (target under 100 ms at 1,000).
Ratios come from the same run, so they say more than the absolute times. Per-step times are
process CPU time (time.process_time), which leaves out time spent waiting for a core when
the machine is shared; the N = 100,000 run prints both wall-clock and CPU time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from utils.society.networks import build_network  # noqa: E402
from utils.society import (  # noqa: E402
    SocialCreditParams,
    SparseNetwork,
    initial_state,
    reference_step,
    simulate,
    vectorised_step,
)


clock = time.process_time


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def per_step(n: int, reference_limit: int) -> dict:
    graph = build_network("small world", n=n, seed=1)
    params = SocialCreditParams()
    state = initial_state(graph, params, seed=1)
    network = SparseNetwork.from_graph(graph)
    rng = np.random.default_rng(1)
    for _ in range(3):  # warm up, and let exclusion start
        state = vectorised_step(network, state, params, rng)
    repeats = 30 if n <= 30_000 else 8
    steps = []
    for _ in range(repeats):
        start = clock()
        state = vectorised_step(network, state, params, rng)
        steps.append(clock() - start)
    model = statistics.median(steps)
    a = network.adjacency
    degree = np.maximum(np.asarray(a.sum(axis=1)).ravel(), 1)
    w = (sp.diags(1 / degree) @ a).tocsr()
    s = state.score.copy()
    floor = best_of(lambda: w @ s, repeats) if n > 3000 else best_of(lambda: [w @ s for _ in range(100)], 5) / 100
    if n <= reference_limit:
        g = network.to_graph()
        ref_state = state.copy()
        ref_rng = np.random.default_rng(2)
        reference = best_of(lambda: reference_step(g, ref_state, params, ref_rng), 3 if n <= 3000 else 1)
    else:
        reference = float("nan")
    return {"n": n, "model": model, "floor": floor, "reference": reference}


def dashboard_latency(n: int) -> float:
    from utils.society.dashboards import peer_influence_dashboard

    board = peer_influence_dashboard(n=n, steps=200)
    times = []
    for beta in (0.6, 0.7, 0.8, 0.55, 0.9, 0.65, 0.75):
        board.set(peer_weight=beta)
        assert board.last_error is None, board.last_error
        times.append(board.last_redraw_seconds)
    return statistics.median(times)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 3_000, 30_000, 300_000])
    parser.add_argument("--reference-limit", type=int, default=30_000,
                        help="skip the loop reference above this N (it takes seconds per step)")
    args = parser.parse_args(argv)
    print("Per-step time (median), small-world network, mean degree 6, default parameters")
    print(f"{'N':>9} {'model':>11} {'floor W@s':>11} {'model/floor':>12} {'reference':>11} {'ref/model':>10}")
    for n in args.sizes:
        r = per_step(n, args.reference_limit)
        ref = f"{r['reference'] * 1e3:9.1f}ms" if r["reference"] == r["reference"] else f"{'skipped':>11}"
        speedup = f"{r['reference'] / r['model']:9.0f}x" if r["reference"] == r["reference"] else f"{'-':>10}"
        print(f"{n:>9,} {r['model'] * 1e3:9.3f}ms {r['floor'] * 1e3:9.3f}ms {r['model'] / r['floor']:11.1f}x "
              f"{ref} {speedup}")
    graph = build_network("small world", n=100_000, seed=1)
    start, cpu = time.perf_counter(), clock()
    simulate(graph, SocialCreditParams(), steps=200, seed=1, keep_history=False)
    print(f"\n200 steps with metrics at N = 100,000: {time.perf_counter() - start:.2f} s wall-clock, "
          f"{clock() - cpu:.2f} s CPU (target < 10 s)")
    print("\nSlider change to updated figures, peer-influence dashboard, 200 steps (median of 7)")
    for n in (300, 1000):
        print(f"  N = {n:>5,}: {dashboard_latency(n) * 1e3:6.1f} ms (target < 100 ms at N = 1,000)")


if __name__ == "__main__":
    main()
