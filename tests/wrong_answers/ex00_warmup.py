"""Plausibly wrong answers for exercise 00, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "current_streak": {
        # Counts every practised day, not the unbroken run at the end.
        "source": "def current_streak(days):\n    return sum(1 for d in days if d)\n",
        "loses": ["test_current_streak", "test_current_streak_edges"],
    },
    "survival_probability": {
        # Adds instead of multiplying, and never validates its arguments.
        "source": "def survival_probability(p, days):\n    return min(1.0, p * days)\n",
        "loses": ["test_survival_probability", "test_survival_edges", "test_survival_errors"],
    },
}
