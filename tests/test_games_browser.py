"""Lingo Leap (lesson 02's game), played as a learner plays it: JupyterLab in a real Chromium.

The game is played for three days: one move by a mouse click, one by Enter on a focused button,
one by Space. After every move the page must show what the kernel's game holds (day, streak,
gems, XP) and every figure the browser draws must equal the kernel's figure, trace by trace.
Uncaught JavaScript errors fail. (The scoring-society game's test is test_scoring_game_browser.py.)
"""
from __future__ import annotations

import pytest

from browser_support import SCREENSHOTS
from game_browser_support import check_figures, kernel_json, open_game_notebook, press, settle, start_game_notebook
from test_browser import PageWatch, _screenshot, _wait, browser, chromium_path, lab  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

NOTEBOOK = "lingo_leap.ipynb"
CELLS = ["from utils import lingo_leap_game", "leap = lingo_leap_game(seed=1)\nleap"]
PY_LEAP = """
import json
_d = leap.game.run.days[-1] if leap.game.run.days else None
print(json.dumps({"day": leap.game.day, "streak": _d.streak if _d else 0, "gems": leap.game.gems,
                  "freezes": leap.game.freezes,
                  "xp": round(_d.week_xp) if _d else 0, "place": _d.rank + 1 if _d else None}))
"""


def test_lingo_leap_plays_by_mouse_and_keyboard(lab, browser):
    context, page = open_game_notebook(lab, browser, NOTEBOOK, CELLS)
    watch = PageWatch(context, page)
    try:
        start_game_notebook(page, lab, NOTEBOOK, "lingo")
        leap = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea")
        assert _wait(lambda: leap.locator('[role="status"]').count() > 0, 60), "the Lingo Leap board never appeared"
        for day, (label, how) in enumerate([("One lesson", "click"), ("One lesson + buy a freeze (20 gems)", "Enter"),
                                            ("Rest today", " ")], start=2):
            press(page, leap.get_by_role("button", name=label, exact=True), how)
            shown = settle(page, NOTEBOOK, leap, f"Day {day} of 14")
            state = kernel_json(page, NOTEBOOK, PY_LEAP)
            assert state["day"] == day - 1
            expected = (f"Streak: {state['streak']} days · freezes held: {state['freezes']} · gems: {state['gems']} · "
                        f"XP this week: {state['xp']} · "
                        f"place: {state['place']} of 30")
            assert expected in shown, f"day {day - 1} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            check_figures(page, NOTEBOOK, leap, f"Lingo Leap day {day - 1}")
        _screenshot(page, leap, SCREENSHOTS / "game-lingo-leap.png")   # what learners see, for reviewers
        assert not watch.page_errors, "uncaught JavaScript errors:\n" + "\n".join(watch.page_errors)
    finally:
        context.close()
        lab.shutdown_kernels(NOTEBOOK)

