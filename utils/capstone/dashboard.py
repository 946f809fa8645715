"""The capstone dashboard: swap scoring rules and move β, with the society's measures side by side."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.checks import check_choice, check_integer
from ..core.dashboard import Dashboard, dropdown, int_slider, slider
from ..core.figures import PALETTE, new_figure
from ..society.networks import GENERATED_KINDS, NETWORK_KINDS
from ..society.params import SocialCreditParams, params_code

from .compare import named_rules, COMPARISON_MEASURES, DEFAULT_RULE_NAME, compare_rules, comparison_figure

__all__ = [
    "capstone_dashboard",
]


def capstone_dashboard(rules=None, kind: str = "small world", n: int = 300, steps: int = 200,
                       seed: int = 0) -> Dashboard:
    """Swap scoring rules and move β: your rule beside the default, in the same society.

    Controls: the rule (a drop-down of ``rules`` by name), peer weight β (the default rule's
    weight on friends, and the strength of exclusion for every rule), exclusion rate φ,
    cutoff (relative or absolute), share enrolled at the start m₀ (1 by default: everyone is
    scored on their own conduct), network, seed. Figures: the measures after the last step
    for the default rule and the chosen one, and the share of people cut off over time.

    Examples
    --------
    >>> board = capstone_dashboard({"own conduct": lambda u, peer, s: u}, kind="karate club", steps=20)
    >>> before = list(board.figures[0].data[0].y)
    >>> board.set(peer_weight=0.9)
    >>> board.last_error is None and list(board.figures[0].data[0].y) != before
    True
    """
    rules = named_rules(rules) or {"own conduct only": lambda u, peer, s: u}
    check_choice("kind", kind, NETWORK_KINDS)
    n = check_integer("n", n, 10, 3000)
    steps = check_integer("steps", steps, 1, 2000)
    seed = check_integer("seed", seed, 0)
    names = list(rules)
    controls = {
        "rule": dropdown("your rule", names),
        "peer_weight": slider("peer weight β", 0.5, 0, 0.95, 0.05, continuous_update=False),
        "exclusion_rate": slider("exclusion rate φ", 0.05, 0, 0.5, 0.01, continuous_update=False),
        "cutoff": dropdown("cutoff", ["relative", "absolute"]),
        "initial_enrolment": slider("enrolled at start m₀", 1.0, 0, 1, 0.05, continuous_update=False),
        "kind": dropdown("network", list(NETWORK_KINDS), kind),
        "seed": int_slider("seed", seed, 0, max(20, seed), continuous_update=False),
    }
    empty = pd.DataFrame(np.zeros((2, len(COMPARISON_MEASURES))), columns=list(COMPARISON_MEASURES),
                         index=[DEFAULT_RULE_NAME, names[0]])
    bars = comparison_figure(empty, steps=steps, widget=True)
    bars.update_yaxes(range=[-0.3, 1.02])
    cut_off = new_figure("Who is cut off, over time", "step (rounds of scoring)",
                         "share of people with no ties left (0 to 1)", widget=True)
    for i, name in enumerate(empty.index):
        cut_off.add_trace(go.Scatter(x=[], y=[], name=name, mode="lines",
                                     line={"color": PALETTE[i], "width": 2.5, "dash": "solid" if i == 0 else "dash"}))

    def params_from(values):
        return SocialCreditParams(peer_weight=values["peer_weight"], exclusion_rate=values["exclusion_rate"],
                                  cutoff=values["cutoff"], initial_enrolment=values["initial_enrolment"])

    def redraw(**values):
        result = compare_rules({values["rule"]: rules[values["rule"]]}, kind=values["kind"], n=n,
                               params=params_from(values), steps=steps, seed=values["seed"])
        table = result.table
        with bars.batch_update(), cut_off.batch_update():
            for i, (name, row) in enumerate(table.iterrows()):
                bars.data[i].y = np.array([row[c] for c in COMPARISON_MEASURES], dtype=float)
                bars.data[i].name = name
                run = result.runs[name]
                cut_off.data[i].x = run.metrics.index.to_numpy()
                cut_off.data[i].y = run.metrics["isolated_share"].to_numpy()
                cut_off.data[i].name = name

    def code(**values):
        size = f", n={n}" if values["kind"] in GENERATED_KINDS else ""
        return ("from utils import SocialCreditParams, compare_rules\n"
                f"params = {params_code(params_from(values))}\n"
                "# rules: the dict of rules by name you gave capstone_dashboard\n"
                f"result = compare_rules({{{values['rule']!r}: rules[{values['rule']!r}]}}, "
                f"kind={values['kind']!r}{size}, params=params, steps={steps}, seed={values['seed']})\n"
                "result.table")

    caption = ("Top: four measures after the last step, one bar for the default rule and one for your rule. "
               "Bottom: the share of people with no ties left at every step. "
               "Both runs use the same network, the same people and the same mechanics; only the scoring rule "
               "differs. β is the default rule's weight on friends' scores, and in this model it also sets how "
               "hard exclusion bites for every rule (ties to low scorers are cut with probability φβ).")
    return Dashboard(controls, [bars, cut_off], redraw, code=code, caption=caption)
