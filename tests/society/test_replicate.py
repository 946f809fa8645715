"""replicate: a model over many seeds, each measure with its mean and the middle 90% of runs."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from utils.society import SocialCreditParams, paired_difference, replicate, simulate

CLUB = nx.karate_club_graph()
PARAMS = SocialCreditParams(peer_weight=0.8, exclusion_rate=0.3)


def society(seed):
    return simulate(CLUB, PARAMS, 40, seed=seed, keep_history=False)


def test_summary_matches_the_runs_it_summarises():
    result = replicate(society, ["isolated", "mean_score"], runs=12, seed=3)
    assert list(result.values.index) == list(range(3, 15))
    finals = np.array([society(s).metrics["isolated"].iloc[-1] for s in range(3, 15)])
    row = result.table.loc["isolated"]
    assert row["mean"] == pytest.approx(finals.mean())
    assert row["low"] == pytest.approx(np.percentile(finals, 5))
    assert row["high"] == pytest.approx(np.percentile(finals, 95))
    assert row["runs"] == 12
    assert result.values["isolated"].tolist() == finals.tolist()


def test_default_is_twenty_runs_and_all_columns():
    result = replicate(society)
    assert len(result.values) == 20
    assert set(result.table.index) == set(society(0).metrics.columns)


def test_callable_metric_and_dict_of_them():
    result = replicate(society, {"ties left": lambda run: run.graph.number_of_edges()}, runs=10)
    assert result.table.loc["ties left", "mean"] == pytest.approx(
        np.mean([society(s).metrics["ties"].iloc[-1] for s in range(10)]))
    named = replicate(society, [lambda run: run.final.score.max()], runs=10)
    assert list(named.table.index) == ["<lambda>"]


def test_part_one_models_returning_numbers_or_dicts():
    def coin(seed):
        return float(np.random.default_rng(seed).random(1000).mean())

    result = replicate(coin, runs=50)
    assert result.table.loc["value", "mean"] == pytest.approx(0.5, abs=0.01)
    assert result.table.loc["value", "low"] < 0.5 < result.table.loc["value", "high"]
    both = replicate(lambda seed: {"a": seed, "b": 2.0}, seeds=list(range(100, 110)))
    assert both.table.loc["a", "mean"] == pytest.approx(104.5)
    assert both.table.loc["b", "low"] == both.table.loc["b", "high"] == 2.0


def test_nan_runs_are_left_out_and_counted():
    result = replicate(lambda seed: {"x": np.nan if seed % 2 else 1.0}, runs=10)
    assert result.table.loc["x", "runs"] == 5
    assert result.table.loc["x", "mean"] == 1.0


def test_series_band_brackets_the_mean_and_has_every_step():
    result = replicate(society, ["isolated_share", "mean_score"], runs=10, series=True)
    band = result.band("isolated_share")
    assert list(band.index) == list(range(41))
    assert np.all(band["low"] <= band["mean"] + 1e-12) and np.all(band["mean"] <= band["high"] + 1e-12)
    runs = np.vstack([society(s).metrics["isolated_share"].to_numpy() for s in range(10)])
    np.testing.assert_allclose(band["mean"], runs.mean(axis=0))
    assert isinstance(result.table, pd.DataFrame) and "isolated_share" in repr(result)


def test_series_for_a_function_returning_an_array():
    result = replicate(lambda seed: np.cumsum(np.random.default_rng(seed).random(5)), runs=10, series=True)
    assert result.band("value").shape == (5, 3)


def test_describe_and_notebook_display():
    result = replicate(society, "isolated", runs=10)
    text = result.describe("isolated", 1)
    assert text.endswith("; 10 runs)") and "90% of runs between" in text
    assert "<table" in result._repr_html_() and "isolated" in repr(result)


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(runs=5), ValueError, "runs"),
    (dict(runs=2.5), TypeError, "runs"),
    (dict(seed=-1), ValueError, "seed"),
    (dict(seeds=[1, 2, 3]), ValueError, "seeds"),
    (dict(seeds=[1] * 10), ValueError, "distinct"),
    (dict(seeds=list(range(9)) + [-4]), ValueError, r"seeds\[9\]"),
    (dict(seeds=list(range(9)) + [1.5]), TypeError, r"seeds\[9\]"),
    (dict(seeds="0123456789"), TypeError, "seeds"),
    (dict(metrics="happiness"), ValueError, "metrics must name.*'isolated'"),
    (dict(metrics=[3]), TypeError, "metric"),
    (dict(metrics={"x": 3}), TypeError, "metrics"),
    (dict(series="yes"), TypeError, "series"),
])
def test_bad_arguments_are_named(kwargs, error, name):
    with pytest.raises(error, match=name):
        replicate(society, **kwargs)


def test_bad_model_is_named():
    with pytest.raises(TypeError, match="model"):
        replicate("simulate")
    with pytest.raises(TypeError, match="model must return"):
        replicate(lambda seed: "text", runs=10)
    with pytest.raises(ValueError, match="metric"):
        replicate(society, runs=10).describe("happiness")


# --- intervals for a mean, and paired differences over shared seeds ----------------------------------------

def normal(mean):
    return lambda seed: float(np.random.default_rng(seed).normal(mean, 1.0))


def test_the_interval_for_the_mean_covers_the_true_mean_about_90_percent_of_the_time():
    covered = 0
    for block in range(200):
        low, high = replicate(normal(0.3), runs=10, seed=10 * block).mean_interval("value")
        covered += low <= 0.3 <= high
    assert 0.84 <= covered / 200 <= 0.96, covered


def test_the_interval_for_the_mean_is_students_t_and_narrower_than_the_spread_of_runs():
    result = replicate(society, ["isolated"], runs=20, seed=1)
    v = result.values["isolated"].to_numpy(float)
    half = 1.729133 * v.std(ddof=1) / np.sqrt(20)          # t(0.95, 19 degrees of freedom)
    low, high = result.mean_interval("isolated")
    assert (low, high) == pytest.approx((v.mean() - half, v.mean() + half), abs=1e-6)
    assert high - low < result["isolated"]["high"] - result["isolated"]["low"]
    assert "90% confidence interval for the mean" in result.describe_mean("isolated")
    assert "90% of runs between" in result.describe("isolated")


def test_a_paired_difference_pairs_by_seed():
    stronger = replicate(lambda seed: simulate(CLUB, PARAMS.replace(exclusion_rate=0.5), 40, seed=seed,
                                               keep_history=False), ["ties"], runs=10, seed=0)
    weaker = replicate(society, ["ties"], runs=10, seed=0)
    diff = paired_difference(weaker, stronger, "ties")
    per_seed = weaker.values["ties"] - stronger.values["ties"]
    assert diff.runs == 10 and diff.mean == pytest.approx(per_seed.mean())
    assert diff.values.tolist() == per_seed.tolist()
    assert diff.low < diff.mean < diff.high
    assert "paired difference" in diff.describe() and "10 shared seeds" in diff.describe()


def test_pairing_removes_what_the_seeds_share():
    """Two settings whose runs share each seed's draw: the paired interval is far narrower than two separate ones."""
    a, b = replicate(normal(0.5), runs=10), replicate(normal(0.0), runs=10)
    paired = paired_difference(a, b, "value")
    assert paired.mean == pytest.approx(0.5) and paired.high - paired.low < 1e-9
    separate = np.subtract(*a.mean_interval("value"))
    assert abs(separate) > 0.5


def test_a_paired_difference_needs_shared_seeds():
    a, b = replicate(normal(0.0), runs=10, seed=0), replicate(normal(0.0), runs=10, seed=100)
    with pytest.raises(ValueError, match="share at least 2 seeds"):
        paired_difference(a, b, "value")
    with pytest.raises(TypeError, match="results of replicate"):
        paired_difference(a, {"value": 1.0}, "value")
    with pytest.raises(ValueError, match="metric must be one of"):
        paired_difference(a, a, "nothing")
