"""Plausibly wrong answers for exercise 03, one per autograded answer."""

WRONG_ANSWERS = {
    "league_outcome": {
        # Returns outcomes in rank order instead of the order given, and never checks the zones.
        "source": ("def league_outcome(xp, promote, demote):\n"
                   "    n = len(xp)\n"
                   "    return [1 if r < promote else (-1 if r >= n - demote else 0) for r in range(n)]\n"),
        "loses": ["test_league_outcome", "test_league_outcome_ties", "test_league_outcome_errors"],
    },
    "boundary_distance": {
        # Numbers places from 1, so every distance is off by one place, and forgets the case with
        # no boundary at all (np.min over no boundaries raises a ValueError).
        "source": ("def boundary_distance(cohort_size, promote, demote):\n"
                   "    place = np.arange(1, cohort_size + 1, dtype=float)\n"
                   "    bounds = [b for b, z in ((promote - 0.5, promote), (cohort_size - demote - 0.5, demote)) if z > 0]\n"
                   "    return np.min(np.abs(place[:, None] - np.array(bounds)[None, :]), axis=1)\n"),
        "loses": ["test_boundary_distance", "test_boundary_distance_one_zone", "test_boundary_distance_none"],
    },
}
