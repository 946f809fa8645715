"""The course's late policy: a share of the score per started day late, as an nbgrader plugin."""
from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from . import limits

__all__ = [
    "LatePenaltyPerDay",
    "late_penalty",
]


SECONDS_PER_DAY = 86_400


def late_penalty(score: float, seconds_late: float, fraction_per_day: float = limits.LATE_FRACTION_PER_DAY) -> float:
    """Points taken off a notebook handed in ``seconds_late`` seconds after the deadline.

    Each started day late costs ``fraction_per_day`` of the notebook's score, up to all of it,
    rounded to the cent (0.01 point), so the export reads 0.3, not 0.30000000000000004.

    Parameters
    ----------
    score : float
        The notebook's score before the penalty, at least 0.
    seconds_late : float
        How late it was handed in, at least 0.
    fraction_per_day : float
        Share of the score lost per started day, in [0, 1].

    Returns
    -------
    float
        The penalty, between 0 and ``score``, rounded to two decimals.

    Examples
    --------
    >>> late_penalty(10.0, 0)
    0.0
    >>> late_penalty(10.0, 3600)        # one hour late: one started day
    1.0
    >>> late_penalty(10.0, 30 * 86400)  # a month late: everything
    10.0
    >>> late_penalty(3.0, 3600)         # 3 * 0.1 is 0.30000000000000004 in floating point
    0.3
    """
    if score < 0:
        raise ValueError(f"score must be at least 0, got {score!r}")
    if seconds_late < 0:
        raise ValueError(f"seconds_late must be at least 0, got {seconds_late!r}")
    if not 0 <= fraction_per_day <= 1:
        raise ValueError(f"fraction_per_day must be in [0, 1], got {fraction_per_day!r}")
    days = math.ceil(seconds_late / SECONDS_PER_DAY)
    return float(min(score, round(score * fraction_per_day * days, 2)))


class LatePenaltyPerDay(LateSubmissionPlugin):
    """nbgrader plugin: lose ``fraction_per_day`` of the score per started day late."""

    fraction_per_day = Float(limits.LATE_FRACTION_PER_DAY, help="Share of the score lost per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return late_penalty(score, total_seconds_late, self.fraction_per_day)
