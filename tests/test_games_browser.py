"""Lingo Leap (lesson 02's game), played as a learner plays it: JupyterLab in Chromium, to the reveal by keyboard.

The learner picks a ready-made plan (Enter), changes one day with its button (Space), starts (Space), then
plays all 14 days: by Enter and Space on focused buttons, and one day by a mouse click. After every move the
page must show what the kernel's game holds (day, ledger, streak, gems, XP, place); the figure the browser draws
must equal the kernel's figure, trace by trace; and after day 14 the page must show every sentence of the
kernel's reveal. Uncaught JavaScript errors fail. (The scoring-society game's test is test_scoring_game_browser.py.)
"""
from __future__ import annotations

import re

import pytest

from browser_support import SCREENSHOTS
from game_browser_support import check_figures, kernel_json, open_game_notebook, press, settle, start_game_notebook
from test_browser import PageWatch, _screenshot, _wait, browser, chromium_path, lab  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "lingo_leap.ipynb"
CELLS = ["from utils import lingo_leap_game, lingo_leap_reveal", "leap = lingo_leap_game(seed=1)\nleap"]
PY_LEAP = """
import json
_g = leap.game
_d = _g.run.days[-1] if _g.run.days else None
print(json.dumps({"day": _g.day, "streak": _d.streak if _d else 0, "gems": _g.gems, "freezes": _g.freezes,
                  "xp": round(_d.week_xp) if _d else 0, "place": _d.rank + 1 if _d else None,
                  "given_up": _g.given_up, "plan": list(_g.plan or _g.draft),
                  "sentences": [t for _, t in lingo_leap_reveal(_g.run).sentences] if _g.finished else []}))
"""
# What the learner does each day (a label's start, and how the button is pressed).
DAYS = [("One lesson (", "Enter"), ("One lesson + buy a freeze (", " "), ("Rest today (", "Enter"),
        ("Three lessons (", "click"), ("Rest today (", " ")] + [("One lesson (", "Enter"), ("Rest today (", " ")] * 4 \
    + [("Three lessons (", "Enter")]


def _button(board, start: str):
    return board.get_by_role("button", name=re.compile("^" + re.escape(start)))


def test_lingo_leap_plays_to_the_reveal_by_keyboard(lab, browser):
    context, page = open_game_notebook(lab, browser, NOTEBOOK, CELLS)
    watch = PageWatch(context, page)
    try:
        start_game_notebook(page, lab, NOTEBOOK, "lingo")
        leap = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea")
        assert _wait(lambda: leap.locator('[role="status"]').count() > 0, 60), "the Lingo Leap board never appeared"
        assert _button(leap, "Rest today").count() == 0, "the day's moves are hidden until the plan is stated"

        press(page, leap.get_by_role("button", name="Plan: weekdays", exact=True), "Enter")
        settle(page, NOTEBOOK, leap, "Before day 1")
        saturday = leap.get_by_role("button", name="Day 6 (Sat): rest", exact=True)
        assert _wait(lambda: saturday.count() == 1, 20), "the weekdays plan rests on Saturday"
        press(page, saturday, " ")                           # rest -> one lesson, by keyboard
        settle(page, NOTEBOOK, leap, "Before day 1")
        changed = leap.get_by_role("button", name="Day 6 (Sat): one lesson", exact=True)
        assert _wait(lambda: changed.count() == 1, 20), "Space on Saturday's button did not change the plan"
        assert page.evaluate("document.activeElement.textContent") == "Day 6 (Sat): one lesson", \
            "the day's button lost the keyboard's focus when pressed"
        _screenshot(page, leap, SCREENSHOTS / "game-lingo-leap-plan.png")   # the plan, for reviewers
        press(page, leap.get_by_role("button", name="Start day 1 with this plan", exact=True), " ")
        settle(page, NOTEBOOK, leap, "Day 1 of 14")
        assert kernel_json(page, NOTEBOOK, PY_LEAP)["plan"][5] == "one lesson", "the plan lost the box's change"

        for day, (label, how) in enumerate(DAYS, start=1):
            press(page, _button(leap, label), how)
            shown = settle(page, NOTEBOOK, leap, f"Day {day + 1} of 14" if day < 14 else "Day 14 is over")
            state = kernel_json(page, NOTEBOOK, PY_LEAP)
            assert state["day"] == day
            ledger = "nothing" if state["given_up"] == 0 else \
                f"{state['given_up']} life point{'s' * (state['given_up'] != 1)}"
            expected = (f"Streak: {state['streak']} day{'s' * (state['streak'] != 1)} · freezes held: "
                        f"{state['freezes']} · gems: {state['gems']} · XP this week: {state['xp']} · "
                        f"place: {state['place']} of 30")
            assert expected in shown and f"Your ledger: {ledger} given up" in shown, \
                f"day {day} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            if day in (1, 4, 7, 14):
                check_figures(page, NOTEBOOK, leap, f"Lingo Leap day {day}")

        reveal = leap.locator("h4", has_text="The reveal")
        assert _wait(lambda: reveal.count() == 1, 30), "no reveal after day 14"
        text = leap.inner_text()
        for sentence in state["sentences"]:
            assert sentence in text, f"the page does not show the reveal's sentence {sentence!r}"
        _screenshot(page, leap, SCREENSHOTS / "game-lingo-leap.png")   # what learners see, for reviewers
        assert not watch.page_errors, "uncaught JavaScript errors:\n" + "\n".join(watch.page_errors)
    finally:
        context.close()
        lab.shutdown_kernels(NOTEBOOK)
