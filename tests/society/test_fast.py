"""The fast network's bookkeeping: products kept up to date as ties and values change."""
from __future__ import annotations

import numpy as np
import pytest

from utils.society import SparseNetwork
from utils.society.networks import build_network


@pytest.mark.parametrize("seed", range(4))
def test_whole_sums_stay_equal_to_the_full_product(seed):
    rng = np.random.default_rng(seed)
    net = SparseNetwork.from_graph(build_network("small world", n=300, seed=seed))
    values = rng.integers(0, 2, 300).astype(float) + 8 * rng.integers(0, 2, 300)
    corrected = 0
    for _ in range(60):
        low = rng.random(300) < 0.1
        a, b, which = net.touching(low)
        cut = rng.random(a.size) < 0.3
        net.cut(which[cut])
        net.add(rng.integers(0, 300, 15), rng.integers(0, 300, 15))
        flip = rng.random(300) < (0.01 if rng.random() < 0.8 else 0.3)   # mostly few changes, sometimes many
        values = values.copy()
        values[flip] = rng.integers(0, 2, flip.sum()) + 8 * rng.integers(0, 2, flip.sum())
        corrected += flip.sum() <= 300 // 16
        got = net.whole_sums(values).copy()
        assert np.array_equal(got, net.adjacency @ values)
    assert corrected > 20, "the test must exercise the corrected path"


def test_sums_at_returns_only_a_product_of_the_same_array_and_ties():
    net = SparseNetwork.from_graph(build_network("small world", n=50, seed=1))
    s = np.linspace(0, 1, 50)
    product = net.neighbour_sums(s)
    version = net.version
    assert net.sums_at(s, version) is product
    assert net.sums_at(s.copy(), version) is None
    net.cut(net.touching(np.arange(50) < 5)[2][:3])
    assert net.version != version and net.sums_at(s, net.version) is None
    assert net.sums_at(s, version) is product          # still the product at that earlier version
