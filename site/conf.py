"""Sphinx configuration of the course website (built by ``python3 course.py site``; see site/build.py).

MyST-NB reads the notebooks and executes the lessons through its cache; the Sphinx Book Theme
gives the navigation, the download button and the Binder launch button. Nothing is loaded from
the web: plotly.js is served from ``_static/`` and the widget embedding scripts are switched off
(dashboards are shown in their starting state by ``site/kernel_startup.py``).
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

project = "Scored"
author = "The Scored authors"
copyright = "2026, The Scored authors"  # fixed text: no build date in the pages
html_title = "Scored: the ethics of gamification"
language = "en"
smartquotes = False  # text as the authors wrote it (and as the leak test searches for it)

extensions = ["myst_nb", "sphinx.ext.githubpages"]  # githubpages: a .nojekyll file, so Pages serves _static/
REPOSITORY = os.environ.get("SCORED_SITE_REPOSITORY") or None
BRANCH = os.environ.get("SCORED_SITE_BRANCH", "main")

# -- MyST and MyST-NB ----------------------------------------------------------------------------
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("SCORED_SITE_CACHE", str(Path(__file__).parent.parent / "build" / "site-cache"))
nb_execution_excludepatterns = ["exercises/*/*.ipynb"]  # the student version, shown as released (answers blank)
nb_execution_timeout = 600
nb_execution_raise_on_error = True  # a lesson that fails to run is never published
nb_execution_show_tb = True
nb_ipywidgets_js = {}  # no widget manager from a CDN: widgets are rendered statically by the kernel hook
nb_merge_streams = True
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_static_path = ["_static", os.environ.get("SCORED_SITE_STATIC", "_static")]
html_css_files = ["scored.css"]
html_js_files = ["scored.js"]  # wide tables' scroll boxes reachable by keyboard
templates_path = ["_templates"]
html_sourcelink_suffix = ""  # _sources/ keeps the notebooks as .ipynb for the download links
html_last_updated_fmt = None
html_show_sphinx = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
if REPOSITORY:
    html_theme_options.update({
        "repository_url": REPOSITORY, "repository_branch": BRANCH, "path_to_docs": "",
        "use_repository_button": True,
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    })

PLACEHOLDER = re.compile(r'<span class="scored-run-links">.*?</span>', flags=re.S)


def run_links(pagename: str) -> str:
    """The sentence's end in a dashboard's note: Binder (when the repository is known) and the .ipynb."""
    notebook = f"{pagename}.ipynb"
    depth = pagename.count("/")
    download = "../" * depth + f"_sources/{notebook}"
    parts = []
    if REPOSITORY and REPOSITORY.startswith("https://github.com/"):
        slug = REPOSITORY.removeprefix("https://github.com/")
        binder = f"https://mybinder.org/v2/gh/{slug}/{BRANCH}?urlpath=lab/tree/{notebook}"
        parts.append(f'<a href="{html.escape(binder)}">run it on Binder</a>')
    parts.append(f'<a href="{html.escape(download)}" download>download the notebook ({html.escape(Path(notebook).name)})</a> '
                 'and open it with <code>python3 course.py lab</code>')
    return '<span class="scored-run-links">' + " or ".join(parts) + "</span>"


def page_context(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if "Plotly.newPlot" in body:
        app.add_js_file("plotly.min.js", priority=100)
    if "scored-run-links" in body:
        context["body"] = PLACEHOLDER.sub(run_links(pagename), body)


def setup(app):
    app.connect("html-page-context", page_context)
