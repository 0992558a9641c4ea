"""Search benchmark (issue 13): index build time and query latency on a 10,000-document corpus.

Builds a throwaway database (SQLite by default, or DATABASE_URL for PostgreSQL), imports the
four demo regulations (their 184 articles are indexed by the courses provider), then generates
lessons and cases from the articles' own sentences mixed with petition-office phrases (seeded,
so every run builds the same corpus) and indexes them through the search app's own row builder
(jieba segmentation included) and bulk writes. Then every query of tests/search/queries.tsv is
asked ``--rounds`` times as an official, through ``search.selectors.search`` (the ranking) and
through the page ``/search/?q=…`` (ranking, snippets, template).

    .venv/bin/python bench/search/run.py [--documents 10000] [--rounds 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xuefa_bench_search .venv/bin/python bench/search/run.py

Results: bench/results/search-<vendor>.json; summary in docs/performance.md.
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from bench.common import ensure_pg_database, percentile  # noqa: E402

PHRASES = [
    "接待人员依法登记并出具受理告知书",
    "信访人反映工资被拖欠，要求用人单位支付",
    "经调查核实，办理机关依法作出处理意见",
    "信访人对处理意见不服，申请复查",
    "属地政府组织相关部门联合接访",
    "引导信访人通过法定途径解决诉求",
    "群众反映小区物业服务问题",
    "村民反映土地征收补偿标准",
    "领导干部接访下访，包案化解",
    "对信访事项进行分类处理，依法导入诉讼、仲裁程序",
    "办理过程中听取信访人陈述，做好解释疏导",
    "按期答复并告知复查途径",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--dump",
        type=Path,
        help="also write every query's full ranked list (entry key, score) to this JSON file, "
        "to compare two versions of the ranking on the same corpus",
    )
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="xuefa-bench-search-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuefa.settings.test")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_pg_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import Department, User
    from courses.demo import DEMO_DATA, REGULATIONS
    from courses.models import Article
    from courses.services import regulation_import
    from kit.search import SearchEntry
    from search import selectors, services
    from search.models import IndexEntry

    setup_test_environment()
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    office = Department.objects.create(name="信访办", code="bench")
    official = User.objects.create_user("bench-official", password="x", department=office)

    started = time.perf_counter()
    for filename, slug in REGULATIONS:
        regulation_import(text=(DEMO_DATA / filename).read_text("utf-8"), slug=slug)
    services.index_rebuild()
    regulations_s = time.perf_counter() - started

    sentences = []
    for text in Article.objects.values_list("text", flat=True):
        sentences.extend(s for s in re.split(r"(?<=[。；])", text) if len(s) > 8)
    rng = random.Random(2026)
    entries = []
    for n in range(args.documents):
        kind = "lesson" if n % 5 < 3 else "case"
        parts = rng.sample(sentences, 4) + rng.sample(PHRASES, 3)
        rng.shuffle(parts)
        title = (f"第{n % 12 + 1}讲 " if kind == "lesson" else "案例：") + rng.choice(PHRASES)
        entries.append(
            SearchEntry(
                key=f"bench.{kind}:{n}",
                kind=kind,
                title=title,
                body="".join(parts),
                url=f"/bench/{kind}/{n}/",
                context="生成的课件" if kind == "lesson" else "生成的案例",
            )
        )
    started = time.perf_counter()
    rows = [services._row(e) for e in entries]
    segment_s = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, len(rows), services.BATCH):
        IndexEntry.objects.bulk_create(rows[i : i + services.BATCH])
    store_s = time.perf_counter() - started
    with connection.cursor() as cursor:  # what autovacuum / SQLite's optimize would do
        cursor.execute("ANALYZE")
    total = IndexEntry.objects.count()
    print(
        f"{connection.vendor}: {total} documents; segment {segment_s:.1f} s, store {store_s:.1f} s"
    )

    queries = []
    for line in (ROOT / "tests/search/queries.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            queries.append(line.split("\t")[0])
    selectors.search(query="信访", user=official)  # warm the segmenter and caches
    if args.dump:
        ranked = {}
        for q in queries:
            hits = selectors.search(query=q, user=official).hits
            ranked[q] = [[h.entry.key, round(h.score, 9)] for h in hits]
        args.dump.write_text(json.dumps(ranked, ensure_ascii=False, indent=0), "utf-8")
    ranking_ms, page_ms = [], []
    client = Client()
    client.force_login(official)
    for _round in range(args.rounds):
        for q in queries:
            t0 = time.perf_counter()
            selectors.search(query=q, user=official)
            ranking_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            response = client.get("/search/", {"q": q})
            page_ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (q, response.status_code)

    # The same top five on every engine (issue 13): kept per query, compared with the other
    # engine's results file when there is one.
    top5 = {
        q: [h.entry.key for h in selectors.search(query=q, user=official).hits[:5]] for q in queries
    }

    def summary(values):
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1),
        }

    result = {
        "vendor": connection.vendor,
        "documents": total,
        "generated": args.documents,
        "regulations_import_and_index_s": round(regulations_s, 1),
        "segment_s": round(segment_s, 1),
        "store_s": round(store_s, 1),
        "build_docs_per_s": round(args.documents / (segment_s + store_s)),
        "queries": len(queries),
        "rounds": args.rounds,
        "ranking": summary(ranking_ms),
        "page": summary(page_ms),
        # Other work on the machine skews every figure: say how busy it was.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "code": subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }
    out = ROOT / "bench" / "results" / f"search-{connection.vendor}.json"
    out.parent.mkdir(exist_ok=True)
    result["top5"] = top5
    for other in ("sqlite", "postgresql"):
        other_file = out.parent / f"search-{other}.json"
        if other == connection.vendor or not other_file.exists():
            continue
        theirs = json.loads(other_file.read_text("utf-8")).get("top5", {})
        if theirs.keys() == top5.keys() and theirs:
            same = [q for q in top5 if top5[q] == theirs[q]]
            result[f"same_top5_as_{other}"] = f"{len(same)}/{len(top5)}"
            result[f"top5_differs_from_{other}"] = {
                q: {"this": top5[q], other: theirs[q]} for q in top5 if top5[q] != theirs[q]
            }
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(
        json.dumps({k: v for k, v in result.items() if k != "top5"}, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
