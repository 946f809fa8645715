"""The course's notation: one record per symbol, for lesson 00 and both Parts.

Every symbol a lesson, an exercise or a dashboard uses has one row in :data:`NOTATION`: the
symbol, a short plain-language name (a slider's label), its meaning, the group it belongs to
(``"00"`` for the welcome, ``"I"`` for Part I, lessons 01–04, ``"II"`` for Part II, lessons
05–09), the lessons that use it and, for a model parameter, its range and default. One symbol
means one thing within a group (its lessons, their exercises and their dashboards); a letter
may mean something else in the other Part, and then the Part II lesson that introduces it says
so in one line (``tests/test_notation.py`` holds all of this).

This module is the one source of:

- every slider of a model parameter (:func:`utils.core.dashboard.parameter_slider`): label,
  tooltip, range, step and starting value;
- Part II's :data:`~utils.society.params.PARAMETER_TABLE`, ``PARAMETER_LABELS`` and the
  defaults of :class:`~utils.society.params.SocialCreditParams`;
- ``docs/notation.md`` (written by ``dev/course_docs.py``; a test fails when it drifts).

A row with ``symbol=None`` is a parameter named in words only (the course prefers words to a
symbol used once). It lives in ``utils/core`` so that Part I can read it without importing Part II.

Examples
--------
>>> row = parameter("II", "peer_weight")
>>> row.symbol, row.label, row.low, row.high, row.default
('β', "friends' weight", 0.0, 1.0, 0.5)
>>> row.slider_label
"friends' weight β"
>>> parameter("I", "step").slider_label
'step size of the delta rule'
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Symbol", "NOTATION", "GROUPS", "notation", "parameter", "group_of_lesson"]

#: The notation groups: within one, a symbol means one thing.
GROUPS = {
    "00": "Lesson 00, the welcome",
    "I": "Part I, engagement loops (lessons 01–04 and their exercises)",
    "II": "Part II, scoring people (lessons 05–09 and their exercises)",
}


@dataclass(frozen=True)
class Symbol:
    """One row of the notation record.

    Parameters
    ----------
    group : {"00", "I", "II"}
    symbol : str or None
        What the lessons write; ``None`` for a parameter named in words only.
    name : str
        The keyword argument of a model parameter (``peer_weight``), or a short id for a
        symbol that is not a parameter (``score``).
    label : str
        A short plain-language name: a slider's label (before the symbol).
    meaning : str
        One sentence a learner can read: the tooltip of a slider, a row of ``docs/notation.md``.
    lessons : tuple of str
        Two-digit lesson numbers that use the symbol; the first introduces it.
    low, high : float, optional
        The range a model parameter takes (both set for a parameter, both unset otherwise).
    default : float or str, optional
        A parameter's default (or a constant's value, such as α = 0.88).
    step : float, optional
        A slider's step; by default :func:`utils.core.dashboard.parameter_step` of the range.
    integer : bool
        An integer parameter (an integer slider).
    choices : tuple of str, optional
        The options of a parameter chosen from a list (a drop-down).
    """

    group: str
    symbol: str | None
    name: str
    label: str
    meaning: str
    lessons: tuple[str, ...]
    low: float | None = None
    high: float | None = None
    default: float | str | None = None
    step: float | None = None
    integer: bool = False
    choices: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.group not in GROUPS:
            raise ValueError(f"group must be one of {sorted(GROUPS)}, got {self.group!r}")
        if (self.low is None) != (self.high is None):
            raise ValueError(f"{self.name}: give both low and high, or neither")
        if self.low is not None and not self.low <= self.default <= self.high:
            raise ValueError(f"{self.name}: default {self.default} lies outside [{self.low}, {self.high}]")
        if self.choices is not None and self.default not in self.choices:
            raise ValueError(f"{self.name}: default {self.default!r} is not one of {self.choices}")

    @property
    def is_parameter(self) -> bool:
        """A model parameter a learner can set (it has a range or a list of choices)."""
        return self.low is not None or self.choices is not None

    @property
    def slider_label(self) -> str:
        """The label of its control: the plain-language name, then the symbol."""
        return f"{self.label} {self.symbol}" if self.symbol else self.label

    @property
    def tooltip(self) -> str:
        """The control's longer help: the meaning, the symbol and the range."""
        if self.choices is not None:
            return self.meaning
        where = f"from {self.low:g} to {self.high:g}"
        return f"{self.meaning} ({self.symbol + ', ' if self.symbol else ''}{where})"


def _p(group, symbol, name, label, meaning, lessons, low, high, default, **extra) -> Symbol:
    return Symbol(group, symbol, name, label, meaning, tuple(lessons.split()), float(low) if not
                  extra.get("integer") else int(low), float(high) if not extra.get("integer") else int(high),
                  default, **extra)


def _s(group, symbol, name, label, meaning, lessons, **extra) -> Symbol:
    return Symbol(group, symbol, name, label, meaning, tuple(lessons.split()), **extra)


NOTATION: tuple[Symbol, ...] = (
    # ---------------------------------------------------------------- lesson 00
    _p("00", "p", "p", "chance of practising on a day",
       "the chance that a learner practises on any one day, the same every day", "00", 0.5, 1.0, 0.95, step=0.01),

    # ---------------------------------------------------------------- Part I: parameters
    _p("I", "n", "n", "responses or ticks per reward",
       "how many responses a ratio schedule asks per reward (on average for a variable ratio), or how many "
       "ticks an interval schedule waits on average", "01", 1, 20, 5, integer=True),
    _p("I", "c", "c", "persistence",
       "how many of its usual gaps between rewards a rate-estimating learner waits out before giving up",
       "01", 0.5, 6.0, 3.0, step=0.5),
    _p("I", None, "c_spread", "spread of persistence",
       "how much persistence c differs from learner to learner", "01", 0.0, 1.0, 0.3, step=0.1),
    _p("I", None, "step", "step size of the delta rule",
       "the share of the gap between what happened and its estimate V that a delta-rule learner closes after "
       "each response", "01", 0.02, 0.5, 0.1, step=0.02),
    _p("I", "p", "reward_prob", "reward chance",
       "the chance that a response, or a day on which the learner acts, is rewarded", "01", 0.0, 1.0, 0.5,
       step=0.05),
    _p("I", None, "gain", "habit gain per reward",
       "how much a rewarded day raises habit strength h", "01", 0.0, 1.0, 0.3, step=0.05),
    _p("I", None, "decay", "habit decay per day (share)",
       "the share of habit strength h lost each day", "01", 0.01, 0.3, 0.05, step=0.01),
    _p("I", None, "trigger_days", "days with notifications",
       "how many days, from the first, the app sends a notification", "01", 0, 120, 30, integer=True),
    _p("I", "λ", "lam", "loss aversion",
       "how many times more a loss is felt than a gain of the same size (Tversky and Kahneman's median: 2.25)",
       "02", 1.0, 3.0, 2.25, step=0.05),
    _p("I", None, "loss_weight", "weight of the felt loss",
       "how strongly the felt loss of breaking a streak pushes a learner to practise", "02", 0.0, 0.15, 0.05,
       step=0.01),
    _p("I", "k", "freezes", "streak freezes",
       "how many days a learner can miss in a row without losing the streak", "02", 0, 2, 0, integer=True),
    _p("I", None, "boost", "effort boost at a zone boundary",
       "how much extra effort, as a multiple of usual XP, a learner makes next to a promotion or demotion "
       "boundary", "03", 0.0, 3.0, 1.0, step=0.1),
    _p("I", None, "width", "reach of the boost (places)",
       "over how many places from a zone boundary the effort boost fades", "03", 0.5, 8.0, 2.0, step=0.5),
    _p("I", None, "pull", "extra pull of the reward",
       "how much a contingent reward adds to engagement while it is given, in standard deviations", "04",
       0.0, 3.0, 1.0, step=0.1),
    _p("I", None, "during", "sessions with rewards",
       "how many sessions the rewarded group is rewarded for", "04", 1, 20, 10, integer=True),

    # ---------------------------------------------------------------- Part I: other symbols
    _s("I", "α", "alpha", "curvature",
       "how the value of a gain or loss bends: each further unit counts a little less, for gains and losses "
       "alike (the value is Tversky and Kahneman's median estimate)", "02", default=0.88),
    _s("I", "p̂", "p_hat", "estimated reward rate",
       "a rate-estimating learner's estimate of the chance that a response is rewarded", "01"),
    _s("I", "V", "value_estimate", "estimate of reward",
       "a delta-rule learner's running estimate of the reward a response brings", "01"),
    _s("I", "θ", "response_threshold", "response threshold",
       "a delta-rule learner responds while V stays above θ", "01"),
    _s("I", "r", "response_rewarded", "reward of a response",
       "1 when a response is rewarded, 0 when it is not (what the delta rule learns from)", "01"),
    _s("I", "R", "day_rewarded", "reward of a day",
       "1 on a day the learner acts and is rewarded, 0 otherwise (what builds habit in the hook loop)", "01"),
    _s("I", "h", "habit", "habit strength",
       "a learner's habit of opening the app, in logit units", "01"),
    _s("I", "z", "logistic_input", "input of the logistic function",
       "any number: logistic(z) = 1 / (1 + e^(−z)) turns it into a chance between 0 and 1", "01 02"),
    _s("I", "g", "hedges_g", "Hedges' g",
       "an effect size: a difference between group means in pooled standard deviations, corrected for small "
       "samples", "01"),
    _s("I", "x", "outcome", "gain or loss",
       "a change from the reference point: a gain when x ≥ 0, a loss when x < 0", "02"),
    _s("I", "v", "cpt_value", "felt value",
       "prospect theory's value of a gain or loss x: v(x) = x^α for gains and −λ(−x)^α for losses", "02"),
    _s("I", "L", "streak_length", "streak length",
       "the days of streak a learner would lose by missing today", "02"),
    _s("I", "q", "miss_chance", "daily miss chance",
       "the chance that a learner misses any one day", "02"),
    _s("I", "E", "expected_days", "expected days to break",
       "the expected number of days until a streak breaks", "02"),
    _s("I", "d", "cohens_d", "Cohen's d",
       "an effect size: the difference between two group means in pooled standard deviations", "03 04"),

    # ---------------------------------------------------------------- Part II: parameters of the toy society
    _p("II", "β", "peer_weight", "friends' weight",
       "weight of friends' scores in your score", "06 07 08 09", 0.0, 1.0, 0.5),
    _p("II", "w", "endorsement_weight", "weight of endorsing",
       "weight of public endorsement in own behaviour", "06", 0.0, 1.0, 0.5),
    _p("II", "γ", "conformity", "conformity pressure",
       "conformity pressure / fear of isolation", "06", 0.0, 1.0, 0.4),
    _p("II", "ρ", "score_stake", "care about the score",
       "how much people care about their score", "06", 0.0, 0.5, 0.1),
    _p("II", "ψ", "tie_value", "value of a tie",
       "value of a tie (threat of being cut off)", "06", 0.0, 5.0, 1.0),
    _p("II", "φ", "exclusion_rate", "exclusion rate",
       "how readily ties to low scorers are cut: the cut chance c grows with φ, with the gain from cutting g "
       "and with stigma κ", "07 09", 0.0, 0.5, 0.05),
    _p("II", "κ", "stigma", "stigma",
       "shunning of low scorers for the score's use alone, whatever the rule does to your own score",
       "07 09", 0.0, 1.0, 0.0),
    _s("II", None, "cutoff", "cutoff rule",
       "relative: the lowest share z of scores is low; absolute: scores below τ are low", "07 08",
       default="relative", choices=("relative", "absolute")),
    _p("II", "z", "cutoff_share", "relative cutoff",
       "relative cutoff: the lowest share z of scores is 'low', like a league's demotion zone", "07",
       0.0, 0.3, 0.2),
    _p("II", "τ", "cutoff_score", "absolute cutoff",
       "absolute cutoff: scores below τ are 'low'", "07 08", 0.0, 1.0, 0.35),
    _p("II", "r", "rewiring", "rewiring",
       "chance that a cut tie is replaced by a tie to someone not low", "07", 0.0, 1.0, 0.5),
    _p("II", "r_L", "low_rewiring", "rewiring among low scorers",
       "chance that a cut tie between two low scorers is replaced too (0: never)", "07 08", 0.0, 1.0, 0.0),
    _p("II", "s_def", "default_score", "score of non-members",
       "score of non-members, and peer term of people with no ties", "06 07 08", 0.0, 0.5, 0.3),
    _p("II", "δ", "mandatoriness", "mandatoriness",
       "lowers everyone's adoption threshold", "08", 0.0, 0.3, 0.0),
    _p("II", "μ_θ", "threshold_mean", "mean threshold",
       "mean adoption threshold (share of enrolled friends)", "08", 0.2, 0.8, 0.5),
    _p("II", "σ_θ", "threshold_sd", "threshold spread",
       "spread of adoption thresholds", "08", 0.0, 0.3, 0.15),
    _p("II", "m₀", "initial_enrolment", "enrolled at start",
       "chance each person is enrolled at the start (1 = mandatory)", "06 08 09", 0.0, 1.0, 0.05),
    _p("II", "η", "internalisation", "internalisation",
       "rate at which private attitudes drift toward what friends say", "06", 0.0, 0.1, 0.0),
    _p("II", "ε", "confidence", "confidence window",
       "bounded-confidence window for internalisation", "06", 0.1, 0.5, 0.3),

    # ---------------------------------------------------------------- Part II: the model's other symbols
    _s("II", "q", "merit", "merit",
       "a person's baseline merit, how well they behave by the scheme's lights, in [0, 1]", "06"),
    _s("II", "x", "attitude", "private attitude",
       "what a person privately thinks of the scheme, in [0, 1] (x ≥ ½: in favour)", "06"),
    _s("II", "y", "expressed", "public endorsement",
       "1 if a person says 'I endorse' in public, 0 if they stay silent", "06"),
    _s("II", "m", "enrolled", "enrolled",
       "1 if a person is enrolled in the scheme, 0 if not", "06 08"),
    _s("II", "u", "behaviour", "own behaviour",
       "own behaviour as the scheme sees it: merit and endorsement for members, s_def for non-members", "06"),
    _s("II", "s", "score", "score",
       "a person's score, in [0, 1]", "06 07 08 09"),
    _s("II", "W", "averaging", "averaging matrix",
       "the matrix that averages over each person's friends (each row sums to 1)", "07"),
    _s("II", "π", "endorsing_friends", "endorsing friends",
       "the share of a person's friends who say 'I endorse' (½ for someone with no ties)", "06"),
    _s("II", "S", "stake", "stake",
       "what saying 'I endorse' is worth to an enrolled person: the score it adds and the ties it keeps, "
       "scaled by ρ", "06"),
    _s("II", "θ", "threshold", "adoption threshold",
       "the share of enrolled friends at which a person enrols", "08"),
    _s("II", "m̄", "share_enrolled", "share enrolled",
       "the share of people enrolled (the average of m): Granovetter's map takes it to F(m̄)", "08"),
    _s("II", "F", "granovetter_map", "Granovetter's map",
       "F(m̄): the share of people whose threshold is at most m̄, so who would enrol once a share m̄ has", "08"),
    _s("II", "L", "low_scorers", "low scorers",
       "the people below the cutoff (the lowest share z, or scores below τ)", "07"),
    _s("II", "c", "cut_chance", "cut chance",
       "the chance per step that a tie touching a low scorer is cut", "07 09"),
    _s("II", "g", "cut_gain", "gain from cutting",
       "what cutting a low-scoring friend does to the cutter's own next score under the rule in use", "07 09"),
    _s("II", "λ", "behaviour_weight", "behaviour weight",
       "how much a score moves per unit of own behaviour u under the rule in use (1 − β for the default rule)",
       "09"),
    _s("II", "k", "degree", "friends",
       "how many friends (ties) a person has", "08"),
    _s("II", "N", "people", "people",
       "how many people the society has", "06 07 08"),
)


def notation(group: str | None = None, *, parameters: bool | None = None) -> list[Symbol]:
    """The rows of one group (or all), optionally only parameters (True) or only other symbols (False).

    Examples
    --------
    >>> [row.symbol for row in notation("00")]
    ['p']
    >>> len(notation("II", parameters=True))
    19
    """
    if group is not None and group not in GROUPS:
        raise ValueError(f"group must be one of {sorted(GROUPS)}, got {group!r}")
    return [row for row in NOTATION if (group is None or row.group == group)
            and (parameters is None or row.is_parameter == parameters)]


def parameter(group: str, name: str) -> Symbol:
    """The row of the parameter (or symbol) ``name`` in ``group``.

    Examples
    --------
    >>> parameter("I", "lam").symbol
    'λ'
    >>> parameter("I", "peer_weight")
    Traceback (most recent call last):
    ...
    KeyError: "group I has no row named 'peer_weight'; its parameters are ['boost', 'c', 'c_spread', 'decay', 'during', 'freezes', 'gain', 'lam', 'loss_weight', 'n', 'pull', 'reward_prob', 'step', 'trigger_days', 'width']"
    """
    for row in notation(group):
        if row.name == name:
            return row
    known = sorted(row.name for row in notation(group, parameters=True))
    raise KeyError(f"group {group} has no row named {name!r}; its parameters are {known}")


def group_of_lesson(number: str | int) -> str:
    """The notation group of a lesson or exercise number: "00", "I" (01–04) or "II" (05–09).

    Examples
    --------
    >>> group_of_lesson("03"), group_of_lesson(7), group_of_lesson("00")
    ('I', 'II', '00')
    """
    value = int(number)
    if not 0 <= value <= 9:
        raise ValueError(f"number must be a lesson number from 0 to 9, got {number!r}")
    return "00" if value == 0 else "I" if value <= 4 else "II"
