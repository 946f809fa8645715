"""Every autograded check explains itself, and one slip costs its own points (issue 11, items 4 and 5).

Static checks of the solution notebooks' test cells (no kernel runs, so they are fast):

- every ``assert`` in a test cell, visible or hidden, carries a message (what was checked and
  what was expected), so a student who loses points learns why;
- a graded test cell is worth at most ``MAX_POINTS`` points, unless the cell says why its checks
  cannot fail independently in a comment ``# points: N, because ...`` (N its points).

- test cells call the learner's functions through a helper that names the case when the
  learner's code raises (``call(f, ...)``, ``error_message(f, ...)``) or inside a ``try``, so an
  exception from the learner's code says which case triggered it;
- a helper pasted into several exercises (a function defined in a read-only cell that the test
  cells use: ``call``, ``case_name``, ``error_message``, ``attempt``, ...) is the same code in
  every exercise that has it: one name, one behaviour (issue 22). A variant that must behave
  differently gets a name of its own.

The helper cells to copy are in solutions/ex00_warmup (dev/HELPERS.md, "Test cells explain themselves").
"""
from __future__ import annotations

import ast
import difflib
import re
import textwrap
from collections import defaultdict

import nbformat
import pytest

from support import ROOT, assignments, nbgrader_meta

MAX_POINTS = 2
JUSTIFIED = re.compile(r"^\s*#\s*points:\s*(\d+(?:\.\d+)?)\s*,\s*because\s+\S", re.MULTILINE)
HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def learner_functions(assignment: str) -> set[str]:
    """Names of the functions the learner's answer cells define (their ``def`` statements)."""
    names = set()
    for path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = nbgrader_meta(cell)
            if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
                try:
                    tree = ast.parse(cell.source)
                except SyntaxError:
                    continue
                names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return names


def bare_calls(source: str, functions: set[str]) -> list[tuple[int, str]]:
    """(line, code) of each direct call to one of ``functions`` outside a ``try`` body.

    Examples
    --------
    >>> bare_calls("assert f(1) == 2, 'm'\\nassert call(f, 1) == 2, 'm'\\ntry:\\n    f(0)\\nexcept ValueError:\\n    pass\\n", {"f"})
    [(1, "assert f(1) == 2, 'm'")]
    """
    tree = ast.parse(textwrap.dedent(source))
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            for inner in node.body:
                guarded |= {id(n) for n in ast.walk(inner)}
    lines = source.splitlines()
    return [(node.lineno, lines[node.lineno - 1].strip()) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions
            and id(node) not in guarded]


def graded_test_cells(assignment: str):
    """(notebook name, cell) for every autograded test cell of one assignment's solution notebooks."""
    for path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = nbgrader_meta(cell)
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                yield path.name, cell


def hidden_lines(source: str) -> set[int]:
    """1-based numbers of the lines between the hidden-test markers."""
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == HIDDEN[0]:
            inside = True
        elif line.strip() == HIDDEN[1]:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def silent_asserts(source: str) -> list[tuple[int, bool, str]]:
    """(line, hidden?, code) of each ``assert`` without a message in one test cell's source.

    Examples
    --------
    >>> silent_asserts("assert f(1) == 2, 'f(1) should be 2'\\n### BEGIN HIDDEN TESTS\\nassert f(3) == 4\\n")
    [(3, True, 'assert f(3) == 4')]
    """
    # IPython magics and shell lines would not parse; no test cell of the course needs them
    tree = ast.parse(textwrap.dedent(source))
    hidden = hidden_lines(source)
    lines = source.splitlines()
    return [(node.lineno, node.lineno in hidden, lines[node.lineno - 1].strip())
            for node in ast.walk(tree) if isinstance(node, ast.Assert) and node.msg is None]


def test_silent_asserts_found_in_helpers_and_loops():
    """The check sees asserts inside functions, loops and try blocks, and accepts f-string messages."""
    source = ("def check(x):\n    assert x > 0\n"
              "for k in range(3):\n    assert k >= 0, f'case {k}'\n"
              "try:\n    pass\nexcept ValueError:\n    assert False\n")
    assert [line for line, _, _ in silent_asserts(source)] == [2, 8]


def test_justification_comment_format():
    assert JUSTIFIED.search("# points: 3, because the three shares must add up to one\nassert True, 'x'")
    assert not JUSTIFIED.search("# points: 3\nassert True, 'x'")  # a bare number explains nothing
    assert not JUSTIFIED.search("x = 1  # points: 3, because\n")  # the comment stands on its own line


@pytest.mark.parametrize("assignment", assignments())
def test_every_assert_has_a_message(assignment):
    """No assert in a test cell, visible or hidden, fails without saying what it checked."""
    problems = []
    for name, cell in graded_test_cells(assignment):
        for line, hidden, code in silent_asserts(cell.source):
            where = "hidden" if hidden else "visible"
            problems.append(f"{name} {nbgrader_meta(cell)['grade_id']} line {line} ({where}): {code}")
    assert not problems, (f"{len(problems)} asserts without a message (add one that says what was checked and "
                          "what was expected, without giving the answer away):\n" + "\n".join(problems))


@pytest.mark.parametrize("assignment", assignments())
def test_test_cells_worth_at_most_two_points(assignment):
    """One wrong case costs its own points: a test cell over 2 points says why it cannot be split."""
    problems = []
    for name, cell in graded_test_cells(assignment):
        meta = nbgrader_meta(cell)
        points = float(meta.get("points", 0))
        if points <= MAX_POINTS:
            continue
        match = JUSTIFIED.search(cell.source)
        if not match:
            problems.append(f"{name} {meta['grade_id']}: {points:g} points; split it into cells of at most "
                            f"{MAX_POINTS}, or add a line '# points: {points:g}, because ...'")
        elif float(match.group(1)) != points:
            problems.append(f"{name} {meta['grade_id']}: the comment says {match.group(1)} points, the cell is "
                            f"worth {points:g}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", assignments())
def test_learner_code_called_through_a_helper(assignment):
    """An error in the learner's code names its case: no test cell calls a learner's function bare."""
    functions = learner_functions(assignment)
    problems = []
    for name, cell in graded_test_cells(assignment):
        for line, code in bare_calls(cell.source, functions):
            problems.append(f"{name} {nbgrader_meta(cell)['grade_id']} line {line}: {code}")
    assert not problems, (f"{len(problems)} direct calls of the learner's functions: an exception there shows no "
                          "case; use call(f, ...) or error_message(f, ...) (dev/HELPERS.md):\n" + "\n".join(problems))


def pasted_helpers(assignment: str) -> dict[str, str]:
    """name -> source of each helper of one assignment: a function defined at the top of a read-only code
    cell (neither an answer nor a test) that the test cells call, directly or through another helper."""
    defined, called = {}, set()
    for path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = nbgrader_meta(cell)
            if cell.cell_type != "code" or meta.get("solution"):
                continue
            tree = ast.parse(cell.source)
            if meta.get("grade"):
                called |= {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            elif meta.get("locked"):
                defined.update({n.name: ast.get_source_segment(cell.source, n) for n in tree.body
                                if isinstance(n, ast.FunctionDef)})
    helpers, todo = {}, [name for name in called if name in defined]
    while todo:
        name = todo.pop()
        if name not in helpers:
            helpers[name] = defined[name]
            todo += [n.func.id for n in ast.walk(ast.parse(defined[name])) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name) and n.func.id in defined]
    return helpers


def helper_differences(versions: dict[str, dict[str, str]]) -> list[str]:
    """One line per helper name with more than one version: where each version is, and its first differing line.

    ``versions`` maps assignment -> {helper name: source}. The version most exercises share is the
    reference; each other version is named with its exercises and the first line where it differs.

    Examples
    --------
    >>> helper_differences({"ex1": {"f": "def f():\\n    return 1"}, "ex2": {"f": "def f():\\n    return 1"},
    ...                     "ex3": {"f": "def f():\\n    return 2"}, "ex4": {"g": "def g(): pass"}})
    ["f: ex3 differs from ex1, ex2 at line 2: 'return 2' instead of 'return 1'"]
    """
    by_name: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for assignment, helpers in sorted(versions.items()):
        for name, source in helpers.items():
            by_name[name][source].append(assignment)
    problems = []
    for name, sources in sorted(by_name.items()):
        if len(sources) < 2:
            continue
        reference, *others = sorted(sources, key=lambda s: (-len(sources[s]), sources[s]))
        for other in others:
            ref_lines, other_lines = reference.splitlines(), other.splitlines()
            line = next((k for k, (a, b) in enumerate(zip(ref_lines, other_lines)) if a != b),
                        min(len(ref_lines), len(other_lines)))
            theirs = other_lines[line].strip() if line < len(other_lines) else "(nothing)"
            ours = ref_lines[line].strip() if line < len(ref_lines) else "(nothing)"
            problems.append(f"{name}: {', '.join(sources[other])} differs from {', '.join(sources[reference])} at "
                            f"line {line + 1}: {theirs!r} instead of {ours!r}")
    return problems


def test_pasted_helpers_are_found():
    """The check sees the warm-up's helpers (so it can fail): call and error_message, and case_name through them."""
    assert set(pasted_helpers("ex00_warmup")) >= {"call", "case_name", "error_message"}


def test_pasted_helpers_are_identical():
    """A helper pasted into several exercises is the same code in each: a fix to one reaches them all."""
    versions = {assignment: pasted_helpers(assignment) for assignment in assignments()}
    problems = helper_differences(versions)
    assert not problems, ("helpers with the same name differ between exercises (paste the common version into "
                          "the helper cell, or give a variant that must behave differently a name of its own; "
                          "then `python3 course.py generate exNN_slug`):\n" + "\n".join(problems))
