"""Correct answers for exercise 03 written independently of the solution.

Format: tests/alternative_answers/README.md. Each source replaces the whole answer cell.
"""

ALTERNATIVE_ANSWERS = {
    "league_outcome": [
        {
            "idea": "numpy: a stable argsort of -xp gives ranks, then zones by rank",
            "source": (
                "def league_outcome(xp, promote, demote):\n"
                "    xp = np.asarray(xp, dtype=float)\n"
                "    if promote + demote > xp.size:\n"
                "        raise ValueError(f'zones too big: promote={promote} + demote={demote} > {xp.size}')\n"
                "    rank = np.empty(xp.size, dtype=int)\n"
                "    rank[np.argsort(-xp, kind='stable')] = np.arange(xp.size)\n"
                "    out = np.zeros(xp.size, dtype=int)\n"
                "    out[rank < promote] = 1\n"
                "    out[rank >= xp.size - demote] = -1\n"
                "    return out.tolist()\n"
            ),
        },
        {
            "idea": "rank each learner by counting who beats her (higher XP, or equal XP listed earlier)",
            "source": (
                "def league_outcome(xp, promote, demote):\n"
                "    n = len(xp)\n"
                "    if promote + demote > n:\n"
                "        raise ValueError('promote and demote together exceed the cohort')\n"
                "    result = []\n"
                "    for i, mine in enumerate(xp):\n"
                "        ahead = sum(1 for j, other in enumerate(xp) if other > mine or (other == mine and j < i))\n"
                "        result.append(1 if ahead < promote else -1 if ahead >= n - demote else 0)\n"
                "    return result\n"
            ),
        },
    ],
    "boundary_distance": [
        {
            "idea": "plain Python loop over places, min over a list of boundaries, converted to an array",
            "source": (
                "def boundary_distance(cohort_size, promote, demote):\n"
                "    edges = [b for b, size in [(promote - 0.5, promote), (cohort_size - demote - 0.5, demote)] if size]\n"
                "    out = []\n"
                "    for place in range(cohort_size):\n"
                "        out.append(min((abs(place - e) for e in edges), default=float('inf')))\n"
                "    return np.array(out, dtype=float)\n"
            ),
        },
        {
            "idea": "start from infinity and take the elementwise minimum with each boundary in turn",
            "source": (
                "def boundary_distance(cohort_size, promote, demote):\n"
                "    places = np.arange(cohort_size)\n"
                "    best = np.full(cohort_size, np.inf)\n"
                "    if promote:\n"
                "        best = np.minimum(best, np.abs(places - (promote - 0.5)))\n"
                "    if demote:\n"
                "        best = np.minimum(best, np.abs(places - (cohort_size - demote - 0.5)))\n"
                "    return best\n"
            ),
        },
    ],
}
