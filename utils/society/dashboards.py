"""Dashboards for the scoring-society lessons: self-censorship (06), peer influence (07) and adoption (08).

Each function returns a :class:`utils.core.dashboard.Dashboard`; in a notebook it is one line,
``peer_influence_dashboard()``. Moving a slider reruns :func:`utils.society.run.simulate`
(100 or 200 steps) and updates the figures in place: node colours, ties and time series change
inside ``batch_update``, and the network and its layout are built once per network and kept in
one :class:`utils.core.cache.Cache`. "Show me the code" prints the exact ``simulate(...)`` call
behind the current picture.

Every slider of a model parameter is built by :func:`society_controls` from
:data:`utils.society.params.PARAMETER_TABLE` (symbol, range, meaning; the step follows from the
range) and starts at the :class:`~utils.society.params.SocialCreditParams` default; a dashboard
names only the parameters it shows and, where its lesson's scenario needs it, a different
starting point. :func:`params_from` turns the controls' values back into parameters. When the
sliders redraw (while dragging or on release) follows the one policy of
:mod:`utils.core.dashboard`.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import plotly.graph_objects as go

from ..core.cache import Cache
from ..core.checks import check_choice, check_integer
from ..core.dashboard import Dashboard, dropdown, parameter_slider, seed_slider, table_controls
from ..core.figures import BAR_PATTERNS, PALETTE, line_figure, new_figure, update_lines
from .figures import network_figure, update_network_figure
from .networks import GENERATED_KINDS, NETWORK_KINDS, build_network, network_layout
from .params import PARAMETER_LABELS, PARAMETER_TABLE, SocialCreditParams, params_code
from .network import SparseNetwork
from .run import run_on
from .theory import crowd_map, mean_field_adoption

__all__ = [
    "self_censorship_dashboard",
    "peer_influence_dashboard",
    "adoption_dashboard",
    "society_controls",
    "params_from",
]


# The short plain-language name a slider shows before the table's symbol ("friends' weight β");
# the symbol, range and full meaning (the slider's tooltip) come from PARAMETER_TABLE. A parameter
# missing here is labelled with its meaning from the table.
_FIELDS = tuple(f.name for f in dataclasses.fields(SocialCreditParams))


def society_controls(names, start=None) -> dict:
    """Sliders for the named parameters, from the parameter table, at the model's defaults.

    Parameters
    ----------
    names : sequence of str
        Parameters of :class:`SocialCreditParams`, in the order the sliders appear; ``"cutoff"``
        gives the relative/absolute drop-down.
    start : mapping, optional
        Starting values that differ from the defaults, for a lesson's scenario.

    Examples
    --------
    >>> controls = society_controls(["peer_weight", "cutoff"], start={"peer_weight": 0.8})
    >>> s = controls["peer_weight"]
    >>> s.description, s.value, (s.min, s.max, s.step)
    ("friends' weight β", 0.8, (0.0, 1.0, 0.01))
    >>> controls["cutoff"].value
    'relative'
    """
    defaults = dataclasses.asdict(SocialCreditParams(**dict(start or {})))
    unknown = [name for name in names if name not in defaults]
    if unknown:
        raise ValueError(f"names must be parameters of SocialCreditParams; unknown: {unknown}")
    controls = {}
    for name in names:
        if name == "cutoff":     # the drop-down from the notation record (relative share z, absolute score τ)
            controls[name] = parameter_slider("II", "cutoff", defaults[name])
        else:
            controls.update(table_controls(PARAMETER_TABLE, {name: defaults[name]}, PARAMETER_LABELS))
    return controls


def params_from(values, **fixed) -> SocialCreditParams:
    """The parameters a dashboard's controls stand for: every value named like a parameter, plus ``fixed``.

    Examples
    --------
    >>> p = params_from({"peer_weight": 0.8, "seed": 3, "kind": "karate club"}, cutoff="absolute")
    >>> p.peer_weight, p.cutoff
    (0.8, 'absolute')
    """
    return SocialCreditParams(**{k: v for k, v in values.items() if k in _FIELDS}, **fixed)


_NETWORKS = Cache(size=48)


def _key(kind: str, n: int, seed: int) -> tuple:
    return (kind, n if kind in GENERATED_KINDS else None, seed if kind in GENERATED_KINDS else None)


def _graph(kind: str, n: int, seed: int):
    """The network for (kind, n, seed), built once per session (a few ms for hundreds of people)."""
    return _NETWORKS.get(("graph", *_key(kind, n, seed)), lambda: build_network(kind, n=n, seed=seed))


def _network(kind: str, n: int, seed: int):
    """The network and its layout for (kind, n, seed), each computed once per session."""
    graph = _graph(kind, n, seed)
    return graph, _NETWORKS.get(("layout", *_key(kind, n, seed)), lambda: network_layout(graph))


def _run(kind: str, n: int, seed: int, params: SocialCreditParams, steps: int):
    """``simulate(graph, params, steps, seed=seed, keep_history=False)`` for a redraw, to the last bit.

    Two things a redraw does not need are left out: building the network's sparse form (kept
    once per network in the cache, and copied), and the ``cut_gain`` column, which no
    figure shows (NaN here).
    """
    graph = _graph(kind, n, seed)
    sparse = _NETWORKS.get(("sparse", *_key(kind, n, seed)), lambda: SparseNetwork.from_graph(graph))
    return run_on(graph, sparse.copy(), params, steps, seed, keep_history=False, cut_gain=False)


def check_run_size(kind, n, steps, seed) -> tuple[str, int, int, int]:
    """The arguments every society dashboard (and the capstone's) shares, checked at the public boundary."""
    return (check_choice("kind", kind, NETWORK_KINDS), check_integer("n", n, 10, 3000),
            check_integer("steps", steps, 1, 2000), check_integer("seed", seed, 0))


_SOCIETY_SERIES = {
    "mean score": "mean_score",
    "score Gini": "score_gini",
    "falsification rate": "falsification_rate",
    "cut off (no ties)": "isolated_share",
    "largest group": "largest_component_share",
    "enrolled": "enrolment",
}


_SORTING_SERIES = {"agency: corr(score, own behaviour)": "agency", "score assortativity": "score_assortativity"}


_CENSORSHIP_SERIES = {"falsification rate": "falsification_rate", "private–public gap": "private_public_gap"}


_ATTITUDE_BINS = np.linspace(0, 1, 21)   # width 0.05, so ½ is a bin edge: bars left of it are privately against


def _code(kind, n, seed, params, steps, last="run.metrics.iloc[[0, -1]]"):
    size = f", n={n}" if kind in GENERATED_KINDS else ""
    return (
        "from utils import SocialCreditParams, build_network, simulate\n"
        f"graph = build_network({kind!r}{size}, seed={seed})\n"
        f"params = {params_code(params)}\n"
        f"run = simulate(graph, params, steps={steps}, seed={seed})\n"
        + last
    )


def self_censorship_dashboard(kind: str = "small world", n: int = 400, steps: int = 100, seed: int = 0) -> Dashboard:
    """Saying what scores well: the lesson 06 dashboard.

    Sliders: conformity γ, score stake ρ, endorsement weight w, peer weight β, initial
    enrolment m₀ (starting at 1: everyone a member) and seed; the other settings keep the
    model's defaults. Shows the falsification rate (share who endorse while privately against)
    and the private–public gap at every step, and a histogram of private attitudes after the
    last step, split by what people say: endorsing bars left of ½ are people pretending.

    Examples
    --------
    >>> board = self_censorship_dashboard(n=100, steps=20)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(conformity=0.9)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[0].y)
    True
    """
    kind, n, steps, seed = check_run_size(kind, n, steps, seed)
    controls = society_controls(["conformity", "score_stake", "endorsement_weight", "peer_weight",
                                 "initial_enrolment"], start={"initial_enrolment": 1.0})
    controls["seed"] = seed_slider(seed)
    x = np.arange(steps + 1)
    over_time = line_figure(x, {name: np.zeros(steps + 1) for name in _CENSORSHIP_SERIES},
                            title="Saying what you don't believe", x_title="step (rounds of scoring)",
                            y_title="share of people (0 to 1)", dashes={"private–public gap": "dash"})
    over_time.update_yaxes(range=[-0.1, 0.6], zeroline=True)   # the gap can dip below 0 (silent supporters)
    centres = (_ATTITUDE_BINS[:-1] + _ATTITUDE_BINS[1:]) / 2
    split = new_figure(f"Private attitudes after {steps} steps, split by what people say",
                       "private attitude x (0 = against, 1 = in favour; no units)", "people (count)")
    for i, name in enumerate(("says 'I endorse'", "stays silent")):
        split.add_trace(go.Bar(x=centres, y=np.zeros(centres.size), name=name, width=0.048,
                               marker={"color": PALETTE[i], "pattern": {"shape": BAR_PATTERNS[i]}}))
    split.update_layout(barmode="stack")
    split.update_xaxes(range=[0, 1])
    split.add_vline(x=0.5, line={"color": PALETTE[7], "dash": "dash", "width": 1.5},
                    annotation_text="← privately against | in favour →", annotation_position="top")

    def redraw(**values):
        run = _run(kind, n, values["seed"], params_from(values), steps)
        update_lines(over_time, x, {name: run.metrics[col].to_numpy() for name, col in _CENSORSHIP_SERIES.items()})
        x_final, says = run.final.attitude, run.final.expressed
        update_lines(split, centres, {
            "says 'I endorse'": np.histogram(x_final[says], _ATTITUDE_BINS)[0],
            "stays silent": np.histogram(x_final[~says], _ATTITUDE_BINS)[0]})
        pretending = int((says & (x_final < 0.5)).sum())
        return {1: (f"Everyone's private attitude after the last step, stacked by what they say (plain bars: "
                    f"endorse; hatched bars: silent). {pretending} of {x_final.size} people endorse while "
                    "privately against: the plain bars left of the dashed line.")}

    def code(**values):
        return _code(kind, n, values["seed"], params_from(values), steps, last=(
            "x, says = run.final.attitude, run.final.expressed\n"
            "print(f\"privately against, endorsing: {(says & (x < 0.5)).sum()} of {x.size} people\")\n"
            "run.metrics[[\"endorsement\", \"private_public_gap\", \"falsification_rate\"]].iloc[[0, -1]]"))

    descriptions = [
        "At every step, the falsification rate (solid: the share who say 'I endorse' while privately against) "
        "and the private–public gap (dashed: the share endorsing in public minus the share in favour in private).",
        "Everyone's private attitude after the last step, stacked by what they say (plain bars: endorse; "
        "hatched bars: silent).",
    ]
    caption = ("Private attitudes never change here (internalisation is off), so every change you see is in what "
               "people say, not what they think.")
    return Dashboard(controls, [over_time, split], redraw, code=code, caption=caption, descriptions=descriptions)


def peer_influence_dashboard(kind: str = "small world", n: int = 300, steps: int = 200, seed: int = 0) -> Dashboard:
    """Peer influence, exclusion and fragmentation: the lesson 07 dashboard.

    Sliders: peer weight β, conformity γ, exclusion rate φ, cutoff (relative share z or
    absolute score τ), rewiring r, share enrolled at the start m₀ (1: everyone a member, as in
    lesson 07's runs), network type and size, seed. Shows the network at the last step
    coloured by score (people with no ties ringed), and the metrics over time.

    Examples
    --------
    >>> board = peer_influence_dashboard(n=100, steps=20)
    >>> before = board.figures[0].data[1].marker.color
    >>> board.set(peer_weight=0.9)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[1].marker.color)
    True
    """
    kind, n, steps, seed = check_run_size(kind, n, steps, seed)
    sizes = sorted({100, 300, 1000, n})
    controls = society_controls(["peer_weight", "conformity", "exclusion_rate", "cutoff", "cutoff_share",
                                 "cutoff_score", "rewiring", "initial_enrolment"], start={"initial_enrolment": 1.0})
    controls["kind"] = dropdown("network", list(NETWORK_KINDS), kind)
    controls["n"] = dropdown("people (generated networks)", sizes, n)
    controls["seed"] = seed_slider(seed)
    x = np.arange(steps + 1)
    net_fig = network_figure(f"The network after {steps} steps, coloured by score")
    society = line_figure(x, {name: np.zeros(steps + 1) for name in _SOCIETY_SERIES},
                          title="The society over time", x_title="step (rounds of scoring)",
                          y_title="share or index (0 to 1)")
    society.update_yaxes(range=[0, 1.02])
    sorting = line_figure(x, {name: np.zeros(steps + 1) for name in _SORTING_SERIES},
                          title="Does the score follow you, and do like scores stick together?",
                          x_title="step (rounds of scoring)", y_title="correlation (−1 to 1)")
    sorting.update_yaxes(range=[-1.02, 1.02])
    shown = {"network": None}

    def redraw(**values):
        positions = _network(values["kind"], values["n"], values["seed"])[1]
        run = _run(values["kind"], values["n"], values["seed"], params_from(values), steps)
        key = (values["kind"], values["n"], values["seed"])
        summary = update_network_figure(net_fig, positions, run.network.src, run.network.dst, run.final.score,
                                        run.network.degree, move_people=shown["network"] != key)
        shown["network"] = key
        table = run.metrics
        update_lines(society, x, {name: table[col].to_numpy() for name, col in _SOCIETY_SERIES.items()})
        update_lines(sorting, x, {name: table[col].to_numpy() for name, col in _SORTING_SERIES.items()})
        return {0: summary}

    def code(**values):
        return _code(values["kind"], values["n"], values["seed"], params_from(values), steps)

    descriptions = [
        "The network after the last step, each person a dot coloured by score (colour bar on the right), "
        "ringed when they have no ties left.",
        "Six measures of the society at every step, each a share or an index from 0 to 1, one line style each.",
        "Two correlations at every step: agency (does your score follow your own behaviour?) and score "
        "assortativity (do friends have alike scores?).",
    ]
    caption = ("Each step, scores mix own behaviour with friends' scores (weight β), and ties to people below the "
               "cutoff may be cut. A thought experiment: scoring people by their friends is a design hypothetical "
               "from the 2016 story, not a documented feature of any real system.")
    return Dashboard(controls, [net_fig, society, sorting], redraw, code=code, caption=caption,
                     descriptions=descriptions)


def adoption_dashboard(kind: str = "small world", n: int = 1000, steps: int = 200, seed: int = 0) -> Dashboard:
    """From opt-in to mandatory: the lesson 08 dashboard.

    Sliders: mandatoriness δ, threshold mean μ_θ and spread σ_θ, initial enrolment m₀,
    peer weight β (starting at 0.1), exclusion rate φ (starting at 0), absolute cutoff τ,
    network type, seed. Shows enrolment over time on the network next to the formula for a
    very large well-mixed crowd, and the crowd's map (the share enrolled next round, m₀ + (1 − m₀)F(m̄),
    against the share m̄ enrolled now; Granovetter's F when m₀ = 0) beside the diagonal:
    adoption stops where the curve first meets the diagonal.

    Examples
    --------
    >>> board = adoption_dashboard(n=100, steps=30)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(mandatoriness=0.25)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[0].y)
    True
    """
    kind, n, steps, seed = check_run_size(kind, n, steps, seed)
    controls = society_controls(["mandatoriness", "threshold_mean", "threshold_sd", "initial_enrolment",
                                 "peer_weight", "exclusion_rate", "cutoff_score"],
                                start={"peer_weight": 0.1, "exclusion_rate": 0.0})
    controls["kind"] = dropdown("network", list(NETWORK_KINDS), kind)
    controls["seed"] = seed_slider(seed)
    x = np.arange(steps + 1)
    zeros = np.zeros(steps + 1)
    crowd_name = "enrolled (very large crowd, formula)"
    over_time = line_figure(x, {"enrolled (network)": zeros, crowd_name: zeros, "cut off (no ties)": zeros},
                            title="Who is enrolled?", x_title="step (rounds)", y_title="share of people (0 to 1)",
                            dashes={crowd_name: "dash"})
    over_time.update_yaxes(range=[0, 1.02])
    share = np.linspace(0, 1, 201)
    next_name = "share enrolled next round"
    cobweb = line_figure(share, {next_name: share, "m̄ = next share": share},
                         title="The crowd's map: adoption stops where the curve meets the diagonal",
                         x_title="share already enrolled, m̄ (0 to 1)",
                         y_title="share enrolled next round (0 to 1)", dashes={"m̄ = next share": "dot"})
    cobweb.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name="crowd ends here",
                                marker={"size": 11, "color": PALETTE[5], "symbol": "diamond"}))

    def redraw(**values):
        params = params_from(values, cutoff="absolute")
        run = _run(values["kind"], n, values["seed"], params, steps)
        crowd = mean_field_adoption(params.threshold_mean, params.threshold_sd, params.mandatoriness,
                                    params.initial_enrolment, steps)
        update_lines(over_time, x, {"enrolled (network)": run.metrics["enrolment"].to_numpy(), crowd_name: crowd,
                                    "cut off (no ties)": run.metrics["isolated_share"].to_numpy()})
        curve = crowd_map(share, params.threshold_mean, params.threshold_sd, params.mandatoriness,
                          initial=params.initial_enrolment)
        update_lines(cobweb, share, {next_name: curve})
        with cobweb.batch_update():
            cobweb.data[2].x, cobweb.data[2].y = [crowd[-1]], [crowd[-1]]

    def code(**values):
        return _code(values["kind"], n, values["seed"], params_from(values, cutoff="absolute"), steps)

    descriptions = [
        "The share enrolled at every step, on the network (solid) and by the formula for a very large "
        "well-mixed crowd with the same thresholds (dashed), and the share cut off from every tie (dotted).",
        "The crowd's map, the share enrolled next round against the share enrolled now, m̄ (solid), against the "
        "diagonal (dotted), with a diamond where the crowd stops.",
    ]
    caption = ("Lowering every threshold by δ shifts the curve up; once it clears the diagonal, a small start "
               "cascades to near-universal enrolment.")
    return Dashboard(controls, [over_time, cobweb], redraw, code=code, caption=caption, descriptions=descriptions)
