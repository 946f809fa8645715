"""How long each lesson and exercise asks of a learner: the core path's prose against its stated time.

    python3 dev/budget.py          a table of every lesson and exercise; exit 1 if one is over budget

A lesson's **core path** is every markdown line outside two kinds of section: a section whose heading
starts with "Going further" (optional depth, at any heading level, running to the next heading of
the same or a higher level) and the "Sources" section. Its **stated time** is the number in the
first cell's line ``*Time: about NN minutes…*``; it must be at most 60 minutes, and the core prose
at most ``WORDS_PER_MINUTE`` words for each of those minutes (DESIGN.md, "A lesson fits its
session"). Every exercise states its time in the same way. Lesson 00, the welcome, is held to the
same pace (it used to be exempt, and stated 20 minutes for 34 minutes of reading).

A word is a whitespace-separated token with a letter or digit in it, once link targets, HTML tags
and inline math markers are removed: what a learner reads, not what the Markdown source spells.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 30
MAX_MINUTES = 60
TIME = re.compile(r"\*Time: about (\d+) minutes")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass(frozen=True)
class Budget:
    path: Path
    minutes: int | None
    core_words: int
    optional_words: int

    @property
    def words_allowed(self) -> int:
        return WORDS_PER_MINUTE * (self.minutes or 0)

    @property
    def is_lesson(self) -> bool:
        return self.path.parent.name == "lessons"

    def problems(self) -> list[str]:
        name = self.path.relative_to(ROOT)
        if self.minutes is None:
            return [f"{name}: the first cell states no time (a line '*Time: about NN minutes.*')"]
        out = []
        if self.is_lesson:
            if self.minutes > MAX_MINUTES:
                out.append(f"{name}: states {self.minutes} minutes for its core path; at most {MAX_MINUTES}")
            if self.core_words > self.words_allowed:
                out.append(f"{name}: {self.core_words} words of core prose for {self.minutes} minutes; at most "
                           f"{self.words_allowed} ({WORDS_PER_MINUTE} a minute): move depth under a "
                           f"'Going further' heading after the summary, or into docs/")
        return out


def words(text: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", text)       # link targets
    text = re.sub(r"<[^>]+>", " ", text)           # HTML tags
    text = text.replace("$", " ")
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


def split_prose(cells: list[dict]) -> tuple[int, int]:
    """(core words, optional words) of a notebook's markdown cells."""
    core = optional = 0
    skip_level = None     # heading level of the optional or excluded section we are in
    kind = None
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            heading = HEADING.match(line)
            if heading:
                level, title = len(heading.group(1)), heading.group(2).strip().lower()
                if skip_level is not None and level <= skip_level:
                    skip_level = kind = None
                if skip_level is None and title.startswith("going further"):
                    skip_level, kind = level, "optional"
                elif skip_level is None and title.startswith("sources"):
                    skip_level, kind = level, "sources"
            n = words(line)
            if kind == "optional":
                optional += n
            elif kind is None:
                core += n
    return core, optional


def budget(path: Path) -> Budget:
    cells = json.loads(path.read_text())["cells"]
    first = cells[0]["source"] if cells else ""
    first = first if isinstance(first, str) else "".join(first)
    stated = TIME.search(first)
    core, optional = split_prose(cells)
    return Budget(path, int(stated.group(1)) if stated else None, core, optional)


def notebooks() -> list[Path]:
    return sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))


def main() -> int:
    problems = []
    print(f"{'notebook':<58} {'minutes':>7} {'core words':>10} {'allowed':>7} {'optional':>8}")
    for path in notebooks():
        b = budget(path)
        allowed = str(b.words_allowed) if b.is_lesson else "-"
        print(f"{str(path.relative_to(ROOT)):<58} {b.minutes if b.minutes is not None else '?':>7} "
              f"{b.core_words:>10} {allowed:>7} {b.optional_words:>8}")
        problems += b.problems()
    for problem in problems:
        print("OVER:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
