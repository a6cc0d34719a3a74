"""Changed words, not whole lines: the compare page and the approval page mark what an issue
changed inside a line with <del>/<ins> (difflib on word tokens, every piece escaped), and compare
the step table row by row (added, removed and changed rows, changed cells word by word)."""

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

#: Words (letters and digits, Vietnamese included), runs of spaces, and each other character, so
#: "01 ngày" → "02 ngày" marks only the number and punctuation never swallows a word.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
#: How the step table's cells are joined in queries.compare (title | responsible | time | output).
CELL_SEPARATOR = " | "


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _wrap(tag: str, pieces: list[str]) -> str:
    text = "".join(pieces)
    if not text:
        return ""
    if not text.strip():  # a changed space is shown as the space it is, unmarked
        return str(escape(text))
    return f"<{tag}>{escape(text)}</{tag}>"


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """(before, after) as safe HTML: removed words in <del> on the left, added ones in <ins>."""
    a, b = tokens(old), tokens(new)
    before, after = [], []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = str(escape("".join(a[i1:i2])))
            before.append(same)
            after.append(same)
            continue
        before.append(_wrap("del", a[i1:i2]))
        after.append(_wrap("ins", b[j1:j2]))
    return Markup("".join(before)), Markup("".join(after))


@dataclass(frozen=True)
class Row:
    """One row of a side-by-side comparison: `kind` is same, changed, removed or added."""

    kind: str
    old: Markup | None
    new: Markup | None


def _pair(old_lines: list[str], new_lines: list[str]) -> list[Row]:
    """A replaced block: lines paired in order are changed (word by word), the rest removed or
    added whole."""
    rows = []
    for index in range(max(len(old_lines), len(new_lines))):
        old = old_lines[index] if index < len(old_lines) else None
        new = new_lines[index] if index < len(new_lines) else None
        if old is not None and new is not None:
            rows.append(Row("changed", *word_diff(old, new)))
        elif old is not None:
            rows.append(Row("removed", Markup(_wrap("del", [old])), None))
        else:  # a blank line added or removed: the row says it, no empty <ins></ins>
            rows.append(Row("added", None, Markup(_wrap("ins", [new]))))
    return rows


def line_rows(line_diffs) -> list[Row]:
    """queries.LineDiff opcodes → rows, equal lines kept as they are."""
    rows = []
    for d in line_diffs:
        if d.tag == "equal":
            rows += [Row("same", escape(line), escape(line)) for line in d.old]
        else:
            rows += _pair(d.old, d.new)
    return rows


@dataclass(frozen=True)
class StepRow:
    """One step of the table: `cells` are (before, after) pairs; `number` is its place after the
    change (before it, for a removed step)."""

    kind: str
    number: int
    cells: list[tuple[Markup | None, Markup | None]]


def _cells(line: str) -> list[str]:
    return line.split(CELL_SEPARATOR)


def step_rows(line_diffs) -> list[StepRow]:
    """The step table compared row by row: same, changed (cell by cell, word by word), removed
    or added."""
    rows, old_no, new_no = [], 0, 0
    for d in line_diffs:
        if d.tag == "equal":
            for line in d.old:
                old_no, new_no = old_no + 1, new_no + 1
                rows.append(StepRow("same", new_no, [(escape(c), escape(c)) for c in _cells(line)]))
            continue
        for index in range(max(len(d.old), len(d.new))):
            old = d.old[index] if index < len(d.old) else None
            new = d.new[index] if index < len(d.new) else None
            if old is not None and new is not None:
                old_no, new_no = old_no + 1, new_no + 1
                cells = [word_diff(a, b) for a, b in zip(_cells(old), _cells(new), strict=False)]
                rows.append(StepRow("changed", new_no, cells))
            elif old is not None:
                old_no += 1
                cells = [(Markup("<del>%s</del>") % c, None) for c in _cells(old)]
                rows.append(StepRow("removed", old_no, cells))
            else:
                new_no += 1
                cells = [(None, Markup("<ins>%s</ins>") % c) for c in _cells(new)]
                rows.append(StepRow("added", new_no, cells))
    return rows
