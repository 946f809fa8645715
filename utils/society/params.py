"""The toy scoring society's parameters: one table of symbols, ranges and meanings, and the validated dataclass.

Sliders, docstrings and lessons take a parameter's symbol, range and meaning from
:data:`PARAMETER_TABLE`; :class:`SocialCreditParams` holds one setting of them.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..core.checks import check_choice, check_number

__all__ = [
    "SocialCreditParams",
    "PARAMETER_TABLE",
    "PARAMETER_LABELS",
    "params_code",
]


# name: (symbol, low, high, meaning). The spec's slider range for peer_weight is 0-0.95;
# the model also accepts 1 (pure DeGroot averaging, own behaviour ignored).
PARAMETER_TABLE = {
    "peer_weight": ("β", 0.0, 1.0, "weight of friends' scores in your score"),
    "endorsement_weight": ("w", 0.0, 1.0, "weight of public endorsement in own behaviour"),
    "conformity": ("γ", 0.0, 1.0, "conformity pressure / fear of isolation"),
    "score_stake": ("ρ", 0.0, 0.5, "how much people care about their score"),
    "tie_value": ("ψ", 0.0, 5.0, "value of a tie (threat of being cut off)"),
    "exclusion_rate": ("φ", 0.0, 0.5, "chance per step of cutting a tie to a low scorer, times (self-protection + κ)"),
    "stigma": ("κ", 0.0, 1.0, "shunning of low scorers for the score's use alone, whatever the rule does to your own score"),
    "cutoff_share": ("q", 0.0, 0.3, "relative cutoff: the lowest share q of scores is 'low'"),
    "cutoff_score": ("τ", 0.0, 1.0, "absolute cutoff: scores below τ are 'low'"),
    "rewiring": ("r", 0.0, 1.0, "chance that a cut tie is replaced by a tie to someone not low"),
    "low_rewiring": ("r_L", 0.0, 1.0, "chance that a cut tie between two low scorers is replaced too (0: never)"),
    "default_score": ("s_def", 0.0, 0.5, "score of non-members, and peer term of people with no ties"),
    "mandatoriness": ("δ", 0.0, 0.3, "lowers everyone's adoption threshold"),
    "threshold_mean": ("μ_θ", 0.2, 0.8, "mean adoption threshold (share of enrolled friends)"),
    "threshold_sd": ("σ_θ", 0.0, 0.3, "spread of adoption thresholds"),
    "initial_enrolment": ("m₀", 0.0, 1.0, "chance each person is enrolled at the start (1 = mandatory)"),
    "internalisation": ("η", 0.0, 0.1, "rate at which private attitudes drift toward what friends say"),
    "confidence": ("ε", 0.1, 0.5, "bounded-confidence window for internalisation"),
}

#: The short name a slider shows before the symbol (the table's meaning goes in its tooltip).
PARAMETER_LABELS = {
    "peer_weight": "friends' weight",
    "endorsement_weight": "weight of endorsing",
    "conformity": "conformity pressure",
    "score_stake": "care about the score",
    "tie_value": "value of a tie",
    "exclusion_rate": "exclusion rate",
    "stigma": "stigma",
    "cutoff_share": "relative cutoff",
    "cutoff_score": "absolute cutoff",
    "rewiring": "rewiring",
    "low_rewiring": "rewiring among low scorers",
    "default_score": "score of non-members",
    "mandatoriness": "mandatoriness",
    "threshold_mean": "mean threshold",
    "threshold_sd": "threshold spread",
    "initial_enrolment": "enrolled at start",
    "internalisation": "internalisation",
    "confidence": "confidence window",
}


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
        φ in [0, 0.5], default 0.05: a tie to a low scorer is cut with probability
        φ(σ + κ) per step (capped at 1), where σ is the self-protection measured from the
        scoring rule in use (β for the default rule) and κ is ``stigma``.
    stigma : float
        κ in [0, 1], default 0: how much people shun low scorers because of what the score is
        used for (it is visible, it marks someone), whatever the rule does to their own score.
        With κ = 0 only self-protection cuts ties; with κ > 0 low scorers are cut off under
        any rule, even one that ignores friends.
    cutoff : {"relative", "absolute"}
        "relative": the lowest ``cutoff_share`` of scores is low; "absolute": scores below
        ``cutoff_score`` are low.
    cutoff_share : float
        q in [0, 0.3], default 0.2.
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

    peer_weight: float = 0.5
    endorsement_weight: float = 0.5
    conformity: float = 0.4
    score_stake: float = 0.1
    tie_value: float = 1.0
    exclusion_rate: float = 0.05
    cutoff: str = "relative"
    cutoff_share: float = 0.2
    cutoff_score: float = 0.35
    rewiring: float = 0.5
    default_score: float = 0.3
    mandatoriness: float = 0.0
    threshold_mean: float = 0.5
    threshold_sd: float = 0.15
    initial_enrolment: float = 0.05
    internalisation: float = 0.0
    confidence: float = 0.3
    stigma: float = 0.0  # new fields last, so that positional use of the older fields is unchanged
    low_rewiring: float = 0.0

    def __post_init__(self):
        for name, (_, low, high, _) in PARAMETER_TABLE.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), low, high))
        check_choice("cutoff", self.cutoff, ("relative", "absolute"))

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
