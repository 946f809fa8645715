"""Correct answers for exercise 07 written independently of the solution.

For every autograded answer at least one correct answer a learner could write instead of ours;
each must score full marks through the real nbgrader pipeline (format in README.md here).
"""

ALTERNATIVE_ANSWERS = {
    "low_scorers": [
        {
            "idea": "plain Python: sorted list, math.floor, comparison per person (its own name for the share)",
            "source": (
                "import math\n"
                "\n"
                "def low_scorers(scores, share):\n"
                "    scores = list(scores)\n"
                "    k = math.floor(share * len(scores))\n"
                "    if k == 0:\n"
                "        return np.array([False] * len(scores))\n"
                "    cutoff = sorted(scores)[k]\n"
                "    return np.array([x < cutoff for x in scores])\n"
            ),
        },
        {
            "idea": "np.partition finds the k-th smallest without a full sort",
            "source": (
                "def low_scorers(scores, z):\n"
                "    s = np.array(scores, dtype=float)\n"
                "    k = int(np.floor(z * len(s)))\n"
                "    return s < np.partition(s, k)[k] if k > 0 else np.full(len(s), False)\n"
            ),
        },
    ],
    "cut_ties": [
        {
            "idea": "an iterator over the draws, consumed with next() for each touching tie",
            "source": (
                "def cut_ties(ties, low, draws, p_cut):\n"
                "    draw = iter(draws)\n"
                "    remaining = []\n"
                "    for tie in ties:\n"
                "        touches = low[tie[0]] or low[tie[1]]\n"
                "        if not touches or next(draw) >= p_cut:\n"
                "            remaining.append(tie)\n"
                "    return remaining\n"
            ),
        },
        {
            "idea": "numpy: a touching mask, cumulative count to index the draws",
            "source": (
                "def cut_ties(ties, low, draws, p_cut):\n"
                "    low = np.asarray(low, dtype=bool)\n"
                "    pairs = np.array(ties, dtype=int).reshape(-1, 2)\n"
                "    touching = low[pairs[:, 0]] | low[pairs[:, 1]]\n"
                "    index = np.cumsum(touching) - 1\n"
                "    d = np.asarray(draws, dtype=float)\n"
                "    cut = touching & (d[np.clip(index, 0, None)] < p_cut) if len(d) else np.zeros(len(pairs), bool)\n"
                "    return [tuple(int(v) for v in pair) for pair, c in zip(pairs, cut) if not c]\n"
            ),
        },
    ],
    "final_agency": [
        {
            "idea": "dataclasses.replace on the default parameters; the last row via to_numpy",
            "source": (
                "import dataclasses\n"
                "\n"
                "def final_agency(graph, beta, steps, seed):\n"
                "    params = dataclasses.replace(SocialCreditParams(), peer_weight=beta, exclusion_rate=0, initial_enrolment=1)\n"
                "    return float(simulate(graph, params, steps, seed=seed).metrics['agency'].to_numpy()[-1])\n"
            ),
        },
    ],
    "beta_80": [
        {
            "idea": "bisection over the integer grid 0..100 (agency stays at or above 0.8 below the crossing), then divide by 100",
            "source": (
                "low, high = 0, 100            # agency(high / 100) is below 0.8; find the smallest such grid point\n"
                "while low < high:\n"
                "    mid = (low + high) // 2\n"
                "    if final_agency(world, mid / 100, 80, SEED) < 0.8:\n"
                "        high = mid\n"
                "    else:\n"
                "        low = mid + 1\n"
                "beta_80 = high / 100\n"
            ),
        },
        {
            "idea": "a coarse scan in steps of 0.1, then a fine scan in the decade below the first crossing",
            "source": (
                "coarse = next(b for b in range(11) if final_agency(world, b / 10, 80, SEED) < 0.8)\n"
                "start = max(0, coarse - 1) * 10\n"
                "beta_80 = next(b / 100 for b in range(start, 101) if final_agency(world, b / 100, 80, SEED) < 0.8)\n"
            ),
        },
    ],
}
