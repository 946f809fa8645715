"""Correct answers for exercise 01 written independently of the solution.

Format: tests/alternative_answers/README.md. Each source replaces the whole answer cell.
"""

ALTERNATIVE_ANSWERS = {
    "vr_rewards": [
        {
            "idea": "rng.integers: a response pays when a die with n faces shows 0",
            "source": (
                "def vr_rewards(n_responses, n, rng):\n"
                "    if n < 1:\n"
                "        raise ValueError('the ratio n cannot be below 1 (got %r)' % (n,))\n"
                "    return rng.integers(0, n, size=n_responses) == 0\n"
            ),
        },
        {
            "idea": "one Bernoulli draw per response in a Python loop, converted to a boolean array",
            "source": (
                "def vr_rewards(n_responses, n, rng):\n"
                "    if n < 1:\n"
                "        raise ValueError(f'invalid n={n}: VR-n needs n >= 1')\n"
                "    rewarded = [bool(rng.binomial(1, 1 / n)) for _ in range(n_responses)]\n"
                "    return np.array(rewarded, dtype=bool)\n"
            ),
        },
    ],
    "extinction_responses": [
        {
            "idea": "simulate the silent run response by response until it exceeds c / p_hat",
            "source": (
                "def extinction_responses(p_hat, c):\n"
                "    if p_hat < 0 or p_hat > 1:\n"
                "        raise ValueError(f'p_hat={p_hat} is outside [0, 1]')\n"
                "    if p_hat == 0:\n"
                "        return 0\n"
                "    run = 0\n"
                "    while run * p_hat <= c + 1e-9:\n"
                "        run += 1\n"
                "    return run\n"
            ),
        },
        {
            "idea": "integer division with rounding to 9 decimals instead of a floor plus tolerance",
            "source": (
                "def extinction_responses(p_hat, c):\n"
                "    if not (0.0 <= p_hat <= 1.0):\n"
                "        raise ValueError('p_hat must be a rate between 0 and 1')\n"
                "    return 0 if p_hat == 0 else int(round(c / p_hat, 9) // 1) + 1\n"
            ),
        },
    ],
    "delta_rule_stop": [
        {
            "idea": "closed form with logarithms, a tolerance at exact landings, and 0 when v <= theta",
            "source": (
                "def delta_rule_stop(v, step, theta):\n"
                "    if v <= theta:\n"
                "        return 0\n"
                "    exact = math.log(theta / v) / math.log(1 - step)\n"
                "    return int(math.ceil(exact - 1e-9))\n"
            ),
        },
        {
            "idea": "multiply the value one response at a time instead of recomputing the power",
            "source": (
                "def delta_rule_stop(v, step, theta):\n"
                "    value, responses = v, 0\n"
                "    while value > theta * (1 + 1e-12):\n"
                "        value *= 1 - step\n"
                "        responses += 1\n"
                "    return responses\n"
            ),
        },
    ],
}
