"""Plausibly wrong answers for exercise 09, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks. ``my_rule`` in the solution is built
from ``points``, so a wrong ``points`` also costs the rule's monotonicity test.
"""

WRONG_ANSWERS = {
    "repair_window": {
        # A closed form rounded to the nearest step instead of up, with no special cases: wrong
        # counts (0.5 gives 7 by luck, 0.9 gives 44, but 0.4 gives 5), a negative count when the
        # gap is already within tolerance, log(0) for no memory, and no check of memory.
        "source": (
            "import math\n"
            "\n"
            "def repair_window(memory, gap=1.0, tolerance=0.01):\n"
            "    return round(math.log(tolerance / gap) / math.log(memory))\n"
        ),
        "loses": ["test_repair_window_counts", "test_repair_window_edges"],
    },
    "points": {
        # A risk scale in percent, where high means bad: outside [0, 1], and better conduct
        # earns fewer points. my_rule is built from points, so the rule fails too: it leaves
        # [0, 1], and an error of 100 points takes longer than 10 steps to fade below 0.01.
        "source": "def points(u):\n    return 100 * (1 - np.clip(u, 0, 1))\n",
        "loses": ["test_points_range", "test_points_scale", "test_my_rule_bounded_monotone",
                  "test_my_rule_error_recovery"],
    },
    "my_rule": {
        # XP-style running total with a bonus for well-scored friends: never capped, uses
        # friends' scores, and never forgets a wrong record.
        "source": (
            "def my_rule(u, peer, s):\n"
            "    return s + 0.1 * (points(u) - 0.5) + 0.1 * (peer - 0.5)\n"
        ),
        "loses": ["test_my_rule_bounded_monotone", "test_my_rule_no_guilt", "test_my_rule_error_recovery"],
    },
}


# The most common wrong answers, one slip each, and the cells each must lose: the visible checks
# catch each with a message that teaches.
COMMON_MISTAKES = {
    "repair_window": [
        {"idea": "the right count from logarithms, returned as a numpy float", "loses": ["test_repair_window_counts"],
         "source": ("def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                    "    if not 0 <= memory < 1:\n"
                    "        raise ValueError(f'memory must be in [0, 1), got {memory}')\n"
                    "    if gap <= tolerance:\n"
                    "        return 0\n"
                    "    if memory == 0:\n"
                    "        return 1\n"
                    "    return np.ceil(np.log(tolerance / gap) / np.log(memory))\n")},
        {"idea": "counts from 1, so a gap within tolerance still needs a step", "loses": ["test_repair_window_edges"],
         "source": ("def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                    "    if not 0 <= memory < 1:\n"
                    "        raise ValueError(f'memory must be in [0, 1), got {memory}')\n"
                    "    steps = 1\n"
                    "    while gap * memory ** steps > tolerance:\n"
                    "        steps += 1\n"
                    "    return steps\n")},
        {"idea": "stops at strictly below the tolerance (equal does not count)", "loses": ["test_repair_window_counts"],
         "source": ("def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                    "    if not 0 <= memory < 1:\n"
                    "        raise ValueError(f'memory must be in [0, 1), got {memory}')\n"
                    "    steps = 0\n"
                    "    while gap * memory ** steps >= tolerance and gap > tolerance:\n"
                    "        steps += 1\n"
                    "    return steps\n")},
        {"idea": "a float from a closed form (math.log without int or ceil)", "loses": ["test_repair_window_counts"],
         "source": ("import math\n\n"
                    "def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                    "    if not 0 <= memory < 1:\n"
                    "        raise ValueError(f'memory must be in [0, 1), got {memory}')\n"
                    "    if gap <= tolerance:\n"
                    "        return 0\n"
                    "    if memory == 0:\n"
                    "        return 1.0\n"
                    "    return float(math.ceil(math.log(tolerance / gap) / math.log(memory)))\n")},
    ],
    "points": [
        {"idea": "a percentage scale (0 to 100)",
         "loses": ["test_points_range", "test_my_rule_bounded_monotone", "test_my_rule_error_recovery"],
         "source": "def points(u):\n    return 100 * np.clip(u, 0, 1)\n"},
        {"idea": "a risk scale, where high means bad", "loses": ["test_points_scale", "test_my_rule_bounded_monotone"],
         "source": "def points(u):\n    return 1 - np.clip(u, 0, 1)\n"},
        {"idea": "a floor so high that the scale is too flat", "loses": ["test_points_scale", "test_my_rule_bounded_monotone"],
         "source": "def points(u):\n    return 0.6 + 0.4 * np.clip(u, 0, 1)\n"},
    ],
    "my_rule": [
        {"idea": "the default peer-averaging rule (friends' scores also blur conduct)",
         "loses": ["test_my_rule_bounded_monotone", "test_my_rule_no_guilt"],
         "source": "def my_rule(u, peer, s):\n    return 0.5 * points(u) + 0.5 * peer\n"},
        {"idea": "a long memory (0.9): 44 steps to recover", "loses": ["test_my_rule_error_recovery"],
         "source": "def my_rule(u, peer, s):\n    return 0.1 * points(u) + 0.9 * s\n"},
        {"idea": "a blacklist: once very low, low for ever", "loses": ["test_my_rule_error_recovery"],
         "source": "def my_rule(u, peer, s):\n    return np.where((u < 0.2) | (s < 0.05), 0.0, points(u))\n"},
    ],
}
