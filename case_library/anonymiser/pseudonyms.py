"""Pseudonyms as the courts publish them: surname + 某; two people with one surname become
张某甲, 张某乙; the same person always gets the same pseudonym, in every text of a case."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .names import DOT, is_foreign, is_nickname, surname_len
from .words import is_word


class Pseudonyms:
    """The same person gets the same pseudonym; different people with one surname get 甲乙丙…"""

    ORDINALS = "甲乙丙丁戊己庚辛壬癸"

    def __init__(self, names: Iterable[str] = ()):
        self._order: list[str] = []
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if name not in self._order:
            self._order.append(name)

    @property
    def names(self) -> list[str]:
        return list(self._order)

    def mapping(self) -> dict[str, str]:
        by_surname: dict[str, list[str]] = {}
        for name in self._order:
            by_surname.setdefault(name[: surname_len(name)] or name[:1], []).append(name)
        result = {}
        for surname, names in by_surname.items():
            if len(names) == 1:
                result[names[0]] = f"{surname}某"
            else:
                for i, name in enumerate(names):
                    suffix = self.ORDINALS[i] if i < len(self.ORDINALS) else str(i + 1)
                    result[name] = f"{surname}某{suffix}"
        return result


def pseudonyms_for(found: list[str]) -> dict[str, str]:
    """Every name found in a case (in order of appearance) → its pseudonym.

    A part of a dotted name is no second person (古丽米 inside 古丽米拉·阿不都), and the first
    part of a dotted name alone is the same person (古丽米拉); a nickname (老张) takes the
    pseudonym of the one person with that surname, or the plain 张某 when there are several.
    """
    pseudonyms = Pseudonyms()
    nicknames = set()
    dotted = [n for n in found if is_foreign(n)]
    for name in found:
        if is_nickname(name):
            nicknames.add(name)
        elif is_foreign(name) or not any(name in d for d in dotted):
            pseudonyms.add(name)
    mapping = pseudonyms.mapping()
    for name in [n for n in mapping if is_foreign(n)]:
        first = re.split("[" + DOT + "]", name)[0]
        if len(first) >= 2 and first not in mapping and not is_word(first):
            mapping[first] = mapping[name]
    for nick in nicknames:
        same = [n for n in pseudonyms.names if surname_len(n) == 1 and n[0] == nick[1]]
        mapping[nick] = mapping[same[0]] if len(same) == 1 else f"{nick[1]}某"
    return mapping
