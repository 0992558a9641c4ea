"""The database's own full-text engine, asked in its own language.

A query reaches an engine as groups of tokens: each group matches when its word is there, or
when every word inside it is (``复查期限`` or ``复查`` and ``期限``). An engine answers only
which entries match (``matches``: every group or any, anywhere or in the title), how many
entries hold each word (``document_frequencies``) and the corpus's size and mean length
(``corpus_totals``). Which entries are ranked, and in what order, is decided in Python from
those answers (``search.selectors``): both engines match the same sets over the same tokens,
so SQLite and PostgreSQL give the same results by construction, not by tuning.
"""

import json
from dataclasses import dataclass

from django.db import connection, transaction

Group = tuple[str, tuple[str, ...]]  # (word, words inside it)


@dataclass(frozen=True)
class Audience:
    """The entries one viewer may see: those needing one of ``permissions`` ("" for every
    signed-in user) and the PER_VIEWER entries listed in ``entry_ids`` (study sessions they
    were invited to, …)."""

    permissions: tuple[str, ...]
    entry_ids: tuple[int, ...] = ()

    def admits(self, permission: str, pk: int) -> bool:
        return permission in self.permissions or pk in self.entry_ids


def _fts5_group(group: Group) -> str:
    word, inner = group
    quoted = f'"{word}"'
    if not inner:
        return quoted
    return "(" + quoted + " OR (" + " AND ".join(f'"{t}"' for t in inner) + "))"


def _tsquery_group(group: Group) -> str:
    word, inner = group
    quoted = f"'{word}'"
    if not inner:
        return quoted
    return "(" + quoted + " | (" + " & ".join(f"'{t}'" for t in inner) + "))"


def _filters(audience: Audience, kind, *, table: str, id_column: str) -> tuple[str, list]:
    """The audience (and, when asked, kind) conditions both engines add, as SQL with
    placeholders and their values. The listed entries go as one parameter (a JSON array on
    SQLite, an array on PostgreSQL), however many sessions a trainer may see."""
    placeholders = ", ".join(["%s"] * len(audience.permissions))
    sql = f" AND ({table}permission IN ({placeholders})"
    values: list = list(audience.permissions)
    if audience.entry_ids:
        if connection.vendor == "postgresql":
            sql += f" OR {id_column} = ANY(%s::bigint[])"
            values.append(list(audience.entry_ids))
        else:
            sql += f" OR {id_column} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            values.append(json.dumps(list(audience.entry_ids)))
    sql += ")"
    if kind:
        sql += f" AND {table}kind = %s"
        values.append(kind)
    return sql, values


def _fetch(sql: str, params: list) -> list[tuple]:
    """Run one match statement. On PostgreSQL the planner is told to use the GIN indexes
    (``SET LOCAL enable_seqscan = off`` for this statement only): it prices ``@@`` at one
    operator's cost, so for a word in a third or more of the entries it chose a sequential scan
    that matched every entry's words — 20–47 ms against 7–13 ms through the index (EXPLAIN
    ANALYZE, 10,188 entries; docs/performance.md)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return rows


def _ids_by_group(selects: list[str], params: list, count: int) -> list[set[int]]:
    """One statement of ``UNION ALL`` selects, each tagged with its position: a set each."""
    found: list[set[int]] = [set() for _ in range(count)]
    if not selects:
        return found
    for position, pk in _fetch(" UNION ALL ".join(selects), params):
        found[position].add(pk)
    return found


def _ids(sql: str, params: list) -> set[int]:
    return {row[0] for row in _fetch(sql, params)}


def _totals_by_count() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), avg(body_length) FROM search_indexentry")
        n, avg = cursor.fetchone()
    return n or 0, float(avg or 1.0) or 1.0


class SqliteEngine:
    vendor = "sqlite"

    def corpus_totals(self) -> tuple[int, float]:
        """The number of entries and their mean body length (BM25's N and avgdl)."""
        return _totals_by_count()

    def _expression(self, groups: list[Group], joiner: str) -> str:
        return f" {joiner} ".join(_fts5_group(g) for g in groups)

    def matches(
        self, groups: list[Group], *, every: bool, audience: Audience, kind, title: bool = False
    ) -> set[int]:
        """The ids of the entries with every (or any) group — in the title only if asked."""
        filters, values = _filters(audience, kind, table="e.", id_column="e.id")
        expression = self._expression(groups, "AND" if every else "OR")
        if title:
            expression = f"title_tokens : ({expression})"
        sql = (
            "SELECT e.id "  # noqa: S608
            "FROM search_indexentry_fts f JOIN search_indexentry e ON e.id = f.rowid "
            f"WHERE search_indexentry_fts MATCH %s{filters}"
        )  # only placeholders are formatted in; every value is a parameter
        return _ids(sql, [expression, *values])

    def each_group(self, groups: list[Group], *, audience: Audience, kind, title: bool = False):
        """``matches`` for each group alone, in one statement."""
        filters, values = _filters(audience, kind, table="e.", id_column="e.id")
        selects, params = [], []
        for position, group in enumerate(groups):
            expression = _fts5_group(group)
            if title:
                expression = f"title_tokens : ({expression})"
            selects.append(
                f"SELECT {position}, e.id "  # noqa: S608
                "FROM search_indexentry_fts f JOIN search_indexentry e ON e.id = f.rowid "
                f"WHERE search_indexentry_fts MATCH %s{filters}"
            )
            params += [expression, *values]
        return _ids_by_group(selects, params, len(groups))

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        placeholders = ", ".join(["%s"] * len(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM search_indexentry_vocab WHERE term IN ({placeholders})",  # noqa: S608
                terms,
            )
            found = dict(cursor.fetchall())
        return {t: found.get(t, 0) for t in terms}


class PostgresEngine:
    vendor = "postgresql"

    def corpus_totals(self) -> tuple[int, float]:
        """The number of entries and their mean body length, from the row the triggers keep
        (migration 0003): counting 10,000 entries cost 17–26 ms a query."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT entries, body_length FROM search_indexentry_totals")
            row = cursor.fetchone()
        if row is None:
            return _totals_by_count()
        n, length = row
        return n, (length / n if n and length else 1.0)

    def _expression(self, groups: list[Group], joiner: str) -> str:
        return f" {joiner} ".join(_tsquery_group(g) for g in groups)

    def matches(
        self, groups: list[Group], *, every: bool, audience: Audience, kind, title: bool = False
    ) -> set[int]:
        """The ids of the entries with every (or any) group — in the title only if asked —
        from the narrow table of words without positions (migration 0003)."""
        filters, values = _filters(audience, kind, table="", id_column="entry_id")
        title_filter = " AND title_words @@ query" if title else ""
        sql = (
            "SELECT entry_id FROM search_indexentry_words, "  # noqa: S608
            "to_tsquery('simple', %s) query "
            f"WHERE words @@ query{title_filter}{filters}"
        )  # only placeholders are formatted in; every value is a parameter
        expression = self._expression(groups, "&" if every else "|")
        return _ids(sql, [expression, *values])

    def each_group(self, groups: list[Group], *, audience: Audience, kind, title: bool = False):
        """``matches`` for each group alone, in one statement."""
        filters, values = _filters(audience, kind, table="", id_column="entry_id")
        # A title's words are among the entry's words: the title index alone answers.
        column = "title_words" if title else "words"
        selects, params = [], []
        for position, group in enumerate(groups):
            selects.append(
                f"SELECT {position}, entry_id FROM search_indexentry_words "  # noqa: S608
                f"WHERE {column} @@ to_tsquery('simple', %s){filters}"
            )
            params += [_tsquery_group(group), *values]
        return _ids_by_group(selects, params, len(groups))

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        # A table kept by triggers (migration 0003), as SQLite's fts5vocab: counting the
        # matches through the GIN index cost a pass over nearly every entry for 信访.
        placeholders = ", ".join(["%s"] * len(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM search_indexentry_terms WHERE term IN ({placeholders})",  # noqa: S608
                terms,
            )
            found = dict(cursor.fetchall())
        return {t: found.get(t, 0) for t in terms}


def engine():
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"no search engine for {connection.vendor}")
