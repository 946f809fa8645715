"""Correct answers for exercise 09 written independently of the solution.

For every autograded answer at least one correct answer a learner could write instead of ours;
each must score full marks through the real nbgrader pipeline (format in README.md here). The
alternatives of one submission are graded together, so each ``my_rule`` here is built from the
``points`` of the same position (alt-1 with alt-1, alt-2 with alt-2).
"""

ALTERNATIVE_ANSWERS = {
    "repair_window": [
        {
            "idea": "closed form: ceil(log(tolerance / gap) / log(memory)), with the cases the formula cannot take",
            "source": (
                "import math\n"
                "\n"
                "def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                "    if memory < 0 or memory >= 1:\n"
                "        raise ValueError('memory has to lie in [0, 1)')\n"
                "    if gap <= tolerance:\n"
                "        return 0\n"
                "    if memory == 0:\n"
                "        return 1\n"
                "    k = math.ceil(math.log(tolerance / gap) / math.log(memory))\n"
                "    while gap * memory ** (k - 1) <= tolerance:   # guard against rounding in the logs\n"
                "        k -= 1\n"
                "    while gap * memory ** k > tolerance:\n"
                "        k += 1\n"
                "    return int(k)\n"
            ),
        },
        {
            "idea": "shrink the gap step by step (multiply instead of a power)",
            "source": (
                "def repair_window(memory, gap=1.0, tolerance=0.01):\n"
                "    if not (0 <= memory < 1):\n"
                "        raise ValueError(f'bad memory {memory!r}: an error only fades if 0 <= memory < 1')\n"
                "    steps, remaining = 0, gap\n"
                "    while remaining > tolerance:\n"
                "        remaining *= memory\n"
                "        steps += 1\n"
                "    return steps\n"
            ),
        },
    ],
    "points": [
        {
            "idea": "four tiers with a floor of 0.2 (np.floor)",
            "source": (
                "def points(u):\n"
                "    tier = np.floor(np.clip(u, 0, 1) * 4) / 4      # 0, 0.25, 0.5, 0.75 or 1\n"
                "    return 0.2 + 0.8 * tier\n"
            ),
        },
        {
            "idea": "a concave curve: square root, so the first gains in conduct count most",
            "source": "def points(u):\n    return np.sqrt(np.clip(u, 0.0, 1.0))\n",
        },
    ],
    "my_rule": [
        {
            "idea": "no memory at all: the score is this step's points",
            "source": "def my_rule(u, peer, s):\n    return points(u)\n",
        },
        {
            "idea": "memory 0.5 (repair_window(0.5) is 7 steps), clipped to [0, 1] for safety",
            "source": "def my_rule(u, peer, s):\n    return np.clip(0.5 * points(u) + 0.5 * s, 0, 1)\n",
        },
    ],
}
