"""The database's own full-text engine, asked in its own language.

A query reaches an engine as groups of tokens: each group matches when its word is there, or
when every word inside it is (``复查期限`` or ``复查`` and ``期限``). ``match_all`` asks for
every group, ``match_any`` for at least one. The engine returns candidates in its own rank
order (FTS5's bm25 with the title weighted, PostgreSQL's ts_rank over weights A and B); the
final order is computed in Python from the tokens (``search.ranking``), the same on both.
"""

from dataclasses import dataclass

from django.db import connection

Group = tuple[str, tuple[str, ...]]  # (word, words inside it)


@dataclass(frozen=True)
class Candidate:
    id: int
    title_tokens: str
    body_tokens: str
    body_length: int


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


def _filters(permissions, kind, *, table: str) -> tuple[str, list]:
    """The permission (and, when asked, kind) conditions both engines add, as SQL with
    placeholders and their values."""
    placeholders = ", ".join(["%s"] * len(permissions))
    sql = f" AND {table}permission IN ({placeholders})"
    values = list(permissions)
    if kind:
        sql += f" AND {table}kind = %s"
        values.append(kind)
    return sql, values


def _candidates(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Candidate(*row) for row in cursor.fetchall()]


class SqliteEngine:
    vendor = "sqlite"

    def _expression(self, groups: list[Group], joiner: str) -> str:
        return f" {joiner} ".join(_fts5_group(g) for g in groups)

    def candidates(
        self, groups: list[Group], *, every: bool, permissions, kind, limit: int
    ) -> list[Candidate]:
        filters, values = _filters(permissions, kind, table="e.")
        sql = (
            "SELECT e.id, e.title_tokens, e.body_tokens, e.body_length "  # noqa: S608
            "FROM search_indexentry_fts f JOIN search_indexentry e ON e.id = f.rowid "
            f"WHERE search_indexentry_fts MATCH %s{filters} "
            "ORDER BY bm25(search_indexentry_fts, 10.0, 1.0), e.id LIMIT %s"
        )  # only placeholders are formatted in; every value is a parameter
        expression = self._expression(groups, "AND" if every else "OR")
        return _candidates(sql, [expression, *values, limit])

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

    def _expression(self, groups: list[Group], joiner: str) -> str:
        return f" {joiner} ".join(_tsquery_group(g) for g in groups)

    def candidates(
        self, groups: list[Group], *, every: bool, permissions, kind, limit: int
    ) -> list[Candidate]:
        filters, values = _filters(permissions, kind, table="")
        sql = (
            "SELECT id, title_tokens, body_tokens, body_length "  # noqa: S608
            "FROM search_indexentry, to_tsquery('simple', %s) query "
            f"WHERE search_vector @@ query{filters} "
            "ORDER BY ts_rank(search_vector, query, 1) DESC, id LIMIT %s"
        )  # only placeholders are formatted in; every value is a parameter
        expression = self._expression(groups, "&" if every else "|")
        return _candidates(sql, [expression, *values, limit])

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        # One pass over the GIN index per term, in one statement.
        selects = " UNION ALL ".join(
            "SELECT %s, count(*) FROM search_indexentry "
            "WHERE search_vector @@ to_tsquery('simple', %s)"
            for _t in terms
        )
        params = []
        for term in terms:
            params.extend([term, f"'{term}'"])
        with connection.cursor() as cursor:
            cursor.execute(selects, params)
            return dict(cursor.fetchall())


def engine():
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"no search engine for {connection.vendor}")
