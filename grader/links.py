"""nbgitpuller links for every lesson and released exercise: students click one and the hub pulls the course.

    python3 course.py links --hub https://hub.example.org --repo https://github.com/ORG/scored [--branch main]

A link has nbgitpuller's documented form (its "Options in an nbgitpuller URL" page and its link
generator): ``HUB/hub/user-redirect/git-pull?repo=REPO&urlpath=lab/tree/FOLDER/PATH&branch=B``,
where FOLDER is the folder ``git clone REPO`` makes (the repository's name, less ``.git``) and
PATH the notebook's path in the repository; the query is URL-encoded. nbgitpuller must be
installed in the students' image (deploy/kubernetes/Dockerfile installs it). Students get
``exercises/`` (the release), never ``solutions/``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

__all__ = ["clone_folder", "course_notebooks", "main", "pull_link"]

ROOT = Path(__file__).resolve().parents[1]


def clone_folder(repo: str) -> str:
    """The folder ``git clone repo`` creates: the last part of the address, less ``.git``.

    Examples
    --------
    >>> clone_folder("https://github.com/example/scored.git"), clone_folder("git@host:team/scored")
    ('scored', 'scored')
    """
    last = repo.rstrip("/").split("/")[-1].split(":")[-1]
    return last[:-len(".git")] if last.endswith(".git") else last


def pull_link(hub: str, repo: str, path: str, branch: str | None = None) -> str:
    """The nbgitpuller link that pulls ``repo`` (``branch``) and opens ``path`` of it in JupyterLab.

    Examples
    --------
    >>> pull_link("https://hub.example.org", "https://github.com/example/scored", "lessons/00_welcome.ipynb", "main")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fscored&urlpath=lab%2Ftree%2Fscored%2Flessons%2F00_welcome.ipynb&branch=main'
    """
    for name, value in (("hub", hub), ("repo", repo)):
        if not value or not urlsplit(value).scheme and ":" not in value:
            raise ValueError(f"{name} must be an address such as https://example.org/..., got {value!r}")
    if urlsplit(hub).scheme not in ("http", "https"):
        raise ValueError(f"hub must start with https:// (or http:// for a trial), got {hub!r}")
    query = {"repo": repo, "urlpath": f"lab/tree/{clone_folder(repo)}/{path}"}
    if branch:
        query["branch"] = branch
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def course_notebooks(root: Path = ROOT) -> list[str]:
    """Paths (from the course's root) of every lesson and every released exercise, in course order."""
    lessons = sorted(p.relative_to(root).as_posix() for p in (root / "lessons").glob("*.ipynb"))
    exercises = sorted(p.relative_to(root).as_posix() for p in (root / "exercises").glob("*/*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    return lessons + exercises


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py links", description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("--repo", required=True, help="the course repository students pull, e.g. https://github.com/ORG/scored")
    parser.add_argument("--branch", help="the branch to pull (default: the repository's default branch)")
    args = parser.parse_args(argv)
    try:
        links = [(path, pull_link(args.hub, args.repo, path, args.branch)) for path in course_notebooks()]
    except ValueError as error:
        parser.error(str(error))
    for path, link in links:
        print(f"{path}\t{link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
