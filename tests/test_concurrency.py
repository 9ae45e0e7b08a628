"""20 concurrent readers (16 threads, 4 processes) search while one writer adds files (store → Chroma →
a new lexical generation): no errors, every hit exists in the store, and each lexical generation a reader
loaded is whole (ids match the bm25 model) and stays the one it loaded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings

TESTS = Path(__file__).parent
SOURCES = TESTS / "one_law_sources.yaml"
THREADS, PROCESSES, MIN_SEARCHES = 16, 4, 6
QUERIES = ("行政处罚 听证 程序", "首违不罚 及时改正", "罚款 没收违法所得", "当事人 陈述 申辩", "合成测试文件 冷链 台账")

# One reader process: searches until the stop file appears (and at least MIN_SEARCHES times), reloading a fresh
# Retriever every few searches as a new app process would; prints a JSON summary, exits 1 on any problem.
READER = r"""
import json, sys, time, traceback
from pathlib import Path
from core.settings import Settings
from retriever.search import Retriever
from tests.test_concurrency import check_search

home, sources, project, stop, minimum = sys.argv[1:6]
settings = Settings(home=Path(home), sources_file=Path(sources), project_corpus=Path(project), chroma_url="")
done, problems, generations = 0, [], set()
try:
    retriever = Retriever(settings)
    while done < int(minimum) or not Path(stop).exists():
        if done % 3 == 2:
            retriever.close()
            retriever = Retriever(settings)
        problems += check_search(retriever, done)
        generations.add(retriever.lexical.generation)
        done += 1
except Exception:
    problems.append(traceback.format_exc())
print(json.dumps({"searches": done, "problems": problems, "generations": sorted(generations)}))
sys.exit(1 if problems else 0)
"""


def check_search(retriever, n: int) -> list[str]:
    """One search; returns what was wrong (torn lexical generation, hits missing from the store)."""
    from retriever.filters import SearchFilter
    from retriever.store import RecordStore

    lex, generation = retriever.lexical, retriever.lexical.generation
    problems = []
    if len(lex.ids) != int(lex.model.scores["num_docs"]) or len(set(lex.ids)) != len(lex.ids):
        problems.append(f"torn lexical generation {generation}: {len(lex.ids)} ids, "
                        f"{lex.model.scores['num_docs']} documents")
    mode = ("hybrid", "lexical", "dense")[n % 3]
    hits = retriever.search(QUERIES[n % len(QUERIES)], 10, SearchFilter(), mode=mode)
    ids = [h.record.id for h in hits]
    fresh = RecordStore(retriever.store.path, readonly=True)
    try:
        stored = {r.id for r in fresh.get(ids)}
    finally:
        fresh.close()
    if missing := [i for i in ids if i not in stored]:
        problems.append(f"{mode} hits not in the store: {missing}")
    if retriever.lexical.generation != generation:
        problems.append("a loaded Retriever switched lexical generation under a reader")
    return problems


@pytest.fixture(scope="module")
def concurrency_settings(tmp_path_factory) -> Settings:
    from retriever.indexer import build_index

    home = tmp_path_factory.mktemp("concurrency-home")
    models = Path(os.environ.get("SHUOLI_TEST_MODELS", REPO_ROOT / "data" / "models"))
    (home / "models").symlink_to(models, target_is_directory=True)
    (home / "empty-project").mkdir()
    settings = Settings(home=home, sources_file=SOURCES, project_corpus=home / "empty-project", chroma_url="")
    assert build_index(settings).ok
    return settings


def user_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"guidance-{i}.txt"
        path.write_text(f"合成测试文件{i}：冷链食品经营者应当建立进货查验台账。" * 20 + "\n" +
                        f"第{i}号指引：市场监管部门对冷链食品开展抽检，发现问题依法处理。" * 15, encoding="utf-8")
        paths.append(path)
    return paths


def test_readers_never_see_a_torn_index_while_a_writer_ingests(concurrency_settings, tmp_path):
    from retriever.indexer import build_index, store_path
    from retriever.search import Retriever
    from retriever.store import RecordStore

    settings = concurrency_settings
    before = RecordStore(store_path(settings), readonly=True)
    count_before = before.count()
    before.close()
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(settings.home), str(SOURCES),
                                 str(settings.project_corpus), str(stop), str(MIN_SEARCHES)],
                                cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(PROCESSES)]
    shared = Retriever(settings)  # the app's pattern: one Retriever shared by request threads
    problems: list[str] = []
    counts = [0] * THREADS
    writer_done = threading.Event()

    def thread_reader(slot: int) -> None:
        try:
            while counts[slot] < MIN_SEARCHES or not writer_done.is_set():
                problems.extend(check_search(shared, counts[slot] + slot))
                counts[slot] += 1
        except Exception:
            problems.append(traceback.format_exc())

    threads = [threading.Thread(target=thread_reader, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    reports = []
    try:
        for path in user_files(tmp_path, 3):
            reports.append(build_index(settings, paths=[path]))
    finally:
        writer_done.set()
        stop.touch()
        for t in threads:
            t.join(timeout=300)
    outputs = [p.communicate(timeout=300) for p in readers]
    shared.close()

    assert all(r.ok and r.added > 0 for r in reports), [r.failures for r in reports]
    assert not problems, problems[:5]
    assert min(counts) >= MIN_SEARCHES
    for proc, (out, err) in zip(readers, outputs):
        assert proc.returncode == 0, (out[-3000:], err[-3000:])
        summary = json.loads(out.strip().splitlines()[-1])
        assert summary["searches"] >= MIN_SEARCHES and not summary["problems"]
    after = RecordStore(store_path(settings), readonly=True)
    assert after.count() == count_before + sum(r.added for r in reports)
    after.close()
    final = Retriever(settings)
    assert len(final.lexical.ids) == final.store.count() == final.dense.count()
    final.close()
