"""The course website: built offline by ``site/build.py`` (what ``python3 course.py site`` runs),
then every page opened in Debian's Chromium with every request outside file:// blocked.

Checked: the build is reproducible (two builds give the same files), no solution, hidden test
or mark scheme reaches the site, every lesson is shown executed and every exercise as released,
dashboards say they are a starting state and link to Binder and the notebook, every lesson's "Going
further" sections are marked optional (a note under each heading, their code cells set apart), and in
the browser
every page has no uncaught JavaScript error, no request to the network, every plotly figure
drawn (its SVG exists) with its axis titles inside it and clear of its title, every internal link
resolving, alt text on every image, and no serious or critical violation found by axe-core.

The two builds go to a temporary folder (with a stand-in repository URL for the Binder links), so
``build/site/`` stays what the last ``course.py site`` made; both share the lessons' execution
cache in ``build/site-cache/``, so the lessons run at most once.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import JS_TITLES_CLEAR
from support import ROOT

pytest.importorskip("myst_nb", reason="the site extra is not installed: `python3 course.py test` installs it")

pytestmark = [pytest.mark.site, pytest.mark.timeout(1200)]

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
REPOSITORY = "https://github.com/example-owner/scored"  # a stand-in: Binder links are checked, never followed
MARKERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "END MARK SCHEME"]
ARTIFACTS = ROOT / "artifacts"
SHOWN_OPTIONAL = "lessons/01_reward_schedules.html"   # its first "Going further" section is photographed


# -- building ------------------------------------------------------------------------------------
def build(out: Path, stage: Path, *options: str) -> tuple[float, list[str], str]:
    """Build the site; (seconds, the notebooks executed rather than taken from the cache, the cache folder)."""
    env = dict(os.environ, SCORED_REPOSITORY=REPOSITORY, SCORED_BRANCH="main")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    start = time.perf_counter()
    command = [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out), "--stage", str(stage), *options]
    result = subprocess.run(command, cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=1100)
    assert result.returncode == 0, f"the site did not build:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    executed = re.search(r"executed \d+ notebooks .*?: (.*)", result.stdout).group(1)
    cache = re.search(r"\[scored\] cache (.*)", result.stdout).group(1).strip()
    return time.perf_counter() - start, [] if executed == "none" else executed.split(", "), cache


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    first, second = folder / "a", folder / "b"
    # The second build reads the pages and the cache of the first: others may be editing the course meanwhile.
    first_seconds, _, cache = build(first, folder / "src")
    second_seconds, second_ran, _ = build(second, folder / "src", "--keep-stage", "--cache", cache)
    assert second_ran == [], f"a rebuild of unchanged lessons executed {second_ran}: the cache does not work"
    seconds = [first_seconds, second_seconds]
    files = [p for p in first.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    pages = sorted(p for p in first.rglob("*.html"))
    report = (f"site build: {seconds[0]:.0f} s (then {seconds[1]:.0f} s from the cache), {len(pages)} pages, "
              f"{len(files)} files, {size / 1e6:.1f} MB")
    print("\n" + report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "site-build.txt").write_text(report + "\n")
    return first, second, cache


def test_a_rebuild_after_editing_one_lesson_executes_only_that_lesson(sites, tmp_path):
    import shutil

    stage = tmp_path / "src"
    shutil.copytree(sites[0].parent / "src", stage)
    lesson = stage / "lessons" / "00_welcome.ipynb"
    notebook = json.loads(lesson.read_text())
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "site-test-edit", "metadata": {},
                              "outputs": [], "source": ["print('an edit to one lesson')"]})
    lesson.write_text(json.dumps(notebook))
    _, ran, _ = build(tmp_path / "site", stage, "--keep-stage", "--cache", sites[2])
    assert ran == ["lessons/00_welcome.ipynb"], f"after editing lesson 00 the rebuild executed {ran}"
    assert "an edit to one lesson" in (tmp_path / "site" / "lessons" / "00_welcome.html").read_text()


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".buildinfo"}


def test_two_builds_give_the_same_site(sites):
    a, b = map(site_files, sites[:2])
    assert sorted(a) == sorted(b), "the two builds made different sets of files"
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], f"these files differ between two builds (timestamps or random ids?): {differ[:10]}"
    # Both builds read one execution cache; a random id made when a lesson runs would still change
    # the page at the next fresh run (FigureWidget's trace uids did), so look for them directly.
    uuid = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    random_ids = sorted({name for name, content in a.items() if name.endswith(".html") and uuid.search(content)})
    assert random_ids == [], f"pages with random ids (uuid4), which change at every run: {random_ids}"


# -- nothing secret on the site --------------------------------------------------------------------
class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def normalise(text: str) -> str:
    """Words only: Markdown emphasis, code marks and spacing removed, so rendered text matches its source."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s*(?:[-+]|\d+\.)\s+", " ", text)  # list markers
    text = re.sub(r"[*_`>#|\\]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def site_text(site: Path) -> dict[str, str]:
    """Every text file of the site as a reader or a search engine sees it."""
    out = {}
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".js", ".txt", ".md", ".ipynb", ".json"}:
            continue
        raw = path.read_text(errors="replace")
        if path.suffix == ".html":
            parser = _Text()
            parser.feed(raw)
            raw = "".join(parser.parts) + "\n" + html.unescape(raw)
        elif path.suffix == ".ipynb":
            raw = "\n".join("".join(c.get("source", "")) for c in json.loads(raw).get("cells", []))
        out[path.relative_to(site).as_posix()] = normalise(raw)
    return out


def notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def secret_lines(solution: Path) -> list[str]:
    """Lines of solution code, hidden tests and mark schemes (the parts nbgrader strips for students)."""
    secrets, inside = [], False
    for cell in notebook_cells(solution):
        for line in "".join(cell["source"]).splitlines():
            if re.search(r"BEGIN (SOLUTION|HIDDEN TESTS|MARK SCHEME)", line):
                inside = True
            elif re.search(r"END (SOLUTION|HIDDEN TESTS|MARK SCHEME)", line):
                inside = False
            elif inside:
                secrets.append(line)
    return secrets


def public_text() -> str:
    """What learners are meant to see: the lessons and the released exercises."""
    notebooks = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*/*.ipynb"))
    return normalise("\n".join("".join(c["source"]) for nb in notebooks for c in notebook_cells(nb)))


def test_no_solution_hidden_test_or_mark_scheme_reaches_the_site(sites):
    texts = site_text(sites[0])
    # The markers themselves: only a page made from a public source that quotes them (docs/adapting.md
    # explains how to write an exercise) may show them.
    for name, text in texts.items():
        source = re.sub(r"^(_sources/)?(docs/[^/]+?)(\.html|\.md)$", r"\2.md", name)
        allowed = normalise((ROOT / source).read_text()) if source.startswith("docs/") and (ROOT / source).exists() else ""
        for marker in MARKERS:
            assert text.count(marker) <= allowed.count(marker), f"{name} shows the nbgrader marker {marker!r}"
    # Their contents: every line of a solution, hidden test or mark scheme that learners never see.
    public = public_text()
    everything = "\n".join(texts.values())
    probes = {normalise(line) for nb in sorted((ROOT / "solutions").glob("*/*.ipynb")) for line in secret_lines(nb)}
    probes = {p for p in probes if len(p) >= 30 and p not in public}
    assert len(probes) >= 20, "too few solution lines to probe: did the solution notebooks move?"
    leaked = sorted(p for p in probes if p in everything)
    assert leaked == [], f"{len(leaked)} lines of solutions, hidden tests or mark schemes are on the site: {leaked[:5]}"
    # The same search finds what it should: prompts and visible test code of the released exercises.
    shown = [normalise(line) for nb in sorted((ROOT / "exercises").glob("*/*.ipynb")) for cell in notebook_cells(nb)
             for line in "".join(cell["source"]).splitlines() if len(normalise(line)) >= 30]
    assert shown and all(line in everything for line in shown[:200]), \
        f"the leak search cannot see released text, so it proves nothing: {[s for s in shown if s not in everything][:3]}"


def test_lessons_are_executed_and_exercises_are_released_blank(sites):
    site = sites[0]
    for notebook in sorted((ROOT / "lessons").glob("*.ipynb")):
        page = (site / "lessons" / f"{notebook.stem}.html").read_text()
        assert "cell_output" in page, f"{notebook.name} is on the site without outputs"
        assert "Traceback" not in page, f"{notebook.name} shows an error on the site"
    for notebook in sorted((ROOT / "exercises").glob("*/*.ipynb")):
        page = site / "exercises" / notebook.parent.name / f"{notebook.stem}.html"
        assert page.exists(), f"{notebook.parent.name} is missing from the site"
        assert "cell_output" not in page.read_text(), f"{notebook.parent.name} should be shown as released, unrun"
    assert not list(site.rglob("solutions")), "solutions/ must never reach the site"


def test_dashboards_say_they_are_a_starting_state_and_link_to_binder_and_the_notebook(sites):
    site = sites[0]
    boards = 0
    for page in sorted((site / "lessons").glob("*.html")):
        text = page.read_text()
        for note in re.findall(r'<p class="scored-static-note">(.*?)</p>', text, flags=re.S):
            boards += 1
            assert "starting state" in note and "when you run the notebook" in note
            binder = f"https://mybinder.org/v2/gh/example-owner/scored/main?urlpath=lab/tree/lessons/{page.stem}.ipynb"
            assert html.escape(binder) in note, f"{page.name}: the dashboard note has no Binder link to its notebook"
            download = re.search(r'href="([^"]+\.ipynb)" download', note)
            assert download and (page.parent / download.group(1)).resolve().is_file(), \
                f"{page.name}: the dashboard note's download link does not reach the notebook"
    assert boards >= 3, f"only {boards} dashboards found on the site; the lessons have more"


# -- the lesson's split: core path and "Going further" -------------------------------------------
def _optional_sections(notebook: Path) -> tuple[int, int]:
    """(Going further headings, code cells inside those sections) of a lesson, counted as dev/budget.py reads it."""
    headings = code = 0
    level = None
    for cell in notebook_cells(notebook):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            code += level is not None
            continue
        for line in source.splitlines():
            match = re.match(r"^(#{1,6})\s+(.*)$", line)
            if match:
                depth = len(match.group(1))
                if level is not None and depth <= level:
                    level = None
                if level is None and match.group(2).strip().lower().startswith("going further"):
                    level, headings = depth, headings + 1
    return headings, code


def test_going_further_sections_are_marked_optional(sites):
    site, marked = sites[0], 0
    # the lessons as staged for this build: others may be editing lessons/ meanwhile
    for notebook in sorted((site.parent / "src" / "lessons").glob("[0-9][0-9]_*.ipynb")):
        headings, code = _optional_sections(notebook)
        page = (site / "lessons" / f"{notebook.stem}.html").read_text()
        noted = re.findall(r"<h(\d)>Going further.*?</h\1>\s*"   # a heading may hold code or emphasis
                           r"<div class=\"[^\"]*\bscored-optional-note\b[^\"]*\">\s*<p class=\"admonition-title\">"
                           r"Optional: going further</p>", page)
        assert len(noted) == headings, (f"{notebook.name}: {headings} 'Going further' headings, {len(noted)} of them "
                                        "with the 'Optional: going further' note right under them on the site")
        cells = len(re.findall(r'<div class="cell tag_scored-optional', page))
        assert cells == code, f"{notebook.name}: {code} code cells in optional sections, {cells} set apart on the site"
        marked += headings
    assert marked >= 5, f"only {marked} 'Going further' sections on the whole site: are the lessons split yet?"


def test_mark_optional_marks_exactly_the_going_further_sections():
    sys.path.insert(0, str(ROOT / "site"))
    import build

    nb = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {},
                     "source": "# T\ncore\n## Summary\ntext\n## Going further: depth\nmore\n### inside\nx"},
                    {"cell_type": "code", "id": "b", "metadata": {}, "source": "1", "outputs": [],
                     "execution_count": None},
                    {"cell_type": "markdown", "id": "c", "metadata": {}, "source": "## Sources\n- one"},
                    {"cell_type": "code", "id": "d", "metadata": {}, "source": "2", "outputs": [],
                     "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    marked = json.loads(build.mark_optional(json.dumps(nb).encode(), "40 min"))
    text = [c["source"] for c in marked["cells"] if c["cell_type"] == "markdown"]
    assert sum("Optional: going further" in t for t in text) == 1 and "about 40 minutes" in "".join(text)
    tags = [c["metadata"].get("tags") for c in marked["cells"] if c["cell_type"] == "code"]
    assert tags == [["scored-optional"], None], "only the code cell inside 'Going further' is tagged"
    assert len({c["id"] for c in marked["cells"]}) == len(marked["cells"]), "split cells keep unique ids"
    assert "".join(t.replace(build._optional_note("40 min"), "") for t in text).replace("\n", "") == \
        "".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown").replace("\n", ""), \
        "the lesson's own text is unchanged"


# -- in the browser ----------------------------------------------------------------------------
WAIT_FOR_FIGURES = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(div => div.querySelector('svg.main-svg'))"""
FIGURES = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .map(div => ({id: div.id, drawn: !!div.querySelector('svg.main-svg')
                  && (div.querySelectorAll('svg.main-svg .trace').length > 0  // SVG traces
                      || div.querySelectorAll('canvas').length > 0            // WebGL traces (scattergl)
                      || (div.data || []).length === 0)}))"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
IMAGES = "() => Array.from(document.querySelectorAll('img')).filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)"
AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def ids_in(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = set(re.findall(r'\b(?:id|name)="([^"]+)"', path.read_text(errors="replace")))
    return cache[path]


async def check_page(context, site: Path, path: Path, id_cache: dict) -> tuple[list[str], int]:
    """(problems, plotly figures drawn) of one page."""
    name = path.relative_to(site).as_posix()
    problems, errors, blocked = [], [], []

    async def route(request_route):
        url = request_route.request.url
        if url.startswith("file://") or urlsplit(url).hostname == "127.0.0.1":
            return await request_route.continue_()
        blocked.append(url)
        return await request_route.abort()

    page = await context.new_page()
    await page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(path.as_uri(), wait_until="load")
    expected = (await page.content()).count("Plotly.newPlot")
    try:
        await page.wait_for_function(WAIT_FOR_FIGURES, timeout=30_000)
    except Exception:  # reported below, figure by figure
        pass
    figures = await page.evaluate(FIGURES)
    if len(figures) < expected:
        problems.append(f"{name}: {expected} plotly figures in the page, {len(figures)} made a div")
    problems += [f"{name}: plotly figure {f['id']} drew no SVG" for f in figures if not f["drawn"]]
    for link in await page.evaluate(LINKS):
        parts = urlsplit(link)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.exists():
            shown = target.relative_to(site) if target.is_relative_to(site) else target
            problems.append(f"{name}: link to a missing file {shown}")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_in(target, id_cache):
            problems.append(f"{name}: link to a missing anchor {target.name}#{parts.fragment}")
    problems += [f"{name}: image without alt text: {src}" for src in await page.evaluate(IMAGES)]
    clashes = await page.evaluate(JS_TITLES_CLEAR, await page.query_selector("body"))
    problems += [f"{name}: {clash}" for clash in clashes]
    if name == SHOWN_OPTIONAL and await page.locator(".scored-optional-note").count():   # what the split looks like
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        section = page.locator("section:has(> div.scored-optional-note)").first
        await section.screenshot(path=str(ARTIFACTS / "screenshots" / "site-01-going-further.png"))
    await page.add_script_tag(path=str(AXE))
    for violation in await page.evaluate(AXE_RUN):
        problems.append(f"{name}: axe {violation['impact']} {violation['id']} ({violation['help']}) at {violation['nodes']}")
    problems += [f"{name}: uncaught JavaScript error: {e}" for e in errors]
    problems += [f"{name}: request to the network (the site must work offline): {url}" for url in blocked]
    await page.close()
    return problems, sum(f["drawn"] for f in figures)


async def check_pages(site: Path, pages: list[Path], workers: int = 2) -> tuple[list[str], int]:
    """Open the pages in one Chromium, two tabs at a time (one per core)."""
    import asyncio

    from playwright.async_api import async_playwright

    args = ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    queue, problems, drawn, id_cache = list(pages), [], [0], {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        context = await browser.new_context(viewport={"width": 1280, "height": 900})

        async def worker():
            while queue:
                found, figures = await check_page(context, site, queue.pop(0), id_cache)
                problems.extend(found)
                drawn[0] += figures

        await asyncio.gather(*(worker() for _ in range(workers)))
        await browser.close()
    return sorted(problems), drawn[0]


def test_every_page_in_chromium(sites):
    if not CHROMIUM.exists():
        pytest.skip("the site test needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`)")
    if not AXE.exists():
        pytest.skip("axe-core is missing from .venv/node/: `python3 course.py test` installs it with npm")
    import asyncio

    site = sites[0]
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)  # theme macros live in _static
    assert len(pages) >= 25, f"only {len(pages)} pages built"
    problems, figures_drawn = asyncio.run(check_pages(site, pages))
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    assert figures_drawn >= 10, f"only {figures_drawn} plotly figures drawn on the whole site"
