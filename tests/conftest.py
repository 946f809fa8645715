"""Shared set-up for the whole suite.

The tests live in folders that mirror the packages (``tests/engagement``, ``tests/society``,
``tests/capstone``, ``tests/grader``) and share two helper modules in this folder,
``support.py`` and ``browser_support.py``. This file puts this folder on ``sys.path`` itself,
so ``from support import ...`` works from every sub-folder whatever pytest's import mode.
"""
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# Answer files are data for the nbgrader pipeline test (loaded by path there), not test modules:
# the same exercise's wrong and alternative answers share a file name, so doctest collection would
# trip over the pair.
collect_ignore = ["wrong_answers", "alternative_answers"]
