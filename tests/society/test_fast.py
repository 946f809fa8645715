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


def test_the_kept_scores_product_is_reused_and_kept_exact_as_ties_change():
    """sums_of: one product of the scores a step, corrected row by row, equal to a fresh product to the last bit."""
    rng = np.random.default_rng(3)
    net = SparseNetwork.from_graph(build_network("small world", n=200, seed=1))
    net._correcting = True                  # as on a large network (a small one recomputes: it is quicker)
    s = rng.random(200)
    product = net.sums_of(s)
    assert net.sums_of(s) is product, "asked again for the same array: the same product"
    corrected = 0
    for _ in range(80):
        low = rng.random(200) < 0.02                      # a few changes a step, as late in a run
        a, b, which = net.touching(low)
        net.cut(which[rng.random(a.size) < 0.3])
        net.add(rng.integers(0, 200, 2), rng.integers(0, 200, 2))
        kept = net.sums_of(s)
        corrected += kept is product
        assert np.array_equal(kept, net.neighbour_sums(s)), "the corrected product must equal a fresh one exactly"
        product = kept
    assert corrected > 20, "the test must exercise the corrected path (not only rebuilds)"
    other = s.copy()
    assert net.sums_of(other) is not product and np.array_equal(net.sums_of(other), net.neighbour_sums(s))
