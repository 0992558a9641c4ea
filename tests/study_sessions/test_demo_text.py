"""Helpers: every text of the demo sessions, as one string."""

from study_sessions import demo


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)


def all_demo_text() -> str:
    specs = (demo.PAST_CENTRE_GROUP, demo.PAST_DISCUSSION, demo.UPCOMING)
    return "\n".join(t for spec in specs for t in _texts(spec))
