"""The retrieval checks against a real Chroma server (`chroma run`), as a province deployment runs it:
SHUOLI_CHROMA_URL set, vectors only in the server, store and lexical index under SHUOLI_HOME."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings
from procs import stop

TESTS = Path(__file__).parent
SOURCES = TESTS / "two_law_sources.yaml"
TODAY = "2026-11-22"


def chroma_cli() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_heartbeat(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"chroma server at {url} did not answer its heartbeat within {timeout} s")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    cli = chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` CLI is not installed (pip install chromadb provides it)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    folder = tmp_path_factory.mktemp("chroma-server")
    log = folder / "server.log"
    # The server logs every request: to a file, never to an unread pipe (a full pipe blocks the server).
    with log.open("w") as out:
        proc = subprocess.Popen([cli, "run", "--path", str(folder / "data"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_heartbeat(url, proc, log)
        yield url
    finally:
        stop(proc, timeout=15)


@pytest.fixture(scope="module")
def server_settings(chroma_url, tmp_path_factory) -> Settings:
    home = tmp_path_factory.mktemp("server-home")
    models = Path(os.environ.get("SHUOLI_TEST_MODELS", REPO_ROOT / "data" / "models"))
    (home / "models").symlink_to(models, target_is_directory=True)
    return Settings(home=home, sources_file=SOURCES, chroma_url=chroma_url)


@pytest.fixture(scope="module")
def server_index(server_settings):
    from retriever.indexer import build_index

    report = build_index(server_settings)
    assert report.ok, report.failures
    assert report.records > 0 and report.embedded == report.records
    return report


@pytest.fixture(scope="module")
def server_retriever(server_settings, server_index):
    from retriever.search import Retriever

    r = Retriever(server_settings)
    yield r
    r.close()


def keys(hits):
    return [(h.record.short_name, h.record.article) for h in hits]


def test_vectors_live_in_the_server_not_on_disk(server_settings, server_retriever):
    import chromadb

    from retriever.dense import COLLECTION

    assert not (server_settings.index_dir / "chroma").exists()
    port = int(server_settings.chroma_url.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    assert client.get_collection(COLLECTION).count() == server_retriever.store.count()
    assert server_retriever.dense.count() == server_retriever.store.count()


def test_hybrid_finds_the_penalty_for_expired_food(server_retriever):
    from retriever.filters import SearchFilter

    hits = server_retriever.search("经营超过保质期的食品货值不足一万元怎么罚", 5,
                                   SearchFilter(as_of=TODAY, doc_types=("law",)))
    assert ("食品安全法", 124) in keys(hits)
    assert all(h.record.in_force_on(TODAY) for h in hits)


def test_dense_search_through_the_server_honours_the_filter(server_retriever):
    from retriever.filters import SearchFilter

    hits = server_retriever.search("超过保质期的食品", 10, SearchFilter(as_of="2024-05-01", doc_types=("law",)),
                                   mode="dense")
    assert hits and all(h.record.doc_type == "law" and h.record.in_force_on("2024-05-01") for h in hits)
    assert any(h.record.short_name == "食品安全法" for h in hits)


@pytest.mark.parametrize("query,expected", [
    ("食品安全法第一百三十六条", ("食品安全法", 136)),
    ("食安法124条", ("食品安全法", 124)),
    ("《中华人民共和国行政处罚法》第33条第2款", ("行政处罚法", 33)),
])
def test_a_citation_in_the_query_comes_first(server_retriever, query, expected):
    from retriever.filters import SearchFilter

    hits = server_retriever.search(query, 5, SearchFilter(as_of=TODAY))
    assert keys(hits)[0] == expected and hits[0].via.get("citation")


def test_as_of_date_selects_the_version_in_force(server_retriever):
    from retriever.filters import SearchFilter

    past = server_retriever.search("食品安全法第一百二十四条", 3, SearchFilter(as_of="2024-05-01"))[0].record
    now = server_retriever.search("食品安全法第一百二十四条", 3, SearchFilter(as_of=TODAY))[0].record
    assert past.version == "2021-04-29" and "婴幼儿配方液态乳" not in past.text
    assert now.version == "2025-09-12" and "婴幼儿配方液态乳" in now.text


def test_reingesting_against_the_server_embeds_nothing(server_settings, server_index):
    from retriever.indexer import build_index

    again = build_index(server_settings)
    assert again.embedded == 0 and again.added == again.updated == again.removed == 0
    assert again.unchanged == server_index.records
