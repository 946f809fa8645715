"""Plausibly wrong answers for exercise 04, one per autograded answer."""

WRONG_ANSWERS = {
    "cohens_d": {
        # Divides by the control group's standard deviation only (Glass's delta).
        "source": ("def cohens_d(treated, control):\n"
                   "    a = np.asarray(treated, dtype=float)\n"
                   "    b = np.asarray(control, dtype=float)\n"
                   "    return float((a.mean() - b.mean()) / b.std(ddof=1))\n"),
        # after_effect is built on the learner's cohens_d, so its exact hidden check fails too.
        "loses": ["test_cohens_d", "test_after_effect"],
    },
    "after_effect": {
        # Averages over every session, including the reward phase.
        "source": ("def after_effect(result):\n"
                   "    return cohens_d(result.engagement.mean(axis=1), result.control.mean(axis=1))\n"),
        "loses": ["test_after_effect"],
    },
    "black_hat_share": {
        # Counts 'between' drives as black hat; an unknown drive raises KeyError, not ValueError.
        "source": ("def black_hat_share(feature_drives):\n"
                   "    hats = [OCTALYSIS_DRIVES[d] != 'white' for d in feature_drives.values()]\n"
                   "    return sum(hats) / len(hats)\n"),
        "loses": ["test_black_hat_share", "test_black_hat_errors"],
    },
}
