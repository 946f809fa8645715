"""Which library versions the course's numbers hold for, said by a test.

Every network, and so every number the lessons quote, comes from seeded generators of networkx
and numpy's ``Generator``. A library release may change a generator's random stream (networkx 3.7
changed the stochastic block model behind the "communities" network: 598 ties where 3.4-3.6 gave
572), and then the same seed gives other numbers. The lock (requirements-lock.txt) installs one
version of each on every supported Python; these fingerprints were recorded under it. When one
fails, a library moved: run the whole suite (the prose tests recompute every quoted number), fix
what changed, and re-record here, or keep the lock where it is.
"""
from __future__ import annotations

import hashlib
import importlib.metadata as metadata

import numpy as np
import pytest

from utils import build_network, degree_matched

# The versions the fingerprints below, and the numbers in the lessons, were recorded with.
RECORDED_WITH = {"networkx": "3.4.2", "numpy": "2.2.6"}

# (kind, n, seed) -> (number of ties, first 16 hex digits of the SHA-256 of the sorted tie list)
NETWORKS = {
    ('small world', 300, 0): (900, 'cdc3c223009f3181'),
    ('small world', 300, 6): (900, 'c24f095751d73c0d'),
    ('small world', 300, 8): (900, '1161aab8890938e1'),
    ('scale-free', 300, 0): (891, '18b1c3737c599d11'),
    ('scale-free', 300, 6): (891, '5929ed1e86027ef4'),
    ('scale-free', 300, 8): (891, '721bc86fb05ae14f'),
    ('communities', 300, 0): (906, 'cbab34aeb78c8118'),
    ('communities', 300, 6): (870, '769f977207e4c96d'),
    ('communities', 300, 8): (862, '747ea2a99ae15182'),
    ('random regular', 300, 0): (900, '5671269eedca42f6'),
    ('random regular', 300, 6): (900, '94f9e0f7905ca576'),
    ('random regular', 300, 8): (900, '4235b6cfb0ab5c6f'),
    ('degree matched', 300, 8): (900, 'f3911b0b729f7cc1'),
}

# numpy's Generator(PCG64) with seed 2024: the draws the models use most.
DRAWS = [[0.675831337981, 0.214323201238, 0.309452030882], [-0.973179515475, -1.392800096377],
         [7, 14, 86, 7, 16], [2, 2, 3, 3, 1], [27, 33, 8, 0, 22], [7, 4, 0, 5, 2, 3, 6, 1]]


def installed() -> str:
    return ", ".join(f"{name} {metadata.version(name)}" for name in RECORDED_WITH)


def recorded() -> str:
    return ", ".join(f"{name} {version}" for name, version in RECORDED_WITH.items())


def fingerprint(graph) -> tuple[int, str]:
    ties = sorted(tuple(sorted(edge)) for edge in graph.edges())
    return graph.number_of_edges(), hashlib.sha256(repr(ties).encode()).hexdigest()[:16]


@pytest.mark.parametrize("case", list(NETWORKS), ids=lambda c: f"{c[0]}-{c[2]}".replace(" ", "-"))
def test_seeded_networks_are_the_recorded_ones(case):
    kind, n, seed = case
    graph = (degree_matched(build_network("small world", n=n, seed=seed), seed=seed) if kind == "degree matched"
             else build_network(kind, n=n, seed=seed))
    assert fingerprint(graph) == NETWORKS[case], (
        f"the seeded {kind!r} network (n={n}, seed={seed}) is not the one the lessons' numbers were recorded "
        f"with ({recorded()}; installed: {installed()}): a library changed its random stream")


def test_numpy_draws_are_the_recorded_ones():
    rng = np.random.default_rng(2024)
    draws = [rng.random(3).round(12).tolist(), rng.normal(size=2).round(12).tolist(), rng.integers(0, 100, 5).tolist(),
             rng.binomial(10, 0.3, 5).tolist(), rng.choice(50, 5, replace=False).tolist(), rng.permutation(8).tolist()]
    assert draws == DRAWS, f"numpy's seeded draws differ from those recorded with {recorded()} (installed: {installed()})"


def test_the_lock_installs_the_recorded_versions():
    from test_environment_sync import lock_pins
    pins = {name: version for name, version, _ in lock_pins()}
    assert {name: pins[name] for name in RECORDED_WITH} == RECORDED_WITH, \
        "the lock moved networkx or numpy: re-run the suite and re-record the fingerprints in this file"
