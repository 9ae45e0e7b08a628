"""Scale benchmark on a SYNTHETIC case corpus (eval/synthetic.py): ingest rates, index size, search latency,
peak memory, and the naive LangChain pipeline measured side by side.

    python -m eval.bench [--sizes 10000,100000] [--embed-sample 500] [--home /tmp/shuoli-bench] [--reuse]

What is measured (also printed with the results):
* embedding: the real model (get_embedder) on `--embed-sample` distinct synthetic texts → records/s.
* load vectors: embedding N texts on 2 cores is impractical, so the N vectors written to Chroma are the
  sample's real vectors reused round-robin plus Gaussian noise, L2-normalised. Chroma insert rate is measured
  on those; the query vectors are real (the real model embeds every query, inside the timed search).
* lexical: jieba tokenisation + bm25s build + save of all N texts (the real `retriever.lexical.build`).
* store: RecordStore.upsert of all N records (SQLite, WAL).
* search: `Retriever.search` (the app's code) per mode, p50/p95/p99 over the query set, in a fresh process
  (its peak RSS is what one reader process needs). In hybrid mode each part of the call is timed on its own
  (query embed, lexical, dense, paragraphs, item bridge, store fetch, and the rest: fusion), by wrapping those
  methods on the one Retriever instance; dense recall@10 is measured against exact search over the N vectors.
  The product embeds the question on a background thread while its lexical searches run, so in hybrid mode
  the parts overlap: their sum exceeds the total and "fusion + rest" (the total less the parts) reads ~0.
  The synthetic corpus holds cases only: the item bridge finds no items here and costs ~0.
* naive: RecursiveCharacterTextSplitter → langchain_chroma.Chroma (same vectors) + langchain_community
  BM25Retriever (rank_bm25, jieba.lcut preprocess) combined by langchain's EnsembleRetriever, same queries;
  its parts (embed, BM25, Chroma by vector, RRF) are timed the same way. The table puts each part of the
  product and the naive pipeline side by side with the ratio of their p95; the load average is printed
  with each (the machine is shared: compare rows of one run only).
`--reuse` searches the indexes an earlier run left under --home (no build).
Each phase runs in its own subprocess so peak RSS is per phase. Results: <home>/bench-results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np

DEFAULT_HOME = Path("/tmp/shuoli-bench")
NOISE = 0.35  # norm of the noise added to a reused unit vector before re-normalising
QUERIES = (
    "销售超过保质期的食品怎么处罚", "农药残留超标的芒果 货值不足一万元", "食品添加剂超范围使用 罚款",
    "虚假原价 价格欺诈 处罚", "停车场不明码标价", "虚假折扣 多收价款",
    "广告使用绝对化用语 最佳 国家级", "保健食品广告宣称治愈疾病", "广告引用数据无法核实",
    "销售侵犯注册商标专用权的运动鞋", "假冒商标 手表 非法经营额", "产品质量不符合国家标准 电线电缆",
    "儿童玩具 以次充好", "电梯未经定期检验 使用", "锅炉未办理使用登记", "直播带货 虚构交易 编造评价",
    "网店隐瞒商品瑕疵", "加油机作弊 计量失准", "电子秤未经检定", "未经登记擅自从事经营活动",
    "初次违法 危害后果轻微 及时改正 不予处罚", "一年内同类违法 从重处罚", "涉嫌犯罪 移送公安机关",
    "进货查验义务 如实说明进货来源 免予处罚", "上海市浦东新区 价格违法", "成都 食品安全 从轻",
    "婴幼儿米粉 过期", "散装白酒 商标侵权", "美容院未办理变更登记", "出租车计价器 改装",
)
REPEATS = 3


# ------------------------------------------------------------------ helpers

def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def disk_mb(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / 2**20, 1)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1) if path.exists() else 0.0


def percentiles(ms: list[float]) -> dict[str, float]:
    a = np.asarray(ms)
    return {f"p{q}": round(float(np.percentile(a, q)), 1) for q in (50, 95, 99)}


def settings_for(home: Path):
    from core.settings import Settings
    return Settings(home=home, chroma_url="")


def link_models(home: Path) -> None:
    """Share the developer's embedding model folder (SHUOLI_BENCH_MODELS, set by the orchestrator)."""
    real = Path(os.environ["SHUOLI_BENCH_MODELS"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "models").exists():
        (home / "models").symlink_to(real.resolve(), target_is_directory=True)


def load_vectors(root: Path, n: int, seed: int = 11) -> np.ndarray:
    """N load vectors: the sample's real vectors reused round-robin, plus noise, normalised."""
    sample = np.load(root / "sample-vectors.npy")
    rng = np.random.default_rng(seed)
    base = sample[np.arange(n) % len(sample)]
    noise = rng.standard_normal(base.shape).astype(np.float32)
    noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    out = base + noise
    return out / np.linalg.norm(out, axis=1, keepdims=True)


# ------------------------------------------------------------------ phases (each in its own process)

def phase_embed(root: Path, sample: int) -> dict:
    from eval.synthetic import synthetic_records
    from retriever.dense import index_text
    from retriever.embeddings import get_embedder

    link_models(root)
    texts = [index_text(r) for r in synthetic_records(sample, seed=99)]
    embedder = get_embedder(settings_for(root))
    embedder.embed_passages(texts[:8])  # warm-up
    t = time.perf_counter()
    vectors = embedder.embed_passages(texts)
    seconds = time.perf_counter() - t
    np.save(root / "sample-vectors.npy", vectors)
    return {"embed_texts": sample, "embed_seconds": round(seconds, 1), "embed_rps": round(sample / seconds, 1),
            "embed_model": embedder.name, "embed_backend": embedder.backend, "embed_peak_rss_mb": peak_rss_mb()}


def phase_build(root: Path, size: int) -> dict:
    from eval.synthetic import synthetic_records
    from retriever import lexical
    from retriever.dense import DenseIndex, index_text, metadata
    from retriever.indexer import corpus_fingerprint, lexical_root, store_path
    from retriever.store import RecordStore
    from retriever.tokenize import tokenize_many

    home = root / f"n{size}"
    shutil.rmtree(home, ignore_errors=True)
    link_models(home)
    settings = settings_for(home)
    out: dict = {"size": size}
    records = list(synthetic_records(size))
    texts = [index_text(r) for r in records]
    out["avg_chars"] = round(sum(map(len, texts)) / size)

    t = time.perf_counter()
    store = RecordStore(store_path(settings))
    for start in range(0, size, 10_000):
        store.upsert(records[start:start + 10_000])
    out["store_rps"] = round(size / (time.perf_counter() - t))

    tokenize_many(["预热 jieba 词典"])  # load jieba's dictionary outside the timed part
    t = time.perf_counter()
    tokens = tokenize_many(texts)
    tok_s = time.perf_counter() - t
    lexical.build(lexical_root(settings), [r.id for r in records], texts, tokens=tokens)
    lex_s = time.perf_counter() - t
    store.set_info("lexical_fingerprint", corpus_fingerprint(store))
    out.update(tokenize_s=round(tok_s, 1), lexical_s=round(lex_s, 1), lexical_rps=round(size / lex_s))
    del tokens

    vectors = load_vectors(root, size)
    dense = DenseIndex(settings)
    batch = min(dense.client.get_max_batch_size(), 5000)
    t = time.perf_counter()
    for start in range(0, size, batch):
        chunk = records[start:start + batch]
        dense.collection.upsert(ids=[r.id for r in chunk], embeddings=vectors[start:start + batch],
                                metadatas=[metadata(r) for r in chunk])
    chroma_s = time.perf_counter() - t
    out.update(chroma_s=round(chroma_s, 1), chroma_rps=round(size / chroma_s), chroma_count=dense.count())
    store.close()
    out.update(disk_store_mb=disk_mb(store_path(settings)) + disk_mb(Path(str(store_path(settings)) + "-wal")),
               disk_lexical_mb=disk_mb(lexical_root(settings)), disk_chroma_mb=disk_mb(home / "index" / "chroma"),
               build_peak_rss_mb=peak_rss_mb())
    return out


def _timed(fn, queries: tuple[str, ...]) -> list[float]:
    for q in queries[:3]:
        fn(q)  # warm-up (mmap pages, HNSW segments, jieba)
    ms = []
    for _ in range(REPEATS):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            ms.append((time.perf_counter() - t) * 1000)
    return ms


COMPONENTS = ("query embed", "lexical", "dense", "paragraphs", "item bridge", "fusion + rest", "store fetch")


class ComponentClock:
    """Times the parts of one `Retriever.search` call by wrapping them on this instance only (the app's code
    runs unchanged). The item bridge counts whole (its own lexical, dense and store look-ups); "fusion +
    rest" is what is left of the call: RRF sums, sorting, citation parsing, the named-law boost."""

    def __init__(self, retriever):
        self.spent: dict[str, float] = {}
        self.inside = 0
        self._wrap(retriever.dense.embedder, "embed_query", "query embed")
        self._wrap(retriever.lexical, "search", "lexical")
        self._wrap(retriever.dense, "search", "dense")
        self._wrap(retriever.dense, "search_paragraphs", "paragraphs")
        self._wrap(retriever, "_bridge_through_items", "item bridge", outer=True)
        self._wrap(retriever.store, "get", "store fetch")

    def _wrap(self, obj, name: str, label: str, *, outer: bool = False) -> None:
        fn = getattr(obj, name)

        def timed(*args, **kw):
            if self.inside:
                return fn(*args, **kw)
            self.inside += outer
            t = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + (time.perf_counter() - t) * 1000
                self.inside -= outer

        setattr(obj, name, timed)

    def run(self, fn, queries: tuple[str, ...]) -> tuple[list[float], dict[str, list[float]]]:
        for q in queries[:3]:
            fn(q)
        totals, parts = [], {c: [] for c in COMPONENTS}
        for _ in range(REPEATS):
            for q in queries:
                self.spent = {}
                t = time.perf_counter()
                fn(q)
                total = (time.perf_counter() - t) * 1000
                totals.append(total)
                for c in COMPONENTS:
                    parts[c].append(self.spent.get(c, 0.0))
                parts["fusion + rest"][-1] = max(0.0, total - sum(self.spent.values()))
        return totals, parts


def recall_at(got: list[list[str]], want: list[list[str]], k: int = 10) -> float:
    return round(float(np.mean([len(set(g[:k]) & set(w[:k])) / max(1, min(k, len(w))) for g, w in zip(got, want)])), 4)


def exact_ids(root: Path, size: int, query_vectors: np.ndarray, k: int = 10) -> list[list[str]]:
    """Exact top-k record ids over the N load vectors (every case passes the bench's filter)."""
    from eval.synthetic import synthetic_records

    vectors = load_vectors(root, size)
    ids = [r.id for r in synthetic_records(size)]
    out = []
    for q in query_vectors:
        scores = vectors @ q
        out.append([ids[i] for i in np.argsort(-scores, kind="stable")[:k]])
    return out


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def phase_search(root: Path, size: int) -> dict:
    from retriever.filters import SearchFilter
    from retriever.search import Retriever

    settings = settings_for(root / f"n{size}")
    t = time.perf_counter()
    retriever = Retriever(settings)
    out: dict = {"size": size, "reader_load_s": round(time.perf_counter() - t, 1), "load_before": load()}
    flt = SearchFilter()
    retriever.dense  # noqa: B018 - open Chroma before the clock wraps its parts
    clock = ComponentClock(retriever)
    for mode in ("lexical", "dense", "hybrid"):
        totals, parts = clock.run(lambda q: retriever.search(q, 10, flt, mode=mode), QUERIES)
        out[mode] = percentiles(totals)
        if mode == "hybrid":
            out["components"] = {c: percentiles(ms) for c, ms in parts.items()}
    embedder = retriever.dense.embedder
    out["query_embed"] = percentiles(_timed(embedder.embed_query, QUERIES))
    vectors = np.stack([embedder.embed_query(q) for q in QUERIES]).astype(np.float32)
    got = [[h.record.id for h in retriever.search(q, 10, flt, mode="dense", query_vector=v)]
           for q, v in zip(QUERIES, vectors)]
    out["dense_recall_at_10"] = recall_at(got, exact_ids(root, size, vectors))
    out["search_peak_rss_mb"] = peak_rss_mb()
    out["load_after"] = load()
    retriever.close()
    return out


def phase_naive(root: Path, size: int) -> dict:
    import jieba
    from langchain_chroma import Chroma
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from eval.synthetic import synthetic_records
    from retriever.dense import index_text
    from retriever.embeddings import get_embedder

    home = root / f"n{size}"
    records = list(synthetic_records(size))
    vectors = load_vectors(root, size)
    embedder = get_embedder(settings_for(home))
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    docs = splitter.create_documents([index_text(r) for r in records], metadatas=[{"id": r.id} for r in records])
    position = {r.id: i for i, r in enumerate(records)}
    lookup = {d.page_content: vectors[position[d.metadata["id"]]] for d in docs}
    del records

    class PrecomputedEmbeddings(Embeddings):
        """The same load vectors as our index for documents; the real model for queries."""

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [lookup[t].tolist() for t in texts]

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    path = home / "naive-chroma"
    out: dict = {"size": size, "chunks": len(docs), "load_before": load()}
    store = Chroma(collection_name="naive", embedding_function=PrecomputedEmbeddings(), persist_directory=str(path))
    if store._collection.count() != len(docs):  # built by an earlier run over the same corpus: reused
        store.reset_collection()
        t = time.perf_counter()
        for start in range(0, len(docs), 5000):
            store.add_documents(docs[start:start + 5000])
        out["naive_chroma_s"] = round(time.perf_counter() - t, 1)
    jieba.setLogLevel(60)
    t = time.perf_counter()
    bm25 = BM25Retriever.from_documents(docs, preprocess_func=jieba.lcut, k=10)
    out["naive_bm25_build_s"] = round(time.perf_counter() - t, 1)
    dense = store.as_retriever(search_kwargs={"k": 10})
    hybrid = EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5])
    out["lexical"] = percentiles(_timed(bm25.invoke, QUERIES))
    out["dense"] = percentiles(_timed(dense.invoke, QUERIES))
    out["hybrid"] = percentiles(_timed(hybrid.invoke, QUERIES))
    # the same parts as the product's, where the naive pipeline has them
    query_vectors = {q: embedder.embed_query(q).tolist() for q in QUERIES}
    lists = {q: [bm25.invoke(q), store.similarity_search_by_vector(query_vectors[q], k=10)] for q in QUERIES}
    out["components"] = {
        "query embed": percentiles(_timed(embedder.embed_query, QUERIES)),
        "lexical": out["lexical"],
        "dense": percentiles(_timed(lambda q: store.similarity_search_by_vector(query_vectors[q], k=10), QUERIES)),
        "fusion + rest": percentiles(_timed(lambda q: hybrid.weighted_reciprocal_rank(lists[q]), QUERIES)),
    }
    got = [[d.metadata["id"] for d in lists[q][1]] for q in QUERIES]
    out["dense_recall_at_10"] = recall_at(got, exact_ids(root, size, np.asarray(list(query_vectors.values()),
                                                                                  dtype=np.float32)))
    out["naive_peak_rss_mb"] = peak_rss_mb()
    out["load_after"] = load()
    return out


PHASES = {"embed": phase_embed, "build": phase_build, "search": phase_search, "naive": phase_naive}


# ------------------------------------------------------------------ orchestration

def run_phase(root: Path, phase: str, arg: int) -> dict:
    cmd = [sys.executable, "-m", "eval.bench", "--home", str(root), "--phase", phase, "--arg", str(arg)]
    t = time.perf_counter()
    from core.settings import Settings

    models = os.environ.get("SHUOLI_BENCH_MODELS") or str(Settings().models_dir.resolve())
    env = {**os.environ, "SHUOLI_HOME": str(root), "SHUOLI_BENCH_MODELS": models}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"phase {phase} {arg} failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - t, 1)
    print(f"  {phase} {arg}: {json.dumps(result, ensure_ascii=False)}", file=sys.stderr, flush=True)
    return result


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "0")
    return f"{os.cpu_count()} cores {cpu}, {int(mem) // 2**20} GiB RAM, {platform.system()} {platform.release()}"


def _fmt(d: dict | None) -> str:
    return f"{d['p50']} / {d['p95']}" if d else "–"


def _ratio(product: dict | None, naive: dict | None) -> str:
    if not product or not naive:
        return "–"
    return f"{naive['p95'] / max(product['p95'], 0.05):.1f}×"


def table(embed: dict, rows: list[dict]) -> str:
    lines = [f"embedding (real model, {embed['embed_texts']} texts): {embed['embed_rps']} records/s "
             f"({embed['embed_model']}, {embed['embed_backend']})", "",
             "| records | store rec/s | lexical rec/s (jieba+bm25s) | chroma insert rec/s | disk MB (store/lexical/chroma) "
             "| peak RSS MB build / search / naive |", "|" + "---|" * 6]
    for r in rows:
        b, s, n = r.get("build"), r["search"], r.get("naive")
        build = ([str(b["store_rps"]), str(b["lexical_rps"]), str(b["chroma_rps"]),
                  f"{b['disk_store_mb']}/{b['disk_lexical_mb']}/{b['disk_chroma_mb']}"] if b else ["(reused)"] * 4)
        lines.append(" | ".join([f"| {s['size']:,}", *build,
                                 f"{b['build_peak_rss_mb'] if b else '–'} / {s['search_peak_rss_mb']} / "
                                 f"{n['naive_peak_rss_mb'] if n else '–'}"]) + " |")
    for r in rows:
        s, n = r["search"], r.get("naive") or {}
        nc = n.get("components", {})
        lines += ["", f"**{s['size']:,} records** (load average before/after: product {s.get('load_before')} / "
                  f"{s.get('load_after')}, naive {n.get('load_before', '–')} / {n.get('load_after', '–')}; "
                  f"reader start-up {s['reader_load_s']} s)", "",
                  "| part | product p50 / p95 ms | naive p50 / p95 ms | naive p95 ÷ product p95 |", "|---|---|---|---|"]
        for c in COMPONENTS:
            lines.append(f"| {c} | {_fmt(s['components'][c])} | {_fmt(nc.get(c))} | {_ratio(s['components'][c], nc.get(c))} |")
        for mode in ("lexical", "dense", "hybrid"):
            lines.append(f"| **{mode} search, end to end** | {_fmt(s[mode])} | {_fmt(n.get(mode))} | "
                         f"{_ratio(s[mode], n.get(mode))} |")
        lines.append(f"| dense recall@10 against exact | {s['dense_recall_at_10']} | {n.get('dense_recall_at_10', '–')} | |")
    return "\n".join(lines)


def main() -> None:
    from core.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--embed-sample", type=int, default=500)
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME, help="a scratch SHUOLI_HOME (never the real one)")
    parser.add_argument("--no-naive", action="store_true", help="skip the LangChain baseline")
    parser.add_argument("--reuse", action="store_true",
                        help="search the indexes an earlier run built under --home (no embed or build phase)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--arg", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = args.home.resolve()
    if not args.phase and root == Settings().home.resolve():
        raise SystemExit("--home must be a scratch folder, not the real SHUOLI_HOME")
    if args.phase:
        print(json.dumps(PHASES[args.phase](root, args.arg), ensure_ascii=False))
        return
    root.mkdir(parents=True, exist_ok=True)
    started = datetime.now().isoformat(timespec="seconds")
    embed = (json.loads((root / "bench-results.json").read_text(encoding="utf-8"))["embed"] if args.reuse
             and (root / "bench-results.json").exists() else None)
    if embed is None and args.reuse and (root / "embed.json").exists():
        embed = json.loads((root / "embed.json").read_text(encoding="utf-8"))
    embed = embed or run_phase(root, "embed", args.embed_sample)
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        row = {} if args.reuse else {"build": run_phase(root, "build", size)}
        row["search"] = run_phase(root, "search", size)
        if not args.no_naive:
            row["naive"] = run_phase(root, "naive", size)
        rows.append(row)
    result = {"date": started, "machine": machine(), "embed": embed, "rows": rows, "noise": NOISE,
              "queries": len(QUERIES), "repeats": REPEATS}
    (root / "bench-results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"# shuoli scale bench, {started}, {result['machine']}\n")
    print(f"SYNTHETIC cases (eval/synthetic.py); load vectors = {embed['embed_texts']} real embeddings reused + noise "
          f"{NOISE}, normalised; queries embedded by the real model; {len(QUERIES)} queries × {REPEATS}.\n")
    print(table(embed, rows))


if __name__ == "__main__":
    main()
