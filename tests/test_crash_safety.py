"""Ingestion is resumable and idempotent: `build_index` SIGKILLed at random points (mid-embedding, mid-lexical
build, between the bm25 save and the CURRENT swap) and run again ends with exactly the index an uninterrupted
build makes."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings

TESTS = Path(__file__).parent
SOURCES = TESTS / "one_law_sources.yaml"

# The child: build_index with markers on stdout. Chroma's max batch is lowered to 16 so the 87 records are
# embedded and written in several batches (a kill can land between two). `hang_after_save` makes the bm25 save
# return and then wait, so the parent kills between the finished generation folder and the CURRENT swap.
CHILD = r"""
import sys, time, json
from pathlib import Path
import bm25s, chromadb.api.client as chroma_client
from core.settings import Settings
from retriever import lexical
from retriever.indexer import build_index

home, sources, project, mode = sys.argv[1:5]
chroma_client.Client.get_max_batch_size = lambda self: 16
def say(*words):
    print(*words, flush=True)
def progress(total, label):
    say("start", label, total)
    return lambda n: say("tick", label, n)
original_build, original_save = lexical.build, bm25s.BM25.save
def build(*a, **k):
    say("lexical")
    return original_build(*a, **k)
def save(self, *a, **k):
    original_save(self, *a, **k)
    say("saved")
    if mode == "hang_after_save":
        time.sleep(60)
lexical.build, bm25s.BM25.save = build, save
settings = Settings(home=Path(home), sources_file=Path(sources), project_corpus=Path(project), chroma_url="")
report = build_index(settings, progress=progress)
say("done", json.dumps({"embedded": report.embedded, "added": report.added, "failures": len(report.failures)}))
"""


def make_home(root: Path) -> Path:
    models = Path(os.environ.get("SHUOLI_TEST_MODELS", REPO_ROOT / "data" / "models"))
    root.mkdir(parents=True)
    (root / "models").symlink_to(models, target_is_directory=True)
    (root / "empty-project").mkdir()
    return root


def run_child(home: Path, *, kill_on=None, mode: str = "normal", delay: float = 0.0) -> list[str]:
    """Run the child; SIGKILL it `delay` s after the first stdout line for which kill_on(line) is true."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(home), str(SOURCES), str(home / "empty-project"), mode],
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        if kill_on and kill_on(line.strip()):
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            break
    lines += [ln.strip() for ln in proc.stdout.read().splitlines()]  # a child that finished before the kill
    proc.wait(timeout=300)
    err = proc.stderr.read() if proc.stderr else ""
    if kill_on:
        assert proc.returncode == -signal.SIGKILL or lines[-1].startswith("done"), err[-3000:]
    else:
        assert proc.returncode == 0 and lines[-1].startswith("done"), err[-3000:]
    return lines


def snapshot(home: Path) -> dict:
    from retriever.dense import DenseIndex
    from retriever.indexer import lexical_root, store_path
    from retriever.lexical import LexicalIndex
    from retriever.store import RecordStore

    settings = Settings(home=home, sources_file=SOURCES, project_corpus=home / "empty-project", chroma_url="")
    store = RecordStore(store_path(settings), readonly=True)
    hashes = store.hashes()
    store.close()
    dense = DenseIndex(settings).existing_hashes()
    lex = LexicalIndex.load(lexical_root(settings))
    assert lex is not None, "no CURRENT lexical generation"
    return {"store": hashes, "dense": dense, "lexical": list(lex.ids),
            "lexical_docs": int(lex.model.scores["num_docs"])}


def assert_complete(snap: dict) -> None:
    assert snap["store"], "empty store"
    assert snap["dense"] == snap["store"], "Chroma ids/hashes differ from the store"
    assert len(snap["lexical"]) == len(set(snap["lexical"])) == snap["lexical_docs"]
    assert set(snap["lexical"]) == set(snap["store"])


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    home = make_home(tmp_path_factory.mktemp("crash") / "reference")
    run_child(home)
    snap = snapshot(home)
    assert_complete(snap)
    return snap


def test_killed_builds_resume_to_the_uninterrupted_index(reference, tmp_path):
    rng = random.Random(20261122)
    home = make_home(tmp_path / "killed")

    # 1. killed after a random number of embedding batches: store full, Chroma partial, no lexical index
    after = rng.randint(1, 3)
    ticks = 0

    def nth_batch(line: str) -> bool:
        nonlocal ticks
        ticks += line.startswith("tick embedding")
        return ticks >= after

    run_child(home, kill_on=nth_batch, delay=rng.uniform(0, 0.3))
    partial = snapshot_store_only(home)
    assert partial, "the store should hold the records before embedding starts"

    # 2. killed at a random moment of the lexical build (the rest of the embedding is done first)
    lines = run_child(home, kill_on=lambda ln: ln == "lexical", delay=rng.uniform(0.0, 1.5))
    assert any(ln.startswith("start embedding") for ln in lines), "the second run should finish the embedding"

    # 3. killed after the new generation is saved, before CURRENT names it
    run_child(home, kill_on=lambda ln: ln == "saved", mode="hang_after_save", delay=0.2)

    # 4. run to completion: identical to the uninterrupted build
    lines = run_child(home)
    snap = snapshot(home)
    assert_complete(snap)
    assert snap["store"] == reference["store"]
    assert snap["dense"] == reference["dense"]
    assert sorted(snap["lexical"]) == sorted(reference["lexical"])

    # 5. idempotent: another run changes and embeds nothing
    done = json.loads(run_child(home)[-1].split(" ", 1)[1])
    assert done == {"embedded": 0, "added": 0, "failures": 0}
    assert snapshot(home) == snap
    leftovers = list((home / "index" / "lexical").glob(".gen-*.tmp"))
    assert not leftovers, f"temporary generation folders left behind: {leftovers}"


def snapshot_store_only(home: Path) -> dict[str, str]:
    from retriever.store import RecordStore

    store = RecordStore(home / "index" / "records.sqlite", readonly=True)
    try:
        return store.hashes()
    finally:
        store.close()
