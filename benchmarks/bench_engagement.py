"""Benchmark the dashboards' redraws (the basis of the update policy) and a year of 10,000 learners.

A script, not a test:  .venv/bin/python benchmarks/bench_engagement.py

1. For each Part I dashboard at its default population: time from a control change
   (``board.set``) to the figures being updated, median of several moves, in CPU time (the
   machine is shared; wall-clock time would measure the neighbours). Reported in
   milliseconds and as a ratio to a *reference dashboard* measured in the same run: one
   line figure whose redraw only writes 365 precomputed numbers (the cost of the
   widget round trip itself). The last column is the update policy the dashboard lands on
   (``utils.core.dashboard``: sliders redraw while dragged when redraws fit 50 ms).
2. The same for the society and capstone dashboards at their lesson sizes, and the
   peer-influence dashboard at N = 1,000 and 200 steps as a ratio to the bare
   ``simulate`` of the same run (same network, parameters and seed, timed alternately with
   the moves), so the figure update's own cost shows.
3. ``simulate_streaks`` for 10,000 learners over 365 days, against a plain per-learner
   Python loop of the same model (run on 1,000 learners and scaled by 10, stated below).
"""
from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from utils import (Dashboard, SocialCreditParams, adoption_dashboard, capstone_dashboard,  # noqa: E402
                   hook_dashboard, leagues_dashboard, line_figure, motivation_dashboard, peer_influence_dashboard,
                   schedules_dashboard, self_censorship_dashboard, simulate, simulate_schedule, simulate_streaks,
                   slider, streaks_dashboard, update_lines)
from utils.society.dashboards import _graph  # noqa: E402

REPEATS = 7


def reference_dashboard() -> Dashboard:
    x = np.arange(365.0)
    fig = line_figure(x, {"y": np.zeros(365)}, title="reference", x_title="day", y_title="value (units)")
    return Dashboard({"a": slider("amplitude a", 1.0, 0.0, 2.0)}, [fig],
                     lambda a: update_lines(fig, x, {"y": a * np.sin(x / 20)}), caption="A sine wave of amplitude a.")


def time_moves(board: Dashboard, name: str, values: list) -> float:
    """Median CPU seconds from board.set(name=value) to updated figures."""
    times = []
    for i in range(REPEATS):
        start = time.process_time()
        board.set(**{name: values[i % len(values)]})
        times.append(time.process_time() - start)
        assert board.last_error is None, board.last_error
    return statistics.median(times)


def peer_influence_ratio(n: int = 1000, steps: int = 200) -> tuple[float, float]:
    """Median redraw of the peer-influence dashboard and median bare simulate of the same runs (CPU seconds)."""
    board = peer_influence_dashboard(n=n, steps=steps)
    graph = _graph("small world", n, 0)
    moves, bare = [], []
    for beta in (0.6, 0.7, 0.8, 0.55, 0.9, 0.65, 0.75, 0.5, 0.85):
        start = time.process_time()
        board.set(peer_weight=beta)
        moves.append(time.process_time() - start)
        assert board.last_error is None, board.last_error
        params = SocialCreditParams(peer_weight=beta)
        start = time.process_time()
        simulate(graph, params, steps, seed=0, keep_history=False)
        bare.append(time.process_time() - start)
    return statistics.median(moves), statistics.median(bare)


def streaks_loop(n_learners: int, days: int, seed: int = 0) -> list[int]:
    """The streak model without freezes, one learner and one day at a time (reference)."""
    import random

    rnd = random.Random(seed)
    lam, beta, w, fade, quit_after = 2.25, 0.88, 0.05, 0.008, 14
    base = math.log(0.7 / 0.3)
    active_days = []
    for _ in range(n_learners):
        u = base + rnd.gauss(0, 1)
        streak = missed = total = 0
        for t in range(days):
            logit = u - fade * t + w * lam * streak ** beta
            if rnd.random() < 1 / (1 + math.exp(-logit)):
                streak += 1
                missed = 0
                total += 1
            else:
                streak = 0
                missed += 1
                if missed >= quit_after:
                    break
        active_days.append(total)
    return active_days


def main() -> None:
    ref = time_moves(reference_dashboard(), "a", [0.5, 1.5])
    boards = [
        ("01 reward schedules", schedules_dashboard, "n", [8, 3, 12]),
        ("01 hook loop", hook_dashboard, "reward_prob", [0.2, 0.8]),
        ("02 streaks", streaks_dashboard, "lam", [1.5, 3.0]),
        ("03 leagues", leagues_dashboard, "boost", [0.5, 2.0]),
        ("04 overjustification", motivation_dashboard, "pull", [0.5, 2.0]),
    ]
    boards += [
        ("06 self-censorship (400)", self_censorship_dashboard, "conformity", [0.6, 0.3]),
        ("07 peer influence (300)", peer_influence_dashboard, "peer_weight", [0.7, 0.3]),
        ("08 adoption (1,000)", adoption_dashboard, "mandatoriness", [0.1, 0.2]),
        ("09 capstone (300, 2 runs)", capstone_dashboard, "peer_weight", [0.7, 0.3]),
    ]
    print(f"reference dashboard (write 365 numbers): {ref * 1e3:.2f} ms per move")
    print(f"{'dashboard':26s} {'median ms':>10s} {'x reference':>12s} {'< 100 ms':>9s}  update policy")
    for label, make, name, values in boards:
        board = make()
        seconds = time_moves(board, name, values)
        policy = "while dragging" if board.live else "on release"
        print(f"{label:26s} {seconds * 1e3:10.1f} {seconds / ref:12.1f} {'yes' if seconds < 0.1 else 'NO':>9s}  {policy}")
    moved, bare = peer_influence_ratio()
    print(f"\npeer influence, N = 1,000, 200 steps: redraw {moved * 1e3:.1f} ms (median of 9 moves), bare simulate "
          f"{bare * 1e3:.1f} ms -> redraw / simulate = {moved / bare:.2f} (target: redraw <= 50 ms on a quiet machine)")

    start = time.perf_counter()
    res = simulate_streaks(10_000, 365, seed=1)
    vec = time.perf_counter() - start
    start = time.perf_counter()
    streaks_loop(1_000, 365)
    loop = (time.perf_counter() - start) * 10
    print(f"\n10,000 learners x 365 days, simulate_streaks (vectorised): {vec:.2f} s "
          f"(daily active on the last day: {res.daily_active[-1]:.2f})")
    print(f"same model as a per-learner Python loop (1,000 learners timed, x10): {loop:.2f} s "
          f"-> vectorised is {loop / vec:.1f}x faster")
    start = time.perf_counter()
    simulate_schedule("VI", 5, n_learners=10_000, ticks=365, response_prob=0.5, seed=1)
    print(f"10,000 learners x 365 ticks on a VI-5 schedule: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
