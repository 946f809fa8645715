"""Correct answers for exercise 06 written independently of the solution.

For every autograded answer at least one correct answer a learner could write instead of ours;
each must score full marks through the real nbgrader pipeline (format in README.md here).
"""

ALTERNATIVE_ANSWERS = {
    "own_behaviour": [
        {
            "idea": "arithmetic mask instead of np.where: m u + (1 - m) s_def",
            "source": (
                "def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                "    m = np.asarray(enrolled).astype(float)\n"
                "    u = (1 - w) * np.asarray(merit) + w * np.asarray(expressed).astype(float)\n"
                "    return m * u + (1 - m) * s_def\n"
            ),
        },
        {
            "idea": "a list comprehension over people",
            "source": (
                "def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                "    return np.array([(1 - w) * q + w * float(y) if m else float(s_def)\n"
                "                     for q, y, m in zip(merit, expressed, enrolled)])\n"
            ),
        },
    ],
    "peer_step": [
        {
            "idea": "divides inside np.errstate, then overwrites the friendless rows with s_def",
            "source": (
                "def peer_step(adjacency, u, s, beta, s_def):\n"
                "    degree = adjacency.sum(axis=1)\n"
                "    with np.errstate(divide='ignore', invalid='ignore'):\n"
                "        mean = adjacency @ s / degree\n"
                "    mean[degree == 0] = s_def\n"
                "    return (1 - beta) * u + beta * mean\n"
            ),
        },
        {
            "idea": "divides with a warning left on (0/0 in a branch np.where discards): warnings cost nothing",
            "source": (
                "def peer_step(adjacency, u, s, beta, s_def):\n"
                "    degree = adjacency.sum(axis=1)\n"
                "    friends_mean = np.where(degree > 0, adjacency.dot(s) / degree, s_def)\n"
                "    return (1 - beta) * u + beta * friends_mean\n"
            ),
        },
    ],
    "pretending_share": [
        {
            "idea": "plain Python counting over pairs",
            "source": (
                "def pretending_share(attitudes, expressed):\n"
                "    dissent = [bool(y) for x, y in zip(attitudes, expressed) if x < 0.5]\n"
                "    return sum(dissent) / len(dissent) if dissent else 0.0\n"
            ),
        },
    ],
}
