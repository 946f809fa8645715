"""Benchmark of the toy scoring society (a script, not a test): python benchmarks/bench_social_credit.py

Prints, from one run on this machine:
1. per-step time of the vectorised model against the loop-based reference step and
   against one sparse matrix-vector product W @ s with the same network (the floor),
   at N = 300, 3,000, 30,000 and 300,000 (small-world network, mean degree 6, default
   parameters, so tie cutting and rewiring are on); targets: at most 8x the floor at 3,000
   and 6x at 30,000 and above;
2. a whole run against its bare steps: ``simulate`` with its metrics (set-up excluded)
   per step, divided by ``vectorised_step`` per step on the same trajectory, at N = 3,000,
   30,000 and 300,000 (target at most 1.5x); at 3,000 also with ``measure_every=3``;
3. the cost of measuring what a custom scoring rule does (two extra rule calls per step):
   a step with the default rule passed as a function, against the default rule;
4. 200 steps with the per-step metrics at N = 100,000 (target under 10 s);
5. time from a slider change to updated figures in the peer-influence dashboard at N = 300 and 1,000
   (target at most 50 ms median at 1,000 on a quiet machine);
6. the cost of ``replicate`` (20 seeds) at the sizes the lessons use.
Ratios come from the same run, so they say more than the absolute times. Per-step times are
process CPU time (time.process_time), which leaves out time spent waiting for a core when
the machine is shared (but not the slower memory and caches of a busy machine: run it on a
quiet one); the N = 100,000 run prints both wall-clock and CPU time.
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
    replicate,
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


def run_overhead(n: int, steps: int, measure_every: int | None = None, rounds: int = 5) -> dict:
    """CPU time per step of ``simulate`` (metrics on, history off, set-up excluded) and of the bare steps.

    Set-up (the starting state, the sparse network, step 0's metrics) is the time of the same
    call with ``steps=0``, subtracted. The bare loop runs the same steps from the same state
    and seed, so both follow the same trajectory. The three are timed in turn, ``rounds``
    times, and the ratio is the median of the rounds' ratios (a shared machine is noisy).
    """
    graph = build_network("small world", n=n, seed=1)
    params = SocialCreditParams()
    start_state = initial_state(graph, params, seed=np.random.default_rng(1))

    def timed(fn):
        begin = clock()
        fn()
        return clock() - begin

    def bare():
        rng = np.random.default_rng(1)
        initial_state(graph, params, seed=rng)     # the same draws as simulate makes first
        network = SparseNetwork.from_graph(graph)
        state = start_state
        begin = clock()
        for _ in range(steps):
            state = vectorised_step(network, state, params, rng)
        return clock() - begin

    ratios, runs, bares = [], [], []
    for _ in range(rounds):
        setup = timed(lambda: simulate(graph, params, 0, seed=1, keep_history=False))
        whole = timed(lambda: simulate(graph, params, steps, seed=1, keep_history=False, measure_every=measure_every))
        steps_only = bare()
        runs.append((whole - setup) / steps)
        bares.append(steps_only / steps)
        ratios.append(runs[-1] / bares[-1])
    return {"n": n, "simulate": statistics.median(runs), "bare": statistics.median(bares),
            "ratio": statistics.median(ratios)}


def probe_cost(n: int) -> float:
    """Per-step CPU time with the default rule passed as a function (probed), over the default rule (not probed)."""
    graph = build_network("small world", n=n, seed=1)
    params = SocialCreditParams()
    beta = params.peer_weight

    def written_out(u, peer, s):
        return (1 - beta) * u + beta * peer

    times = {}
    for name, rule in (("default", None), ("function", written_out)):
        state = initial_state(graph, params, seed=1)
        network = SparseNetwork.from_graph(graph)
        rng = np.random.default_rng(1)
        begin = clock()
        for _ in range(100):
            state = vectorised_step(network, state, params, rng, rule)
        times[name] = clock() - begin
    return times["function"] / times["default"]


def dashboard_latency(n: int) -> float:
    from utils.society.dashboards import peer_influence_dashboard

    board = peer_influence_dashboard(n=n, steps=200)
    times = []
    for beta in (0.6, 0.7, 0.8, 0.55, 0.9, 0.65, 0.75):
        board.set(peer_weight=beta)
        assert board.last_error is None, board.last_error
        times.append(board.last_redraw_seconds)
    return statistics.median(times)


# (lesson, N, steps, custom rule?) as the lessons run them: 06 and 07 at N = 400, 08 at 1,000, 09 at 300
LESSON_SIZES = [("06/07", 400, 300, False), ("08", 1000, 300, False), ("09", 300, 200, True)]


def replicate_cost(n: int, steps: int, custom_rule: bool, runs: int = 20) -> tuple[float, float]:
    """CPU seconds for ``replicate`` over ``runs`` seeds, and for one run of the same model."""
    graph = build_network("small world", n=n, seed=1)
    params = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, initial_enrolment=1.0)
    rule = (lambda u, peer, s: 0.5 * s + 0.5 * u) if custom_rule else None

    def model(seed):
        return simulate(graph, params, steps, seed=seed, score_rule=rule, keep_history=False)

    one = best_of(lambda: model(0), 3)
    start = clock()
    replicate(model, ["isolated", "mean_score"], runs=runs)
    return clock() - start, one


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
    print("\nWhole run: simulate with metrics (set-up excluded) over the bare steps, per step")
    for n, steps, every in ((3_000, 200, None), (3_000, 200, 3), (30_000, 100, None), (300_000, 60, None)):
        r = run_overhead(n, steps, every)
        label = f"measure_every={every}" if every else "default"
        print(f"{n:>9,} {label:>16}: {r['simulate'] * 1e3:8.3f} ms vs {r['bare'] * 1e3:8.3f} ms bare: "
              f"{r['ratio']:4.2f}x, median of 5 rounds (target <= 1.5x)")
    print("\nMeasuring a custom rule's self-protection and stake (two extra rule calls per step)")
    for n in (3_000, 30_000):
        print(f"{n:>9,}: step with the default rule as a function / default rule = {probe_cost(n):4.2f}x")
    graph = build_network("small world", n=100_000, seed=1)
    start, cpu = time.perf_counter(), clock()
    simulate(graph, SocialCreditParams(), steps=200, seed=1, keep_history=False)
    print(f"\n200 steps with metrics at N = 100,000: {time.perf_counter() - start:.2f} s wall-clock, "
          f"{clock() - cpu:.2f} s CPU (target < 10 s)")
    print("\nSlider change to updated figures, peer-influence dashboard, 200 steps (median of 7)")
    for n in (300, 1000):
        print(f"  N = {n:>5,}: {dashboard_latency(n) * 1e3:6.1f} ms (target <= 50 ms at N = 1,000, quiet machine)")
    print("\nreplicate over 20 seeds, small-world network, at the lessons' sizes (CPU time)")
    for lesson, n, steps, custom in LESSON_SIZES:
        total, one = replicate_cost(n, steps, custom)
        print(f"  lesson {lesson:>5}: N = {n:>5,}, {steps} steps{' (custom rule)' if custom else '':<14}: "
              f"{total:6.2f} s ({total / one:4.1f}x one run of {one * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()
