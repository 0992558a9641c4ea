"""Which anonymiser this is: a digest of its code, word lists and model, read once per process.

A stored scan (``case_library.CaseScan``) is valid only for the anonymiser that made it; any
change to a rule, a list or the model gives another fingerprint, so every case is scanned again.
"""

import functools
import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


@functools.cache
def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".crfsuite", ".json"}:
            digest.update(str(path.relative_to(HERE)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
