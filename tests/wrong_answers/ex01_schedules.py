"""Plausibly wrong answers for exercise 01, one per autograded answer.

``WRONG_ANSWERS`` has one entry per answer cell (by nbgrader grade_id) for the pipeline test: a
submission where only that answer is wrong must lose exactly the test cells in ``loses``.
``COMMON_MISTAKES`` lists, by answer, the most common wrong answers to question 2, which asks the learner
to work out the count herself; each is caught by a visible check whose message teaches, and loses
exactly the cells in ``loses``.
"""

WRONG_ANSWERS = {
    "vr_rewards": {
        # A fixed ratio instead of a variable one (every n-th response pays), and no check on n.
        "source": ("def vr_rewards(n_responses, n, rng):\n"
                   "    return (np.arange(1, n_responses + 1) % round(n)) == 0\n"),
        "loses": ["test_vr_rewards", "test_vr_rewards_rate", "test_vr_errors"],
    },
    "extinction_responses": {
        # Forgets the response that ends the run (no + 1), and never checks p_hat.
        "source": ("def extinction_responses(p_hat, c):\n"
                   "    return 0 if p_hat == 0 else int(c / p_hat + 1e-9)\n"),
        "loses": ["test_extinction_responses", "test_extinction_float", "test_extinction_edges",
                  "test_extinction_errors"],
    },
    "delta_rule_stop": {
        # Stops when V drops strictly below theta, not at or below: off by one at the boundary.
        "source": ("def delta_rule_stop(v, step, theta):\n"
                   "    m = 0\n"
                   "    while v * (1 - step) ** m >= theta:\n"
                   "        m += 1\n"
                   "    return m\n"),
        "loses": ["test_delta_rule_stop", "test_delta_rule_boundary"],
    },
}

_CHECK = ("    if not 0 <= p_hat <= 1:\n"
          "        raise ValueError(f'p_hat must be in [0, 1], got {p_hat}')\n")

COMMON_MISTAKES = {
    "extinction_responses": [
        {
            "idea": "counts only the tolerated silent responses, not the one that exceeds c / p_hat",
            "source": ("def extinction_responses(p_hat, c):\n" + _CHECK +
                       "    return 0 if p_hat == 0 else int(math.floor(c / p_hat + 1e-9))\n"),
            "loses": ["test_extinction_responses", "test_extinction_float", "test_extinction_edges"],
        },
        {
            "idea": "rounds c / p_hat up, which misses the extra response when c / p_hat is whole",
            "source": ("def extinction_responses(p_hat, c):\n" + _CHECK +
                       "    return 0 if p_hat == 0 else int(math.ceil(c / p_hat))\n"),
            "loses": ["test_extinction_responses", "test_extinction_float", "test_extinction_edges"],
        },
        {
            "idea": "right count, but no floating-point tolerance: 0.7 / 0.1 rounds down to 6",
            "source": ("def extinction_responses(p_hat, c):\n" + _CHECK +
                       "    return 0 if p_hat == 0 else int(math.floor(c / p_hat)) + 1\n"),
            "loses": ["test_extinction_float"],
        },
        {
            "idea": "forgets the never-rewarded learner and divides by zero",
            "source": ("def extinction_responses(p_hat, c):\n" + _CHECK +
                       "    return int(math.floor(c / p_hat + 1e-9)) + 1\n"),
            "loses": ["test_extinction_edges"],
        },
    ],
}
