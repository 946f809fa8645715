"""Plausibly wrong answers for exercise 04, one per autograded answer.

``WRONG_ANSWERS`` has one entry per answer cell (by nbgrader grade_id) for the pipeline test: a
submission where only that answer is wrong must lose exactly the test cells in ``loses``.
``COMMON_MISTAKES`` lists, by answer, the most common wrong answers to question 2, where the learner
decides which sessions to use and what one observation is; each is caught by a visible check whose
message teaches, and loses exactly the cells in ``loses``.
"""

WRONG_ANSWERS = {
    "cohens_d": {
        # Uses numpy's default population variances (ddof=0) instead of sample variances (n - 1).
        "source": ("def cohens_d(treated, control):\n"
                   "    a = np.asarray(treated, dtype=float)\n"
                   "    b = np.asarray(control, dtype=float)\n"
                   "    pooled = np.sqrt(((a.size - 1) * a.var() + (b.size - 1) * b.var()) / (a.size + b.size - 2))\n"
                   "    return float((a.mean() - b.mean()) / pooled)\n"),
        # Question 2's tests compare against the learner's own cohens_d, so only Question 1 loses.
        "loses": ["test_cohens_d", "test_cohens_d_pooled", "test_cohens_d_inputs"],
    },
    "campaign_effects": {
        # Treats every session as an observation: the session noise shrinks d.
        "source": ("def campaign_effects(result):\n"
                   "    on, off = result.phase == 'reward', result.phase == 'after'\n"
                   "    return (cohens_d(result.engagement[:, on].ravel(), result.control[:, on].ravel()),\n"
                   "            cohens_d(result.engagement[:, off].ravel(), result.control[:, off].ravel()))\n"),
        "loses": ["test_campaign_effects", "test_campaign_effects_during"],
    },
    "black_hat_share": {
        # Counts 'between' drives as black hat; an unknown drive raises KeyError, not ValueError.
        "source": ("def black_hat_share(feature_drives):\n"
                   "    hats = [OCTALYSIS_DRIVES[d] != 'white' for d in feature_drives.values()]\n"
                   "    return sum(hats) / len(hats)\n"),
        "loses": ["test_black_hat_share", "test_black_hat_errors"],
    },
}

COMMON_MISTAKES = {
    "campaign_effects": [
        {
            "idea": "every session counted as an observation (flattened), so session noise shrinks d",
            "source": WRONG_ANSWERS["campaign_effects"]["source"],
            "loses": ["test_campaign_effects", "test_campaign_effects_during"],
        },
        {
            "idea": "control group first: the sign of both effects is reversed",
            "source": ("def campaign_effects(result):\n"
                       "    d = lambda m: cohens_d(result.control[:, m].mean(axis=1), result.engagement[:, m].mean(axis=1))\n"
                       "    return d(result.phase == 'reward'), d(result.phase == 'after')\n"),
            "loses": ["test_campaign_effects", "test_campaign_effects_during"],
        },
        {
            "idea": "guesses the label 'during' (the sessions are labelled 'reward'), so during is nan",
            "source": ("def campaign_effects(result):\n"
                       "    d = lambda m: cohens_d(result.engagement[:, m].mean(axis=1), result.control[:, m].mean(axis=1))\n"
                       "    return d(result.phase == 'during'), d(result.phase == 'after')\n"),
            "loses": ["test_campaign_effects_during"],
        },
        {
            "idea": "averages every session, before and during the rewards included, for the after-effect",
            "source": ("def campaign_effects(result):\n"
                       "    on = result.phase == 'reward'\n"
                       "    during = cohens_d(result.engagement[:, on].mean(axis=1), result.control[:, on].mean(axis=1))\n"
                       "    return during, cohens_d(result.engagement.mean(axis=1), result.control.mean(axis=1))\n"),
            "loses": ["test_campaign_effects"],
        },
    ],
}
