"""The scoring-society game (lesson 06's), played as a learner plays it: JupyterLab in a real Chromium.

Three rounds: one move by a mouse click, one by Enter on a focused button, one by Space, with a
friend's box ticked by keyboard. After every move the page must show what the kernel's game holds
(round, score, friends) and every figure the browser draws must equal the kernel's figure, trace
by trace. Uncaught JavaScript errors fail. (Lingo Leap's test is test_games_browser.py.)
"""
from __future__ import annotations

import pytest

from browser_support import SCREENSHOTS
from game_browser_support import check_figures, kernel_json, open_game_notebook, press, settle, start_game_notebook
from test_browser import PageWatch, _screenshot, _wait, browser, chromium_path, lab  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

NOTEBOOK = "scoring_game.ipynb"
CELLS = ["from utils import scoring_game", "society = scoring_game(seed=1)\nsociety"]
PY_SOCIETY = """
import json
_r = society.game.run.rounds[-1]
print(json.dumps({"round": society.game.round, "score": round(_r.score, 2), "friends": len(_r.friends),
                  "cut": list(_r.cut)}))
"""


def test_scoring_game_plays_by_mouse_and_keyboard(lab, browser):
    context, page = open_game_notebook(lab, browser, NOTEBOOK, CELLS)
    watch = PageWatch(context, page)
    try:
        start_game_notebook(page, lab, NOTEBOOK, "society")
        society = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea")
        assert _wait(lambda: society.locator('[role="status"]').count() > 0, 60), "the society board never appeared"
        box = society.get_by_role("checkbox").first
        box.scroll_into_view_if_needed()
        box.focus()
        page.keyboard.press(" ")   # tick the first (lowest-scoring) friend by keyboard
        assert _wait(lambda: box.is_checked(), 10), "Space did not tick the friend's box"
        for rnd, (label, how) in enumerate([("Endorse the scheme", "click"), ("Say what I think", "Enter"),
                                            ("Endorse the scheme", " ")], start=2):
            press(page, society.get_by_role("button", name=label, exact=True), how)
            shown = settle(page, NOTEBOOK, society, f"Round {rnd} of 10")
            state = kernel_json(page, NOTEBOOK, PY_SOCIETY)
            assert state["round"] == rnd - 1
            assert f"Your score: {state['score']:.2f}" in shown and f"friends: {state['friends']}" in shown, \
                f"round {rnd - 1} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            if rnd == 2:
                assert len(state["cut"]) == 1, "the ticked friend was not cut"
            check_figures(page, NOTEBOOK, society, f"society round {rnd - 1}")
        _screenshot(page, society, SCREENSHOTS / "game-scoring-society.png")
        assert not watch.page_errors, "uncaught JavaScript errors:\n" + "\n".join(watch.page_errors)
    finally:
        context.close()
        lab.shutdown_kernels(NOTEBOOK)
