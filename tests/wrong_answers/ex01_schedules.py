"""Plausibly wrong answers for exercise 01, one per autograded answer."""

WRONG_ANSWERS = {
    "vr_rewards": {
        # A fixed ratio instead of a variable one (every n-th response pays), and no check on n.
        "source": ("def vr_rewards(n_responses, n, rng):\n"
                   "    return (np.arange(1, n_responses + 1) % round(n)) == 0\n"),
        "loses": ["test_vr_rewards", "test_vr_errors"],
    },
    "extinction_responses": {
        # Forgets the response that ends the run (no + 1), and never checks p_hat.
        "source": ("def extinction_responses(p_hat, c):\n"
                   "    return 0 if p_hat == 0 else int(c / p_hat + 1e-9)\n"),
        "loses": ["test_extinction_responses", "test_extinction_errors"],
    },
    "delta_rule_stop": {
        # Stops when V drops strictly below theta, not at or below: off by one at the boundary.
        "source": ("def delta_rule_stop(v, alpha, theta):\n"
                   "    m = 0\n"
                   "    while v * (1 - alpha) ** m >= theta:\n"
                   "        m += 1\n"
                   "    return m\n"),
        "loses": ["test_delta_rule_stop"],
    },
}
