"""What the benchmarks share: the percentile they report and a PostgreSQL database that exists.

Each benchmark puts the project root on ``sys.path`` and imports this as ``bench.common``."""


def percentile(values, share):
    """The nearest-rank percentile of ``values`` (``share`` in 0–1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ensure_pg_database(url: str) -> None:
    """Create the database named at the end of ``url`` when it does not exist yet (a new
    machine has only ``postgres``, ``test`` and ``root``)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
