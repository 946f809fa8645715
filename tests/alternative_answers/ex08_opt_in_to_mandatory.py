"""Correct answers for exercise 08 written independently of the solution.

For every autograded answer at least one correct answer a learner could write instead of ours;
each must score full marks through the real nbgrader pipeline (format in README.md here).
"""

ALTERNATIVE_ANSWERS = {
    "cascade": [
        {
            "idea": "closed form on the sorted thresholds: the first position k with threshold above k",
            "source": (
                "def cascade(thresholds):\n"
                "    t = sorted(thresholds)\n"
                "    for k, threshold in enumerate(t):\n"
                "        if threshold > k:\n"
                "            return k\n"
                "    return len(t)\n"
            ),
        },
        {
            "idea": "plain Python rounds with a set of people who have joined",
            "source": (
                "def cascade(thresholds):\n"
                "    joined = set()\n"
                "    while True:\n"
                "        new = {i for i, t in enumerate(thresholds) if i not in joined and t <= len(joined)}\n"
                "        if not new:\n"
                "            return len(joined)\n"
                "        joined |= new\n"
            ),
        },
    ],
    "tipping_point": [
        {
            "idea": "all runs first (history kept), then the first index whose final share reaches 0.5",
            "source": (
                "def tipping_point(graph, deltas, seed):\n"
                "    finals = []\n"
                "    for d in deltas:\n"
                "        params = SocialCreditParams(mandatoriness=d, peer_weight=0)\n"
                "        finals.append(simulate(graph, params, steps=200, seed=seed).metrics['enrolment'].to_numpy()[-1])\n"
                "    reached = np.flatnonzero(np.array(finals) >= 0.5)\n"
                "    return deltas[reached[0]] if reached.size else None\n"
            ),
        },
    ],
}
