"""Build the course website into build/site/ (``python3 course.py site`` runs this in .venv).

The site is built with Sphinx and MyST-NB (and the Sphinx Book Theme), from what is on disk:

1. **Stage** the pages into ``build/site-src/``: the lessons, the *student* release of every
   exercise (``exercises/``; ``solutions/`` is never read), the instructor docs (``docs/*.md``
   except the rubrics, which hold the mark schemes and are replaced by a page saying where they
   are), a licences page, and a home page made from the README's text and a course map read
   from the notebooks. A file is rewritten only when its content changes, so Sphinx rereads
   only what changed. Each lesson's "Going further" sections are marked optional as they are
   staged (:func:`mark_optional`): a note under each such heading, and the section's code cells
   tagged so the site's stylesheet sets them apart, the same split the lesson's own time states.
2. **Build** with ``site/conf.py``. Lessons are executed through MyST-NB's cache
   (``build/site-cache/``): a rebuild re-executes only the lessons whose code changed. The cache
   folder's name carries a hash of ``utils/`` and of ``site/kernel_startup.py``, because a change
   there changes every lesson's outputs without changing any lesson.

Usage: ``python site/build.py [--out DIR] [--fresh]``; ``--fresh`` empties the execution cache.
Environment: ``SCORED_REPOSITORY`` (e.g. ``https://github.com/OWNER/REPO``) and
``SCORED_BRANCH`` give the Binder and "view on GitHub" links; on GitHub Actions they default to
the repository being built, elsewhere to the ``origin`` remote when it is on GitHub.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "dev"))
import budget  # noqa: E402  (dev/budget.py: a notebook's stated time and its core path, read one way)

SITE = ROOT / "site"
BUILD = ROOT / "build"
STAGE = BUILD / "site-src"
GENERATED_STATIC = BUILD / "site-static"
IPYTHON = BUILD / "site-ipython"

# Pages left out of the site, each replaced by a short page that says where the content is.
WITHHELD = {"docs/rubrics.md": ("Rubrics", "The mark schemes for the written answers are for instructors and "
                                "are not published on this site. They are in `docs/rubrics.md` and in the "
                                "solution notebooks of the course repository.")}
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")


# -- repository and links -------------------------------------------------------------------------
def repository() -> tuple[str | None, str]:
    """(https URL of the GitHub repository or None, branch) for Binder and source links."""
    url = os.environ.get("SCORED_REPOSITORY")
    if not url and os.environ.get("GITHUB_REPOSITORY"):
        url = f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    if not url:
        try:
            remote = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True,
                                    text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            remote = ""
        match = re.match(r"(?:https://github\.com/|git@github\.com:)([^/]+/[^/]+?)(?:\.git)?$", remote)
        url = f"https://github.com/{match.group(1)}" if match else None
    branch = os.environ.get("SCORED_BRANCH") or os.environ.get("GITHUB_REF_NAME") or "main"
    return (url.rstrip("/") if url else None), branch


def rewrite_links(text: str, source: str, staged: set[str], repo: str | None, branch: str) -> str:
    """Point relative links of a Markdown file at the staged pages; others at the repository, or drop them."""
    folder = Path(source).parent

    def fix(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = os.path.normpath(folder / path).replace(os.sep, "/")
        if resolved in staged:
            relative = os.path.relpath(resolved, folder).replace(os.sep, "/")
            return f"[{label}]({relative}{'#' + anchor if anchor else ''})"
        if (ROOT / resolved).exists() and repo:
            kind = "tree" if (ROOT / resolved).is_dir() else "blob"
            return f"[{label}]({repo}/{kind}/{branch}/{resolved})"
        return label

    return LINK.sub(fix, text)


# -- staging --------------------------------------------------------------------------------------
def strip_comments(text: str) -> str:
    """Markdown without its HTML comments (the markers around generated blocks, dev/course_docs.py)."""
    text = re.sub(r"^<!--.*?-->\n", "", text, flags=re.M | re.S)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def write_if_changed(path: Path, content: bytes) -> None:
    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def first_heading(notebook: Path) -> str:
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^#\s+(.+)$", "".join(cell["source"]), flags=re.M)
            if match:
                return match.group(1).strip()
    return notebook.stem


def minutes(notebook: Path) -> str:
    """The time the notebook's first cell states (``*Time: about NN minutes…*``, read as dev/budget.py reads it)."""
    stated = budget.budget(notebook).minutes
    return f"{stated} min" if stated is not None else ""


OPTIONAL_TAG = "scored-optional"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _optional_note(minutes_text: str) -> str:
    time = f" (about {minutes_text.replace(' min', ' minutes')})" if minutes_text else ""
    return ("\n:::{admonition} Optional: going further\n:class: scored-optional-note\n"
            f"This section is depth beyond the lesson's core path: the time at the top of the lesson{time} "
            "does not count it. Read it when you want more.\n:::\n")


def mark_optional(content: bytes, minutes_text: str = "") -> bytes:
    """A lesson with its "Going further" sections marked optional, for the site.

    A markdown cell is split at its headings, so that each section starts a cell; a note goes
    under every heading that starts with "Going further" (at any level; the section runs to the
    next heading of the same or a higher level, as ``dev/budget.py`` counts it), and the
    section's code cells get the tag ``scored-optional`` (MyST-NB renders it as the CSS class
    ``tag_scored-optional``).
    """
    nb = json.loads(content)
    cells, level = [], None
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown":
            if level is not None:
                tags = cell.setdefault("metadata", {}).setdefault("tags", [])
                if OPTIONAL_TAG not in tags:
                    tags.append(OPTIONAL_TAG)
            cells.append(cell)
            continue
        parts, current = [], []
        for line in source.split("\n"):
            if HEADING.match(line) and current:
                parts.append(current)
                current = []
            current.append(line)
        parts.append(current)
        for k, part in enumerate(parts):
            heading = HEADING.match(part[0])
            if heading:
                depth = len(heading.group(1))
                if level is not None and depth <= level:
                    level = None
                if level is None and heading.group(2).strip().lower().startswith("going further"):
                    level = depth
                    part = [part[0], _optional_note(minutes_text)] + part[1:]
            new = dict(cell, source="\n".join(part))
            if k:
                new["id"] = f"{cell.get('id', 'cell')}-{k}"
            cells.append(new)
    nb["cells"] = cells
    return json.dumps(nb, indent=1, ensure_ascii=False).encode()


def readme_section(readme: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    return match.group(1).strip() if match else ""


def course_map(readme: str) -> str:
    """The course map: lessons and exercises read from the notebooks, parts taken from the README's map."""
    parts = {}
    rows = readme_section(readme, "Course map").splitlines()
    for i, row in enumerate(rows):
        part = re.match(r"\|\s*\*\*(Part [^*]+)\*\*\s*\|\s*\*\*([^*]+)\*\*", row)
        following = next((re.match(r"\|\s*(\d\d)\s*\|", r) for r in rows[i + 1:] if re.match(r"\|\s*\d\d", r)), None)
        if part and following:
            parts[following.group(1)] = f"{part.group(1)}: {part.group(2)}"
    lines = ["| # | Lesson | Time | Exercise (student version) | Time |", "|---|---|---|---|---|"]
    for lesson in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        number = lesson.name[:2]
        if number in parts:
            lines.append(f"| | **{parts[number]}** | | | |")
        title = re.sub(rf"^{number}\s*·\s*", "", first_heading(lesson))
        exercise = next(iter(sorted((ROOT / "exercises").glob(f"ex{number}_*/ex{number}_*.ipynb"))), None)
        ex_cell = ex_time = ""
        if exercise:
            ex_title = re.sub(r"^Exercise \d\d\s*·\s*", "", first_heading(exercise))
            ex_cell, ex_time = f"[{ex_title}](exercises/{exercise.parent.name}/{exercise.name})", minutes(exercise)
        lines.append(f"| {number} | [{title}](lessons/{lesson.name}) | {minutes(lesson)} | {ex_cell} | {ex_time} |")
    return "\n".join(lines)


def home_page(readme: str, repo: str | None) -> str:
    intro = readme.split("\n## ", 1)[0]
    intro = re.sub(r"^# .*\n", "", intro).strip()
    intro = intro.replace("You need Python 3.10 or newer. Nothing else: the commands below create a private "
                          "environment in\n`.venv/` inside the course folder.", "")
    after_table = "\n".join(line for line in readme_section(readme, "Course map").splitlines()
                            if not line.startswith("|")).strip()
    blocks = [
        "# Scored: the ethics of gamification", "",
        intro, "",
        "This site shows every lesson with its outputs, the student version of every exercise and the "
        "instructor's kit, so you can read the course before you install it. Dashboards appear in their "
        "starting state: their sliders work when you run the notebook, and each dashboard links to the "
        f"`.ipynb` file{' and to Binder' if repo else ''}.", "",
        "## Course map", "",
        course_map(readme), "",
        after_table, "",
    ]
    for title, anchor in (("Instructors", "instructors"), ("Students", "students"), ("Self-learners", "self-learners")):
        blocks += [f"## {title}", "", readme_section(readme, title), ""]
    blocks += ["## Run it yourself", "", readme_section(readme, "The two commands"), "",
               "## Licences", "", readme_section(readme, "Licences"), ""]
    toctree = ["```{toctree}", ":hidden:", ":caption: Lessons", ""]
    toctree += [f"lessons/{p.stem}" for p in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))]
    toctree += ["```", "", "```{toctree}", ":hidden:", ":caption: Exercises", ""]
    toctree += [f"exercises/{p.parent.name}/{p.stem}" for p in sorted((ROOT / "exercises").glob("ex*/ex*.ipynb"))]
    toctree += ["```", "", "```{toctree}", ":hidden:", ":caption: Instructors", ""]
    docs = sorted((ROOT / "docs").glob("*.md"), key=lambda p: (p.name != "index.md", p.name))
    toctree += [f"docs/{p.stem}" for p in docs]
    toctree += ["```", "", "```{toctree}", ":hidden:", ":caption: About", "", "licences", "```", ""]
    page = "\n".join(blocks + toctree)
    anchors = {"instructors", "students", "self-learners", "course-map", "licences", "run-it-yourself"}
    # Links to README sections that the home page leaves out keep their words, not a dead anchor.
    return re.sub(r"\[([^\]]*)\]\(#([^)]+)\)", lambda m: m.group(0) if m.group(2) in anchors else m.group(1), page)


def licences_page(readme: str) -> str:
    content = (ROOT / "LICENSE-content.md").read_text()
    content = re.sub(r"^# .*\n", "", content).replace("## ", "### ")
    return "\n".join([
        "# Licences", "", readme_section(readme, "Licences"), "",
        "## Course text licence", "", content.strip(), "",
        "## Code licence", "", "```text", (ROOT / "LICENSE").read_text().strip(), "```", ""])


def stage(repo: str | None, branch: str, folder: Path = STAGE) -> list[str]:
    """Write the site's source pages into ``folder`` (build/site-src/) and return their paths."""
    pages: dict[str, bytes] = {}
    for notebook in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        pages[f"lessons/{notebook.name}"] = mark_optional(notebook.read_bytes(), minutes(notebook))
    for notebook in sorted((ROOT / "exercises").glob("ex*/ex*.ipynb")):
        pages[f"exercises/{notebook.parent.name}/{notebook.name}"] = notebook.read_bytes()
    doc_names = [f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md"))]
    staged = set(pages) | set(doc_names) | {"index.md", "licences.md", "README.md", "LICENSE", "LICENSE-content.md"}
    readme = strip_comments((ROOT / "README.md").read_text())
    for name in doc_names:
        if name in WITHHELD:
            title, text = WITHHELD[name]
            if repo:
                text += f" [Open it in the repository]({repo}/blob/{branch}/{name})."
            pages[name] = f"# {title}\n\n{text}\n".encode()
        else:
            pages[name] = rewrite_links(strip_comments((ROOT / name).read_text()), name, staged, repo, branch).encode()
    aliases = {"README.md": "index.md", "LICENSE": "licences.md#code-licence",
               "LICENSE-content.md": "licences.md#course-text-licence"}
    home = rewrite_links(home_page(readme, repo), "README.md", staged, repo, branch)
    licences = rewrite_links(licences_page(readme), "licences.md", staged, repo, branch)
    for source, target in aliases.items():
        home = home.replace(f"]({source})", f"]({target})")
        licences = licences.replace(f"]({source})", f"]({target})")
        for name in doc_names:
            pages[name] = pages[name].replace(f"](../{source})".encode(), f"](../{target})".encode())
    pages["index.md"] = home.encode()
    pages["licences.md"] = licences.encode()
    for name, content in pages.items():
        write_if_changed(folder / name, content)
    for path in sorted(folder.rglob("*"), reverse=True):  # pages removed from the course leave the site
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in pages:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(pages)


def prepare_static() -> None:
    """plotly.js from the installed plotly package, served by the site itself (no CDN)."""
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    write_if_changed(GENERATED_STATIC / "plotly.min.js", source.read_bytes())


def prepare_kernel_profile() -> str:
    """A private IPython profile whose start-up file renders figures and widgets for the site."""
    startup = IPYTHON / "profile_default" / "startup" / "00-scored-site.py"
    write_if_changed(startup, (SITE / "kernel_startup.py").read_bytes())
    # Quiet kernels: their start-up notices (e.g. "running over TCP without encryption") fill the build log.
    write_if_changed(IPYTHON / "profile_default" / "ipython_kernel_config.py", b'c.IPKernelApp.log_level = "ERROR"\n')
    return str(IPYTHON)


def cache_folder() -> Path:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "utils").rglob("*.py")) + [SITE / "kernel_startup.py"]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return BUILD / "site-cache" / digest.hexdigest()[:16]


def cached_runs(cache: Path) -> dict[int, str]:
    """Execution records in MyST-NB's cache (jupyter-cache): id -> the notebook it ran."""
    if not cache.exists():
        return {}
    from jupyter_cache import get_cache

    return {record.pk: record.uri for record in get_cache(str(cache)).list_cache_records()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD / "site", help="output folder (default build/site)")
    parser.add_argument("--fresh", action="store_true", help="empty the execution cache first")
    parser.add_argument("--cache", type=Path, help="use this execution cache folder as it is (default: one per "
                        "version of utils/ under build/site-cache/)")
    parser.add_argument("--stage", type=Path, default=STAGE, help="folder for the staged pages (default build/site-src)")
    parser.add_argument("--keep-stage", action="store_true",
                        help="build the staged pages as they are (the site test builds twice from one snapshot)")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    repo, branch = repository()
    if not options.keep_stage:
        stage(repo, branch, options.stage.resolve())
    prepare_static()
    cache = options.cache.resolve() if options.cache else cache_folder()
    if options.fresh and cache.exists():
        shutil.rmtree(cache)
    for old in cache.parent.glob("*") if cache.parent.exists() and not options.cache else []:
        if old != cache:  # caches for an older utils/ are never used again
            shutil.rmtree(old, ignore_errors=True)
    os.environ.update({"IPYTHONDIR": prepare_kernel_profile(), "SCORED_SITE_CACHE": str(cache),
                       "SCORED_SITE_STATIC": str(GENERATED_STATIC), "SCORED_SITE_BRANCH": branch,
                       "SCORED_SITE_REPOSITORY": repo or "", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    from sphinx.cmd.build import build_main

    before = cached_runs(cache)

    out = options.out.resolve()
    doctrees = out.parent / f"{out.name}-doctrees"  # Sphinx's own cache, beside the site, never published
    code = build_main(["-b", "html", "-q", "-c", str(SITE), "-d", str(doctrees), str(options.stage.resolve()), str(out)])
    ran = sorted(Path(uri).relative_to(options.stage.resolve()).as_posix() for pk, uri in cached_runs(cache).items()
                 if pk not in before and Path(uri).is_relative_to(options.stage.resolve()))
    print(f"[scored] cache {cache}")
    print(f"[scored] executed {len(ran)} notebooks (the others came from the cache): {', '.join(ran) or 'none'}")
    if code == 0:
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        print(f"[scored] site built in {time.perf_counter() - start:.0f} s: {pages} pages, {size:.1f} MB, "
              f"in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/ (open index.html)")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
