"""Recall and precision of the anonymiser on annotated passages.

    .venv/bin/python bench/anonymiser/evaluate.py                 # every sealed set
    .venv/bin/python bench/anonymiser/evaluate.py --regression    # every regression set
    .venv/bin/python bench/anonymiser/evaluate.py --real          # real legal prose, cases
    .venv/bin/python bench/anonymiser/evaluate.py regression/petitions_g.txt [--out FILE]

The sets live in three folders, named for what they are (``README.md`` here tells their
history):

- ``train/`` — passages the name model is trained on or the rules were tuned on;
- ``regression/`` — passages never trained on but looked at and tuned on after a first run;
  their figures guard against regressions and say nothing about unseen text;
- ``sealed/`` — passages nothing was ever trained or tuned on. Only the *first* run of a
  sealed set is an honest held-out figure (its record is kept in ``results/first_runs/``).

Passages carry gold annotations inline, ``[[kind|text]]``, and are separated by ``---`` lines.
Names, ID numbers, phones, bank cards, plates and e-mails must match exactly (start and end);
addresses, dates of birth, social ids and certificates count when they overlap a gold span of
the same kind. A finding of kind ``number`` (a long unclassified number) counts as correct when
it overlaps any gold span and as a false alarm otherwise. Every report also gives false
findings per 10,000 characters (on a text without personal data every finding is one).
"""

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from case_library.anonymiser import KINDS, find  # noqa: E402

HERE = Path(__file__).resolve().parent
TRAIN = HERE / "train"
REGRESSION = HERE / "regression"
SEALED = HERE / "sealed"
REAL = HERE / "real"  # real legal prose (real_laws.py) and published cases
RESULTS = HERE / "results"
EXACT_KINDS = {"person_name", "id_card", "phone", "bank_card", "plate", "email"}
TARGET_KINDS = ("person_name", "id_card", "phone", "plate", "bank_card")
GOLD = re.compile(r"\[\[(\w+)\|(.+?)\]\]")


@dataclass
class Passage:
    text: str
    gold: list[tuple[str, int, int]]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def set_role(path: Path) -> str:
    """ "train", "regression" or "sealed": the folder a set lives in (else "other")."""
    folder = Path(path).resolve().parent
    for role, where in (("train", TRAIN), ("regression", REGRESSION), ("sealed", SEALED)):
        if folder == where:
            return role
    if folder == REAL:
        name = Path(path).name
        if "_train" in name:
            return "real_train"
        return "real_measure" if "_measure" in name else "real_dev"
    return "other"


def sets_in(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.txt"), *folder.glob("*.txt.gz")])


def resolve_set(name: str | Path) -> Path:
    """A set by path, or by its name under this folder: ``regression/petitions_g.txt``."""
    path = Path(name)
    return path if path.is_absolute() or path.exists() else HERE / path


def read_set(path: Path) -> str:
    """A set's text (``.txt`` or gzipped ``.txt.gz``)."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def load_passages(path: Path) -> list[Passage]:
    raw = read_set(path)
    blocks = re.split(r"^---\s*$", raw, flags=re.M)
    passages = []
    for block in blocks[1:]:
        block = block.strip()
        if not block:
            continue
        text, gold, pos = [], [], 0
        for m in GOLD.finditer(block):
            text.append(block[pos : m.start()])
            start = sum(len(t) for t in text)
            text.append(m.group(2))
            gold.append((m.group(1), start, start + len(m.group(2))))
            pos = m.end()
        text.append(block[pos:])
        passages.append(Passage("".join(text), gold))
    return passages


def _overlaps(a, b) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def evaluate(passages: list[Passage]) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in KINDS}
    for passage in passages:
        found = [(f.kind, f.start, f.end) for f in find(passage.text)]
        matched_gold = set()
        for pred in found:
            kind = pred[0]
            if kind == "number":
                hit = next((g for g in passage.gold if _overlaps(g, pred)), None)
            elif kind in EXACT_KINDS:
                hit = next((g for g in passage.gold if g == pred), None)
            else:
                hit = next((g for g in passage.gold if g[0] == kind and _overlaps(g, pred)), None)
            if hit is not None and (kind == "number" or hit not in matched_gold):
                tallies[kind].tp += 1
                matched_gold.add(hit)
            else:
                tallies[kind].fp += 1
                tallies[kind].false_alarms.append(passage.text[pred[1] : pred[2]])
        for gold in passage.gold:
            if gold not in matched_gold:
                tallies[gold[0]].fn += 1
                tallies[gold[0]].misses.append(passage.text[gold[1] : gold[2]])
    return tallies


def overall(tallies: dict[str, Tally], kinds=None) -> Tally:
    total = Tally()
    for kind, t in tallies.items():
        if kinds is None or kind in kinds:
            total.tp += t.tp
            total.fp += t.fp
            total.fn += t.fn
    return total


ROLE_NOTES = {
    "train": "a training set (the name model is trained on it, the rules were tuned on it): "
    "its figure shows what was learnt, not how the anonymiser does on unseen text",
    "regression": "a regression set (never trained on, but tuned on after its first run): "
    "its figure guards against regressions, it is no held-out estimate",
    "sealed": "a sealed set (never trained or tuned on): only its first run, kept in "
    "results/first_runs/, is an honest held-out figure",
    "real_train": "real text the name model trains on as negatives (or the legal vocabulary "
    "is drawn from): its figure is a training figure",
    "real_dev": "a development set of real text (never trained on, but looked at while "
    "developing): its figure guides development, it is no held-out estimate",
    "real_measure": "a development set of real text that is only measured (annotated before the "
    "round's rules were written, its findings never traced): its figure says how the rules do "
    "on real text they were not written on; the same developer wrote both, so it is no "
    "held-out estimate either",
    "other": "a set outside train/, regression/ and sealed/",
}


def characters(passages: list[Passage]) -> int:
    return sum(len(p.text) for p in passages)


def per_10k(count: int, chars: int) -> float:
    return count * 10_000 / chars if chars else 0.0


def _counted(items: list[str]) -> str:
    """``a, b, c`` — or, for a long list, the distinct items by count: ``安全 ×12, 许可 ×3``."""
    if len(items) <= 40:
        return ", ".join(items)
    counts = Counter(items).most_common()
    return ", ".join(f"{item} ×{n}" if n > 1 else item for item, n in counts)


def report(
    tallies: dict[str, Tally],
    passages: int,
    seconds: float,
    *,
    title: str = "",
    role: str = "other",
    chars: int = 0,
) -> str:
    every = overall(tallies)
    lines = [
        f"# Anonymiser evaluation{': ' + title if title else ''}",
        "",
        f"This is {ROLE_NOTES[role]}.",
        "",
        f"Passages: {passages}, {chars} characters. Generated by `bench/anonymiser/evaluate.py`; "
        f"took {seconds:.2f} s on this machine (jieba start-up included).",
        "",
        f"False findings: {every.fp} ({per_10k(every.fp, chars):.2f} per 10,000 characters).",
        "",
        "| kind | gold | found right | missed | false alarms | recall | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, t in tallies.items():
        if t.tp + t.fn + t.fp == 0:
            continue
        lines.append(
            f"| {kind} | {t.tp + t.fn if kind != 'number' else '–'} | {t.tp} | {t.fn} | {t.fp} "
            f"| {t.recall:.1%} | {t.precision:.1%} |"
        )
    target = overall(tallies, TARGET_KINDS)
    lines += [
        "",
        f"Target kinds (names, ID numbers, phones, plates, bank cards): recall "
        f"**{target.recall:.1%}**, precision **{target.precision:.1%}** (targets ≥ 98% / ≥ 90%).",
        f"All kinds: recall {every.recall:.1%}, precision {every.precision:.1%}.",
        "",
        "## Missed",
        "",
    ]
    lines += [f"- {k}: {', '.join(t.misses)}" for k, t in tallies.items() if t.misses] or ["- none"]
    lines += ["", "## False alarms", ""]
    lines += [
        f"- {k}: {_counted(t.false_alarms)}" for k, t in tallies.items() if t.false_alarms
    ] or ["- none"]
    return "\n".join(lines) + "\n"


REGULATIONS = ROOT / "courses" / "demo_data"  # copies of ../shared/data/regulations


def clean_text_false_alarms(folder: Path = REGULATIONS) -> tuple[int, list[str]]:
    """Findings in regulation texts, which hold no personal data at all: each is a false alarm."""
    chars, alarms = 0, []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        chars += len(text)
        alarms += [f"{f.kind}:{f.text}" for f in find(text)]
    return chars, alarms


def long_text_timing(passages: list[Passage], pages: int = 200) -> tuple[int, float, int]:
    """Seconds to scan a ~200-page case built from the passages (about 1,000 characters a page)."""
    body = "\n".join(p.text for p in passages)
    text = (body * (pages * 1000 // max(len(body), 1) + 1))[: pages * 1000]
    find("预热")  # jieba start-up is not part of the measurement
    started = time.perf_counter()
    findings = find(text)
    return len(text), time.perf_counter() - started, len(findings)


def evaluate_set(path: Path, *, timing: bool = False) -> tuple[str, dict]:
    """The report of one set and its summary figures."""
    started = time.perf_counter()
    passages = load_passages(path)
    tallies = evaluate(passages)
    seconds = time.perf_counter() - started
    chars = characters(passages)
    role = set_role(path)
    title = f"{path.parent.name}/{path.name}" if role != "other" else path.name
    text = report(tallies, len(passages), seconds, title=title, role=role, chars=chars)
    if timing:
        size, seconds, count = long_text_timing(passages)
        text += (
            f"\n## A 200-page case\n\n{size} characters built from these passages: "
            f"{seconds:.1f} s, {count} findings (one run on this machine; not asserted anywhere).\n"
        )
    every, target = overall(tallies), overall(tallies, TARGET_KINDS)
    summary = {
        "set": title,
        "role": role,
        "passages": len(passages),
        "characters": chars,
        "false_findings": every.fp,
        "false_findings_per_10k": round(per_10k(every.fp, chars), 3),
        "target_kinds": {"recall": target.recall, "precision": target.precision},
        "kinds": {
            kind: {"tp": t.tp, "fp": t.fp, "fn": t.fn, "recall": t.recall, "precision": t.precision}
            for kind, t in tallies.items()
            if t.tp + t.fp + t.fn
        },
    }
    return text, summary


def chosen_sets(
    names: list[str], *, regression: bool = False, real: bool = False
) -> tuple[list[Path], Path | None]:
    """The sets to score and the default report file: the sealed sets unless told otherwise."""
    if regression:
        return sets_in(REGRESSION), RESULTS / "regression.md"
    if real:
        return sets_in(REAL), RESULTS / "real.md"
    if names:
        return [resolve_set(n) for n in names], None
    return sets_in(SEALED), RESULTS / "sealed.md"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Score the anonymiser on annotated sets.")
    parser.add_argument("sets", nargs="*", help="sets to score (default: every sealed set)")
    parser.add_argument("--regression", action="store_true", help="every regression set")
    parser.add_argument("--real", action="store_true", help="every real-text set in real/")
    parser.add_argument("--out", type=Path, help="write the report here (and a .json beside)")
    parser.add_argument("--timing", action="store_true", help="time a 200-page case per set")
    parser.add_argument(
        "--regulations", action="store_true", help="also scan courses/demo_data's regulations"
    )
    args = parser.parse_args(argv)
    paths, out = chosen_sets(args.sets, regression=args.regression, real=args.real)
    out = args.out or out
    reports, summaries = [], []
    for path in paths:
        text, summary = evaluate_set(path, timing=args.timing)
        reports.append(text)
        summaries.append(summary)
    text = "\n".join(reports)
    if args.regulations:
        chars, alarms = clean_text_false_alarms()
        text += (
            f"\n## Text without personal data\n\nThe four regulation texts in "
            f"courses/demo_data ({chars} characters; the name model is trained on them as "
            f"negatives, so this is a training figure): {len(alarms)} false alarms"
            f"{': ' + ', '.join(alarms) if alarms else ''}.\n"
        )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        out.with_suffix(".json").write_text(
            json.dumps(summaries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
