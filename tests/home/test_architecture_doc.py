"""docs/architecture.md names only things that exist: every module, function, class, setting,
file and URL it quotes in `code` is looked up in the code."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import Resolver404, resolve

from jobs.registry import JOB_KINDS, PERIODIC_TASKS

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
APPS = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()} | {"kit", "home"}


def _quoted() -> list[str]:
    return sorted(set(re.findall(r"`([^`\n]+)`", DOC.read_text(encoding="utf-8"))))


def _dotted(token: str) -> str | None:
    """`records.selectors.study_credit(user=, source=) -> X` → records.selectors.study_credit."""
    name = re.split(r"[(\s]", token, maxsplit=1)[0]
    if re.fullmatch(r"[a-z_]+(\.[A-Za-z_]+)+", name) and name.split(".")[0] in APPS:
        return name
    return None


def _resolve_dotted(name: str) -> object:
    """A module attribute, a model (`app.Model`), or a registered job kind or periodic task."""
    if name in JOB_KINDS or name in PERIODIC_TASKS:
        return JOB_KINDS.get(name) or PERIODIC_TASKS[name]
    parts = name.split(".")
    if len(parts) == 2 and parts[1][:1].isupper():
        return apps.get_model(*parts)
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            found = getattr(found, attr)
        return found
    raise ModuleNotFoundError(name)


def _names() -> list[str]:
    return [name for token in _quoted() if (name := _dotted(token))]


def _paths() -> list[str]:
    return [t for t in _quoted() if re.fullmatch(r"[a-z_]+(/[a-z_]+)*(\.py|/)", t)]


def _urls() -> list[str]:
    return [t for t in _quoted() if re.fullmatch(r"/[a-z_/<>-]+/", t)]


def test_the_doc_quotes_names_paths_and_urls():
    """The scan finds what the page is made of (a broken scan cannot pass the tests below)."""
    assert len(_names()) >= 15 and len(_paths()) >= 3 and len(_urls()) >= 2


@pytest.mark.parametrize("name", _names())
def test_every_quoted_name_exists(name):
    """A quoted module, function, class, model, attribute or job name exists."""
    assert _resolve_dotted(name) is not None


@pytest.mark.parametrize("path", _paths())
def test_every_quoted_path_exists(path):
    """A quoted file or folder is in the tree (at the root or under site/)."""
    assert (ROOT / path).exists() or (ROOT / "site" / path).exists(), path


@pytest.mark.parametrize("url", _urls())
def test_every_quoted_url_is_routed(url):
    """A quoted URL reaches a view (`<id>` stands for a job's id)."""
    concrete = url.replace("<id>", "00000000-0000-0000-0000-000000000000")
    try:
        resolve(concrete)
    except Resolver404:
        pytest.fail(f"{url} is not routed")


@pytest.mark.parametrize(
    "setting", sorted(set(re.findall(r"`(XUEFA_[A-Z_]+)`", DOC.read_text(encoding="utf-8"))))
)
def test_every_quoted_setting_is_read(setting):
    """A quoted XUEFA_ setting is read by some code (defined, or looked up with a default)."""
    sources = "".join(p.read_text(encoding="utf-8") for p in ROOT.glob("*/*.py"))
    assert hasattr(settings, setting) or setting in sources


# …and names everything of these kinds that exists --------------------------------------------

NAMED = {re.split(r"[(\s]", token, maxsplit=1)[0] for token in _quoted()}


def test_every_project_package_is_named():
    """Each app of the project (INSTALLED_APPS with its code in this tree) is in the doc."""
    found = sorted(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    )
    assert {"accounts", "courses", "home", "wagtail_catalogue"} <= set(found)
    assert [name for name in found if name not in NAMED] == []


def test_every_kit_module_is_named():
    """Each module of the shared kit (site/kit/) is in the doc."""
    modules = sorted(
        f"kit.{p.stem}" for p in (ROOT / "site" / "kit").glob("*.py") if p.stem != "__init__"
    )
    assert "kit.pages" in modules
    assert [m for m in modules if m not in NAMED] == []


def test_every_background_job_is_named():
    """Each registered job kind and periodic task is in the doc."""
    names = sorted([*JOB_KINDS, *PERIODIC_TASKS])
    assert "quizzes.rescore" in names
    assert [name for name in names if name not in NAMED] == []
