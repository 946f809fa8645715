"""Run scoring rules side by side with the default peer-averaging rule, on the same network and start (lesson 09)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.checks import check_choice, check_integer
from ..core.figures import BAR_PATTERNS, LINE_DASHES, PALETTE, new_figure
from ..society.networks import NETWORK_KINDS, build_network
from ..society.params import SocialCreditParams
from ..society.run import SocialCreditRun, simulate

__all__ = [
    "RuleComparison",
    "compare_rules",
    "COMPARISON_MEASURES",
    "DEFAULT_RULE_NAME",
    "comparison_figure",
    "CUT_GAIN_RULES",
    "CUT_GAIN_SETTING",
    "cut_gain_table",
]


DEFAULT_RULE_NAME = "peer averaging (default)"


# column of SocialCreditRun.metrics: (short name, axis title with units or range)
COMPARISON_MEASURES = {
    "score_gini": ("score Gini", "score Gini (0 = all equal, 1 = one person has every point)"),
    "isolated_share": ("cut off", "share of people with no ties left (0 to 1)"),
    "agency": ("agency", "agency: corr(score, own conduct) (−1 to 1)"),
    "falsification_rate": ("falsification", "share publicly endorsing what they privately oppose (0 to 1)"),
}


def _rule_name(rule) -> str:
    name = getattr(rule, "__name__", "") or "your rule"
    return "your rule" if name == "<lambda>" else name


@dataclass
class RuleComparison:
    """Runs of :func:`compare_rules`, one per rule, on the same network and starting state.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per rule (the default first), one column per measure after the last step.
    runs : dict of str to SocialCreditRun
    """

    table: pd.DataFrame
    runs: dict = field(repr=False)

    def figure(self, widget: bool = False):
        """Grouped bars: each measure after the last step, one bar per rule."""
        return comparison_figure(self.table, steps=next(iter(self.runs.values())).steps, widget=widget)

    def over_time(self, measure: str = "isolated_share", widget: bool = False):
        """One line per rule: ``measure`` (a column of ``run.metrics``) at every step."""
        check_choice("measure", measure, tuple(next(iter(self.runs.values())).metrics.columns))
        short, label = COMPARISON_MEASURES.get(measure, (measure.replace("_", " "),
                                                         measure.replace("_", " ") + " (as in run.metrics)"))
        fig = new_figure(f"{short.capitalize()} over time, by scoring rule", "step (rounds of scoring)", label,
                         widget=widget)
        for i, (name, run) in enumerate(self.runs.items()):
            fig.add_trace(go.Scatter(x=run.metrics.index.to_numpy(), y=run.metrics[measure].to_numpy(), name=name,
                                     mode="lines", line={"color": PALETTE[i % len(PALETTE)], "width": 2.5,
                                                         "dash": LINE_DASHES[i % len(LINE_DASHES)]}))
        return fig


def comparison_figure(table: pd.DataFrame, steps: int = 200, widget: bool = False):
    """Grouped bar chart of ``table`` (rows: rules, columns: measures in ``COMPARISON_MEASURES``).

    Each rule's bars have their own colour and fill pattern (plain, hatched, crossed, ...).

    Examples
    --------
    >>> table = pd.DataFrame([[0.1, 0.2, 0.9, 0.0], [0.3, 0.0, 1.0, 0.0]], columns=list(COMPARISON_MEASURES),
    ...                      index=["default", "yours"])
    >>> [(bar.name, bar.marker.pattern.shape) for bar in comparison_figure(table).data]
    [('default', ''), ('yours', '/')]
    """
    fig = new_figure(f"The same society after {steps} steps, scored by different rules",
                     "measure (after the last step)", "value (shares and Gini 0 to 1; agency −1 to 1)",
                     widget=widget, height=420)
    labels = [short for short, _ in COMPARISON_MEASURES.values()]
    for i, (name, row) in enumerate(table.iterrows()):
        fig.add_trace(go.Bar(x=labels, y=[row[c] for c in COMPARISON_MEASURES], name=str(name),
                             marker={"color": PALETTE[i % len(PALETTE)],
                                     "pattern": {"shape": BAR_PATTERNS[i % len(BAR_PATTERNS)]}},
                             hovertemplate="%{x}: %{y:.3f}<extra>" + str(name) + "</extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[min(-0.05, float(np.nanmin(table[list(COMPARISON_MEASURES)].to_numpy(), initial=0)) - 0.05),
                            1.02])
    return fig


def named_rules(rules) -> dict:
    if rules is None:
        return {}
    if callable(rules):
        return {_rule_name(rules): rules}
    if isinstance(rules, Mapping):
        for name, rule in rules.items():
            if not callable(rule):
                raise TypeError(f"rules[{name!r}] must be a function rule(u, peer, s), got {type(rule).__name__}")
        return {str(k): v for k, v in rules.items()}
    raise TypeError(f"rules must be a function rule(u, peer, s) or a dict of them by name, got {type(rules).__name__}")


def compare_rules(rules, kind: str = "small world", n: int = 300, params: SocialCreditParams | None = None,
                  steps: int = 200, seed: int = 0) -> RuleComparison:
    """Run scoring rules through the model beside the default peer-averaging rule.

    Every rule runs on the same network (``build_network(kind, n, seed)``) from the same
    starting state, with the same mechanics (``params``): only the scoring rule differs.
    β (``params.peer_weight``) is the default rule's peer weight only: under each rule the
    model measures what cutting a low-scoring friend would gain the cutter (g, their own next
    score without the tie minus with it), and self-protection cuts only where that pays. A
    rule that ignores friends gives g = 0 and drives no self-protective exclusion; stigma κ
    (``params.stigma``), the shunning that comes from how the score is used, is a separate
    reason to cut, under any rule. A rule may read friends one by one with a fourth argument,
    ``rule(u, peer, s, friends)``.

    Parameters
    ----------
    rules : callable or dict of str to callable
        One rule ``rule(u, peer, s)`` or several by name. The default rule is added first
        under ``DEFAULT_RULE_NAME``.
    kind, n : str, int
        The network, as in :func:`utils.society.networks.build_network` (``n`` is ignored by real networks).
    params : SocialCreditParams, optional
    steps : int
    seed : int
        Seeds the network and each run (each run gets the same seed, so the same start).

    Returns
    -------
    RuleComparison
        ``.table`` (final measures, one row per rule), ``.runs``, ``.figure()``, ``.over_time(measure)``.

    Examples
    --------
    >>> result = compare_rules({"own conduct": lambda u, peer, s: u}, kind="karate club", steps=30, seed=1)
    >>> list(result.table.index)
    ['peer averaging (default)', 'own conduct']
    >>> bool(result.table.loc["own conduct", "agency"] > result.table.loc["peer averaging (default)", "agency"])
    True
    """
    rules = named_rules(rules)
    check_choice("kind", kind, NETWORK_KINDS)
    steps = check_integer("steps", steps, 1, 100_000)
    seed = check_integer("seed", seed, 0)
    graph = build_network(kind, n=n, seed=seed)
    runs: dict[str, SocialCreditRun] = {DEFAULT_RULE_NAME: simulate(graph, params, steps, seed=seed,
                                                                    keep_history=False)}
    for name, rule in rules.items():
        runs[name] = simulate(graph, params, steps, seed=seed, score_rule=rule, keep_history=False)
    columns = list(COMPARISON_MEASURES) + ["mean_score", "largest_component_share", "enrolment"]
    table = pd.DataFrame([run.metrics[columns].iloc[-1] for run in runs.values()],
                         index=pd.Index(list(runs), name="rule"))
    return RuleComparison(table=table, runs=runs)


# --- what cutting pays under different rules (issue 20's table) ------------------------------------------

def thresholded_average(u, peer, s):
    """Friends' average counts only when it is below ½: u − max(0, ½ − peer), kept in [0, 1]."""
    return np.clip(u - np.maximum(0.0, 0.5 - peer), 0.0, 1.0)


def rank_rule(u, peer, s):
    """Your place (0 = last, 1 = first) in a ranking of everyone by ½ u + ½ peer: a relative score."""
    order = np.argsort(0.5 * u + 0.5 * peer, kind="stable")
    place = np.empty(u.size)
    place[order] = np.arange(u.size) / max(u.size - 1, 1)
    return place


def any_friend_below(u, peer, s, friends):
    """Your own conduct, halved when any friend's current score is below 0.2 (reads friends one by one)."""
    return np.where(friends.min(s) < 0.2, 0.5 * u, u)


def friends_blind(u, peer, s):
    """Your own conduct with memory, 0.8 s + 0.2 u (lesson 07's rule that ignores friends)."""
    return 0.8 * s + 0.2 * u


def rewards_low_friends(u, peer, s):
    """Half your conduct, half how far your friends are from the top: 0.5 u + 0.5 (1 − peer)."""
    return 0.5 * u + 0.5 * (1 - peer)


#: The rules of the cut-gain table, by name (None is the model's default rule).
CUT_GAIN_RULES = {
    "default (Friedkin-Johnsen)": None,
    "thresholded average": thresholded_average,
    "rank": rank_rule,
    "any friend below 0.2": any_friend_below,
    "friends-blind": friends_blind,
    "rewards low friends": rewards_low_friends,
}

#: Lesson 07's exclusion setting: a 400-person small world, β = 0.9, φ = 0.3, everyone enrolled, 200 steps.
CUT_GAIN_SETTING = SocialCreditParams(peer_weight=0.9, exclusion_rate=0.3, initial_enrolment=1.0)


def cut_gain_table(rules=None, params: SocialCreditParams | None = None, stigmas=(0.0, 0.5), seeds=range(10),
                   n: int = 400, steps: int = 200) -> pd.DataFrame:
    """What cutting a low scorer pays under each rule, and how many people end up isolated, over seeds.

    For each rule and seed (a new ``n``-person small world per seed, as in lesson 07), the
    model runs for each stigma κ in ``stigmas``. Columns, each a mean over seeds:

    - ``cut gain``: the would-be cutters' mean gain g at the first step (their next score
      without a tie to a low scorer minus with it), with κ = ``stigmas[0]``;
    - ``cutting pays``: the share of those would-be cutters for whom g > 0;
    - ``cut chance / φ``: the mean chance that a tie touching a low scorer is cut at the
      first step, as a share of φ (1: every such tie is cut with chance φ);
    - ``isolated, κ = …``: people with no ties after the last step, with ``… low`` and
      ``… high``, the 5th and 95th percentiles of the runs (the spread of runs, not an
      interval for the mean).

    Examples
    --------
    >>> table = cut_gain_table({"friends-blind": friends_blind}, stigmas=(0.0, 0.5), seeds=range(2), n=100, steps=30)
    >>> [float(table.loc["friends-blind", column]) for column in ("cut gain", "cutting pays", "isolated, κ = 0")]
    [0.0, 0.0, 0.0]
    >>> bool(table.loc["friends-blind", "isolated, κ = 0.5"] > 0)
    True
    """
    rules = CUT_GAIN_RULES if rules is None else dict(rules)
    params = CUT_GAIN_SETTING if params is None else params
    rows = {}
    for name, rule in rules.items():
        row = {}
        for k, kappa in enumerate(stigmas):
            isolated, first = [], []
            for seed in seeds:
                graph = build_network("small world", n=n, seed=seed)
                metrics = simulate(graph, params.replace(stigma=kappa), steps, seed=seed, score_rule=rule,
                                   keep_history=False).metrics
                isolated.append(metrics["isolated"].iloc[-1])
                first.append(metrics[["cut_gain", "cut_pays", "cut_chance"]].iloc[1].to_numpy(float))
            if k == 0:
                gain, pays, chance = np.nanmean(first, axis=0)
                row.update({"cut gain": gain, "cutting pays": pays, "cut chance / φ": chance / params.exclusion_rate})
            label = f"isolated, κ = {kappa:g}"
            row[label] = float(np.mean(isolated))
            row[label + " low"], row[label + " high"] = (float(v) for v in np.percentile(isolated, [5, 95]))
        rows[name] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "rule"
    return table
