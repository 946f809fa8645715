"""The toy scoring society's parameters: the table sliders are built from, and the validated dataclass.

A parameter's symbol, label, range, default and meaning live in one place, the course's
notation record (:mod:`utils.core.parameters`, Part II's rows); :data:`PARAMETER_TABLE` and
:data:`PARAMETER_LABELS` are views of those rows, and the defaults of
:class:`SocialCreditParams` are read from them. :class:`SocialCreditParams` holds one setting.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..core.checks import check_choice, check_number
from ..core.parameters import notation, parameter

__all__ = [
    "SocialCreditParams",
    "PARAMETER_TABLE",
    "PARAMETER_LABELS",
    "params_code",
]


_NUMBERS = [row for row in notation("II", parameters=True) if row.choices is None]

#: name: (symbol, low, high, meaning), for every number of the model, from the notation record.
#: (The spec's slider range for peer_weight is 0-0.95; the model also accepts 1: pure DeGroot
#: averaging, own behaviour ignored.)
PARAMETER_TABLE = {row.name: (row.symbol, row.low, row.high, row.meaning) for row in _NUMBERS}

#: The short name a slider shows before the symbol (the table's meaning goes in its tooltip).
PARAMETER_LABELS = {row.name: row.label for row in _NUMBERS}


def _default(name: str):
    return parameter("II", name).default


@dataclass(frozen=True)
class SocialCreditParams:
    """Parameters of the toy scoring society, with the spec's defaults; validated on creation.

    Parameters
    ----------
    peer_weight : float
        β in [0, 1], default 0.5: weight of friends' average score in your score.
    endorsement_weight : float
        w in [0, 1], default 0.5: weight of public endorsement in own behaviour.
    conformity : float
        γ in [0, 1], default 0.4: pressure to say what your friends say.
    score_stake : float
        ρ in [0, 0.5], default 0.1: how much people care about their score.
    tie_value : float
        ψ in [0, 5], default 1: how much people fear losing ties.
    exclusion_rate : float
        φ in [0, 0.5], default 0.05: how readily ties to low scorers are cut. Per step a
        would-be cutter (an end of the tie whose friend is low) cuts with probability
        c = 1 − (1 − c_self)(1 − φκ): self-protection c_self = φ · min(1, g / |Δ|) when the
        gain g from cutting (their next score without the tie minus with it, under the rule
        in use) is positive, else 0, with Δ the change the cut makes to their friends'
        average (c_self = φβ for the default rule wherever cutting pays); and stigma φκ.
    stigma : float
        κ in [0, 1], default 0: how much people shun low scorers because of what the score is
        used for (it is visible, it marks someone), whatever the rule does to their own score.
        It is a reason to cut independent of the gain g, so no incentive in the rule cancels
        it: with κ = 0 only self-protection cuts ties (none where cutting never pays); with
        κ > 0 low scorers are cut off under any rule, even one that ignores friends or
        rewards having low-scoring friends.
    cutoff : {"relative", "absolute"}
        "relative": the lowest share ``cutoff_share`` (z) of scores is low; "absolute": scores below
        ``cutoff_score`` are low.
    cutoff_share : float
        z in [0, 0.3], default 0.2: the relative cutoff, the lowest share z of scores.
    cutoff_score : float
        τ in [0, 1], default 0.35.
    rewiring : float
        r in [0, 1], default 0.5: chance that a cut tie with one end outside the low scorers
        is replaced (that end ties to a random person who is not low).
    low_rewiring : float
        r_L in [0, 1], default 0: chance that a cut tie between two low scorers is replaced:
        one of its ends, picked at random, ties to a random person who is not low. With the
        default 0 such ties are never replaced, so low scorers end up isolated rather than
        drawn back in; ``low_rewiring=rewiring`` treats every cut tie alike.
    default_score : float
        s_def in [0, 0.5], default 0.3.
    mandatoriness : float
        δ in [0, 0.3], default 0: subtracted from every adoption threshold.
    threshold_mean, threshold_sd : float
        μ_θ in [0.2, 0.8] (default 0.5) and σ_θ in [0, 0.3] (default 0.15).
    initial_enrolment : float
        m₀ in [0, 1], default 0.05.
    internalisation : float
        η in [0, 0.1], default 0.
    confidence : float
        ε in [0.1, 0.5], default 0.3.

    Examples
    --------
    >>> p = SocialCreditParams(peer_weight=0.8)
    >>> p.peer_weight, p.conformity
    (0.8, 0.4)
    >>> SocialCreditParams(peer_weight=1.5)
    Traceback (most recent call last):
    ...
    ValueError: peer_weight must be between 0 and 1, got 1.5
    """

    # Defaults from the notation record (the docstring above repeats them for readers).
    peer_weight: float = _default("peer_weight")
    endorsement_weight: float = _default("endorsement_weight")
    conformity: float = _default("conformity")
    score_stake: float = _default("score_stake")
    tie_value: float = _default("tie_value")
    exclusion_rate: float = _default("exclusion_rate")
    cutoff: str = _default("cutoff")
    cutoff_share: float = _default("cutoff_share")
    cutoff_score: float = _default("cutoff_score")
    rewiring: float = _default("rewiring")
    default_score: float = _default("default_score")
    mandatoriness: float = _default("mandatoriness")
    threshold_mean: float = _default("threshold_mean")
    threshold_sd: float = _default("threshold_sd")
    initial_enrolment: float = _default("initial_enrolment")
    internalisation: float = _default("internalisation")
    confidence: float = _default("confidence")
    stigma: float = _default("stigma")  # new fields last, so that positional use of the older fields is unchanged
    low_rewiring: float = _default("low_rewiring")

    def __post_init__(self):
        for name, (_, low, high, _) in PARAMETER_TABLE.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), low, high))
        check_choice("cutoff", self.cutoff, parameter("II", "cutoff").choices)

    def replace(self, **changes) -> "SocialCreditParams":
        """A copy with some fields changed (and validated).

        Examples
        --------
        >>> SocialCreditParams().replace(exclusion_rate=0.2).exclusion_rate
        0.2
        """
        return dataclasses.replace(self, **changes)

    def changed(self) -> dict:
        """The fields that differ from the defaults, by name."""
        default = SocialCreditParams()
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}


def params_code(params: SocialCreditParams) -> str:
    """``SocialCreditParams(...)`` source listing only the fields that differ from the defaults.

    Examples
    --------
    >>> params_code(SocialCreditParams(peer_weight=0.8, cutoff="absolute"))
    "SocialCreditParams(peer_weight=0.8, cutoff='absolute')"
    """
    parts = [f"{k}={round(v, 4) if isinstance(v, float) else v!r}" for k, v in params.changed().items()]
    return "SocialCreditParams(" + ", ".join(parts) + ")"
