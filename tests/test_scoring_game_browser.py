"""The scoring-society game (lesson 06's), played as a learner plays it: JupyterLab in a real Chromium, to the
reveal by keyboard.

Ten rounds: one move by a mouse click, the others by Enter or Space on a focused button, with a friend's box
ticked by keyboard (Space) in two rounds. After every move the page must show what the kernel's game holds
(round, score, friends, voice) and every figure the browser draws must equal the kernel's figure, trace by
trace; after round 10 the page must show every sentence of the kernel's reveal. Uncaught JavaScript errors
fail. (Lingo Leap's test is test_games_browser.py.)
"""
from __future__ import annotations

import pytest

from browser_support import SCREENSHOTS
from game_browser_support import check_figures, kernel_json, open_game_notebook, press, settle, start_game_notebook
from test_browser import PageWatch, _screenshot, _wait, browser, chromium_path, lab  # noqa: F401 (fixtures)
from utils.society.game_board import ACTIONS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "scoring_game.ipynb"
CELLS = ["from utils import scoring_game\nfrom utils.society.game_board import reveal_sentences",
         "society = scoring_game(seed=1)\nsociety"]
PY_SOCIETY = """
import json
_g = society.game
_r = _g.run.rounds[-1]
print(json.dumps({"round": _g.round, "score": round(_r.score, 2), "friends": len(_r.friends), "cut": list(_r.cut),
                  "voice": _g.run.voice, "sentences": reveal_sentences(_g.reveal()) if _g.finished else []}))
"""
# Each round: the button, how it is pressed, and whether the first (lowest-scoring) friend's box is ticked first.
VIEW, ENDORSE = (label for _, label, _ in ACTIONS)
ROUNDS = [(ENDORSE, "click", True), (VIEW, "Enter", False), (ENDORSE, " ", False), (VIEW, " ", True),
          (VIEW, "Enter", False), (ENDORSE, "Enter", False), (VIEW, " ", False), (ENDORSE, " ", False),
          (VIEW, "Enter", False), (ENDORSE, "Enter", False)]


def test_scoring_game_plays_to_the_reveal_by_keyboard(lab, browser):
    context, page = open_game_notebook(lab, browser, NOTEBOOK, CELLS)
    watch = PageWatch(context, page)
    try:
        start_game_notebook(page, lab, NOTEBOOK, "society")
        society = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea")
        assert _wait(lambda: society.locator('[role="status"]').count() > 0, 60), "the society board never appeared"
        for rnd, (label, how, tick) in enumerate(ROUNDS, start=1):
            if tick:
                box = society.get_by_role("checkbox").first
                box.scroll_into_view_if_needed()
                box.focus()
                page.keyboard.press(" ")   # tick the lowest-scoring friend by keyboard
                assert _wait(lambda: box.is_checked(), 10), f"round {rnd}: Space did not tick the friend's box"
            press(page, society.get_by_role("button", name=label, exact=True), how)
            expect = f"Round {rnd + 1} of 10" if rnd < 10 else "Round 10 is over"
            shown = settle(page, NOTEBOOK, society, expect)
            state = kernel_json(page, NOTEBOOK, PY_SOCIETY)
            assert state["round"] == rnd
            assert (f"Your score: {state['score']:.2f}" in shown and f"friends: {state['friends']}" in shown
                    and f"said what you think in {state['voice']} of {rnd} rounds" in shown), \
                f"round {rnd} ({label} by {how!r}): page shows {shown!r}, kernel {state}"
            assert len(state["cut"]) == int(tick), f"round {rnd}: the ticked friend was {'not ' if tick else ''}cut"
            check_figures(page, NOTEBOOK, society, f"society round {rnd}")
        reveal = society.locator(".scored-reveal")
        assert _wait(lambda: reveal.count() > 0, 20), "the reveal's table never appeared"
        page_text = " ".join(society.inner_text().split())
        for sentence in state["sentences"]:
            assert " ".join(sentence.split()) in page_text, f"the reveal does not show: {sentence!r}"
        assert all(society.get_by_role("button", name=name, exact=True).is_disabled()
                   for name in (VIEW, ENDORSE)), "moves stay open after round 10"
        _screenshot(page, society, SCREENSHOTS / "game-scoring-society.png")
        assert not watch.page_errors, "uncaught JavaScript errors:\n" + "\n".join(watch.page_errors)
    finally:
        context.close()
        lab.shutdown_kernels(NOTEBOOK)
