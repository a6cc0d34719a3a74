"""Recognising a legal basis from how a catalogue cites it: by its number (số ký hiệu), or by its
title and year ("Luật Hộ tịch 2014" is "Luật số 60/2014/QH13 ... Luật Hộ tịch"), so an import never
adds a second copy of a text the register already has."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import gettext as _

from ..core.text import fold, nfc

#: 60/2014/QH13, 123/2015/NĐ-CP, 19/2014/QĐ-TTg, 1462/QĐ-UBND: a number, then a year and a code,
#: or a hyphenated code.
_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5}/(?:\d{4}/[^\W\d_][\w]*(?:-[\w]+)*|[^\W\d_][\w]*(?:-[\w]+)+))(?![\w/])"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d\d)/")
#: Words a citation adds around a title: "Luật Hộ tịch năm 2014", "Luật Hộ tịch số ...".
_FILLER = {"nam", "so", "ngay", "thang"}
MAX_NUMBER_LENGTH = 80


def number_key(number: str) -> str:
    """A số ký hiệu as compared: folded, no blanks ("61/2018/ND-CP" is "61/2018/NĐ-CP")."""
    return "".join(fold(number).split())


def numbers_cited(*parts) -> set[str]:
    """The số ký hiệu (as compared) written anywhere in an issue's text: sections, steps, forms."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            found.update(number_key(match) for match in _NUMBER.findall(nfc(value)))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for part in parts:
        walk(part)
    return found


def find_number(text: str) -> str | None:
    match = _NUMBER.search(nfc(text) or "")
    return match.group(1) if match else None


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).split()


def title_key(text: str) -> tuple[str, set[str]]:
    """(the title's words without years and filler, the years it names)."""
    words = _words(text)
    years = {w for w in words if _YEAR.match(w)}
    name = " ".join(w for w in words if w not in years and w not in _FILLER)
    return name, years


@dataclass
class Known:
    """A legal basis of the register, or one this import is about to add."""

    number: str
    title: str = ""
    years: set[str] = field(default_factory=set)
    basis_id: int | None = None

    @cached_property
    def name(self) -> str:
        return title_key(self.title)[0]


def known_from(basis) -> Known:
    years = set(_YEAR_IN_NUMBER.findall(f"/{basis.number}/"))
    for day in (basis.issued_on, basis.effective_on):
        if day is not None:
            years.add(str(day.year))
    return Known(basis.number, basis.title or "", years, basis.id)


def _new_from_number(text: str, number: str) -> Known:
    """A cited text with a number the register lacks: its title is what surrounds the number."""
    before, _sep, after = nfc(text).partition(number)
    title = re.sub(r"\s+số\s*$", "", before.strip(" ,;:-"), flags=re.IGNORECASE).strip(" ,;:-")
    if not title:
        title = after.strip(" ,;:-")
    title = "" if number_key(title) == number_key(number) else title
    return Known(number, title[:500], set(_YEAR_IN_NUMBER.findall(f"/{number}/")))


@dataclass
class Resolution:
    """What each cited text of a file is: a number of the register, a new basis, or an error."""

    numbers: dict[str, str] = field(default_factory=dict)  #: cited text -> số ký hiệu
    new: dict[str, Known] = field(default_factory=dict)  #: số ký hiệu -> basis to add
    errors: dict[str, str] = field(default_factory=dict)  #: cited text -> message


def resolve(texts, register) -> Resolution:
    """Resolve every distinct cited text against the register (LegalBasis rows) and each other:
    numbers first, then titles with their year; what matches nothing is added once."""
    result = Resolution()
    by_number = {number_key(b.number): known_from(b) for b in register}
    distinct = list(dict.fromkeys(nfc(t) for t in texts if nfc(t)))
    untitled = []
    for text in distinct:
        number = find_number(text)
        if number is None:
            untitled.append(text)
            continue
        known = by_number.get(number_key(number))
        if known is None:
            known = by_number[number_key(number)] = _new_from_number(text, number)
            result.new[known.number] = known
        result.numbers[text] = known.number
    for text in untitled:
        _resolve_title(text, by_number, result)
    return result


def _resolve_title(text: str, by_number: dict[str, Known], result: Resolution) -> None:
    name, years = title_key(text)
    matches = [
        k
        for k in by_number.values()
        if name and k.name == name and (not years or not k.years or years & k.years)
    ]
    if len(matches) > 1:
        result.errors[text] = _(
            'The legal basis "%(text)s" could be %(numbers)s: write its number (số ký hiệu).',
            text=text,
            numbers=", ".join(sorted(k.number for k in matches)),
        )
    elif matches:
        result.numbers[text] = matches[0].number
    elif len(text) > MAX_NUMBER_LENGTH:
        result.errors[text] = _(
            'The legal basis "%(text)s" is not in the register: write its number (số ký hiệu), '
            "e.g. 60/2014/QH13.",
            text=text,
        )
    else:  # unknown and unnumbered: added once under the text as cited
        known = by_number[f"title:{name}:{','.join(sorted(years))}"] = Known(text, text, years)
        result.new[text] = known
        result.numbers[text] = text
