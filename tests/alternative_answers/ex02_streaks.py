"""Correct answers for exercise 02 written independently of the solution.

Format: tests/alternative_answers/README.md. Each source replaces the whole answer cell.
"""

ALTERNATIVE_ANSWERS = {
    "value": [
        {
            "idea": "one expression with math.copysign and a loss weight chosen by the sign",
            "source": (
                "def value(x, alpha=0.88, lam=2.25):\n"
                "    weight = 1.0 if x >= 0 else lam\n"
                "    return math.copysign(weight * abs(x) ** alpha, x) if x else 0.0\n"
            ),
        },
        {
            "idea": "numpy: absolute value and np.where, converted back to a Python float",
            "source": (
                "import numpy as np\n"
                "\n"
                "def value(x, alpha=0.88, lam=2.25):\n"
                "    size = np.abs(float(x))\n"
                "    return float(np.where(x < 0, -lam, 1.0) * size ** alpha)\n"
            ),
        },
    ],
    "expected_days": [
        {
            "idea": "closed form of the geometric series, with q = 1 handled on its own",
            "source": (
                "def expected_days(q, k):\n"
                "    if q <= 0 or q > 1:\n"
                "        raise ValueError('q is a probability of missing a day: it must be in (0, 1]')\n"
                "    if k < 0:\n"
                "        raise ValueError('k (freezes) cannot be negative')\n"
                "    if q == 1:\n"
                "        return float(k + 1)\n"
                "    r = 1 / q\n"
                "    return r * (r ** (k + 1) - 1) / (r - 1)\n"
            ),
        },
        {
            "idea": "Horner-style loop that builds the sum from the innermost term out",
            "source": (
                "def expected_days(q, k):\n"
                "    if not (0 < q <= 1):\n"
                "        raise ValueError(f'bad q={q!r}')\n"
                "    if k < 0:\n"
                "        raise ValueError(f'bad k={k!r}')\n"
                "    total = 0.0\n"
                "    for _ in range(k + 1):\n"
                "        total = (total + 1) / q\n"
                "    return total\n"
            ),
        },
    ],
    "break_day": [
        {
            "idea": "count freezes left instead of the run of misses",
            "source": (
                "def break_day(missed, k):\n"
                "    freezes = k\n"
                "    for i, miss in enumerate(missed):\n"
                "        if not miss:\n"
                "            freezes = k\n"
                "        elif freezes == 0:\n"
                "            return i + 1\n"
                "        else:\n"
                "            freezes -= 1\n"
                "    return None\n"
            ),
        },
        {
            "idea": "search the record as a string for the first run of k + 1 misses",
            "source": (
                "def break_day(missed, k):\n"
                "    record = ''.join('x' if m else '.' for m in missed)\n"
                "    start = record.find('x' * (k + 1))\n"
                "    return None if start == -1 else start + k + 1\n"
            ),
        },
    ],
}
