"""Run a stochastic model over many seeds and report each result with its spread.

One run of a stochastic model is one draw: "about 80 people are cut off" means little until
we know whether another seed gives 60 or 100. :func:`replicate` runs a model once per seed
and returns, for each measure, the mean over runs and the interval that holds the middle
90% of runs (the 5th to the 95th percentile). That interval describes how much runs vary;
it is not a confidence interval for the mean (the mean of 20 runs varies much less).

Two more intervals, for comparing means: :meth:`Replicated.mean_interval` is a 90%
confidence interval for the mean over seeds (Student's t), and :func:`paired_difference`
a 90% confidence interval for the mean difference between two settings run on the same
seeds (paired by seed, Student's t on the differences). Each ``describe`` says which kind
of interval its numbers carry.

The model is any function of a seed: ``simulate`` wrapped in a lambda for the scoring
society, or a Part I model that returns a number or a dict of numbers.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd

from ..core.checks import check_integer, check_number

from .run import SocialCreditRun

__all__ = [
    "Replicated",
    "ReplicatedSeries",
    "replicate",
    "Difference",
    "paired_difference",
]

LOW, HIGH = 5, 95                      # percentiles: the middle 90% of runs
LEVEL = 0.90                           # confidence level of the intervals for a mean
MIN_RUNS, MAX_RUNS = 10, 1000


@dataclass(frozen=True)
class Replicated:
    """Each measure's mean over runs and the 5th-95th percentile interval, from :func:`replicate`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per measure; columns ``mean``, ``low`` (5th percentile), ``high`` (95th
        percentile) and ``runs`` (runs with a number for that measure: NaN results are left out).
    values : pandas.DataFrame
        The raw results: one row per seed, one column per measure.
    """

    table: pd.DataFrame
    values: pd.DataFrame

    def __getitem__(self, metric: str) -> pd.Series:
        return self.table.loc[_known(metric, self.table.index)]

    def describe(self, metric: str, digits: int = 2) -> str:
        """One measure in words, e.g. ``'81 (90% of runs between 74 and 88; 20 runs)'``."""
        row = self[metric]
        fmt = f"{{:.{check_integer('digits', digits, 0, 12)}f}}"
        return (f"{fmt.format(row['mean'])} (90% of runs between {fmt.format(row['low'])} and "
                f"{fmt.format(row['high'])}; {int(row['runs'])} runs)")

    def mean_interval(self, metric: str, level: float = LEVEL) -> tuple[float, float]:
        """A confidence interval (90% by default) for the mean of ``metric`` over seeds: mean ± t · sd / √runs.

        Student's t with runs − 1 degrees of freedom; runs are independent seeds. It says how
        well the runs pin down the mean, not how much one run varies (that is ``low``–``high``).
        """
        return _t_interval(self.values[_known(metric, self.table.index)].to_numpy(dtype=float), level)

    def describe_mean(self, metric: str, digits: int = 2, level: float = LEVEL) -> str:
        """The mean in words with its confidence interval, e.g. ``'0.51 (90% confidence interval for the mean 0.49 to 0.53; 10 runs)'``."""
        low, high = self.mean_interval(metric, level)
        fmt = f"{{:.{check_integer('digits', digits, 0, 12)}f}}"
        return (f"{fmt.format(self[metric]['mean'])} ({100 * level:g}% confidence interval for the mean "
                f"{fmt.format(low)} to {fmt.format(high)}; {int(self[metric]['runs'])} runs)")

    def __repr__(self) -> str:
        return f"Replicated over {len(self.values)} seeds (mean and 5th-95th percentile of runs):\n{self.table!r}"

    def _repr_html_(self) -> str:
        return (f"<p>Replicated over {len(self.values)} seeds (mean and 5th&ndash;95th percentile of runs)</p>"
                + self.table._repr_html_())


@dataclass(frozen=True)
class ReplicatedSeries:
    """Per-step mean and 5th-95th percentile band of each measure, from ``replicate(..., series=True)``.

    Attributes
    ----------
    mean, low, high : pandas.DataFrame
        One row per step, one column per measure.
    runs : int
        Number of seeds.
    """

    mean: pd.DataFrame
    low: pd.DataFrame
    high: pd.DataFrame
    runs: int

    def band(self, metric: str) -> pd.DataFrame:
        """One measure over time: columns ``mean``, ``low`` and ``high``, one row per step (for a figure with a band)."""
        metric = _known(metric, self.mean.columns)
        return pd.DataFrame({"mean": self.mean[metric], "low": self.low[metric], "high": self.high[metric]})

    @property
    def table(self) -> pd.DataFrame:
        """All measures side by side, columns (measure, statistic)."""
        return pd.concat({"mean": self.mean, "low": self.low, "high": self.high}, axis=1).swaplevel(axis=1).sort_index(
            axis=1, level=0, sort_remaining=False)

    def __repr__(self) -> str:
        return f"Replicated over {self.runs} seeds, per step (mean and 5th-95th percentile band):\n{self.table!r}"

    def _repr_html_(self) -> str:
        return (f"<p>Replicated over {self.runs} seeds, per step (mean and 5th&ndash;95th percentile band)</p>"
                + self.table._repr_html_())


def replicate(model: Callable, metrics=None, *, runs: int = 20, seed: int = 0, seeds: Sequence[int] | None = None,
              series: bool = False) -> Replicated | ReplicatedSeries:
    """Run ``model(seed)`` over many seeds; return each measure's mean and the middle 90% of runs.

    Parameters
    ----------
    model : callable
        ``model(seed)`` for an int seed. It may return a :class:`SocialCreditRun` (from
        ``simulate``), a number, a dict (or pandas Series) of numbers, or, for ``series=True``,
        a DataFrame with one row per step or a 1-D array.
    metrics : str, callable, list of them, dict of name to callable, or None
        What to measure in each run. A string names a column of ``run.metrics`` (read at the
        last step, or at every step with ``series=True``) or a key of the dict the model
        returns. A callable takes the model's result and returns a number (an array of one
        number per step with ``series=True``). None: every column, or every key, or the number
        itself (named ``"value"``).
    runs : int
        Number of seeds, 10 to 1,000 (default 20): seeds ``seed, seed + 1, ...``.
    seed : int
        The first seed (default 0).
    seeds : sequence of int, optional
        The seeds themselves (at least 10, distinct, non-negative) instead of ``runs`` and ``seed``.
    series : bool
        False: one number per run and measure (the last step of a run). True: the per-step
        mean and band, for a time-series figure.

    Returns
    -------
    Replicated or ReplicatedSeries
        ``.table`` prints nicely in a notebook; ``.describe(metric)`` gives a number in words;
        ``.band(metric)`` (series) gives the columns for a figure with a band.

    Examples
    --------
    >>> import networkx as nx
    >>> from utils.society import SocialCreditParams, simulate
    >>> club = nx.karate_club_graph()
    >>> result = replicate(lambda seed: simulate(club, SocialCreditParams(), 30, seed=seed, keep_history=False),
    ...                    ["mean_score", "isolated"], runs=10)
    >>> list(result.table.columns), int(result.table.loc["mean_score", "runs"])
    (['mean', 'low', 'high', 'runs'], 10)
    >>> bool(result.table.loc["mean_score", "low"] <= result.table.loc["mean_score", "mean"]
    ...      <= result.table.loc["mean_score", "high"])
    True
    >>> coin = lambda seed: float(np.random.default_rng(seed).random(100).mean())   # any function of a seed
    >>> replicate(coin, runs=10).describe("value")
    '0.51 (90% of runs between 0.46 and 0.54; 10 runs)'
    >>> replicate(coin, runs=3)
    Traceback (most recent call last):
    ...
    ValueError: runs must be between 10 and 1000, got 3
    """
    if not callable(model):
        raise TypeError(f"model must be a function of a seed, model(seed), got {type(model).__name__}")
    if not isinstance(series, bool):
        raise TypeError(f"series must be True or False, got {type(series).__name__}")
    seeds = _seeds(runs, seed, seeds)
    measures = None
    rows = []
    for s in seeds:
        result = model(s)
        if measures is None:
            measures = _measures(metrics, result, series)
        rows.append({name: fn(result) for name, fn in measures.items()})
    if series:
        return _series(rows, seeds)
    values = pd.DataFrame(rows, index=pd.Index(seeds, name="seed"))
    stats = {}
    for name in values.columns:
        v = values[name].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        if v.size:
            low, high = np.percentile(v, [LOW, HIGH])
            stats[name] = {"mean": v.mean(), "low": low, "high": high, "runs": v.size}
        else:
            stats[name] = {"mean": np.nan, "low": np.nan, "high": np.nan, "runs": 0}
    table = pd.DataFrame.from_dict(stats, orient="index")[["mean", "low", "high", "runs"]]
    table.index.name = "measure"
    return Replicated(table=table, values=values)


@dataclass(frozen=True)
class Difference:
    """A paired difference between two settings over shared seeds, from :func:`paired_difference`.

    Attributes
    ----------
    metric : str
    mean : float
        Mean over the shared seeds of (first − second).
    low, high : float
        The confidence interval for that mean difference (90% by default; Student's t on the
        per-seed differences).
    runs : int
        Shared seeds with a number in both settings.
    level : float
    values : pandas.Series
        The per-seed differences.
    """

    metric: str
    mean: float
    low: float
    high: float
    runs: int
    level: float
    values: pd.Series

    def describe(self, digits: int = 2) -> str:
        """In words, e.g. ``'0.12 (90% confidence interval for the mean paired difference 0.08 to 0.16; 10 shared seeds)'``."""
        fmt = f"{{:.{check_integer('digits', digits, 0, 12)}f}}"
        return (f"{fmt.format(self.mean)} ({100 * self.level:g}% confidence interval for the mean paired difference "
                f"{fmt.format(self.low)} to {fmt.format(self.high)}; {self.runs} shared seeds)")

    def __repr__(self) -> str:
        return f"Difference in {self.metric} (first − second): {self.describe(3)}"


def paired_difference(first: Replicated, second: Replicated, metric: str, level: float = LEVEL) -> Difference:
    """The mean difference first − second of ``metric`` over the seeds both were run on, with a confidence interval.

    Pairing by seed compares two settings on the same networks and starting states, so the
    interval (Student's t on the per-seed differences) is narrower than comparing two
    separate means when runs of the same seed resemble each other. Run both with the same
    ``seed``/``runs`` (or ``seeds``); at least two shared seeds with a number in both are needed.

    Examples
    --------
    >>> noisy = lambda shift: (lambda seed: float(np.random.default_rng(seed).normal(shift, 1.0)))
    >>> a, b = replicate(noisy(0.5), runs=10), replicate(noisy(0.0), runs=10)
    >>> paired_difference(a, b, "value").describe()   # the same draws shifted: the difference is exact
    '0.50 (90% confidence interval for the mean paired difference 0.50 to 0.50; 10 shared seeds)'
    >>> a.describe_mean("value")
    '0.48 (90% confidence interval for the mean -0.14 to 1.09; 10 runs)'
    """
    if not isinstance(first, Replicated) or not isinstance(second, Replicated):
        raise TypeError("first and second must be results of replicate() (Replicated), got "
                        f"{type(first).__name__} and {type(second).__name__}")
    metric = _known(metric, first.table.index)
    _known(metric, second.table.index)
    level = check_number("level", level, 0.5, 0.999)
    shared = first.values.index.intersection(second.values.index)
    both = pd.DataFrame({"first": first.values.loc[shared, metric], "second": second.values.loc[shared, metric]},
                        dtype=float).dropna()
    if len(both) < 2:
        raise ValueError(f"first and second must share at least 2 seeds with a number for {metric!r}, got {len(both)} "
                         "(run both with the same seed and runs)")
    diff = both["first"] - both["second"]
    low, high = _t_interval(diff.to_numpy(), level)
    return Difference(metric=metric, mean=float(diff.mean()), low=low, high=high, runs=len(diff), level=level,
                      values=diff)


def _t_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    from scipy.stats import t as student_t     # imported here: scipy.stats takes a moment to load

    values = values[np.isfinite(values)]
    if values.size < 2:
        return (np.nan, np.nan)
    half = student_t.ppf(0.5 + level / 2, values.size - 1) * values.std(ddof=1) / np.sqrt(values.size)
    mean = float(values.mean())
    return (float(mean - half), float(mean + half))


def _seeds(runs, seed, seeds) -> list[int]:
    if seeds is None:
        runs = check_integer("runs", runs, MIN_RUNS, MAX_RUNS)
        seed = check_integer("seed", seed, 0)
        return list(range(seed, seed + runs))
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence | np.ndarray):
        raise TypeError(f"seeds must be a list of non-negative integers, got {type(seeds).__name__}")
    seeds = list(seeds)
    for i, s in enumerate(seeds):
        if isinstance(s, bool) or not isinstance(s, Integral):
            raise TypeError(f"seeds[{i}] must be a non-negative integer, got {s!r}")
        if s < 0:
            raise ValueError(f"seeds[{i}] must be a non-negative integer, got {s}")
    if not MIN_RUNS <= len(seeds) <= MAX_RUNS:
        raise ValueError(f"seeds must hold between {MIN_RUNS} and {MAX_RUNS} seeds, got {len(seeds)}")
    if len(set(seeds)) != len(seeds):
        raise ValueError("seeds must be distinct (a repeated seed repeats the same run)")
    return [int(s) for s in seeds]


def _frame(result, series: bool):
    """The named measures a result offers: a metrics table, a dict or Series, or a number."""
    if isinstance(result, SocialCreditRun):
        return result.metrics if series else result.metrics.iloc[-1]
    if series:
        if isinstance(result, pd.DataFrame):
            return result
        arr = np.asarray(result, dtype=float) if isinstance(result, (np.ndarray, list, pd.Series)) else None
        if arr is not None and arr.ndim == 1:
            return pd.DataFrame({"value": arr})
        return None
    if isinstance(result, Mapping | pd.Series):
        return pd.Series(result)
    if isinstance(result, Real) or (isinstance(result, np.ndarray) and result.ndim == 0):
        return pd.Series({"value": float(result)})
    return None


def _measures(metrics, first, series: bool) -> dict:
    frame = _frame(first, series)
    names = tuple(frame.columns if series else frame.index) if frame is not None else ()
    if metrics is None:
        if frame is None:
            raise TypeError("model must return a SocialCreditRun, a number or a dict of numbers"
                            + (", a DataFrame or a 1-D array" if series else "")
                            + f" when metrics is None, got {type(first).__name__}")
        metrics = list(names)
    if isinstance(metrics, str) or callable(metrics):
        metrics = [metrics]
    if isinstance(metrics, Mapping):
        items = list(metrics.items())
        for name, fn in items:
            if not callable(fn):
                raise TypeError(f"metrics[{name!r}] must be a function of the model's result, got {type(fn).__name__}")
    elif isinstance(metrics, Sequence):
        items = [(m, m) if isinstance(m, str) else (getattr(m, "__name__", f"metric {i}"), m)
                 for i, m in enumerate(metrics)]
    else:
        raise TypeError("metrics must be a name, a function, a list of them, a dict of name to function or None, "
                        f"got {type(metrics).__name__}")
    if not items:
        raise ValueError("metrics must name at least one measure")
    measures = {}
    for name, m in items:
        if isinstance(m, str):
            if m not in names:
                allowed = ", ".join(map(repr, names)) if names else "none (the model's result has no named measures)"
                raise ValueError(f"metrics must name measures of the model's result: one of {allowed}; got {m!r}")
            measures[m] = _column(m, series)
        elif callable(m):
            measures[str(name)] = _call(m, series)
        else:
            raise TypeError(f"each metric must be a name or a function of the model's result, got {type(m).__name__}")
    return measures


def _column(name, series):
    def read(result):
        frame = _frame(result, series)
        return frame[name].to_numpy(dtype=float) if series else float(frame[name])
    return read


def _call(fn, series):
    def read(result):
        out = np.asarray(fn(result), dtype=float)
        if series:
            if out.ndim != 1:
                raise ValueError(f"a metric function must return one number per step with series=True, got shape {out.shape}")
            return out
        if out.ndim != 0:
            raise ValueError(f"a metric function must return one number, got shape {out.shape}")
        return float(out)
    return read


def _series(rows, seeds) -> ReplicatedSeries:
    names = list(rows[0])
    stacked = {}
    for name in names:
        lengths = {row[name].size for row in rows}
        if len(lengths) != 1:
            raise ValueError(f"every run must have the same number of steps for series=True; {name!r} has lengths "
                             f"{sorted(lengths)}")
        stacked[name] = np.vstack([row[name] for row in rows])
    index = pd.RangeIndex(next(iter(stacked.values())).shape[1], name="step")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN steps (agency when scores are equal) stay NaN
        mean = pd.DataFrame({k: np.nanmean(v, axis=0) for k, v in stacked.items()}, index=index)
        low = pd.DataFrame({k: np.nanpercentile(v, LOW, axis=0) for k, v in stacked.items()}, index=index)
        high = pd.DataFrame({k: np.nanpercentile(v, HIGH, axis=0) for k, v in stacked.items()}, index=index)
    return ReplicatedSeries(mean=mean, low=low, high=high, runs=len(seeds))


def _known(metric, names) -> str:
    if metric not in names:
        raise ValueError(f"metric must be one of {', '.join(map(repr, names))}; got {metric!r}")
    return metric
