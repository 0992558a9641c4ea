"""The database's own full-text engine, asked in its own language.

A query reaches an engine as groups of tokens: each group matches when its word is there, or
when every word inside it is (``复查期限`` or ``复查`` and ``期限``). An engine answers only
which groups the entries holding some of them hold (``holdings``: one row per entry, the groups
it holds anywhere and in the title as two bit masks), how many entries hold each word
(``document_frequencies``) and the corpus's size and mean length (``corpus_totals``). Which
entries are ranked, and in what order, is decided in Python from those answers
(``search.selectors``): both engines match the same sets over the same tokens, so SQLite and
PostgreSQL give the same results by construction, not by tuning.
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


def _mask(flags: list[str]) -> str:
    """SQL adding up ``1 << position`` for each true condition: which groups a row holds."""
    return " + ".join(
        f"(CASE WHEN {flag} THEN {1 << i} ELSE 0 END)" for i, flag in enumerate(flags)
    )


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

    def holdings(
        self, groups: list[Group], *, candidates: list[Group], audience: Audience
    ) -> list[tuple[int, int, int]]:
        """Each entry holding any of ``candidates`` (some of ``groups``), with the groups of
        ``groups`` it holds anywhere and in the title as bit masks (bit i: ``groups[i]``). One
        statement: each group's matches are read from the FTS5 index once (an uncorrelated
        ``IN``), only the candidates' rows come back."""
        filters, values = _filters(audience, "", table="e.", id_column="e.id")
        holds = (
            "e.id IN (SELECT rowid FROM search_indexentry_fts WHERE search_indexentry_fts MATCH %s)"
        )
        mask = _mask([holds] * len(groups))
        sql = (
            f"SELECT e.id, {mask}, {mask} "  # noqa: S608
            "FROM search_indexentry_fts f JOIN search_indexentry e ON e.id = f.rowid "
            f"WHERE search_indexentry_fts MATCH %s{filters}"
        )  # only placeholders are formatted in; every value is a parameter
        anywhere = [_fts5_group(g) for g in groups]
        in_title = [f"title_tokens : ({_fts5_group(g)})" for g in groups]
        return _fetch(sql, [*anywhere, *in_title, self._expression(candidates, "OR"), *values])

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

    def holdings(
        self, groups: list[Group], *, candidates: list[Group], audience: Audience
    ) -> list[tuple[int, int, int]]:
        """Each entry holding any of ``candidates`` (some of ``groups``), with the groups of
        ``groups`` it holds anywhere and in the title as bit masks (bit i: ``groups[i]``), from
        the narrow table of words without positions (migration 0003). One statement: the GIN
        index finds the candidates, each candidate's two short vectors are then matched
        against each group — only the candidates' rows come back (the title question for a
        common word no longer lists its thousands of titles)."""
        filters, values = _filters(audience, "", table="", id_column="entry_id")
        # Each query parsed once (in FROM), not once per row.
        parsed = ", ".join(f"to_tsquery('simple', %s) q{i}" for i in range(len(groups)))
        held = _mask([f"words @@ q{i}" for i in range(len(groups))])
        in_title = _mask([f"title_words @@ q{i}" for i in range(len(groups))])
        sql = (
            f"SELECT entry_id, {held}, {in_title} "  # noqa: S608
            f"FROM search_indexentry_words, (SELECT {parsed}, "
            "to_tsquery('simple', %s) candidate) query "
            f"WHERE words @@ candidate{filters}"
        )  # only placeholders are formatted in; every value is a parameter
        expressions = [_tsquery_group(g) for g in groups]
        return _fetch(sql, [*expressions, self._expression(candidates, "|"), *values])

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
