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
    β (``params.peer_weight``) is the default rule's peer weight only: the model measures each
    rule's own self-protection σ (how far scores follow friends' scores under that rule), so
    ties to low scorers are cut with probability φ(σ + κ). A rule that ignores friends has σ = 0
    and drives no self-protective exclusion; stigma κ (``params.stigma``), the shunning that
    comes from how the score is used, cuts ties under any rule.

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
