"""Correct answers for exercise 00 written independently of the solution.

For every autograded answer (an nbgrader ``solution`` cell, by its grade_id) at least one
correct answer that a learner could plausibly write instead of ours: another algorithm,
another style, another library. The pipeline test (tests/test_nbgrader_pipeline.py) grades
submissions made of these answers and fails unless every autograded test cell scores its
full points; a second test fails if an answer has no alternative here. The format is in
tests/alternative_answers/README.md.
"""

ALTERNATIVE_ANSWERS = {
    "current_streak": [
        {
            "idea": "forward loop that resets on a missed day, instead of counting back from the end",
            "source": (
                "def current_streak(days):\n"
                "    streak = 0\n"
                "    for practised in days:\n"
                "        streak = streak + 1 if practised else 0\n"
                "    return streak\n"
            ),
        },
        {
            "idea": "itertools.takewhile over the reversed history",
            "source": (
                "from itertools import takewhile\n"
                "\n"
                "def current_streak(days):\n"
                "    return sum(1 for _ in takewhile(bool, reversed(list(days))))\n"
            ),
        },
        {
            "idea": "numpy: distance from the end to the last missed day, converted to a Python int",
            "source": (
                "import numpy as np\n"
                "\n"
                "def current_streak(days):\n"
                "    practised = np.asarray(list(days), dtype=bool)\n"
                "    missed = np.flatnonzero(~practised)\n"
                "    if missed.size == 0:\n"
                "        return len(practised)\n"
                "    return int(len(practised) - 1 - missed[-1])\n"
            ),
        },
    ],
    "survival_probability": [
        {
            "idea": "repeated multiplication in a loop; checks days before p, other wording",
            "source": (
                "def survival_probability(p, days):\n"
                "    if days < 0:\n"
                "        raise ValueError(f\"days cannot be negative (got {days})\")\n"
                "    if p < 0 or p > 1:\n"
                "        raise ValueError(f\"expected 0 <= p <= 1, got {p}\")\n"
                "    chance = 1.0\n"
                "    for _ in range(days):\n"
                "        chance *= p\n"
                "    return chance\n"
            ),
        },
        {
            "idea": "closed form through logarithms, with p = 0 handled on its own",
            "source": (
                "import math\n"
                "\n"
                "def survival_probability(p, days):\n"
                "    if not (0.0 <= p <= 1.0):\n"
                "        raise ValueError(\"p is a probability, so it must lie in [0, 1]; got %r\" % (p,))\n"
                "    if days < 0:\n"
                "        raise ValueError(\"days must be 0 or more; got %r\" % (days,))\n"
                "    if p == 0:\n"
                "        return 1.0 if days == 0 else 0.0\n"
                "    return math.exp(days * math.log(p))\n"
            ),
        },
    ],
}
