"""Plausibly wrong answers for exercise 06, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "own_behaviour": {
        # Applies the members' formula to everyone: forgets that non-members are unobserved.
        "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                   "    return (1 - w) * np.asarray(merit, float) + w * np.asarray(expressed, float)\n"),
        "loses": ["test_own_behaviour"],
    },
    "peer_step": {
        # Sums friends' scores instead of averaging them (forgets to divide by the degree).
        "source": ("def peer_step(adjacency, u, s, beta, s_def):\n"
                   "    a = np.asarray(adjacency, float)\n"
                   "    peer = np.where(a.sum(axis=1) > 0, a @ np.asarray(s, float), s_def)\n"
                   "    return (1 - beta) * np.asarray(u, float) + beta * peer\n"),
        "loses": ["test_peer_step"],
    },
    "pretending_share": {
        # Divides by everyone: this is the falsification rate, not the share of dissenters.
        "source": ("def pretending_share(attitudes, expressed):\n"
                   "    x, y = np.asarray(attitudes, float), np.asarray(expressed, bool)\n"
                   "    return float(np.mean(y & (x < 0.5)))\n"),
        "loses": ["test_pretending_share"],
    },
}
