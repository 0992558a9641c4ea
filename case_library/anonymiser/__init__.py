"""Find and redact personal data in Chinese case texts. Pure functions: no Django needed.

The rules follow the courts' publication practice (法释〔2016〕19号, 最高人民法院关于人民法院
在互联网公布裁判文书的规定): a natural person's name becomes surname + 某 (two different
people with the same surname become 张某甲, 张某乙; the same person always gets the same
pseudonym), and ID numbers, phone numbers, bank card and account numbers, licence plates,
e-mail addresses, social-media ids, property certificate numbers, exact dates of birth and
addresses below the district/county level are replaced with ×. Names of public bodies and of
laws are left alone.

Offsets (``start``/``end``) always index the text passed in. Full-width digits and letters are
matched as their ASCII twins without changing any offset. For rich text use
:func:`find_in_html` / :func:`redact_html`, which only look at and only change text nodes.

The package, in the order a text goes through it (docs/anonymiser.md tells the whole story):

- :mod:`.patterns` — fixed-shape data (ID numbers, phones, bank cards, plates …) and their
  validators (GB 11643 check digit, Luhn);
- :mod:`.words` — jieba, loaded once: segmentation, part of speech, word frequencies;
- :mod:`.lexicon` — the word lists, read from ``lexicon/*.txt`` (one entry a line);
- :mod:`.names` and :mod:`.cues` — what a name looks like, and the words around one;
- :mod:`.rules` — the hand-written name rules, each a named function that returns its names
  with a reason (:func:`.rules.explain` shows which rule found what);
- :mod:`.model` — the statistical name model (a CRF, opened once per process);
- :mod:`.merge` — the rules' and the model's names as one list;
- :mod:`.pseudonyms` — one pseudonym per person across the texts of a case;
- :mod:`.detect` — :func:`find`, :func:`find_many`, :func:`redact` on plain text;
- :mod:`.markup` — the same on HTML.
"""

from .detect import KINDS, Finding, anonymise, find, find_many, prepare, redact
from .markup import find_in_html, find_many_html, html_text, redact_html
from .patterns import BIRTH_MASK, MASK, id_card_is_valid, luhn_is_valid, normalise
from .pseudonyms import Pseudonyms

__all__ = [
    "BIRTH_MASK",
    "KINDS",
    "MASK",
    "Finding",
    "Pseudonyms",
    "anonymise",
    "find",
    "find_in_html",
    "find_many",
    "find_many_html",
    "html_text",
    "id_card_is_valid",
    "luhn_is_valid",
    "normalise",
    "prepare",
    "redact",
    "redact_html",
]
