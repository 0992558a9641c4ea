"""Every finding of the anonymiser on every bench text, as JSON — to show a refactoring
changes nothing.

    .venv/bin/python bench/anonymiser/dump_findings.py /tmp/before.json
    ... change the code ...
    .venv/bin/python bench/anonymiser/dump_findings.py /tmp/after.json
    cmp /tmp/before.json /tmp/after.json   # identical, or the change changed findings

Read: every passage of every set in ``train/``, ``regression/`` and ``sealed/`` (each passage
alone, with ``find``, and each set's passages together as one case, with ``find_many``, so
pseudonyms across texts are compared too), the regulation texts in ``courses/demo_data`` and
every text in ``dev/`` (real legal prose), and the passages as HTML paragraphs
(``find_many_html``, so offsets into markup are compared).

A sealed set whose first run is not yet recorded (no ``results/first_runs/<name>_first_run.*``)
is written as one SHA-256 digest of its findings and nothing else: the comparison still holds,
and nobody reads what the anonymiser finds in it before its one first run.
"""

import hashlib
import html
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.anonymiser.evaluate import (  # noqa: E402
    REGRESSION,
    REGULATIONS,
    RESULTS,
    SEALED,
    TRAIN,
    load_passages,
    sets_in,
)
from case_library.anonymiser import find, find_many, find_many_html  # noqa: E402

HERE = Path(__file__).resolve().parent
DEV = HERE / "dev"


def first_run_recorded(path: Path) -> bool:
    return any((RESULTS / "first_runs").glob(f"{path.stem}_first_run.*"))


def _rows(findings) -> list[list]:
    return [[f.kind, f.text, f.start, f.end, f.replacement] for f in findings]


def dump_texts(texts: list[str]) -> dict:
    as_html = [
        ("".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")), True)
        for text in texts
    ]
    return {
        "find": [_rows(find(text)) for text in texts],
        "find_many": [_rows(f) for f in find_many(texts)],
        "find_many_html": [_rows(f) for f in find_many_html(as_html)],
    }


def dump() -> dict:
    out: dict[str, object] = {}
    for path in sets_in(TRAIN) + sets_in(REGRESSION) + sets_in(SEALED):
        name = f"{path.parent.name}/{path.name}"
        result = dump_texts([p.text for p in load_passages(path)])
        if path.parent == SEALED and not first_run_recorded(path):
            blob = json.dumps(result, ensure_ascii=False, sort_keys=True).encode()
            result = {"sha256": hashlib.sha256(blob).hexdigest()}
        out[name] = result
    regulations = sorted(p for p in REGULATIONS.glob("*.md") if p.name != "README.md")
    for path in regulations + (sorted(DEV.rglob("*.txt")) if DEV.is_dir() else []):
        out[str(path.relative_to(ROOT))] = dump_texts([path.read_text(encoding="utf-8")])
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    Path(argv[0]).write_text(
        json.dumps(dump(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
