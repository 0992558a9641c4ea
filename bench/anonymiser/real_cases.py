"""Published judgments with the real names of their parties: two development sets drawn from
the Supreme People's Court Gazette (最高人民法院公报) cases.

    .venv/bin/python bench/anonymiser/real_cases.py /path/to/xtjeyvc.github.com/.git

Reads ``doc/anli-gongbao/*.md`` of the public repository github.com/xtjeyvc/xtjeyvc.github.com
at commit d1624874 (the commit ``cases_dev.txt`` was drawn from). A case is taken when its
file is 6,000–20,000 bytes and a hash of its path falls in one bucket of 30 (about twenty
cases, chosen without reading them); a second hash puts it on one of two sides:

- ``real/gazette_tune.txt`` — looked at while developing the anonymiser (its findings traced);
- ``real/gazette_measure.txt`` — only measured: annotated before the round's rules were
  written and never traced, so its figure says how the rules do on legal prose they were not
  written on (a development figure all the same: the same developer wrote both).

The names are annotated in ``real/gazette_names.json`` (path → the natural persons' names in
it, in Chinese characters); every occurrence of a listed name in its case is marked
``[[person_name|…]]``. Gazette cases are published judgments of the courts, not subject to
copyright (《著作权法》第五条). The Supreme People's Court's guiding cases (指导性案例) are not
used beyond ``cases_dev.txt``: the issue's evaluators may hold published cases of that kind.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
NAMES = REAL / "gazette_names.json"
SOURCE = "https://github.com/xtjeyvc/xtjeyvc.github.com"
COMMIT = "d1624874"
FOLDER = "doc/anli-gongbao"
HEADER = (
    "# Published judgments with real names (development set, issue 15): Supreme People's Court "
    "Gazette cases\n# (最高人民法院公报案例) from {source} ({folder}, commit {commit}), drawn by "
    "bench/anonymiser/real_cases.py.\n# Names of natural persons annotated in real/"
    "gazette_names.json by the anonymiser's developer. {role}\n"
)
ROLES = {
    "tune": "Tuning side: traced while developing.",
    "measure": "Measuring side: annotated before the round's rules, never traced.",
}


def _bucket(path: str, salt: str, size: int) -> int:
    return int(hashlib.sha1(f"{salt}{path}".encode()).hexdigest(), 16) % size


def chosen(listing: list[tuple[str, int]]) -> dict[str, str]:
    """path → "tune" or "measure" for the cases taken."""
    return {
        path: ("tune" if _bucket(path, "side", 2) == 0 else "measure")
        for path, size in sorted(listing)
        if 6000 <= size <= 20000 and _bucket(path, "gazette", 30) == 0
    }


def clean(text: str) -> str:
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def annotate(text: str, names: list[str]) -> str:
    """Every occurrence of each name marked, longest names first."""
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: f"[[person_name|{m.group()}]]", text)


def extract(git_dir: str) -> dict:
    def git(*args: str) -> bytes:
        return subprocess.run(["git", "-C", git_dir, *args], capture_output=True, check=True).stdout

    listing = []
    for entry in git("ls-tree", "-r", "-l", "-z", COMMIT, "--", FOLDER).decode().split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            listing.append((path, int(meta.split()[3])))
    names = json.loads(NAMES.read_text(encoding="utf-8")) if NAMES.exists() else {}
    sides: dict[str, list[str]] = {"tune": [], "measure": []}
    for path, where in chosen(listing).items():
        text = clean(git("show", f"{COMMIT}:{path}").decode("utf-8"))
        sides[where].append(f"---\n# {path}\n{annotate(text, names.get(path, []))}\n")
    for where, passages in sides.items():
        header = HEADER.format(source=SOURCE, folder=FOLDER, commit=COMMIT, role=ROLES[where])
        (REAL / f"gazette_{where}.txt").write_text(header + "".join(passages), encoding="utf-8")
    return {where: len(passages) for where, passages in sides.items()}


if __name__ == "__main__":
    print(extract(sys.argv[1]))
