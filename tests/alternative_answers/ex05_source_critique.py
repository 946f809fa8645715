"""Correct answers for exercise 05 written independently of the solution.

For every autograded answer at least one correct answer a learner could write instead of ours;
each must score full marks through the real nbgrader pipeline (format in README.md here).
"""

ALTERNATIVE_ANSWERS = {
    "verdict_1": [{"idea": "capitals and spaces (the prompt says they do not matter)", "source": 'verdict_1 = " False"\n'}],
    "verdict_2": [{"idea": "upper case", "source": 'verdict_2 = "FALSE"\n'}],
    "verdict_3": [{"idea": "title case with a trailing space", "source": 'verdict_3 = "Misleading "\n'}],
    "verdict_4a": [{"idea": "built from the course's own label list", "source": 'verdict_4a = LABELS[2]\n'}],
    "verdict_4b": [{"idea": "capitalised", "source": 'verdict_4b = "Unverified"\n'}],
    "verdict_5a": [{"idea": "capitalised, with a comment", "source": 'verdict_5a = "True"  # opt-in, per lesson 05\n'}],
    "verdict_5b": [{"idea": "spaces around the label", "source": 'verdict_5b = "  false  "\n'}],
    "perk_tier": [
        {
            "idea": "bisect on the sorted thresholds; the range from literal numbers; other message wording",
            "source": (
                "from bisect import bisect_right\n"
                "\n"
                "def perk_tier(score):\n"
                "    if score < 350 or score > 950:\n"
                "        raise ValueError(f'{score} is not a Sesame score: score must lie in 350..950')\n"
                "    return bisect_right([600, 650, 750], score)\n"
            ),
        },
        {
            "idea": "numpy comparison converted to a Python int; range from SESAME_RANGE",
            "source": (
                "import numpy as np\n"
                "\n"
                "def perk_tier(score):\n"
                "    low, high = SESAME_RANGE\n"
                "    if score < low or score > high:\n"
                "        raise ValueError('score out of range')\n"
                "    thresholds = np.array([t for t, *_ in PERK_THRESHOLDS])\n"
                "    return int(np.count_nonzero(score >= thresholds))\n"
            ),
        },
    ],
}
