"""Plausibly wrong answers for exercise 05, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks. Each label below is a tempting
misreading of the evidence in lesson 05, not a random wrong label.
"""

WRONG_ANSWERS = {
    "verdict_1": {
        # Tencent did have a credit product and the state was involved as regulator, so
        # "misleading" tempts; but the central statement (Tencent built Sesame) is wrong.
        "source": 'verdict_1 = "misleading"\n',
        "loses": ["test_verdict_1"],
    },
    "verdict_2": {
        # Treats the company's denials and published categories as mere absence of evidence.
        "source": 'verdict_2 = "unverified"\n',
        "loses": ["test_verdict_2"],
    },
    "verdict_3": {
        # The rewards were real, so the whole claim looks true; the punishments are mislocated.
        "source": 'verdict_3 = "true"\n',
        "loses": ["test_verdict_3"],
    },
    "verdict_4a": {
        # "Interpersonal relationships" is a real category, so the drag-down story is accepted whole.
        "source": 'verdict_4a = "true"\n',
        "loses": ["test_verdict_4a"],
    },
    "verdict_4b": {
        # "No evidence it launched" read as "it is false": confuses unverified with false.
        "source": 'verdict_4b = "false"\n',
        "loses": ["test_verdict_4b"],
    },
    "verdict_5a": {
        # The 2018 pre-ticked consent box read as proof that Sesame was never really opt-in.
        "source": 'verdict_5a = "misleading"\n',
        "loses": ["test_verdict_5a"],
    },
    "verdict_5b": {
        # Takes the post's prediction at its word.
        "source": 'verdict_5b = "true"\n',
        "loses": ["test_verdict_5b"],
    },
    "perk_tier": {
        # Three slips at once, so that every perk_tier test cell is shown to fail: reads "600 or
        # more" as "above 600", returns numpy's integer instead of a Python int, and never checks
        # the published range. COMMON_MISTAKES below takes them one at a time.
        "source": ("import numpy as np\n\n"
                   "def perk_tier(score):\n"
                   "    return np.sum(score > np.array([600, 650, 750]))\n"),
        "loses": ["test_perk_tier_counts", "test_perk_tier_boundaries", "test_perk_tier_rejects"],
    },
}


# The most common wrong answers, one slip each, with the test cells each must lose. The visible
# checks catch every one of them with a message that teaches (tests/alternative_answers/README.md
# has the mirror image: answers that must keep every point).
COMMON_MISTAKES = {
    "perk_tier": [
        {"idea": "reads '600 or more' as 'above 600'",
         "source": ("def perk_tier(score):\n"
                    "    if not 350 <= score <= 950:\n"
                    "        raise ValueError(f'score must be in 350-950, got {score}')\n"
                    "    return sum(score > threshold for threshold, *_ in PERK_THRESHOLDS)\n"),
         "loses": ["test_perk_tier_boundaries"]},
        {"idea": "returns a numpy integer, not a Python int",
         "source": ("import numpy as np\n\n"
                    "def perk_tier(score):\n"
                    "    if not 350 <= score <= 950:\n"
                    "        raise ValueError(f'score must be in 350-950, got {score}')\n"
                    "    return np.sum(score >= np.array([600, 650, 750]))\n"),
         "loses": ["test_perk_tier_counts"]},
        {"idea": "never checks the published range",
         "source": ("def perk_tier(score):\n"
                    "    return sum(score >= threshold for threshold, *_ in PERK_THRESHOLDS)\n"),
         "loses": ["test_perk_tier_rejects"]},
    ],
}
