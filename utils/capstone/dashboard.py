"""The capstone dashboard: swap scoring rules and move β, with the society's measures side by side."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.dashboard import Dashboard, dropdown, seed_slider
from ..core.figures import LINE_DASHES, PALETTE, new_figure
from ..society.dashboards import check_run_size, params_from, society_controls
from ..society.networks import GENERATED_KINDS, NETWORK_KINDS
from ..society.params import params_code

from .compare import named_rules, COMPARISON_MEASURES, DEFAULT_RULE_NAME, compare_rules, comparison_figure

__all__ = [
    "capstone_dashboard",
]


def capstone_dashboard(rules=None, kind: str = "small world", n: int = 300, steps: int = 200,
                       seed: int = 0) -> Dashboard:
    """Swap scoring rules and move β: your rule beside the default, in the same society.

    Controls: the rule (a drop-down of ``rules`` by name), peer weight β (the default rule's
    weight on friends), exclusion rate φ, stigma κ (shunning low scorers whatever the rule does),
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
    kind, n, steps, seed = check_run_size(kind, n, steps, seed)
    names = list(rules)
    controls = {"rule": dropdown("your rule", names)}
    controls.update(society_controls(["peer_weight", "exclusion_rate", "stigma", "cutoff", "initial_enrolment"],
                                     start={"initial_enrolment": 1.0}))
    controls["kind"] = dropdown("network", list(NETWORK_KINDS), kind)
    controls["seed"] = seed_slider(seed)
    empty = pd.DataFrame(np.zeros((2, len(COMPARISON_MEASURES))), columns=list(COMPARISON_MEASURES),
                         index=[DEFAULT_RULE_NAME, names[0]])
    bars = comparison_figure(empty, steps=steps, widget=True)
    # A y-axis title short enough to stay within the plot's height, clear of the figure's title.
    bars.update_yaxes(range=[-0.3, 1.02], title_text="value (0 to 1; agency −1 to 1)")
    cut_off = new_figure("Who is cut off, over time", "step (rounds of scoring)",
                         "no ties left (share, 0 to 1)", widget=True)
    cut_off.update_yaxes(rangemode="nonnegative")   # a share: never drawn below 0, even when nobody is cut off
    for i, name in enumerate(empty.index):
        cut_off.add_trace(go.Scatter(x=[], y=[], name=name, mode="lines",
                                     line={"color": PALETTE[i], "width": 2.5, "dash": LINE_DASHES[i]}))

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

    descriptions = ["Four measures after the last step: plain bars for the default rule, hatched bars for your rule.",
                    "The share of people with no ties left at every step: solid for the default rule, dashed for "
                    "your rule."]
    caption = ("Both runs use the same network, the same people and the same mechanics; only the scoring rule "
               "differs. β is the default rule's weight on friends' scores. Ties to low scorers are cut for two "
               "reasons: self-protection, when cutting a low-scoring friend raises the cutter's own next score "
               "under the rule in use (the gain from cutting, g, measured from each rule), and stigma κ, "
               "shunning that comes from the score's use under any rule; the exclusion rate φ sets how readily "
               "either leads to a cut.")
    return Dashboard(controls, [bars, cut_off], redraw, code=code, caption=caption, descriptions=descriptions)
