"""Content without a hub exchange: nbgitpuller links, and collecting a learning platform's export.

- ``python3 course.py links`` prints one link per lesson and released exercise, in nbgitpuller's
  documented form (its "Options in an nbgitpuller URL" page and its link generator):
  ``HUB/hub/user-redirect/git-pull?repo=…&urlpath=lab/tree/<clone folder>/<path>&branch=…``.
- ``nbgrader zip_collect`` with the regular expressions of docs/grading.md files a Canvas-style
  and a Moodle-style export under the right students, and the notebooks it collects autograde.
"""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from support import ROOT, WARMUP, grades, make_course, run_nbgrader, solved_copy, warmup_notebooks

HUB, REPO = "https://hub.example.org/", "https://github.com/example-org/scored.git"


def test_link_has_nbgitpullers_documented_form():
    from grader.links import pull_link

    link = pull_link(HUB, REPO, "lessons/07_peer_influence.ipynb", branch="main")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {"repo": [REPO], "urlpath": ["lab/tree/scored/lessons/07_peer_influence.ipynb"], "branch": ["main"]}
    assert "branch" not in parse_qs(urlsplit(pull_link(HUB, REPO, "x.ipynb")).query)


def test_link_rejects_bad_addresses():
    from grader.links import pull_link

    for hub, repo in (("hub.example.org", REPO), ("ftp://hub.example.org", REPO), (HUB, "")):
        with pytest.raises(ValueError, match="must"):
            pull_link(hub, repo, "lessons/00_welcome.ipynb")


def test_links_command_covers_every_lesson_and_released_exercise():
    done = subprocess.run([sys.executable, "-m", "grader.links", "--hub", HUB, "--repo", REPO, "--branch", "main"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = dict(line.split("\t") for line in done.stdout.splitlines())
    lessons = {p.relative_to(ROOT).as_posix() for p in (ROOT / "lessons").glob("*.ipynb")}
    exercises = {p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("*/*.ipynb")}
    assert set(rows) == lessons | exercises and lessons and exercises
    assert not any(path.startswith("solutions/") for path in rows)
    for path, link in rows.items():
        assert parse_qs(urlsplit(link).query)["urlpath"] == [f"lab/tree/scored/{path}"], link
    bad = subprocess.run([sys.executable, "-m", "grader.links", "--hub", "hub.example.org", "--repo", REPO],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert bad.returncode == 2 and "hub must" in bad.stderr


# The regular expressions docs/grading.md gives, copied here so that the test fails if they drift.
def documented_regexps() -> dict[str, str]:
    text = (ROOT / "docs" / "grading.md").read_text()
    found = dict(re.findall(r"#### (Canvas|Moodle)\b.*?--FileNameCollectorPlugin\.named_regexp='([^']+)'", text, re.S))
    assert set(found) == {"Canvas", "Moodle"}, "docs/grading.md should give one regular expression for each"
    return found


@pytest.mark.classscale
@pytest.mark.parametrize("platform", ["Canvas", "Moodle"])
def test_zip_collect_files_a_platform_export(tmp_path, platform):
    """A zip laid out as the platform exports it: every student's notebook lands in submitted/<id>/,
    a resubmission's renamed file included, and the collected notebooks autograde."""
    course = make_course(tmp_path)
    run_nbgrader(["generate_assignment", WARMUP, "--force"], course)
    source, release = warmup_notebooks(course)
    solved = nbformat.writes(solved_copy(release, source))
    blank = nbformat.writes(release)
    name = f"{WARMUP}.ipynb"
    if platform == "Canvas":  # one flat folder: <name>_<number>_<number>_<the student's file name>
        files = {f"lovelaceada_3143_207797_{name}": solved,
                 f"hopperg_3150_207801_{WARMUP}-1.ipynb": blank}  # Canvas adds -1 to a file uploaded again
        expected = {"3143": 5.0, "3150": 0.0}
    else:  # a folder per participant: <Full Name>_<participant number>_assignsubmission_file_/<file>
        files = {f"Ada Lovelace_12345_assignsubmission_file_/{name}": solved,
                 f"Grace Hopper_12377_assignsubmission_file_/{name}": blank}
        expected = {"12345": 5.0, "12377": 0.0}
    archive = course / "downloaded" / WARMUP / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        for path, text in files.items():
            bundle.writestr(path, text)
    run_nbgrader(["zip_collect", WARMUP, "--force",
                  f"--FileNameCollectorPlugin.named_regexp={documented_regexps()[platform]}"], course)
    submitted = sorted(p.relative_to(course / "submitted").as_posix() for p in (course / "submitted").glob("*/*/*.ipynb"))
    assert submitted == sorted(f"{student}/{WARMUP}/{name}" for student in expected)
    run_nbgrader(["autograde", WARMUP, "--force", "--Execute.timeout=10"], course)
    for student, total in expected.items():
        assert sum(grades(course, WARMUP, WARMUP, student).values()) == total, student
