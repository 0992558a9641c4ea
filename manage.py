#!/usr/bin/env python
"""Django's command-line utility. Puts site/ on the import path first (see README)."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BASE_DIR / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuefa.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
