"""Plausibly wrong answers for exercise 07, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "low_scorers": {
        # Uses "at or below" the k-th smallest score, so it marks one person too many.
        "source": ("def low_scorers(scores, q):\n"
                   "    s = np.asarray(scores, float)\n"
                   "    k = int(q * s.size)\n"
                   "    if k == 0:\n"
                   "        return np.zeros(s.size, bool)\n"
                   "    return s <= np.sort(s)[k]\n"),
        "loses": ["test_low_scorers"],
    },
    "cut_ties": {
        # Uses the tie's own position to pick its draw, so draws are skipped for safe ties.
        "source": ("def cut_ties(ties, low, draws, p_cut):\n"
                   "    return [t for k, t in enumerate(ties)\n"
                   "            if not ((low[t[0]] or low[t[1]]) and draws[min(k, len(draws) - 1)] < p_cut)]\n"),
        "loses": ["test_cut_ties"],
    },
    "agency_after": {
        # Averages agency over the whole run instead of reading the last step.
        "source": ("def agency_after(graph, betas, steps, seed):\n"
                   "    return [float(simulate(graph, SocialCreditParams(peer_weight=b, exclusion_rate=0.0), steps,\n"
                   "                           seed=seed).metrics['agency'].mean()) for b in betas]\n"),
        "loses": ["test_agency_after"],
    },
}
