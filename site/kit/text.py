"""Text no database can store: the one test every input path asks.

PostgreSQL refuses a NUL character (U+0000) in text and JSON, and no UTF-8 encoder takes a
lone surrogate (U+D800–U+DFFF, which only arrives through a JSON ``\\ud800`` escape). Either
one reaching a query is a 500 (``DataError`` / ``UnicodeEncodeError``); SQLite keeps some of
them and so hides the fault. Inputs are refused with a 400 before anything is stored:
the request middleware (``xuefa.middleware.UnstorableTextMiddleware``) for paths, query
strings, cookies, form fields (and JSON inside form fields, as the Wagtail editor posts it)
and file names; ``quizzes.api`` for its JSON bodies; ``kit.spreadsheets`` for cells.
"""

import json
import re

from django.utils.translation import gettext_lazy as _

# NUL, or a surrogate code point (a valid Python str never holds a surrogate *pair*: a pair
# decodes to one astral character, so any surrogate left is a lone one).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A JSON escape that decodes to NUL or to a surrogate; checked before paying for json.loads.
_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")

UNSTORABLE_MESSAGE = _(
    "The text contains a character that cannot be stored (a NUL or a broken Unicode "
    "character, often pasted from another program). Remove it and try again."
)


def text_storable(value: str) -> bool:
    """True when ``value`` holds neither NUL nor a lone surrogate."""
    return _UNSTORABLE.search(value) is None


def data_storable(data, *, depth: int = 0) -> bool:
    """True when every string (keys included) in a parsed JSON value is storable."""
    if isinstance(data, str):
        return text_storable(data)
    if depth > 200:  # json.loads has already bounded the nesting; this is belt and braces
        return False
    if isinstance(data, dict):
        return all(
            data_storable(k, depth=depth + 1) and data_storable(v, depth=depth + 1)
            for k, v in data.items()
        )
    if isinstance(data, list | tuple):
        return all(data_storable(v, depth=depth + 1) for v in data)
    return True


def form_value_storable(value: str) -> bool:
    """A form field's value, and the JSON it may carry (StreamField, Draftail and chooser
    widgets post JSON strings whose ``\\u0000`` escapes decode to NUL on the server)."""
    if not text_storable(value):
        return False
    if _ESCAPE.search(value) and value.lstrip()[:1] in ("{", "[", '"'):
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return True  # not JSON after all: the field's own validation answers
        return data_storable(parsed)
    return True
