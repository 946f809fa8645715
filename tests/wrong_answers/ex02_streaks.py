"""Plausibly wrong answers for exercise 02, one per autograded answer."""

WRONG_ANSWERS = {
    "value": {
        # Forgets loss aversion: losses mirror gains.
        "source": ("def value(x, alpha=0.88, lam=2.25):\n"
                   "    return x ** alpha if x >= 0 else -((-x) ** alpha)\n"),
        "loses": ["test_value", "test_value_params"],
    },
    "expected_days": {
        # Keeps only the last term of the sum, and checks nothing.
        "source": ("def expected_days(q, k):\n"
                   "    return q ** -(k + 1)\n"),
        "loses": ["test_expected_days", "test_expected_days_edges", "test_expected_days_errors"],
    },
    "break_day": {
        # Counts all misses so far instead of misses in a row (freezes are never refilled), and
        # counts days from 0 (enumerate without start=1).
        "source": ("def break_day(missed, k):\n"
                   "    total = 0\n"
                   "    for day, miss in enumerate(missed):\n"
                   "        total += bool(miss)\n"
                   "        if total > k:\n"
                   "            return day\n"
                   "    return None\n"),
        "loses": ["test_break_day", "test_break_day_survives", "test_break_day_counting"],
    },
}
