"""Every dashboard, as a learner meets it: JupyterLab in a real Chromium, sliders moved by hand.

One JupyterLab server (127.0.0.1, random port and token, private folders) serves the whole
module; each lesson that calls a ``*_dashboard(`` function gets one browser page. The test
runs all cells, waits for the widgets, moves a slider with the keyboard and one by dragging
its handle, and checks that a figure's data (plotly's ``gd.data``) and its drawn geometry
(the SVG it draws) both changed, then that every trace the browser holds equals the trace of
the same uid in the kernel's FigureWidget (what the learner sees is what the model computed).
Requests to anything but 127.0.0.1 are blocked, so a pass
shows the course works offline. Uncaught JavaScript errors fail the test; console errors are
recorded. Screenshots go to ``artifacts/screenshots/`` (each dashboard after a move) and
``artifacts/browser-failures/`` (the page when a test fails).

Every slider must have an accessible name: the test reads it from Chromium's own accessibility tree
(``Accessibility.getFullAXTree`` over the DevTools protocol) and through Playwright's role query
``get_by_role("slider", name=<its visible label>)``; ipywidgets alone leaves the handle unnamed
(ipywidgets issue 2650), so this fails without the dashboard's ``SliderNames`` widget. Every figure's
axis titles must stay inside the figure and clear of its title, measured on the drawn SVG.

Run: ``python3 course.py test -m browser``. Needs Debian's Chromium (``apt-get install chromium``);
without it the suite is skipped locally and fails under CI.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from browser_support import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, FAILURES, INSTALL_HINT, JS_TITLES_CLEAR,
                             SCREENSHOTS, JupyterLab, dashboard_cells, dashboard_notebooks, is_local, is_root,
                             private_home)
from support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NOTEBOOKS = dashboard_notebooks()
RUN_ALL_SECONDS = 240      # the whole notebook, as tests/test_notebooks.py allows
# anywidget (0.9 and later) gives each widget model 2 s to load its JavaScript, and plotly's FigureWidget sends and
# evaluates its whole 5 MB bundle (plotly/package_data/widgetbundle.js) for every figure: on a busy machine the
# later figures of a long notebook can miss the 2 s and stay blank. This hint goes with that error.
ANYWIDGET_HINT = ("\n(anywidget gave up on a widget that took over 2 s to load: each plotly FigureWidget loads a 5 MB "
                  "bundle of its own, so on a busy machine later figures can stay blank. Rerun when the machine is "
                  "quieter; if it persists, the notebook holds too many live FigureWidgets: give static figures "
                  "widget=False)")
REDRAW_SECONDS = 60        # one slider move, model and redraw included, on 2 busy cores

# --- JavaScript run in the page -------------------------------------------------------------
# The notebook panel for a path; JupyterLab exposes its app as window.jupyterapp when started
# with --LabApp.expose_app_in_browser.
JS_PANEL = """(path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) { if (w.context && w.context.path === path) return w; }
  return null;
}"""
JS_KERNEL_READY = f"""(path) => {{
  const panel = ({JS_PANEL})(path);
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
         && panel.sessionContext.isReady;
}}"""
# Ask a connected kernel for its info: its reply comes with busy and idle status messages, so a page
# that missed the kernel's first status (seen once in about 40 loaded runs: connected, never "idle")
# learns it. Returns the kernel's connection and status afterwards.
JS_NUDGE_KERNEL = f"""async (path) => {{
  const panel = ({JS_PANEL})(path);
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel) return 'no kernel yet';
  try {{ await Promise.race([kernel.requestKernelInfo(), new Promise((r) => setTimeout(r, 30000))]); }}
  catch (e) {{ return 'kernel_info failed: ' + e; }}
  return kernel.connectionStatus + ', ' + kernel.status;
}}"""


def wait_for_kernel(page, path: str, seconds: float = 90) -> None:
    """Wait until the notebook's kernel is connected and idle; if it is not within ``seconds``,
    nudge it once (JS_NUDGE_KERNEL) and wait as long again before failing."""
    try:
        page.wait_for_function(JS_KERNEL_READY, arg=path, timeout=seconds * 1000)
        return
    except Exception:
        state = page.evaluate(JS_NUDGE_KERNEL, path)
    try:
        page.wait_for_function(JS_KERNEL_READY, arg=path, timeout=seconds * 1000)
    except Exception:
        raise AssertionError(f"{path}: the kernel was not ready within {2 * seconds:.0f} s (after {seconds:.0f} s "
                             f"it was {state}); dialogs open: {page.evaluate(JS_DIALOG) or 'none'} (a 'Select "
                             f"Kernel' dialog means the notebook lacks kernelspec python3)") from None


JS_RUN_ALL = f"""async ([path, seconds]) => {{
  const panel = ({JS_PANEL})(path);
  window.jupyterapp.shell.activateById(panel.id);
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), seconds * 1000));
  const done = await Promise.race([window.jupyterapp.commands.execute('runmenu:run-all'), timer]);
  if (done === 'timeout') return null;
  const cells = panel.content.model.cells;
  const report = [];
  for (let i = 0; i < cells.length; i++) {{
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const errors = cell.outputs.toJSON().filter(o => o.output_type === 'error')
                       .map(o => o.ename + ': ' + o.evalue);
    report.push({{index: i, count: cell.executionCount, errors}});
  }}
  return report;
}}"""
# Run Python in the notebook's kernel (not in a cell, not in its history) and return what it prints.
JS_KERNEL_PRINT = f"""async ([path, code]) => {{
  const panel = ({JS_PANEL})(path);
  const future = panel.sessionContext.session.kernel.requestExecute({{code, silent: false, store_history: false}});
  let out = '';
  future.onIOPub = (msg) => {{
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  }};
  await future.done;
  return out;
}}"""
# The x, y and z of every trace the browser holds, by trace uid.
JS_TRACES = """(root) => {
  const plain = (v) => (v === undefined || v === null) ? null : (ArrayBuffer.isView(v) ? Array.from(v) : v);
  const out = {};
  for (const gd of root.querySelectorAll('.js-plotly-plot')) {
    const title = (gd.layout && gd.layout.title && (gd.layout.title.text || gd.layout.title)) || '';
    for (const t of gd.data || []) out[t.uid] = {figure: String(title), name: t.name || '',
                                                 x: plain(t.x), y: plain(t.y), z: plain(t.z)};
  }
  return out;
}"""
# The same, from every plotly FigureWidget alive in the kernel.
PY_TRACES = """
def _scored_traces():
    import json
    import numpy as np
    try:
        from ipywidgets.widgets.widget import _instances
    except ImportError:
        from ipywidgets import Widget
        _instances = Widget.widgets
    def plain(value):
        if value is None:
            return None
        return np.asarray(value).tolist() if not isinstance(value, (list, tuple)) else list(value)
    out = {}
    for widget in list(_instances.values()):
        if type(widget).__name__ == "FigureWidget":
            for trace in widget.data:
                out[trace.uid] = {key: plain(getattr(trace, key, None)) for key in ("x", "y", "z")}
    print(json.dumps(out, default=str))
_scored_traces()
del _scored_traces
"""
JS_DIALOG = "() => Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText).join(' | ')"

# A fingerprint of one plotly figure: a hash of its data (gd.data) and one of the geometry it
# drew (trace paths, point positions, text and images in the SVG), plus its title.
JS_FIGURES = """(root) => {
  const hash = (s) => { let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761); h2 = Math.imul(h2 ^ c, 1597334677); }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16) + (h1 >>> 0).toString(16); };
  const plain = (k, v) => ArrayBuffer.isView(v) ? Array.from(v) : v;
  const layers = '.overplot, .pielayer, .sunburstlayer, .treemaplayer, .iciclelayer, .funnelarealayer, '
               + '.indicatorlayer, .polarlayer, .ternarylayer, .smithlayer, .geolayer, .imagelayer, '
               + '.layer-below, .layer-above, .sankey, .table, .parcoords';
  return Array.from(root.querySelectorAll('.js-plotly-plot')).map((gd) => {
    let data = '';
    try { data = JSON.stringify(gd.data || [], plain); } catch (e) { data = 'unserialisable ' + e; }
    const drawn = [];
    for (const layer of gd.querySelectorAll(layers)) {
      for (const el of layer.querySelectorAll('path, .point, g.trace, text, image')) {
        drawn.push(el.getAttribute('d') || el.getAttribute('transform') || el.getAttribute('href')
                   || el.textContent || '');
      }
    }
    const title = (gd.layout && gd.layout.title && (gd.layout.title.text || gd.layout.title)) || '';
    return {title: String(title), data: hash(data), geometry: hash(drawn.join('|')),
            shapes: drawn.length, traces: (gd.data || []).length};
  });
}"""


# --- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return CHROMIUM


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = JupyterLab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium_path, tmp_path_factory):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "the browser tests need the `browser` extra (playwright): run `python3 course.py test`"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    args = CHROMIUM_ARGS + (["--no-sandbox"] if is_root() else [])
    with sync_playwright() as playwright:
        # Chromium's own dot-files (crash reports, dconf) go to a temporary home, not the user's.
        env = dict(os.environ, **private_home(tmp_path_factory.mktemp("chromium-home")))
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=args, env=env)
        try:
            yield chromium
        finally:
            chromium.close()


class PageWatch:
    """Console errors, uncaught JavaScript errors and blocked requests of one page."""

    def __init__(self, context, page):
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _route(self, route):
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def report(self) -> str:
        parts = [("uncaught JavaScript errors", self.page_errors), ("console errors", self.console),
                 ("blocked requests (not 127.0.0.1)", self.blocked)]
        return "\n".join(f"{title}:\n  " + "\n  ".join(items) for title, items in parts if items) or "(none)"


# --- helpers -------------------------------------------------------------------------------
def _wait(predicate, seconds: float, interval: float = 0.2):
    """Poll ``predicate`` until it returns something truthy; return that, or None on timeout."""
    deadline = time.monotonic() + seconds
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def _figures(output) -> list[dict]:
    figures = output.evaluate(JS_FIGURES)
    for i, figure in enumerate(figures):
        if figure["traces"] and not figure["shapes"]:  # WebGL traces draw on a canvas: compare pixels
            pixels = output.locator(".js-plotly-plot").nth(i).screenshot(animations="disabled")
            figure["geometry"] = hashlib.sha1(pixels).hexdigest()
    return figures


def _settled(output) -> list[dict]:
    """The figures' fingerprints once two readings 0.3 s apart agree (no redraw still arriving)."""
    last = _figures(output)
    for _ in range(20):
        time.sleep(0.3)
        now = _figures(output)
        if now == last:
            break
        last = now
    return last


def _readout(slider) -> str:
    return slider.locator(".widget-readout").inner_text().strip()


def _label(slider) -> str:
    return slider.locator(".widget-label").inner_text().strip() or "(unlabelled)"


def _changed(before: list[dict], after: list[dict]) -> list[str]:
    """Titles of the figures whose data AND drawn geometry both differ."""
    return [a["title"] or f"figure {i}" for i, (b, a) in enumerate(zip(before, after))
            if a["data"] != b["data"] and a["geometry"] != b["geometry"]]


def _same(a, b) -> bool:
    """Equal trace arrays: numbers to 1e-9 (NaN equal to NaN and to None), anything else exactly."""
    if a is None or b is None:
        return a is None and b is None
    if len(a) != len(b):
        return False
    try:
        fa = np.array([np.nan if v is None else v for v in np.ravel(a).tolist()], dtype=float)
        fb = np.array([np.nan if v is None else v for v in np.ravel(b).tolist()], dtype=float)
    except (TypeError, ValueError):
        return [str(v) for v in a] == [str(v) for v in b]
    return fa.shape == fb.shape and bool(np.allclose(fa, fb, rtol=1e-9, atol=1e-12, equal_nan=True))


def _describe(values) -> str:
    if values is None:
        return "nothing (plotly then plots against the point index)"
    try:
        numbers = np.array(values, dtype=float)
        return f"{numbers.size} values from {np.nanmin(numbers):.3g} to {np.nanmax(numbers):.3g}"
    except (TypeError, ValueError):
        return f"{len(values)} values, starting {values[:3]}"


def _browser_matches_kernel(page, path: str, output) -> list[str]:
    """Differences between what the browser draws and the figures in the kernel, trace by trace."""
    shown = output.evaluate(JS_TRACES)
    printed = page.evaluate(JS_KERNEL_PRINT, [path, PY_TRACES])
    assert not printed.startswith("ERROR"), f"could not read the figures in the kernel: {printed}"
    model = json.loads(printed)
    problems = []
    for uid, trace in shown.items():
        if uid not in model:
            problems.append(f"trace '{trace['name']}' of '{trace['figure']}' is not in any figure in the kernel")
            continue
        for key in ("x", "y", "z"):
            if not _same(trace[key], model[uid][key]):
                problems.append(f"'{trace['figure']}', trace '{trace['name']}': the browser has {key} = "
                                f"{_describe(trace[key])}, the kernel's figure {_describe(model[uid][key])}")
    return problems


def _kernel_idle(page, path: str, seconds: float) -> None:
    # The kernel reports busy a moment after a comm message arrives; wait for busy to pass.
    assert _wait(lambda: page.evaluate(JS_KERNEL_READY, path), seconds), \
        f"the kernel did not come back to idle within {seconds:.0f} s"


def _move_and_check(page, path, output, slider, how: str, where: str) -> str:
    """Move ``slider`` (by 'keyboard' or 'drag'); assert its value and a figure changed."""
    label, old = _label(slider), _readout(slider)
    before = _settled(output)
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    if how == "keyboard":
        handle.focus()
        for key in ("PageDown", "PageUp"):  # PageUp when the handle already sits at its minimum
            handle.press(key)
            if _wait(lambda: _readout(slider) != old, 3):
                break
    else:
        track = slider.locator(".noUi-base").bounding_box()
        box = handle.bounding_box()
        x0, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # Drag to a quarter of the track from the far end of where the handle sits.
        target = track["x"] + track["width"] * (0.2 if x0 > track["x"] + track["width"] / 2 else 0.8)
        page.mouse.move(x0, y)
        page.mouse.down()
        page.mouse.move(target, y, steps=4)  # few steps: each is a redraw
        page.mouse.up()
    new = _wait(lambda: _readout(slider) if _readout(slider) != old else None, 5)
    assert new, f"{where}: moving the slider '{label}' by {how} did not change its value (still {old})"
    changed = _wait(lambda: _changed(before, _figures(output)), REDRAW_SECONDS)
    assert changed, (f"{where}: the slider '{label}' moved by {how} from {old} to {new}, but no figure's data and "
                     f"drawn geometry changed within {REDRAW_SECONDS} s; figures: "
                     f"{[f['title'] for f in before]}")
    _kernel_idle(page, path, REDRAW_SECONDS)
    return f"{label}: {old} -> {new} by {how}, redrew {changed}"


def _check_dashboard(page, path: str, cell, stem: str, index: int, name: str) -> list[str]:
    output = cell.locator(".jp-Cell-outputArea")
    where = f"cell {index} ({name}(...))"
    # Wait for the widgets: sliders and a drawn plotly figure (not the text 'Dashboard(...)').
    try:
        output.locator(".widget-slider .noUi-handle").first.wait_for(timeout=60_000)
        output.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    except Exception:
        text = output.inner_text()[:500]
        raise AssertionError(f"{where}: no slider and drawn figure appeared; the output shows: {text!r}")
    sliders = output.locator(".widget-slider")
    _wait(lambda: all(f["shapes"] for f in _figures(output)), 10)
    named = _sliders_are_named(page, output, sliders, where)
    clashes = output.evaluate(JS_TITLES_CLEAR)
    assert not clashes, f"{where}: " + "; ".join(clashes)
    moves = [_move_and_check(page, path, output, sliders.nth(0), "keyboard", where),
             _move_and_check(page, path, output, sliders.nth(min(1, sliders.count() - 1)), "drag", where)]
    moves.append(f"every slider by arrow keys: {', '.join(_every_slider_by_keyboard(page, path, sliders, where))}")
    moves.append(f"accessible names (Chromium's accessibility tree): {', '.join(named)}")
    _screenshot(page, output, SCREENSHOTS / f"{stem}-cell{index:02d}-{name}.png")  # what learners see
    # the last key presses may still be on their way to the page: give the figures time to arrive
    _wait(lambda: not _browser_matches_kernel(page, path, output), REDRAW_SECONDS)
    mismatch = _browser_matches_kernel(page, path, output)
    assert not mismatch, f"{where}: the plot the learner sees is not the kernel's figure:\n  " + "\n  ".join(mismatch)
    errors = [t for t in output.locator(".widget-output").all_inner_texts() if "raised an error" in t or "Traceback" in t]
    assert not errors, f"{where}: the dashboard shows an error: {errors}"
    button = output.get_by_role("button", name="Show me the code")
    if button.count():
        button.first.click()
        shown = _wait(lambda: "".join(output.locator(".widget-output").all_inner_texts()).strip(), 10)
        assert shown, f"{where}: 'Show me the code' printed nothing"
    return [f"{where} {move}" for move in moves]


def _accessibility_tree_names(page, role: str) -> list[str]:
    """The accessible names Chromium itself computed for every node of ``role`` in the page (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [node.get("name", {}).get("value", "") for node in nodes
            if node.get("role", {}).get("value") == role and not node.get("ignored")]


def _sliders_are_named(page, output, sliders, where: str) -> list[str]:
    """Every slider handle has its visible label as accessible name, in Chromium's tree and by role query."""
    labels = [_label(sliders.nth(i)) for i in range(sliders.count())]
    found = _wait(lambda: (lambda names: names if all(label in names for label in labels) else None)(
        _accessibility_tree_names(page, "slider")), 10)
    names = found or _accessibility_tree_names(page, "slider")
    missing = [label for label in labels if label not in names]
    assert not missing, (f"{where}: sliders without their label as accessible name {missing}; Chromium's tree names "
                         f"the page's sliders {names} (a screen reader would announce a bare 'slider')")
    for label in labels:
        assert output.get_by_role("slider", name=label, exact=True).count() >= 1, \
            f"{where}: get_by_role('slider', name={label!r}) finds no slider"
    return labels


def _every_slider_by_keyboard(page, path: str, sliders, where: str) -> list[str]:
    """Every slider has a label and moves by the arrow keys (its value changes; the kernel keeps up)."""
    moved = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        label, old = _label(slider), _readout(slider)
        assert label != "(unlabelled)", f"{where}: slider {i} has no label a screen reader could read"
        handle = slider.locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.focus()
        for key in ("ArrowRight", "ArrowLeft"):   # ArrowLeft when the handle already sits at its maximum
            handle.press(key)
            if _wait(lambda: _readout(slider) != old, 3):
                break
        assert _readout(slider) != old, f"{where}: the slider '{label}' did not move with the arrow keys"
        moved.append(label)
    _kernel_idle(page, path, REDRAW_SECONDS)
    return moved


def _screenshot(page, element, target: Path) -> None:
    """Photograph a whole element: the notebook scrolls inside JupyterLab, so grow the window to fit it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = element.bounding_box()["height"]
    if height + 250 > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": int(height) + 250})
    try:
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(target), animations="disabled")
    finally:
        page.set_viewport_size(viewport)


def _write_log(stem: str, text: str) -> None:
    folder = ARTIFACTS / "browser-logs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.log").write_text(text)


def _save_failure(page, watch: PageWatch, lab: JupyterLab, stem: str, error: BaseException) -> str:
    FAILURES.mkdir(parents=True, exist_ok=True)
    shot = FAILURES / f"{stem}.png"
    try:
        page.screenshot(path=str(shot), full_page=True)
    except Exception as shot_error:  # a crashed page cannot be photographed; say so
        shot = Path(f"(no screenshot: {shot_error})")
    log = FAILURES / f"{stem}.log"
    log.write_text(f"{error}\n\n{watch.report()}\n\nJupyterLab log (tail):\n{lab.log()[-4000:]}\n")
    return f"screenshot {shot.relative_to(ROOT) if shot.is_absolute() else shot}, log {log.relative_to(ROOT)}"


# --- tests ---------------------------------------------------------------------------------
def test_dashboards_are_found_from_the_code(tmp_path):
    """Discovery reads the code: calls count; definitions, imports and comments do not."""
    assert ROOT / "lessons" / "00_welcome.ipynb" in NOTEBOOKS, "lesson 00's streak_dashboard was not found"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from utils import streak_dashboard\n# try leagues_dashboard() later"),
        nbformat.v4.new_markdown_cell("Run `streak_dashboard()` below."),
        nbformat.v4.new_code_cell("def my_dashboard():\n    pass"),
        nbformat.v4.new_code_cell("board = streak_dashboard(p=0.9)\nboard"),
    ])
    nbformat.write(nb, tmp_path / "lesson.ipynb")
    assert dashboard_cells(tmp_path / "lesson.ipynb") == [(3, "streak_dashboard")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
@pytest.mark.timeout(RUN_ALL_SECONDS + 300)   # kernel (up to 180 s with a nudge), Run All, the dashboards
def test_dashboards_respond_in_the_browser(path, lab, browser):
    rel = f"lessons/{path.name}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(context, page)
    clock = [("start", time.perf_counter())]
    try:
        page.goto(f"{lab.url}/lab/workspaces/{path.stem}/tree/{rel}?reset&token={lab.token}")
        wait_for_kernel(page, rel)
        clock.append(("kernel ready", time.perf_counter()))
        report = page.evaluate(JS_RUN_ALL, [rel, RUN_ALL_SECONDS])
        clock.append(("run all", time.perf_counter()))
        assert report is not None, f"{rel}: running all cells took longer than {RUN_ALL_SECONDS} s"
        failed = [r for r in report if r["errors"] or r["count"] is None]
        assert not failed, f"{rel}: cells did not run cleanly in JupyterLab: {failed}"
        cells = page.locator(".jp-Notebook .jp-Cell")
        expected = len(nbformat.read(path, as_version=4).cells)
        assert cells.count() == expected, \
            f"{rel}: {cells.count()} cells in the page, {expected} in the file (is windowing off?)"
        notes = []
        for index, name in dashboard_cells(path):
            cell = cells.nth(index)
            assert name in cell.locator(".jp-InputArea-editor").inner_text(), f"{rel}: cell {index} is not {name}"
            notes += _check_dashboard(page, rel, cell, path.stem, index, name)
        clock.append(("dashboards", time.perf_counter()))
        assert not watch.page_errors, f"uncaught JavaScript errors in {rel}:\n" + "\n".join(watch.page_errors) + (
            ANYWIDGET_HINT if any("Failed to initialize model" in e for e in watch.page_errors) else "")
        phases = ", ".join(f"{name} {t - clock[i][1]:.1f} s" for i, (name, t) in enumerate(clock[1:]))
        summary = f"{rel}: {clock[-1][1] - clock[0][1]:.1f} s ({phases})\n  " + "\n  ".join(notes)
        _write_log(path.stem, f"{summary}\n\n{watch.report()}\n")
        print(summary)
    except Exception as error:
        where = _save_failure(page, watch, lab, path.stem, error)
        raise AssertionError(f"{error}\n\n{watch.report()}\n\n({where})") from error
    finally:
        context.close()
        lab.shutdown_kernels(rel)


def test_slider_names_come_from_the_dashboard(lab, browser):
    """The accessible-name check can fail: a bare ipywidgets slider has no name (issue 2650); a Dashboard's has.

    A probe notebook in the server's folder shows one plain FloatSlider and one dashboard; Chromium's
    accessibility tree must name the dashboard's handle by its label and leave the bare one unnamed.
    """
    rel = "probe_slider_names.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import ipywidgets as widgets\nwidgets.FloatSlider(description='bare slider')"),
        nbformat.v4.new_code_cell("from utils import Dashboard, line_figure, slider, update_lines\n"
                                  "fig = line_figure([0, 1], {'y': [0, 1]}, title='t', x_title='x (units)', "
                                  "y_title='y (units)')\n"
                                  "Dashboard({'a': slider('named slider a', 1.0, 0, 2)}, [fig],\n"
                                  "          lambda a: update_lines(fig, [0, 1], {'y': [0, a]}))"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}),
        lab.root / rel)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    PageWatch(context, page)
    try:
        page.goto(f"{lab.url}/lab/workspaces/probe/tree/{rel}?reset&token={lab.token}")
        wait_for_kernel(page, rel)
        nudged = page.evaluate(JS_NUDGE_KERNEL, rel)     # the fallback of wait_for_kernel works on a live kernel
        assert nudged.startswith("connected, "), f"asking the kernel for its info left it {nudged!r}"
        report = page.evaluate(JS_RUN_ALL, [rel, RUN_ALL_SECONDS])
        assert report and not [r for r in report if r["errors"]], f"the probe notebook did not run: {report}"
        page.locator(".widget-slider .noUi-handle").nth(1).wait_for(timeout=60_000)
        names = _wait(lambda: (lambda n: n if "named slider a" in n else None)(
            _accessibility_tree_names(page, "slider")), 15) or _accessibility_tree_names(page, "slider")
        assert "named slider a" in names, f"the dashboard's slider is not named in Chromium's tree: {names}"
        assert len(names) == 2 and "" in names, (
            f"a bare ipywidgets slider now has an accessible name ({names}): ipywidgets may have fixed issue "
            "2650, and the course's SliderNames may no longer be needed")
        assert page.get_by_role("slider", name="named slider a", exact=True).count() == 1
    finally:
        context.close()
        lab.shutdown_kernels(rel)


def test_server_refuses_requests_without_the_token(lab):
    assert lab.status("/api/contents") == 200, "with the token the API must answer"
    status, _, _ = lab.request("/api/contents", token=False)
    assert status in (401, 403), f"/api/contents without a token answered {status}, not 401/403"
    status, _, _ = lab.request("/api/kernels", method="POST", token=False)
    assert status in (401, 403), f"starting a kernel without a token answered {status}, not 401/403"
    status, location, _ = lab.request("/lab", token=False, follow=False)
    assert status in (302, 303) and "/login" in location, f"/lab without a token gave {status} {location!r}"
    status, _, _ = lab.request(f"/api/contents?token={'0' * len(lab.token)}", token=False)
    assert status in (401, 403), f"a wrong token was accepted ({status})"
