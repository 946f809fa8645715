"""Dashboards for the scoring-society lessons: self-censorship (06), peer influence (07) and adoption (08).

Each function returns a :class:`utils.core.dashboard.Dashboard`; in a notebook it is one line,
``peer_influence_dashboard()``. Moving a slider reruns :func:`utils.society.run.simulate`
(100 or 200 steps) and updates the figures in place: node colours, ties and time series change
inside ``batch_update``, and the network layout is computed once per network and cached.
"Show me the code" prints the exact ``simulate(...)`` call behind the current picture.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..core.checks import check_choice, check_integer
from ..core.dashboard import Dashboard, dropdown, int_slider, slider
from ..core.figures import PALETTE, line_figure, new_figure, update_lines
from .figures import network_figure, update_network_figure
from .networks import GENERATED_KINDS, NETWORK_KINDS, build_network, network_layout
from .params import SocialCreditParams, params_code
from .run import simulate
from .theory import adoption_curve, mean_field_adoption

__all__ = [
    "self_censorship_dashboard",
    "peer_influence_dashboard",
    "adoption_dashboard",
]


_GRAPHS: dict = {}


_BARE_GRAPHS: dict = {}


def _check_run_size(kind, n, steps, seed) -> tuple[str, int, int, int]:
    """The arguments every society dashboard shares, checked at the public boundary."""
    return (check_choice("kind", kind, NETWORK_KINDS), check_integer("n", n, 10, 3000),
            check_integer("steps", steps, 1, 2000), check_integer("seed", seed, 0))


def _network(kind: str, n: int, seed: int):
    """The graph and its layout for (kind, n, seed), built once per session."""
    key = (kind, n if kind in GENERATED_KINDS else None, seed if kind in GENERATED_KINDS else None)
    if key not in _GRAPHS:
        graph = build_network(kind, n=n, seed=seed)
        _GRAPHS[key] = (graph, network_layout(graph))
        if len(_GRAPHS) > 24:
            _GRAPHS.pop(next(iter(_GRAPHS)))
    return _GRAPHS[key]


_SOCIETY_SERIES = {
    "mean score": "mean_score",
    "score Gini": "score_gini",
    "falsification rate": "falsification_rate",
    "cut off (no ties)": "isolated_share",
    "largest group": "largest_component_share",
    "enrolled": "enrolment",
}


_SORTING_SERIES = {"agency: corr(score, own behaviour)": "agency", "score assortativity": "score_assortativity"}


def _code(kind, n, seed, params, steps, last="run.metrics.iloc[[0, -1]]"):
    size = f", n={n}" if kind in GENERATED_KINDS else ""
    return (
        "from utils import SocialCreditParams, build_network, simulate\n"
        f"graph = build_network({kind!r}{size}, seed={seed})\n"
        f"params = {params_code(params)}\n"
        f"run = simulate(graph, params, steps={steps}, seed={seed})\n"
        + last
    )


_CENSORSHIP_SERIES = {"falsification rate": "falsification_rate", "private–public gap": "private_public_gap"}


_ATTITUDE_BINS = np.linspace(0, 1, 21)   # width 0.05, so ½ is a bin edge: bars left of it are privately against


def _graph(kind: str, n: int, seed: int):
    """The graph alone (no layout) for (kind, n, seed): reuses a cached one, else builds it (a few ms)."""
    key = (kind, n if kind in GENERATED_KINDS else None, seed if kind in GENERATED_KINDS else None)
    if key in _GRAPHS:
        return _GRAPHS[key][0]
    if key not in _BARE_GRAPHS:
        _BARE_GRAPHS[key] = build_network(kind, n=n, seed=seed)
        if len(_BARE_GRAPHS) > 24:
            _BARE_GRAPHS.pop(next(iter(_BARE_GRAPHS)))
    return _BARE_GRAPHS[key]


def self_censorship_dashboard(kind: str = "small world", n: int = 400, steps: int = 100, seed: int = 0) -> Dashboard:
    """Saying what scores well: the lesson 06 dashboard.

    Sliders: conformity γ, score stake ρ, endorsement weight w, peer weight β, initial
    enrolment m₀ (1 = everyone a member) and seed; the other settings keep the model's
    defaults. Shows the falsification rate (share who endorse while privately against) and
    the private–public gap at every step, and a histogram of private attitudes after the
    last step, split by what people say: endorsing bars left of ½ are people pretending.

    Examples
    --------
    >>> board = self_censorship_dashboard(n=100, steps=20)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(conformity=0.9)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[0].y)
    True
    """
    kind, n, steps, seed = _check_run_size(kind, n, steps, seed)
    controls = {
        "conformity": slider("conformity pressure γ", 0.4, 0, 1, 0.05),
        "score_stake": slider("care about the score ρ", 0.1, 0, 0.5, 0.01),
        "endorsement_weight": slider("endorsement weight w", 0.5, 0, 1, 0.05),
        "peer_weight": slider("peer weight β", 0.5, 0, 0.95, 0.05),
        "initial_enrolment": slider("enrolled at start m₀", 1.0, 0, 1, 0.01),
        "seed": int_slider("seed", seed, 0, 20),
    }
    x = np.arange(steps + 1)
    over_time = line_figure(x, {name: np.zeros(steps + 1) for name in _CENSORSHIP_SERIES},
                            title="Saying what you don't believe", x_title="step (rounds of scoring)",
                            y_title="share of people (0 to 1)", dashes={"private–public gap": "dash"})
    over_time.update_yaxes(range=[-0.1, 0.6], zeroline=True)   # the gap can dip below 0 (silent supporters)
    centres = (_ATTITUDE_BINS[:-1] + _ATTITUDE_BINS[1:]) / 2
    split = new_figure(f"Private attitudes after {steps} steps, split by what people say",
                       "private attitude x (0 = against, 1 = in favour; no units)", "people (count)")
    for name, colour in (("says 'I endorse'", PALETTE[0]), ("stays silent", PALETTE[1])):
        split.add_trace(go.Bar(x=centres, y=np.zeros(centres.size), name=name, width=0.048,
                               marker={"color": colour}))
    split.update_layout(barmode="stack")
    split.update_xaxes(range=[0, 1])
    split.add_vline(x=0.5, line={"color": PALETTE[7], "dash": "dash", "width": 1.5},
                    annotation_text="← privately against | in favour →", annotation_position="top")

    def params_from(values):
        return SocialCreditParams(**{k: values[k] for k in ("conformity", "score_stake", "endorsement_weight",
                                                            "peer_weight", "initial_enrolment")})

    def redraw(**values):
        graph = _graph(kind, n, values["seed"])
        run = simulate(graph, params_from(values), steps, seed=values["seed"], keep_history=False)
        update_lines(over_time, x, {name: run.metrics[col].to_numpy() for name, col in _CENSORSHIP_SERIES.items()})
        says = run.final.expressed
        update_lines(split, centres, {
            "says 'I endorse'": np.histogram(run.final.attitude[says], _ATTITUDE_BINS)[0],
            "stays silent": np.histogram(run.final.attitude[~says], _ATTITUDE_BINS)[0]})

    def code(**values):
        return _code(kind, n, values["seed"], params_from(values), steps, last=(
            "x, says = run.final.attitude, run.final.expressed\n"
            "print(f\"privately against, endorsing: {(says & (x < 0.5)).sum()} of {x.size} people\")\n"
            "run.metrics[[\"endorsement\", \"private_public_gap\", \"falsification_rate\"]].iloc[[0, -1]]"))

    caption = ("Top: at every step, the falsification rate (the share who say 'I endorse' while privately "
               "against) and, dashed, the private–public gap (the share endorsing in public minus the share in "
               "favour in private). Bottom: everyone's private attitude after the last step, stacked by what they "
               "say; endorsing bars left of the dashed line are people pretending. Private attitudes never change "
               "here (internalisation is off), so every change you see is in what people say, not what they think.")
    return Dashboard(controls, [over_time, split], redraw, code=code, caption=caption)


def peer_influence_dashboard(kind: str = "small world", n: int = 300, steps: int = 200, seed: int = 0) -> Dashboard:
    """Peer influence, exclusion and fragmentation: the lesson 07 dashboard.

    Sliders: peer weight β, conformity γ, exclusion rate φ, cutoff (relative share q or
    absolute score τ), rewiring r, mandatoriness δ, network type and size, seed. Shows the
    network at the last step coloured by score (people with no ties ringed), and the
    metrics over time.

    Examples
    --------
    >>> board = peer_influence_dashboard(n=100, steps=20)
    >>> before = board.figures[0].data[1].marker.color
    >>> board.set(peer_weight=0.9)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[1].marker.color)
    True
    """
    kind, n, steps, seed = _check_run_size(kind, n, steps, seed)
    sizes = sorted({100, 300, 1000, n})
    controls = {
        "peer_weight": slider("peer weight β", 0.5, 0, 0.95, 0.05),
        "conformity": slider("conformity γ", 0.4, 0, 1, 0.05),
        "exclusion_rate": slider("exclusion rate φ", 0.05, 0, 0.5, 0.01),
        "cutoff": dropdown("cutoff", ["relative", "absolute"]),
        "cutoff_share": slider("relative cutoff q", 0.2, 0, 0.3, 0.01),
        "cutoff_score": slider("absolute cutoff τ", 0.35, 0, 1, 0.01),
        "rewiring": slider("rewiring r", 0.5, 0, 1, 0.05),
        "mandatoriness": slider("mandatoriness δ", 0.0, 0, 0.3, 0.01),
        "kind": dropdown("network", list(NETWORK_KINDS), kind),
        "n": dropdown("people (generated networks)", sizes, n),
        "seed": int_slider("seed", seed, 0, 20),
    }
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

    def params_from(values):
        return SocialCreditParams(**{k: values[k] for k in ("peer_weight", "conformity", "exclusion_rate", "cutoff",
                                                            "cutoff_share", "cutoff_score", "rewiring",
                                                            "mandatoriness")})

    def redraw(**values):
        graph, positions = _network(values["kind"], values["n"], values["seed"])
        run = simulate(graph, params_from(values), steps, seed=values["seed"], keep_history=False)
        key = (values["kind"], values["n"], values["seed"])
        update_network_figure(net_fig, positions, run.network.src, run.network.dst, run.final.score,
                              run.network.degree, move_people=shown["network"] != key)
        shown["network"] = key
        table = run.metrics
        update_lines(society, x, {name: table[col].to_numpy() for name, col in _SOCIETY_SERIES.items()})
        update_lines(sorting, x, {name: table[col].to_numpy() for name, col in _SORTING_SERIES.items()})

    def code(**values):
        return _code(values["kind"], values["n"], values["seed"], params_from(values), steps)

    caption = ("Top: the network after the last step, each person coloured by score, with ringed dots for people "
               "who have no ties left. Below: the society's measures at every step. Each step, scores mix own "
               "behaviour with friends' scores (weight β), and ties to people below the cutoff may be cut. "
               "A thought experiment: scoring people by their friends is a design hypothetical from the 2016 "
               "story, not a documented feature of any real system.")
    return Dashboard(controls, [net_fig, society, sorting], redraw, code=code, caption=caption)


def adoption_dashboard(kind: str = "small world", n: int = 1000, steps: int = 200, seed: int = 0) -> Dashboard:
    """From opt-in to mandatory: the lesson 08 dashboard.

    Sliders: mandatoriness δ, threshold mean μ_θ and spread σ_θ, initial enrolment m₀,
    peer weight β, exclusion rate φ, absolute cutoff τ, network type, seed. Shows enrolment
    over time on the network next to the well-mixed crowd prediction, and Granovetter's map
    F(r) against the diagonal: adoption stops where the curve first meets the diagonal.

    Examples
    --------
    >>> board = adoption_dashboard(n=100, steps=30)
    >>> before = board.figures[0].data[0].y.copy()
    >>> board.set(mandatoriness=0.25)
    >>> board.last_error is None and not np.array_equal(before, board.figures[0].data[0].y)
    True
    """
    kind, n, steps, seed = _check_run_size(kind, n, steps, seed)
    controls = {
        "mandatoriness": slider("mandatoriness δ", 0.0, 0, 0.3, 0.01),
        "threshold_mean": slider("mean threshold μ_θ", 0.5, 0.2, 0.8, 0.01),
        "threshold_sd": slider("threshold spread σ_θ", 0.15, 0, 0.3, 0.01),
        "initial_enrolment": slider("enrolled at start m₀", 0.05, 0, 1, 0.01),
        "peer_weight": slider("peer weight β", 0.1, 0, 0.95, 0.05),
        "exclusion_rate": slider("exclusion rate φ", 0.0, 0, 0.5, 0.01),
        "cutoff_score": slider("absolute cutoff τ", 0.35, 0, 1, 0.01),
        "kind": dropdown("network", list(NETWORK_KINDS), kind),
        "seed": int_slider("seed", seed, 0, 20),
    }
    x = np.arange(steps + 1)
    zeros = np.zeros(steps + 1)
    over_time = line_figure(x, {"enrolled (network)": zeros, "enrolled (well-mixed crowd)": zeros,
                                "cut off (no ties)": zeros},
                            title="Who is enrolled?", x_title="step (rounds)", y_title="share of people (0 to 1)",
                            dashes={"enrolled (well-mixed crowd)": "dash"})
    over_time.update_yaxes(range=[0, 1.02])
    r = np.linspace(0, 1, 201)
    cobweb = line_figure(r, {"F(r): share willing to enrol": r, "r = F(r)": r},
                         title="Granovetter's map: adoption stops where the curve meets the diagonal",
                         x_title="share already enrolled, r (0 to 1)",
                         y_title="share willing to enrol, F(r) (0 to 1)", dashes={"r = F(r)": "dot"})
    cobweb.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name="crowd ends here",
                                marker={"size": 11, "color": PALETTE[5]}))

    def params_from(values):
        return SocialCreditParams(cutoff="absolute", **{k: values[k] for k in (
            "mandatoriness", "threshold_mean", "threshold_sd", "initial_enrolment", "peer_weight",
            "exclusion_rate", "cutoff_score")})

    def redraw(**values):
        params = params_from(values)
        graph, _ = _network(values["kind"], n, values["seed"])
        run = simulate(graph, params, steps, seed=values["seed"], keep_history=False)
        crowd = mean_field_adoption(params.threshold_mean, params.threshold_sd, params.mandatoriness,
                                    params.initial_enrolment, steps)
        update_lines(over_time, x, {"enrolled (network)": run.metrics["enrolment"].to_numpy(),
                                    "enrolled (well-mixed crowd)": crowd,
                                    "cut off (no ties)": run.metrics["isolated_share"].to_numpy()})
        curve = adoption_curve(r, params.threshold_mean, params.threshold_sd, params.mandatoriness)
        update_lines(cobweb, r, {"F(r): share willing to enrol": curve})
        with cobweb.batch_update():
            cobweb.data[2].x, cobweb.data[2].y = [crowd[-1]], [crowd[-1]]

    def code(**values):
        return _code(values["kind"], n, values["seed"], params_from(values), steps)

    caption = ("Top: the share enrolled at every step, on the network (solid) and in a well-mixed crowd with the "
               "same thresholds (dashed), and the share cut off from every tie. Bottom: Granovetter's map F(r), "
               "with a dot where the crowd stops. Lowering every threshold by δ shifts the curve up; once it "
               "clears the diagonal, a small start cascades to near-universal enrolment.")
    return Dashboard(controls, [over_time, cobweb], redraw, code=code, caption=caption)
