"""Plausibly wrong answers for exercise 07, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "low_scorers": {
        # "At or below" the k-th smallest score: marks one person too many, and marks everyone
        # when all scores tie.
        "source": ("def low_scorers(scores, z):\n"
                   "    s = np.asarray(scores, float)\n"
                   "    k = int(z * s.size)\n"
                   "    if k == 0:\n"
                   "        return np.zeros(s.size, bool)\n"
                   "    return s <= np.sort(s)[k]\n"),
        "loses": ["test_low_scorers_lowest", "test_low_scorers_edges"],
    },
    "cut_ties": {
        # Three slips, so that each part is shown to fail (COMMON_MISTAKES has them one at a time):
        # only ties between two low scorers are at risk, each tie uses the draw at its own
        # position in the list, and a draw equal to p_cut cuts.
        "source": ("def cut_ties(ties, low, draws, p_cut):\n"
                   "    return [(i, j) for k, (i, j) in enumerate(ties)\n"
                   "            if not (low[i] and low[j] and draws[k] <= p_cut)]\n"),
        "loses": ["test_cut_ties_at_risk", "test_cut_ties_in_order", "test_cut_ties_threshold"],
    },
    "final_agency": {
        # Returns the whole agency column instead of its last value: the check fails, and the
        # search for beta_80 (which compares the result with 0.8) stops with an error, so
        # beta_80 is never set.
        "source": ("def final_agency(graph, beta, steps, seed):\n"
                   "    params = SocialCreditParams(peer_weight=beta, exclusion_rate=0.0, initial_enrolment=1.0)\n"
                   "    return simulate(graph, params, steps, seed=seed).metrics['agency']\n"),
        "loses": ["test_final_agency", "test_beta_80_below", "test_beta_80_smallest"],
    },
    "beta_80": {
        # The last beta at which agency is still at least 0.8, one grid step too early.
        "source": ("grid = np.round(np.arange(0, 101) / 100, 2)\n"
                   "beta_80 = max(float(b) for b in grid if final_agency(world, b, 80, SEED) >= 0.8)\n"),
        "loses": ["test_beta_80_below"],
    },
}


# The most common wrong answers, one slip each, and the cells each must lose: the visible checks
# catch each with a message that teaches. (Checked by hand with the solution's other answers.)
COMMON_MISTAKES = {
    "low_scorers": [
        {"idea": "exactly the k lowest by argsort (splits ties)", "loses": ["test_low_scorers_edges"],
         "source": ("def low_scorers(scores, z):\n"
                    "    s = np.asarray(scores, float)\n"
                    "    mask = np.zeros(s.size, bool)\n"
                    "    mask[np.argsort(s)[:int(z * s.size)]] = True\n"
                    "    return mask\n")},
        {"idea": "rounds z N up instead of down", "loses": ["test_low_scorers_edges"],
         "source": ("import math\n\n"
                    "def low_scorers(scores, z):\n"
                    "    s = np.asarray(scores, float)\n"
                    "    k = math.ceil(z * s.size)\n"
                    "    return s < np.sort(s)[k] if k else np.zeros(s.size, bool)\n")},
        {"idea": "at or below the k-th smallest", "loses": ["test_low_scorers_lowest", "test_low_scorers_edges"],
         "source": ("def low_scorers(scores, z):\n"
                    "    s = np.asarray(scores, float)\n"
                    "    k = int(z * s.size)\n"
                    "    return s <= np.sort(s)[k] if k else np.zeros(s.size, bool)\n")},
    ],
    "cut_ties": [
        {"idea": "only ties between two low scorers are at risk",
         "loses": ["test_cut_ties_at_risk", "test_cut_ties_in_order", "test_cut_ties_threshold"],
         "source": ("def cut_ties(ties, low, draws, p_cut):\n"
                    "    kept, used = [], 0\n"
                    "    for i, j in ties:\n"
                    "        if low[i] and low[j]:\n"
                    "            used += 1\n"
                    "            if draws[used - 1] < p_cut:\n"
                    "                continue\n"
                    "        kept.append((i, j))\n"
                    "    return kept\n")},
        {"idea": "each tie uses the draw at its own position", "loses": ["test_cut_ties_in_order"],
         "source": ("def cut_ties(ties, low, draws, p_cut):\n"
                    "    return [(i, j) for k, (i, j) in enumerate(ties) if not ((low[i] or low[j]) and draws[k] < p_cut)]\n")},
        {"idea": "a draw equal to p_cut cuts", "loses": ["test_cut_ties_threshold"],
         "source": ("def cut_ties(ties, low, draws, p_cut):\n"
                    "    kept, used = [], 0\n"
                    "    for i, j in ties:\n"
                    "        if low[i] or low[j]:\n"
                    "            used += 1\n"
                    "            if draws[used - 1] <= p_cut:\n"
                    "                continue\n"
                    "        kept.append((i, j))\n"
                    "    return kept\n")},
    ],
    "final_agency": [
        {"idea": "averages agency over the run (its beta_80 happens to be right here)",
         "loses": ["test_final_agency"],
         "source": ("def final_agency(graph, beta, steps, seed):\n"
                    "    params = SocialCreditParams(peer_weight=beta, exclusion_rate=0.0, initial_enrolment=1.0)\n"
                    "    return float(simulate(graph, params, steps, seed=seed).metrics['agency'].mean())\n")},
        {"idea": "leaves exclusion on (its beta_80, 0.77, is too early)", "loses": ["test_final_agency", "test_beta_80_below"],
         "source": ("def final_agency(graph, beta, steps, seed):\n"
                    "    run = simulate(graph, SocialCreditParams(peer_weight=beta, initial_enrolment=1.0), steps, seed=seed)\n"
                    "    return float(run.metrics['agency'].iloc[-1])\n")},
        {"idea": "leaves enrolment at its default, few members (its beta_80, 0.85, is too late)",
         "loses": ["test_final_agency", "test_beta_80_smallest"],
         "source": ("def final_agency(graph, beta, steps, seed):\n"
                    "    run = simulate(graph, SocialCreditParams(peer_weight=beta, exclusion_rate=0.0), steps, seed=seed)\n"
                    "    return float(run.metrics['agency'].iloc[-1])\n")},
    ],
    "beta_80": [
        {"idea": "a grid of 0.1 jumps past the first crossing", "loses": ["test_beta_80_smallest"],
         "source": "beta_80 = next(b / 10 for b in range(11) if final_agency(world, b / 10, 80, SEED) < 0.8)\n"},
        {"idea": "a bisection left unrounded", "loses": ["test_beta_80_below"],
         "source": ("low, high = 0.0, 1.0\n"
                    "for _ in range(30):\n"
                    "    mid = (low + high) / 2\n"
                    "    low, high = (low, mid) if final_agency(world, mid, 80, SEED) < 0.8 else (mid, high)\n"
                    "beta_80 = high\n")},
    ],
}
