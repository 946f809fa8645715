"""Plausibly wrong answers for exercise 09, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks. ``my_rule`` in the solution is built
from ``points``, so a wrong ``points`` also costs the rule's monotonicity test.
"""

WRONG_ANSWERS = {
    "repair_window": {
        # Starts counting at 1, so a gap already within tolerance still "needs" a step.
        "source": (
            "def repair_window(memory, gap=1.0, tolerance=0.01):\n"
            "    if not 0 <= memory < 1:\n"
            "        raise ValueError(f\"memory must be in [0, 1), got {memory}\")\n"
            "    steps = 1\n"
            "    while gap * memory ** steps > tolerance:\n"
            "        steps += 1\n"
            "    return steps\n"
        ),
        "loses": ["test_repair_window"],
    },
    "points": {
        # A risk scale, where high means bad: better conduct earns fewer points.
        "source": "def points(u):\n    return 1 - np.clip(u, 0, 1)\n",
        "loses": ["test_points", "test_my_rule_bounded_monotone"],
    },
    "my_rule": {
        # XP-style running total with a bonus for well-scored friends: never capped, uses
        # friends' scores, and never forgets a wrong record.
        "source": (
            "def my_rule(u, peer, s):\n"
            "    return s + 0.1 * (points(u) - 0.5) + 0.1 * (peer - 0.5)\n"
        ),
        "loses": ["test_my_rule_bounded_monotone", "test_my_rule_no_guilt", "test_my_rule_contestable"],
    },
}
