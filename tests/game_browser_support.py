"""What both games' browser tests share: run code in the kernel, read the live region, press a
button by mouse or keyboard, wait for the board to settle, and compare drawn figures with the kernel's.

The Lingo Leap test is ``test_games_browser.py``, the scoring-society test
``test_scoring_game_browser.py``; each opens its own scratch notebook in the dashboard tests' kind
of JupyterLab server (127.0.0.1, random port and token, everything else blocked).
"""
from __future__ import annotations

import json
import time

import nbformat

from test_browser import JS_KERNEL_PRINT, JS_RUN_ALL, _browser_matches_kernel, _kernel_idle, _wait, wait_for_kernel


def open_game_notebook(lab, browser, notebook: str, cells: list[str]):
    """Write a scratch notebook of ``cells``, open it in JupyterLab, run it; return (context, page)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab.root / notebook)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    return context, page


def start_game_notebook(page, lab, notebook: str, workspace: str) -> None:
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={lab.token}")
    wait_for_kernel(page, notebook)
    report = page.evaluate(JS_RUN_ALL, [notebook, 240])   # seconds; about 5 alone, over 120 seen once under load
    assert report and not [r for r in report if r["errors"]], f"the game did not start: {report}"


def kernel_json(page, notebook: str, code: str) -> dict:
    printed = page.evaluate(JS_KERNEL_PRINT, [notebook, code])
    assert not printed.startswith("ERROR"), printed
    return json.loads(printed)


def status(output) -> str:
    return output.locator('[role="status"]').inner_text()


def press(page, button, how: str) -> None:
    button.scroll_into_view_if_needed()
    if how == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press(how)


def settle(page, notebook: str, output, expect: str) -> str:
    assert _wait(lambda: expect in status(output), 30), f"the page never showed {expect!r}: {status(output)!r}"
    _kernel_idle(page, notebook, 30)
    time.sleep(0.3)   # the figure's update message follows the status
    return status(output)


def check_figures(page, notebook: str, output, where: str) -> None:
    assert _wait(lambda: not _browser_matches_kernel(page, notebook, output), 20), \
        f"{where}: the drawn figure differs from the kernel's: {_browser_matches_kernel(page, notebook, output)}"
    assert output.locator(".js-plotly-plot .main-svg").count() > 0, f"{where}: no plotly SVG was drawn"
