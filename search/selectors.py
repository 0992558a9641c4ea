"""Reading the index: one search, ranked the same way on every database.

The database's full-text engine says which entries match (``search.engines``); which of them
are ranked (the pool, ``_pool``) and their order are computed here from the stored tokens, so
SQLite and PostgreSQL give the same results:

- every query word scores by BM25 (k1 1.2, b 0.75) over the body and a saturated count in
  the title, weighted ×5, times the word's IDF from the engine's document frequencies;
- a word jieba splits further (复查期限) also matches when every word inside it is present;
- the sum is scaled by coverage² (the IDF share of the query's words the entry has), and by
  1.5 when a query of several words finds all of them: entries with every word come first;
- the whole query as typed, found as a phrase, adds a bonus: in the title most, in the body
  less — exact phrase and title matches rank above scattered body matches.
"""

import difflib
import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, Max, Q, Value
from django.db.models.functions import StrIndex
from django.utils.safestring import SafeString
from wagtail.models import Page

from . import snippets, text
from .engines import Audience, Group, engine
from .models import IndexEntry
from .services import providers

MAX_QUERY_CHARS = 100
MAX_GROUPS = 12
POOL_ALL = 200
POOL_ANY = 300
COMMON_SHARE = 0.5
TITLE_WEIGHT = 5.0
K1, B = 1.2, 0.75
ALL_WORDS_FACTOR = 1.5
PHRASE_TITLE_BONUS = 4.0
PHRASE_BODY_BONUS = 1.5
TITLE_EXACT_BONUS = 2.0


@dataclass
class Query:
    raw: str
    truncated: bool
    words: list[str]
    groups: list[Group]
    phrase: str

    @cached_property
    def terms(self) -> list[str]:
        """Every word the groups ask for: the words and the words inside them."""
        return sorted({t for word, inner in self.groups for t in (word, *inner)})

    @property
    def highlight_terms(self) -> list[str]:
        terms = list(self.words)
        for _word, inner in self.groups:
            terms.extend(t for t in inner if len(t) > 1)
        return terms


def query_parse(raw: str) -> Query:
    raw = " ".join((raw or "").split())
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    words = text.words(raw)[:MAX_GROUPS]
    groups = [(w, tuple(text.subwords(w))) for w in words]
    phrase = "".join(ch for ch in text.normalise(raw) if ch.isalnum())
    return Query(raw=raw, truncated=truncated, words=words, groups=groups, phrase=phrase)


@dataclass
class Hit:
    entry: IndexEntry
    score: float
    matched_all: bool
    title_html: SafeString = SafeString("")
    snippet: str = ""
    snippet_html: SafeString = SafeString("")

    def as_dict(self, labels: dict[str, str]) -> dict:
        return {
            "type": self.entry.kind,
            "type_label": str(labels.get(self.entry.kind, self.entry.kind)),
            "title": self.entry.title,
            "url": self.entry.url,
            "context": self.entry.context,
            "snippet": self.snippet,
            "snippet_html": str(self.snippet_html),
            "title_html": str(self.title_html),
        }


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)  # every ranked hit in the pool
    counts: dict[str, int] = field(default_factory=dict)  # by kind, before the kind filter
    kinds: list = field(default_factory=list)  # providers the viewer may see
    kind: str = ""
    suggestion: str = ""
    used_substring: bool = False

    @property
    def labels(self) -> dict[str, str]:
        return {p.kind: p.label for p in self.kinds}


def permissions_for(user) -> list[str]:
    allowed = [""]
    for provider in providers():
        if provider.permission and user.has_perm(provider.permission):
            allowed.append(provider.permission)
    return sorted(set(allowed))


def visible_providers(user):
    return [p for p in providers() if not p.permission or user.has_perm(p.permission)]


def audience_for(user) -> Audience:
    """What ``user`` may see: entries by permission, and of the kinds seen entry by entry
    (``visible_keys``: a study session by those it was shown to) the entries their provider
    lists for this user now — asked at every query, from the provider's own rule."""
    keys: list[str] = []
    for provider in visible_providers(user):
        if provider.visible_keys is not None and user.is_authenticated:
            keys.extend(provider.visible_keys(user))
    entry_ids: tuple[int, ...] = ()
    if keys:
        entry_ids = tuple(
            sorted(IndexEntry.objects.filter(key__in=keys).values_list("pk", flat=True))
        )
    return Audience(permissions=tuple(permissions_for(user)), entry_ids=entry_ids)


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _group_df(group: Group, df: dict[str, int]) -> int:
    word, inner = group
    if df.get(word):
        return df[word]
    if inner and all(df.get(t) for t in inner):
        return min(df[t] for t in inner)
    return 0


def _group_tf(group: Group, counts: dict[str, int]) -> float:
    word, inner = group
    if counts[word]:
        return float(counts[word])
    if inner and all(counts[t] for t in inner):
        return 0.7 * min(counts[t] for t in inner)
    return 0.0


def term_counts(tokens: str, terms: list[str]) -> dict[str, int]:
    """How often each of ``terms`` occurs in ``tokens`` (words joined by single spaces):
    Counter(tokens.split()) for just the query's words. The spaces are doubled so that two
    neighbouring occurrences do not share one (" a  a " holds " a " twice)."""
    spaced = f" {tokens.replace(' ', '  ')} "
    return {t: spaced.count(f" {t} ") for t in terms}


def score(
    query: Query, entry, *, idf: dict[Group, float], avg_length: float, phrase_in_body: bool
) -> tuple[float, bool]:
    """The entry's score for ``query`` and whether it has every word. ``phrase_in_body``: the
    query's phrase is in the entry's ``body_compact`` (asked of the database, so the long
    text is not read for every candidate)."""
    terms = query.terms
    title_counts = term_counts(entry.title_tokens, terms)
    body_counts = term_counts(entry.body_tokens, terms)
    length_norm = 1 - B + B * (entry.body_length / avg_length)
    total, matched_idf, all_idf, matched = 0.0, 0.0, 0.0, 0
    for group in query.groups:
        weight = idf.get(group, 0.0)
        all_idf += weight
        tf_title = _group_tf(group, title_counts)
        tf_body = _group_tf(group, body_counts)
        if not (tf_title or tf_body):
            continue
        matched += 1
        matched_idf += weight
        title_part = TITLE_WEIGHT * tf_title / (tf_title + 0.6)
        body_part = tf_body * (K1 + 1) / (tf_body + K1 * length_norm)
        total += weight * (title_part + body_part)
    if not matched:
        return 0.0, False
    coverage = matched_idf / all_idf if all_idf else 1.0
    total *= coverage**2
    every = matched == len(query.groups)
    if every and len(query.groups) > 1:
        total *= ALL_WORDS_FACTOR
    if len(query.phrase) >= 2:
        title = entry.title_compact
        if query.phrase == title:
            total += TITLE_EXACT_BONUS * all_idf
        if query.phrase in title:
            total += PHRASE_TITLE_BONUS * all_idf
        elif phrase_in_body:
            total += PHRASE_BODY_BONUS * all_idf
    return total, every


def _substring_pool(query: Query, audience: Audience, kind) -> list[IndexEntry]:
    """Nothing segmented matched (one character, a fragment of a word): look for the typed
    text itself. Slow on a huge index, so only as the last resort and bounded."""
    needle = query.raw.strip()
    if not needle or not any(ch.isalnum() for ch in needle):
        return []
    rows = IndexEntry.objects.filter(
        Q(permission__in=audience.permissions) | Q(pk__in=audience.entry_ids)
    )
    if kind:
        rows = rows.filter(kind=kind)
    by_title = list(rows.filter(title__contains=needle)[:POOL_ALL])
    seen = {r.pk for r in by_title}
    by_body = [r for r in rows.filter(body__contains=needle)[:POOL_ALL] if r.pk not in seen]
    return by_title + by_body


def _live_filter(hits: list[Hit]) -> list[Hit]:
    """Drop entries whose page is no longer live or public (belt and braces: the signals
    keep the index in step, but nothing unpublished may ever be shown)."""
    page_ids = {h.entry.page_id for h in hits if h.entry.page_id}
    if not page_ids:
        return hits
    shown = set(Page.objects.filter(pk__in=page_ids).live().public().values_list("pk", flat=True))
    return [h for h in hits if not h.entry.page_id or h.entry.page_id in shown]


def search(*, query: str, user, kind: str = "") -> Results:
    """Every hit ``user`` may see for ``query``, best first (the pool, at most ~500)."""
    parsed = query_parse(query)
    kinds = visible_providers(user)
    kind = kind if kind in {p.kind for p in kinds} else ""
    results = Results(query=parsed, kinds=kinds, kind=kind)
    if not parsed.raw:
        return results
    audience = audience_for(user)
    hits = _rank(parsed, audience) if parsed.groups else []
    if not hits:
        pool = _substring_pool(parsed, audience, "")
        hits = [Hit(entry=row, score=0.0, matched_all=True) for row in pool]
        results.used_substring = bool(hits)
    hits = _live_filter(hits)
    results.counts = dict(Counter(h.entry.kind for h in hits))
    results.hits = [h for h in hits if not kind or h.entry.kind == kind]
    if not hits:
        results.suggestion = did_you_mean(parsed, audience)
    return results


def _pool_groups(groups: list[Group], group_df: dict[Group, int], n: int) -> list[Group]:
    """The words that fill the pool of entries having any word: words found in more than
    COMMON_SHARE of the entries are left out when the query has rarer ones. An entry holding
    only such a word scores next to nothing (its IDF is ~0.04 against ~7 for a rare word,
    and coverage is squared), yet asking for it made the engine rank nearly the whole index
    (信访 is in 96% of the benchmark's entries). Entries with every word still come through
    the every-word pool, which asks for all of them."""
    rarer = [g for g in groups if group_df[g] and group_df[g] <= COMMON_SHARE * n]
    return rarer or groups


def _pool(eng, groups: list[Group], *, group_df, idf, n, audience: Audience) -> list[int]:
    """The entries worth ranking: up to POOL_ALL with every word and POOL_ANY with any, chosen
    by the IDF of the words each holds (a title word three times a body word) — BM25's
    coverage, the part of the score that decides who is near the top — ties by id. The
    engines only say which groups each entry holds (``holdings``: bit masks); the choice is
    the same on every engine."""
    candidates = _pool_groups(groups, group_df, n)
    rows = eng.holdings(groups, candidates=candidates, audience=audience)
    candidate_bits = [(1 << i, idf[g]) for i, g in enumerate(groups) if g in candidates]
    title_bits = [(1 << i, 2 * idf[g]) for i, g in enumerate(groups)]
    every_mask = (1 << len(groups)) - 1 if len(groups) > 1 else -1

    def summed(bits, mask: int) -> float:
        total = 0.0  # in the groups' order, as ever: the same float on every engine
        for bit, value in bits:
            if mask & bit:
                total += value
        return total

    weight_of, title_of = {}, {}
    every_weight = sum(idf.values())
    every, anywhere = [], []
    for pk, held, in_title in rows:
        if in_title not in title_of:
            title_of[in_title] = summed(title_bits, in_title)
        if held == every_mask:
            every.append((-(every_weight + title_of[in_title]), pk))
            continue
        if held not in weight_of:
            weight_of[held] = summed(candidate_bits, held)
        anywhere.append((-(weight_of[held] + title_of[in_title]), pk))
    every.sort()
    best_every = every[:POOL_ALL]
    anywhere.extend(every[POOL_ALL:])  # every-word entries beyond those compete with the rest
    best_any = heapq.nsmallest(POOL_ANY, anywhere)
    return [pk for _key, pk in best_every] + [pk for _key, pk in best_any]


def _rank(parsed: Query, audience: Audience) -> list[Hit]:
    eng = engine()
    df = eng.document_frequencies(parsed.terms)
    n, avg_length = eng.corpus_totals()
    group_df = {g: _group_df(g, df) for g in parsed.groups}
    if not any(group_df.values()):
        return []
    idf = {g: _idf(group_df[g], n) for g in parsed.groups}
    pool = _pool(eng, parsed.groups, group_df=group_df, idf=idf, n=n, audience=audience)
    if not pool:
        return []
    # The body is read only for the hits shown (decorate); whether the phrase is in the
    # body's beginning is asked of the database.
    rows = IndexEntry.objects.filter(pk__in=pool).defer("body", "body_compact")
    phrase = len(parsed.phrase) >= 2
    if phrase:
        rows = rows.annotate(phrase_at=StrIndex("body_compact", Value(parsed.phrase)))
    hits = []
    for row in rows:
        value, every = score(
            parsed, row, idf=idf, avg_length=avg_length, phrase_in_body=phrase and row.phrase_at > 0
        )
        if value > 0:
            hits.append(Hit(entry=row, score=value, matched_all=every))
    # Ties by prominence, kind order (articles first), then title: the same on every engine.
    order = {p.kind: p.order for p in providers()}
    hits.sort(
        key=lambda h: (
            -round(h.score, 6),
            -h.entry.prominence,
            order.get(h.entry.kind, 999),
            h.entry.title,
            h.entry.pk,
        )
    )
    return hits


def decorate(hits: list[Hit], query: Query) -> list[Hit]:
    """Highlighted title and snippet for the hits about to be shown."""
    pattern = snippets.pattern_for(query.highlight_terms or [query.raw])
    deferred = [h.entry.pk for h in hits if "body" in h.entry.get_deferred_fields()]
    if deferred:
        bodies = dict(IndexEntry.objects.filter(pk__in=deferred).values_list("pk", "body"))
        for hit in hits:
            if hit.entry.pk in bodies:
                hit.entry.body = bodies[hit.entry.pk]
    for hit in hits:
        hit.title_html = snippets.highlight(hit.entry.title, pattern)
        hit.snippet, hit.snippet_html = snippets.snippet(hit.entry.body, pattern)
    return hits


# Did you mean ---------------------------------------------------------------------------

SUGGESTION_VOCABULARY_KEY = "search.vocabulary.{count}.{stamp}.{permissions}"


def _pinyin(word: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


def _vocabulary(permissions: tuple[str, ...]) -> dict[str, str]:
    """Words worth suggesting, with their pinyin: our vocabulary and every word of two or
    more characters in the title of an entry the viewer's permissions show — never a
    PER_VIEWER entry's (a session's topic is not offered to those not invited, not even as
    one word of a suggestion). Cached until the index changes."""
    stats = IndexEntry.objects.aggregate(n=Count("id"), stamp=Max("updated_at"))
    stamp = int(stats["stamp"].timestamp()) if stats["stamp"] else 0
    key = SUGGESTION_VOCABULARY_KEY.format(
        count=stats["n"], stamp=stamp, permissions=",".join(sorted(permissions))
    )
    found = cache.get(key)
    if found is None:
        words = set(text.vocabulary())
        titles = IndexEntry.objects.filter(permission__in=permissions)
        for tokens in titles.values_list("title_tokens", flat=True).iterator():
            words.update(t for t in tokens.split() if len(t) > 1 and not t.isascii())
        found = {word: _pinyin(word) for word in sorted(words)}
        cache.set(key, found, 3600)
    return found


def _close_word(word: str, vocabulary: dict[str, str]) -> str:
    if text.ARTICLE_TOKEN.match(word) or len(word) < 2:
        return ""
    sound = _pinyin(word)
    homophones = [v for v, p in vocabulary.items() if p == sound and v != word]
    if homophones:
        return homophones[0]
    near = [v for v in vocabulary if abs(len(v) - len(word)) <= 1 and v != word]
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    return close[0] if close else ""


def did_you_mean(parsed: Query, audience: Audience) -> str:
    """A query with each unknown word replaced by a close known one (same sound first: 信防 →
    信访), offered only when the new query finds something."""
    if not parsed.words:
        return ""
    eng = engine()
    df = eng.document_frequencies(parsed.words)
    unknown = [w for w in parsed.words if not df.get(w)]
    if not unknown:
        return ""
    vocabulary = _vocabulary(audience.permissions)
    replaced = parsed.raw
    changed = False
    for word in unknown:
        better = _close_word(word, vocabulary)
        if better and word in text.normalise(replaced):
            replaced = text.normalise(replaced).replace(word, better)
            changed = True
    if not changed:
        return ""
    retry = query_parse(replaced)
    if retry.groups and _rank(retry, audience):
        return retry.raw
    return ""
