"""Overjustification and self-determination theory (SDT), plus the audit frameworks of lesson 04.

The overjustification model follows the course reference: intrinsic motivation I falls
by a fixed *drop* in every session with an *expected*, tangible, contingent reward and
rises by a fixed *rise* in every session with informational (positive) feedback,

    I_{t+1} = I_t − drop·1[expected tangible contingent reward] + rise·1[informational feedback],

and engagement in free-choice time after the rewards stop is I alone. The drop and the rise
are sized so that the simulated free-choice effect size, rewarded group against an untouched
control group, equals the meta-analytic d of Deci, Koestner & Ryan (1999). (They are words,
not Greek letters: κ is Part II's stigma.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_bool, check_choice, check_integer, check_number, make_rng

__all__ = [
    "DKR1999_FREE_CHOICE",
    "DKR1999_POSITIVE_FEEDBACK",
    "DKR1999_POSITIVE_FEEDBACK_INTEREST",
    "SDT_NEEDS",
    "OCTALYSIS_DRIVES",
    "MATHUR2019_CATEGORIES",
    "cohens_d",
    "OverjustificationResult",
    "simulate_overjustification",
]


#: Free-choice effect sizes (Cohen's d) from Deci, Koestner & Ryan (1999), 128 studies.
DKR1999_FREE_CHOICE = {
    "none": 0.0,
    "engagement-contingent": -0.40,
    "completion-contingent": -0.36,
    "performance-contingent": -0.28,
}
#: Positive feedback: d = +0.33 on free-choice behaviour, +0.31 on self-reported interest.
DKR1999_POSITIVE_FEEDBACK = 0.33
DKR1999_POSITIVE_FEEDBACK_INTEREST = 0.31

#: The three basic needs of self-determination theory (Ryan & Deci 2000).
SDT_NEEDS = ("competence", "autonomy", "relatedness")

#: Octalysis core drives (Chou 2015) and where each sits: "white" hat drives fulfil,
#: "black" hat drives create urgency, "between" sits in neither group.
OCTALYSIS_DRIVES = {
    "Epic Meaning & Calling": "white",
    "Development & Accomplishment": "white",
    "Empowerment of Creativity & Feedback": "white",
    "Ownership & Possession": "between",
    "Social Influence & Relatedness": "between",
    "Scarcity & Impatience": "black",
    "Unpredictability & Curiosity": "black",
    "Loss & Avoidance": "black",
}

#: The seven categories of dark patterns found on shopping sites by Mathur et al. (2019).
MATHUR2019_CATEGORIES = ("Sneaking", "Urgency", "Misdirection", "Social Proof", "Scarcity",
                         "Obstruction", "Forced Action")


def cohens_d(treated, control) -> float:
    """Cohen's d: difference of means over the pooled standard deviation.

    Examples
    --------
    >>> cohens_d([2.0, 3.0, 4.0], [1.0, 2.0, 3.0])
    1.0
    """
    a = np.asarray(treated, dtype=float)
    b = np.asarray(control, dtype=float)
    if a.size < 2 or b.size < 2:
        raise ValueError("treated and control must each hold at least two values")
    pooled = np.sqrt(((a.size - 1) * a.var(ddof=1) + (b.size - 1) * b.var(ddof=1))
                     / (a.size + b.size - 2))
    if pooled == 0:
        raise ValueError("treated and control have no spread; d is undefined")
    return float((a.mean() - b.mean()) / pooled)


@dataclass(frozen=True)
class OverjustificationResult:
    """A rewarded group and a control group, session by session.

    Attributes
    ----------
    intrinsic : ndarray, shape (n_learners, sessions)
        The rewarded group's intrinsic motivation (standard-deviation units).
    engagement, control : ndarray, shape (n_learners, sessions)
        Observed free-choice engagement of the rewarded group and of the control group.
    phase : ndarray of str, shape (sessions,)
        "before", "reward" or "after" for each session.
    """

    intrinsic: np.ndarray
    engagement: np.ndarray
    control: np.ndarray
    phase: np.ndarray

    def effect_size(self) -> float:
        """Cohen's d of free-choice engagement after the rewards stop, rewarded vs control."""
        after = self.phase == "after"
        return cohens_d(self.engagement[:, after].mean(axis=1), self.control[:, after].mean(axis=1))


def simulate_overjustification(n_learners: int = 1000, *, reward: str = "engagement-contingent",
                               expected: bool = True, feedback: bool = False,
                               before: int = 5, during: int = 10, after: int = 10,
                               pull: float = 1.0, noise: float = 0.5,
                               seed=None) -> OverjustificationResult:
    """Intrinsic motivation before, during and after contingent rewards.

    Both groups start with intrinsic motivation I ~ Normal(0, 1). During the ``during``
    reward sessions the rewarded group also feels an extrinsic ``pull`` and its I falls
    by a fixed drop per session (only if the reward is ``expected``; unexpected rewards leave
    I alone, as in Lepper, Greene & Nisbett 1973) and rises by a fixed rise per session with
    ``feedback``. Observed engagement is I (+ pull while rewarded) plus session noise.
    The control group is never rewarded. The drop and the rise are chosen so that, averaged over the
    after-phase, the expected d of the rewarded group against control is the value
    from Deci, Koestner & Ryan (1999) for ``reward`` (plus +0.33 with feedback).

    Parameters
    ----------
    n_learners : int
        Size of each group.
    reward : {"none", "engagement-contingent", "completion-contingent", "performance-contingent"}
    expected : bool
    feedback : bool
        Informational positive feedback during the reward phase.
    before, during, after : int
        Sessions in each phase (``during`` and ``after`` at least 1).
    pull : float in [0, 5]
        Extra engagement while the reward is on offer (SD units).
    noise : float in [0, 5]
        Session-to-session noise (SD units).
    seed : int, numpy.random.Generator or None

    Returns
    -------
    OverjustificationResult

    References
    ----------
    Deci, E.L., Koestner, R. & Ryan, R.M. (1999). Psychol. Bull. 125(6), 627–668.

    Examples
    --------
    >>> res = simulate_overjustification(20_000, reward="engagement-contingent", seed=1)
    >>> round(res.effect_size(), 2)
    -0.4
    >>> round(simulate_overjustification(20_000, reward="none", seed=1).effect_size(), 2)
    0.0
    """
    n_learners = check_integer("n_learners", n_learners, 2, 10_000_000)
    reward = check_choice("reward", reward, tuple(DKR1999_FREE_CHOICE))
    expected, feedback = check_bool("expected", expected), check_bool("feedback", feedback)
    before = check_integer("before", before, 0, 10_000)
    during = check_integer("during", during, 1, 10_000)
    after = check_integer("after", after, 1, 10_000)
    pull = check_number("pull", pull, 0, 5)
    noise = check_number("noise", noise, 0, 5)
    rng = make_rng(seed)
    # The after-phase mean over `after` sessions has sd sqrt(1 + noise²/after): scale the
    # shift so that d on that mean is the meta-analytic value.
    scale = np.sqrt(1 + noise ** 2 / after)
    drop = -DKR1999_FREE_CHOICE[reward] * scale / during if (expected and reward != "none") else 0.0
    rise = DKR1999_POSITIVE_FEEDBACK * scale / during if feedback else 0.0
    sessions = before + during + after
    phase = np.array(["before"] * before + ["reward"] * during + ["after"] * after)
    step = np.where(phase == "reward", rise - drop, 0.0)
    # I before each session: the shift of all earlier sessions
    shift = np.concatenate([[0.0], np.cumsum(step)[:-1]])
    start = rng.standard_normal((n_learners, 1))
    intrinsic = start + shift[None, :]
    extra = np.where(phase == "reward", pull, 0.0)
    engagement = intrinsic + extra + noise * rng.standard_normal((n_learners, sessions))
    control = rng.standard_normal((n_learners, 1)) + noise * rng.standard_normal((n_learners, sessions))
    return OverjustificationResult(intrinsic, engagement, control, phase)
