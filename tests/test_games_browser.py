"""Both games, played as a learner plays them: JupyterLab in a real Chromium, by mouse and by keyboard.

A scratch notebook with the two games is opened in the same kind of JupyterLab server as the
dashboard tests (127.0.0.1, random port and token, everything else blocked). Each game is played
for three rounds: one move by a mouse click, one by Enter on a focused button, one by Space (the
society game ticks a friend's box by keyboard too). After every move the page must show what
the kernel's game holds (day, streak, gems, XP; round, score, friends) and every figure the
browser draws must equal the kernel's figure, trace by trace. Uncaught JavaScript errors fail.
"""
from __future__ import annotations

import json
import time

import nbformat
import pytest

from browser_support import SCREENSHOTS
from test_browser import (JS_KERNEL_PRINT, JS_KERNEL_READY, JS_RUN_ALL, PageWatch, _browser_matches_kernel,
                          _kernel_idle, _screenshot, _wait, browser, chromium_path, lab)  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

NOTEBOOK = "games.ipynb"
CELLS = ["from utils import lingo_leap_game, scoring_game",
         "leap = lingo_leap_game(seed=1)\nleap",
         "society = scoring_game(seed=1)\nsociety"]
PY_LEAP = """
import json
_d = leap.game.run.days[-1] if leap.game.run.days else None
print(json.dumps({"day": leap.game.day, "streak": _d.streak if _d else 0, "gems": leap.game.gems,
                  "freezes": leap.game.freezes,
                  "xp": round(_d.week_xp) if _d else 0, "place": _d.rank + 1 if _d else None}))
"""
PY_SOCIETY = """
import json
_r = society.game.run.rounds[-1]
print(json.dumps({"round": society.game.round, "score": round(_r.score, 2), "friends": len(_r.friends),
                  "cut": list(_r.cut)}))
"""


def _kernel(page, code: str) -> dict:
    printed = page.evaluate(JS_KERNEL_PRINT, [NOTEBOOK, code])
    assert not printed.startswith("ERROR"), printed
    return json.loads(printed)


def _status(output) -> str:
    return output.locator('[role="status"]').inner_text()


def _press(page, button, how: str) -> None:
    button.scroll_into_view_if_needed()
    if how == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press(how)


def _settle(page, output, expect: str) -> str:
    assert _wait(lambda: expect in _status(output), 30), f"the page never showed {expect!r}: {_status(output)!r}"
    _kernel_idle(page, NOTEBOOK, 30)
    time.sleep(0.3)   # the figure's update message follows the status
    return _status(output)


def _check_figures(page, output, where: str) -> None:
    assert _wait(lambda: not _browser_matches_kernel(page, NOTEBOOK, output), 20), \
        f"{where}: the drawn figure differs from the kernel's: {_browser_matches_kernel(page, NOTEBOOK, output)}"
    assert output.locator(".js-plotly-plot .main-svg").count() > 0, f"{where}: no plotly SVG was drawn"


def test_both_games_play_by_mouse_and_keyboard(lab, browser):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab.root / NOTEBOOK)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    watch = PageWatch(context, page)
    try:
        page.goto(f"{lab.url}/lab/workspaces/games/tree/{NOTEBOOK}?reset&token={lab.token}")
        page.wait_for_function(JS_KERNEL_READY, arg=NOTEBOOK, timeout=90_000)
        report = page.evaluate(JS_RUN_ALL, [NOTEBOOK, 120])
        assert report and not [r for r in report if r["errors"]], f"the games did not start: {report}"
        cells = page.locator(".jp-Notebook .jp-Cell")

        leap = cells.nth(1).locator(".jp-OutputArea")
        assert _wait(lambda: leap.locator('[role="status"]').count() > 0, 60), "the Lingo Leap board never appeared"
        for day, (label, how) in enumerate([("One lesson", "click"), ("One lesson + buy a freeze (20 gems)", "Enter"),
                                            ("Rest today", " ")], start=2):
            _press(page, leap.get_by_role("button", name=label, exact=True), how)
            shown = _settle(page, leap, f"Day {day} of 14")
            state = _kernel(page, PY_LEAP)
            assert state["day"] == day - 1
            expected = (f"Streak: {state['streak']} days · freezes held: {state['freezes']} · gems: {state['gems']} · "
                        f"XP this week: {state['xp']} · "
                        f"place: {state['place']} of 30")
            assert expected in shown, f"day {day - 1} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            _check_figures(page, leap, f"Lingo Leap day {day - 1}")

        _screenshot(page, leap, SCREENSHOTS / "game-lingo-leap.png")   # what learners see, for reviewers
        society = cells.nth(2).locator(".jp-OutputArea")
        assert _wait(lambda: society.locator('[role="status"]').count() > 0, 60), "the society board never appeared"
        box = society.get_by_role("checkbox").first
        box.scroll_into_view_if_needed()
        box.focus()
        page.keyboard.press(" ")   # tick the first (lowest-scoring) friend by keyboard
        assert _wait(lambda: box.is_checked(), 10), "Space did not tick the friend's box"
        for rnd, (label, how) in enumerate([("Endorse the scheme", "click"), ("Say what I think", "Enter"),
                                            ("Endorse the scheme", " ")], start=2):
            _press(page, society.get_by_role("button", name=label, exact=True), how)
            shown = _settle(page, society, f"Round {rnd} of 10")
            state = _kernel(page, PY_SOCIETY)
            assert state["round"] == rnd - 1
            assert f"Your score: {state['score']:.2f}" in shown and f"friends: {state['friends']}" in shown, \
                f"round {rnd - 1} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            if rnd == 2:
                assert len(state["cut"]) == 1, "the ticked friend was not cut"
            _check_figures(page, society, f"society round {rnd - 1}")
        _screenshot(page, society, SCREENSHOTS / "game-scoring-society.png")
        assert not watch.page_errors, "uncaught JavaScript errors:\n" + "\n".join(watch.page_errors)
    finally:
        context.close()
        lab.shutdown_kernels(NOTEBOOK)
