"""A PostgreSQL gradebook: the course grades the same with it, serially and in parallel.

The suite starts a throw-away PostgreSQL server on 127.0.0.1 (Debian's ``postgresql`` package;
``python3 course.py test`` installs it under CI), with password login, and gives each of two
private courses a database of its own through ``c.CourseDirectory.db_url`` with the psycopg 3
driver named explicitly (``postgresql+psycopg://``). The same mixed class as
tests/test_parallel_grading.py is graded by one ``nbgrader autograde`` and by the pool with two
workers: every cell's score, late penalty, total and the export must agree, and the grades must
really be in PostgreSQL (no SQLite file appears in either course).
"""
from __future__ import annotations

import csv
import os

import pytest

from support import PostgresServer, WARMUP, assert_same_grades, graded_twice, gradebook_rows, postgres_bin

pytestmark = pytest.mark.classscale
psycopg = pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is installed by `python3 course.py test`")


@pytest.fixture(scope="module")
def server():
    bindir = postgres_bin()
    if bindir is None:
        message = "PostgreSQL is not installed (Debian: apt-get install postgresql; `course.py test` does it under CI)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    started = PostgresServer(bindir)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def graded(server, tmp_path_factory):
    urls = {mode: server.create_database(f"scored_{mode}") for mode in ("serial", "parallel")}
    return graded_twice(tmp_path_factory.mktemp("postgres"), WARMUP, urls), urls


def test_parallel_grades_equal_serial_on_postgres(graded):
    _, urls = graded
    assert_same_grades(gradebook_rows(urls["serial"], WARMUP), gradebook_rows(urls["parallel"], WARMUP))


def test_export_equal_on_postgres(graded):
    courses, _ = graded
    rows = {mode: sorted(csv.DictReader((course / "grades.csv").open()), key=lambda r: r["student_id"])
            for mode, course in courses.items()}
    assert rows["parallel"] == rows["serial"] and len(rows["serial"]) >= 10


def test_grades_live_in_postgres(graded, server):
    """No SQLite gradebook was made; the grade rows are in each PostgreSQL database."""
    courses, urls = graded
    for mode, course in courses.items():
        assert not (course / "gradebook.db").exists(), mode
        with psycopg.connect(server.url(f"scored_{mode}", driver="postgresql")) as connection:
            students = connection.execute("SELECT count(*) FROM student").fetchone()[0]
            graded_cells = connection.execute("SELECT count(*) FROM grade WHERE auto_score IS NOT NULL").fetchone()[0]
        assert students >= 10 and graded_cells >= 5 * students, (mode, students, graded_cells)
    assert all(url.startswith("postgresql+psycopg://") for url in urls.values())
