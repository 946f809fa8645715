"""Argument checks shared by every public helper, and the one way to make a random generator.

Each check names the argument, the value it got and the range it allows, so a learner
who passes a bad value reads what to change.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["check_number", "check_integer", "check_probability", "check_choice", "check_bool", "make_rng"]


def check_number(name: str, value, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` as a float after checking it is a real number in [low, high].

    Examples
    --------
    >>> check_number("beta", 0.5, 0, 0.95)
    0.5
    >>> check_number("beta", 2, 0, 0.95)
    Traceback (most recent call last):
    ...
    ValueError: beta must be between 0 and 0.95, got 2
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    return _in_range(name, value, low, high, "g")


def check_integer(name: str, value, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is a whole number in [low, high].

    Examples
    --------
    >>> check_integer("days", 30, 1)
    30
    >>> check_integer("days", 2.5, 1)
    Traceback (most recent call last):
    ...
    TypeError: days must be a whole number, got float 2.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    return _in_range(name, int(value), low, high, "")


def _in_range(name: str, value, low, high, style: str):
    """``value`` if it lies in [low, high] (either bound may be None); else a ValueError naming the range."""
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(f"{name} must be between {low:{style}} and {high:{style}}, got {value:{style}}")
    if low is not None and value < low:
        raise ValueError(f"{name} must be at least {low:{style}}, got {value:{style}}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high:{style}}, got {value:{style}}")
    return value


def check_probability(name: str, value) -> float:
    """Return ``value`` as a float after checking it is a probability in [0, 1].

    Examples
    --------
    >>> check_probability("p", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: p must be between 0 and 1, got 1.5
    """
    return check_number(name, value, 0.0, 1.0)


def check_choice(name: str, value, allowed) -> object:
    """Return ``value`` after checking it is one of ``allowed``.

    Examples
    --------
    >>> check_choice("cutoff", "relative", ("relative", "absolute"))
    'relative'
    >>> check_choice("cutoff", "median", ("relative", "absolute"))
    Traceback (most recent call last):
    ...
    ValueError: cutoff must be one of 'relative', 'absolute'; got 'median'
    """
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_bool(name: str, value) -> bool:
    """Return ``value`` as a bool after checking it is True or False (numpy booleans too).

    Examples
    --------
    >>> check_bool("refill", True)
    True
    >>> check_bool("refill", "yes")
    Traceback (most recent call last):
    ...
    TypeError: refill must be True or False, got 'yes'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def make_rng(seed=None) -> np.random.Generator:
    """Turn ``seed`` (an int, a ``numpy.random.Generator`` or None) into a Generator.

    The same int always gives the same stream; a Generator is used as it is, so a model
    can own one and pass it on to every draw. Never touches numpy's global state.

    Examples
    --------
    >>> make_rng(7).integers(0, 100, 3).tolist() == make_rng(7).integers(0, 100, 3).tolist()
    True
    >>> make_rng(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be at least 0, got -1
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, a numpy.random.Generator or None, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be at least 0, got {seed}")
    return np.random.default_rng(int(seed))
