"""The one cache: keep the few most recently used results of a slow computation.

Dashboards build a network and its layout once and reuse them while sliders move; every
such store in the course is a :class:`Cache`, so the rule (bounded size, least recently
used goes first) is written once.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from .checks import check_integer

__all__ = ["Cache"]


class Cache:
    """A bounded store of results by key; the least recently used result goes first.

    Parameters
    ----------
    size : int
        How many results to keep, 1 to 10,000.

    Examples
    --------
    >>> calls = []
    >>> cache = Cache(size=2)
    >>> cache.get("a", lambda: calls.append("a") or 1)
    1
    >>> cache.get("a", lambda: calls.append("a") or 1)   # kept: not built again
    1
    >>> calls
    ['a']
    >>> _ = cache.get("b", lambda: 2); _ = cache.get("c", lambda: 3)   # "a" was used least recently
    >>> "a" in cache, "c" in cache, len(cache)
    (False, True, 2)
    """

    def __init__(self, size: int = 32):
        self.size = check_integer("size", size, 1, 10_000)
        self._items: OrderedDict = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], object]):
        """The result stored under ``key``; ``build()`` computes and stores it the first time."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = build()
        self._items[key] = value
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def __contains__(self, key) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget every stored result."""
        self._items.clear()
