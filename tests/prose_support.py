"""What the prose tests share beyond their fixtures (``tests/prose/conftest.py``)."""
import re


def quotes(prose: str, number: str) -> bool:
    """True if ``number`` appears in the prose as a whole number (not inside a longer one).

    >>> quotes("about 80 people", "80"), quotes("about 180 people", "80"), quotes("0.805", "0.80")
    (True, False, False)
    """
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|\.\d)", prose) is not None
