"""Real legal prose with no personal data: the development sets drawn from LawRefBook/Laws.

    .venv/bin/python bench/anonymiser/real_laws.py /path/to/LawRefBook/Laws/.git

Reads the latest version of every text in five folders of the public repository
https://github.com/LawRefBook/Laws — 行政法, 经济法, 社会法, 民法商法 and 宪法相关法 — and
writes them, one text per passage, into two sets:

- ``real/laws_train.txt.gz`` — the texts the name model trains on as negatives and the legal
  vocabulary (``lexicon/legal_vocab.txt``) is drawn from;
- ``real/laws_dev.txt.gz`` — the other texts, never trained on: their false findings per
  10,000 characters are the development figure for legal prose.

A law goes to one side by a hash of its folder and title, so every version of it lands on the
same side. The other folders of that repository (刑法, 司法解释, 行政法规, 部门规章, 案例 …)
are the evaluators' hidden sets and are never read here.

Laws, regulations and their official texts are not subject to copyright (《著作权法》第五条);
the texts are stored as published. ``real/laws_manifest.json`` lists each text's path and git
blob in that repository.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
FOLDERS = ("行政法", "经济法", "社会法", "民法商法", "宪法相关法")
SOURCE = "https://github.com/LawRefBook/Laws"


def side(key: str) -> str:
    """ "train" or "dev" for a law (folder/title), stable across runs and versions."""
    return "train" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "dev"


def clean(text: str) -> str:
    """The law's text without the repository's markup (headings' #, the INFO comment)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def extract(git_dir: str) -> dict:
    def git(*args: str) -> bytes:
        return subprocess.run(["git", "-C", git_dir, *args], capture_output=True, check=True).stdout

    commit = git("rev-parse", "HEAD").decode().strip()
    listing = git("ls-tree", "-r", "-z", "HEAD", "--", *FOLDERS).decode().split("\0")
    versions = defaultdict(list)
    for entry in listing:
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        folder, name = path.split("/", 1)
        if not name.endswith(".md") or name.startswith("_"):
            continue
        m = re.match(r"(.+?)(?:\((\d{4}-\d\d-\d\d)\))?\.md$", name)
        versions[(folder, m.group(1))].append((m.group(2) or "", path, meta.split()[2]))
    sets = {"train": [], "dev": []}
    manifest = {"source": SOURCE, "commit": commit, "folders": FOLDERS, "texts": []}
    for (folder, title), found in sorted(versions.items()):
        _date, path, blob = sorted(found)[-1]
        where = side(f"{folder}/{title}")
        text = clean(git("cat-file", "-p", blob).decode())
        sets[where].append(text)
        manifest["texts"].append({"path": path, "blob": blob, "set": where, "chars": len(text)})
    REAL.mkdir(exist_ok=True)
    for where, texts in sets.items():
        body = "".join(f"---\n{text}\n" for text in texts)
        with gzip.GzipFile(REAL / f"laws_{where}.txt.gz", "wb", mtime=0) as out:
            out.write(body.encode("utf-8"))
    (REAL / "laws_manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return {where: (len(texts), sum(map(len, texts))) for where, texts in sets.items()}


if __name__ == "__main__":
    print(extract(sys.argv[1]))
