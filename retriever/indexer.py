"""Build and update the indexes from the sources: store → dense vectors → lexical index.

Each run reconciles state rather than replaying steps: the record store is brought to the records
the sources produce (by content hash), then the vector store and the lexical index are brought to
the record store. A run killed at any point is finished by the next one, and an unchanged corpus
does no embedding work.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ingest import catalog
from core.records import Record
from core.settings import Settings
from retriever import lexical
from retriever.dense import index_text
from retriever.store import RecordStore, body_digest

ProgressFactory = Callable[[int, str], Callable[[int], None]]


@dataclass
class Failure:
    source: str
    reason: str


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0
    records: int = 0
    versions: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    lexical_only: int = 0  # records searched by words only (not embedded)
    by_type: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def store_path(settings: Settings) -> Path:
    return settings.index_dir / "records.sqlite"


def lexical_root(settings: Settings) -> Path:
    return settings.index_dir / "lexical"


# ------------------------------------------------------------------ sources → records

def catalogue_records(settings: Settings, *, all_sources: bool, report: IngestReport,
                      curated_keys: set[str] | None = None) -> list[Record]:
    """Records of the curated sources (or of every corpus file with `all_sources`). `curated_keys`, when
    given, receives the short_name@version keys of the curated versions (all_sources runs embed only those
    unless told otherwise)."""
    docs = catalog.discover(settings)
    sources = catalog.load_source_list(settings.sources_file)
    chosen = catalog.resolve_versions(catalog.select(docs, None if all_sources else sources),
                                      sources.effective_overrides)
    if curated_keys is not None:
        curated_keys.update(d.key for d in catalog.select(chosen, sources))
    records: list[Record] = []
    for doc in chosen:
        report.files += 1
        try:
            parsed = doc.load()
        except Exception as exc:  # one bad file never stops the others
            report.failures.append(Failure(doc.source, f"{type(exc).__name__}: {exc}"))
            continue
        report.documents += 1
        records.extend(parsed.records)
    report.versions = len({(r.short_name, r.version) for r in records if r.doc_type == "law"})
    return records


def project_records(settings: Settings, laws: list[Record], report: IngestReport) -> list[Record]:
    """The project's own data: case records, benchmark items (authored and derived from statutes)."""
    from ingest import benchmarks, cases, cocitation, conduct_table, conduct_wording, penalty_clauses

    out: list[Record] = []
    decisions = []
    for path in cases.case_files(settings.project_corpus / "cases"):  # seed_cases.yaml, published/*.yaml …
        report.files += 1
        try:
            loaded = cases.load_case_file(path)
            decisions.extend(loaded)
            out.extend(cases.case_to_record(c) for c in loaded)
            report.failures.extend(Failure(f"{path}:{e.line}", e.reason) for e in loaded.errors)
        except Exception as exc:
            report.failures.append(Failure(str(path), f"{type(exc).__name__}: {exc}"))
    for path in sorted((settings.project_corpus / "benchmarks").glob("*.y*ml")):
        report.files += 1
        try:
            out.extend(benchmarks.item_to_record(i) for i in benchmarks.load_benchmark_file(path).items)
        except Exception as exc:
            report.failures.append(Failure(str(path), f"{type(exc).__name__}: {exc}"))
    try:
        versions = {(r.short_name, r.version): r for r in laws}
        sources = catalog.load_source_list(settings.sources_file)
        no_items = set(sources.no_items)
        traders = [r for r in laws if r.short_name not in no_items]
        derived = [i for i in penalty_clauses.derive_items(traders) if _item_allowed(i, sources.items_only)]
        derived = cocitation.complete_conduct_rules(derived, decisions, laws)
        derived = conduct_table.complete_from_table(derived, conduct_table.load_table())
        derived = conduct_wording.complete_by_wording(derived, laws)
        out.extend(_dated_like_its_law(benchmarks.item_to_record(i), versions) for i in derived)
    except Exception as exc:
        report.failures.append(Failure("derived benchmark items", f"{type(exc).__name__}: {exc}"))
    return out


def _item_allowed(item, items_only: dict[str, list[int]]) -> bool:
    """A derived item of a law listed under sources.yaml `items_only` is kept only when it punishes by one of the
    articles listed there."""
    basis = item.penalty_basis[0] if item.penalty_basis else None
    if basis is None:
        return True
    from core.lawnames import short_law_name
    allowed = items_only.get(short_law_name(basis.law))
    return allowed is None or int(basis.article) in allowed


def _dated_like_its_law(record: Record, versions: dict[tuple[str, str], Record]) -> Record:
    """A derived item is valid exactly while the law version it was read from is in force."""
    law = versions.get((record.short_name, record.version))
    if law is not None:
        record.effective, record.expires, record.repealed = law.effective, law.expires, law.repealed
    return record


CASE_FILE_SUFFIXES = (".jsonl", ".csv", ".yaml", ".yml", ".json")


def user_file_records(paths: Iterable[Path], report: IngestReport, *, visibility: str = "public") -> list[Record]:
    """Records of the given files; a folder stands for the supported files below it (recursively). A bad file is
    reported in `report.failures` and the others are still read."""
    from ingest import cases, files

    out: list[Record] = []
    walk_failures: list[files.FileFailure] = []
    for path in files.expand_paths(paths, walk_failures,
                                   suffixes=(*files.SUPPORTED_SUFFIXES, *CASE_FILE_SUFFIXES)):
        report.files += 1
        try:
            if path.suffix.lower() in CASE_FILE_SUFFIXES:
                loaded = cases.load_case_file(path)
                out.extend(cases.case_to_record(c) for c in loaded)
                report.failures.extend(Failure(f"{path}:{e.line}", e.reason) for e in loaded.errors)
            else:
                out.extend(files.load_user_file(path, visibility=visibility))
            report.documents += 1
        except Exception as exc:
            report.failures.append(Failure(str(path), getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"))
    report.failures.extend(Failure(str(f.path), f.reason) for f in walk_failures)
    return out


# ------------------------------------------------------------------ records → indexes

def _dedupe(records: list[Record]) -> list[Record]:
    seen: dict[str, Record] = {}
    for r in records:
        seen.setdefault(r.id, r)
    return list(seen.values())


def sync_store(store: RecordStore, records: list[Record], *, scope: set[str] | None, report: IngestReport) -> None:
    """Bring the store to `records`. Records of sources in `scope` (None: every source) that the
    sources no longer produce are removed; records from other sources are left alone."""
    current = store.hashes()
    wanted = {r.id: r for r in records}
    # a record whose searchable content is the same may still carry other data (an item's conduct rules, a
    # case's fields): it is rewritten, not re-embedded (the dense index follows content_hash)
    bodies = store.body_digests()
    changed = [r for r in records
               if current.get(r.id) != r.content_hash or bodies.get(r.id) != body_digest(r.model_dump_json())]
    report.added = sum(1 for r in changed if r.id not in current)
    report.updated = len(changed) - report.added
    report.unchanged = len(records) - len(changed)
    if scope is None:
        stale = [rid for rid in current if rid not in wanted]
    else:
        stale = [rid for src in scope for rid in store.ids_by_source(src) if rid not in wanted]
    if changed:
        store.upsert(changed)
    if stale:
        store.delete(stale)
    report.removed = len(stale)


def sync_dense(store: RecordStore, settings: Settings, report: IngestReport, progress: ProgressFactory | None) -> None:
    from retriever.dense import DenseIndex

    dense = DenseIndex(settings)
    hashes = store.hashes()
    for rid in store.lexical_only_ids():
        hashes.pop(rid, None)
    have = dense.existing_hashes()
    missing = [rid for rid, h in hashes.items() if have.get(rid) != h]
    extra = [rid for rid in have if rid not in hashes]
    if extra:
        dense.delete(extra)
    if missing:
        records = store.get(missing)
        tick = progress(len(records), "embedding") if progress else None
        t = time.perf_counter()
        dense.upsert(records, progress=tick)
        report.seconds["embed"] = round(time.perf_counter() - t, 1)
    report.embedded = len(missing)


def corpus_fingerprint(store: RecordStore) -> str:
    """The records' contents and the tokeniser's vocabulary: either changing rebuilds the lexical index."""
    from retriever.tokenize import vocabulary_digest

    h = hashlib.sha1(vocabulary_digest().encode())
    for rid, digest in sorted(store.hashes().items()):
        h.update(f"{rid}:{digest}\n".encode())
    return h.hexdigest()


def sync_lexical(store: RecordStore, settings: Settings, report: IngestReport) -> None:
    fingerprint = corpus_fingerprint(store)
    root = lexical_root(settings)
    if store.info("lexical_fingerprint") == fingerprint and (root / "CURRENT").exists():
        return
    t = time.perf_counter()
    records = list(store.iter_records())
    lexical.build(root, [r.id for r in records], [index_text(r) for r in records])
    store.set_info("lexical_fingerprint", fingerprint)
    report.seconds["lexical"] = round(time.perf_counter() - t, 1)


def build_index(settings: Settings, *, paths: list[Path] | None = None, all_sources: bool = False,
                rebuild: bool = False, visibility: str = "public", dense: bool = True, embed_all: bool = False,
                progress: ProgressFactory | None = None) -> IngestReport:
    """Bring the indexes to the sources. With `all_sources`, only the curated sources and the project's
    own records are embedded (the rest of the corpus is searched lexically) unless `embed_all`."""
    report = IngestReport()
    t0 = time.perf_counter()
    if rebuild:
        wipe(settings)
    store = RecordStore(store_path(settings))
    try:
        if paths:
            records = _dedupe(user_file_records(paths, report, visibility=visibility))
            scope = {r.source for r in records}
        else:
            curated: set[str] = set()
            laws = catalogue_records(settings, all_sources=all_sources, report=report, curated_keys=curated)
            records = _dedupe(laws + project_records(settings, [r for r in laws if r.doc_type == "law"], report))
            scope = None
            # Beyond the curated sources, texts and the items derived from them are found by words only.
            lexical_only = [] if embed_all or not all_sources else \
                [r.id for r in records if f"{r.short_name}@{r.version}" not in curated
                 and (r.doc_type in ("law", "guidance") or r.id.startswith("item:") and ":authored:" not in r.id)]
            report.lexical_only = len(lexical_only)
        report.records = len(records)
        report.seconds["load"] = round(time.perf_counter() - t0, 1)
        sync_store(store, records, scope=scope, report=report)
        if not paths:
            store.set_lexical_only(lexical_only)
        if dense:
            sync_dense(store, settings, report, progress)
        sync_lexical(store, settings, report)
        for doc_type, counts in store.stats().items():
            report.by_type[doc_type] = counts["records"]
        store.set_info("indexed_at", time.strftime("%Y-%m-%d %H:%M"))
    finally:
        store.close()
    report.seconds["total"] = round(time.perf_counter() - t0, 1)
    return report


def wipe(settings: Settings) -> None:
    import shutil

    if settings.chroma_url:
        from retriever.dense import COLLECTION, make_client
        client = make_client(settings)
        try:
            client.delete_collection(COLLECTION)
        except Exception:
            pass
    for path in (store_path(settings), lexical_root(settings), settings.index_dir / "chroma"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()
    for side in ("-wal", "-shm"):
        p = store_path(settings).with_name(store_path(settings).name + side)
        if p.exists():
            p.unlink()
