"""Correct answers for exercise 04 written independently of the solution.

Format: tests/alternative_answers/README.md. Each source replaces the whole answer cell.
"""

ALTERNATIVE_ANSWERS = {
    "cohens_d": [
        {
            "idea": "pure Python: sums of squared deviations instead of numpy variances",
            "source": (
                "def cohens_d(treated, control):\n"
                "    a, b = [float(v) for v in treated], [float(v) for v in control]\n"
                "    ma, mb = sum(a) / len(a), sum(b) / len(b)\n"
                "    ss = sum((v - ma) ** 2 for v in a) + sum((v - mb) ** 2 for v in b)\n"
                "    return (ma - mb) / math.sqrt(ss / (len(a) + len(b) - 2))\n"
            ),
        },
        {
            "idea": "statistics module for means and sample variances",
            "source": (
                "import statistics\n"
                "\n"
                "def cohens_d(treated, control):\n"
                "    a, b = list(map(float, treated)), list(map(float, control))\n"
                "    n1, n2 = len(a), len(b)\n"
                "    pooled = ((n1 - 1) * statistics.variance(a) + (n2 - 1) * statistics.variance(b)) / (n1 + n2 - 2)\n"
                "    return float((statistics.fmean(a) - statistics.fmean(b)) / pooled ** 0.5)\n"
            ),
        },
    ],
    "campaign_effects": [
        {
            "idea": "column indices from np.flatnonzero and np.mean over them, one window at a time",
            "source": (
                "def campaign_effects(result):\n"
                "    effects = []\n"
                "    for label in ('reward', 'after'):\n"
                "        cols = np.flatnonzero(result.phase == label)\n"
                "        rewarded = np.mean(result.engagement[:, cols], axis=1)\n"
                "        control = np.mean(result.control[:, cols], axis=1)\n"
                "        effects.append(cohens_d(rewarded, control))\n"
                "    return tuple(effects)\n"
            ),
        },
        {
            "idea": "sum over the window divided by its length, using a 0/1 weight vector",
            "source": (
                "def campaign_effects(result):\n"
                "    def window(label):\n"
                "        w = (result.phase == label).astype(float)\n"
                "        return cohens_d(result.engagement @ w / w.sum(), result.control @ w / w.sum())\n"
                "    during = window('reward')\n"
                "    after = window('after')\n"
                "    return (during, after)\n"
            ),
        },
    ],
    "black_hat_share": [
        {
            "idea": "validate everything first, then count with a generator",
            "source": (
                "def black_hat_share(feature_drives):\n"
                "    unknown = [d for d in feature_drives.values() if d not in OCTALYSIS_DRIVES]\n"
                "    if unknown:\n"
                "        raise ValueError(f'not an Octalysis drive: {unknown[0]}')\n"
                "    black = sum(OCTALYSIS_DRIVES[d] == 'black' for d in feature_drives.values())\n"
                "    return black / len(feature_drives)\n"
            ),
        },
        {
            "idea": "look each drive up with dict.get and a sentinel, then take a numpy mean",
            "source": (
                "def black_hat_share(feature_drives):\n"
                "    hats = []\n"
                "    for feature, drive in feature_drives.items():\n"
                "        hat = OCTALYSIS_DRIVES.get(drive)\n"
                "        if hat is None:\n"
                "            raise ValueError('feature %r uses an unknown drive: %s' % (feature, drive))\n"
                "        hats.append(hat == 'black')\n"
                "    return float(np.mean(hats))\n"
            ),
        },
    ],
}
