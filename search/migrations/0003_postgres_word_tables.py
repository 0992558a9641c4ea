"""PostgreSQL: a narrow table of each entry's words, and document frequencies and corpus totals
kept in tables, as SQLite's fts5vocab keeps them — all in step with search_indexentry by
statement-level triggers (a bulk insert of thousands of entries updates each word once).

Why (the search benchmark, 10,188 entries; docs/performance.md):

- Counting the entries that hold a word through the GIN index is a pass over every match: for
  a word in nearly every entry (信访, 事项) that was 106 ms of a 233 ms query.
  ``search_indexentry_terms`` holds the count per word, ``search_indexentry_totals`` BM25's N
  and total body length.
- Ordering the 4,000 matches of a three-word query by ts_rank over the full vectors (with
  positions, compressed and moved out of line beside the body) took 50 ms. The pool's order
  needs only which words an entry holds: ``search_indexentry_words`` keeps them without
  positions (``strip``), one narrow row per entry (13 MB against the main table's 34 MB), so a
  scan of every match stays in the tens of milliseconds on a busy machine.
"""

from django.db import migrations

WORDS = "strip(to_tsvector('simple'::regconfig, {t}.title_tokens || ' ' || {t}.body_tokens))"
TITLE_WORDS = "strip(to_tsvector('simple'::regconfig, {t}.title_tokens))"


def _words(table: str) -> str:
    return WORDS.format(t=table)


def _title_words(table: str) -> str:
    return TITLE_WORDS.format(t=table)


def _count_words(rows: str) -> str:
    """Each word of ``rows`` with the number of those rows that hold it."""
    return (
        f"SELECT lexeme, count(*) AS n FROM {rows}, unnest(tsvector_to_array({_words(rows)})) lexeme "
        "GROUP BY lexeme"
    )


POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS search_indexentry_vector",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
    """CREATE TABLE search_indexentry_words (
        entry_id bigint PRIMARY KEY,
        permission varchar(100) NOT NULL,
        kind varchar(40) NOT NULL,
        words tsvector NOT NULL,
        title_words tsvector NOT NULL
    )""",
    "CREATE INDEX search_indexentry_words_gin ON search_indexentry_words USING GIN (words)",
    """CREATE TABLE search_indexentry_terms (
        term text PRIMARY KEY,
        doc integer NOT NULL CHECK (doc >= 0)
    )""",
    """CREATE TABLE search_indexentry_totals (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        entries bigint NOT NULL DEFAULT 0,
        body_length bigint NOT NULL DEFAULT 0
    )""",
    "INSERT INTO search_indexentry_totals DEFAULT VALUES",
    f"""CREATE FUNCTION search_indexentry_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_indexentry_words (entry_id, permission, kind, words, title_words)
        SELECT id, permission, kind, {_words("new_rows")}, {_title_words("new_rows")} FROM new_rows;
        INSERT INTO search_indexentry_terms AS t (term, doc)
        SELECT lexeme, n FROM ({_count_words("new_rows")}) added ORDER BY lexeme
        ON CONFLICT (term) DO UPDATE SET doc = t.doc + EXCLUDED.doc;
        UPDATE search_indexentry_totals SET
            entries = entries + (SELECT count(*) FROM new_rows),
            body_length = body_length + (SELECT coalesce(sum(body_length), 0) FROM new_rows);
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION search_indexentry_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_indexentry_words WHERE entry_id IN (SELECT id FROM old_rows);
        UPDATE search_indexentry_terms t SET doc = t.doc - gone.n
        FROM ({_count_words("old_rows")}) gone WHERE t.term = gone.lexeme;
        DELETE FROM search_indexentry_terms WHERE doc = 0;
        UPDATE search_indexentry_totals SET
            entries = entries - (SELECT count(*) FROM old_rows),
            body_length = body_length - (SELECT coalesce(sum(body_length), 0) FROM old_rows);
        RETURN NULL;
    END $$""",
    # CHECK constraints are tested on the row an INSERT proposes, before ON CONFLICT: a
    # negative change is applied by UPDATE, and only new words are inserted.
    f"""CREATE FUNCTION search_indexentry_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_indexentry_words w SET
            permission = n.permission, kind = n.kind,
            words = {_words("n")}, title_words = {_title_words("n")}
        FROM new_rows n WHERE w.entry_id = n.id;
        WITH delta AS (
            SELECT lexeme, sum(n) AS n FROM (
                SELECT lexeme, n FROM ({_count_words("new_rows")}) added
                UNION ALL
                SELECT lexeme, -n FROM ({_count_words("old_rows")}) gone
            ) both_sides
            GROUP BY lexeme HAVING sum(n) <> 0
        ), updated AS (
            UPDATE search_indexentry_terms t SET doc = t.doc + delta.n
            FROM delta WHERE t.term = delta.lexeme
            RETURNING t.term
        )
        INSERT INTO search_indexentry_terms AS t (term, doc)
        SELECT lexeme, n FROM delta
        WHERE n > 0 AND lexeme NOT IN (SELECT term FROM updated)
        ORDER BY lexeme
        ON CONFLICT (term) DO UPDATE SET doc = t.doc + EXCLUDED.doc;
        DELETE FROM search_indexentry_terms WHERE doc = 0;
        UPDATE search_indexentry_totals SET body_length = body_length
            + (SELECT coalesce(sum(body_length), 0) FROM new_rows)
            - (SELECT coalesce(sum(body_length), 0) FROM old_rows);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_indexentry_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_indexentry_words;
        DELETE FROM search_indexentry_terms;
        UPDATE search_indexentry_totals SET entries = 0, body_length = 0;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_indexentry_ai AFTER INSERT ON search_indexentry
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_indexentry_after_insert()""",
    """CREATE TRIGGER search_indexentry_ad AFTER DELETE ON search_indexentry
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_indexentry_after_delete()""",
    """CREATE TRIGGER search_indexentry_au AFTER UPDATE ON search_indexentry
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_indexentry_after_update()""",
    """CREATE TRIGGER search_indexentry_at AFTER TRUNCATE ON search_indexentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_indexentry_after_truncate()""",
    # Entries indexed before this migration.
    f"""INSERT INTO search_indexentry_words (entry_id, permission, kind, words, title_words)
        SELECT id, permission, kind, {_words("e")}, {_title_words("e")} FROM search_indexentry e""",
    f"""INSERT INTO search_indexentry_terms (term, doc)
        SELECT lexeme, n FROM ({_count_words("search_indexentry")}) counted""",
    """UPDATE search_indexentry_totals SET
        entries = (SELECT count(*) FROM search_indexentry),
        body_length = (SELECT coalesce(sum(body_length), 0) FROM search_indexentry)""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_indexentry_at ON search_indexentry",
    "DROP TRIGGER IF EXISTS search_indexentry_au ON search_indexentry",
    "DROP TRIGGER IF EXISTS search_indexentry_ad ON search_indexentry",
    "DROP TRIGGER IF EXISTS search_indexentry_ai ON search_indexentry",
    "DROP FUNCTION IF EXISTS search_indexentry_after_truncate()",
    "DROP FUNCTION IF EXISTS search_indexentry_after_update()",
    "DROP FUNCTION IF EXISTS search_indexentry_after_delete()",
    "DROP FUNCTION IF EXISTS search_indexentry_after_insert()",
    "DROP TABLE IF EXISTS search_indexentry_totals",
    "DROP TABLE IF EXISTS search_indexentry_terms",
    "DROP TABLE IF EXISTS search_indexentry_words",
    """ALTER TABLE search_indexentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
            || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
        ) STORED""",
    "CREATE INDEX search_indexentry_vector ON search_indexentry USING GIN (search_vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
