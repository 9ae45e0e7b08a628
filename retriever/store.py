"""The record store: every indexed record by id, in SQLite, with what exact lookups need.

It is the source of truth the lexical and dense indexes are built from; both hold only ids.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from core.records import NATIONAL, Record, content_hash, in_force


def body_digest(body: str) -> str:
    """A short digest of a record's stored JSON, to tell whether its data changed."""
    return content_hash(body)

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, doc_type TEXT NOT NULL, short_name TEXT, law TEXT, version TEXT, effective TEXT,
    expires TEXT, repealed INTEGER, article INTEGER, article_suffix INTEGER, part INTEGER, region TEXT,
    visibility TEXT, source TEXT, hash TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_article ON records(short_name, article);
CREATE INDEX IF NOT EXISTS records_source ON records(source);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS lexical_only (id TEXT PRIMARY KEY);
"""


class StoreError(RuntimeError):
    pass


class RecordStore:
    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        if not readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.exists():
            raise StoreError(f"no index at {path}: run `shuoli ingest` first")
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        uri = f"file:{self.path}?mode=ro" if self.readonly else f"file:{self.path}"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            if not self.readonly:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the record store {self.path}: {exc}") from exc
        return conn

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._conn:
                yield self._conn
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise StoreError(f"the index at {self.path} is read-only for this user: {exc}") from exc
            raise

    # writing
    def upsert(self, records: Iterable[Record]) -> None:
        rows = [(r.id, r.doc_type, r.short_name, r.law, r.version, r.effective, r.expires, int(r.repealed),
                 r.article, r.article_suffix, r.part, r.region, r.visibility, r.source, r.content_hash,
                 r.model_dump_json()) for r in records]
        with self.transaction() as c:
            c.executemany("INSERT OR REPLACE INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def delete(self, ids: Iterable[str]) -> None:
        with self.transaction() as c:
            c.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in ids])

    def set_info(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO info VALUES (?,?)", (key, value))

    def set_lexical_only(self, ids: Iterable[str]) -> None:
        """The records kept out of the dense index (found by words only); replaces the previous set."""
        with self.transaction() as c:
            c.execute("DELETE FROM lexical_only")
            c.executemany("INSERT OR IGNORE INTO lexical_only VALUES (?)", [(i,) for i in ids])

    # reading
    def lexical_only_ids(self) -> set[str]:
        try:
            return {r[0] for r in self._conn.execute("SELECT id FROM lexical_only")}
        except sqlite3.OperationalError:  # a store written before the table existed, opened read-only
            return set()

    def info(self, key: str, default: str = "") -> str:
        row = self._conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def hashes(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT id, hash FROM records"))

    def body_digests(self) -> dict[str, str]:
        """id → a digest of the stored record as JSON (text, dates and meta: what a search returns), read row by
        row so that only the digests are held (`body_digest`)."""
        return {rid: body_digest(body) for rid, body in self._conn.execute("SELECT id, body FROM records")}

    def ids_by_source(self, source: str) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT id FROM records WHERE source = ?", (source,))]

    def count(self, doc_type: str | None = None) -> int:
        if doc_type:
            return self._conn.execute("SELECT COUNT(*) FROM records WHERE doc_type = ?", (doc_type,)).fetchone()[0]
        return self._conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def get(self, ids: list[str]) -> list[Record]:
        """Records in the order of `ids` (missing ids are skipped)."""
        found: dict[str, Record] = {}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            for rid, body in self._conn.execute(f"SELECT id, body FROM records WHERE id IN ({marks})", chunk):
                found[rid] = Record.model_validate_json(body)
        return [found[i] for i in ids if i in found]

    def iter_records(self, doc_type: str | None = None) -> Iterator[Record]:
        sql, args = "SELECT body FROM records", ()
        if doc_type:
            sql, args = sql + " WHERE doc_type = ?", (doc_type,)
        for (body,) in self._conn.execute(sql + " ORDER BY id", args):
            yield Record.model_validate_json(body)

    def filter_columns(self) -> list[tuple]:
        """(id, doc_type, effective, expires, repealed, region, visibility) for every record, by id."""
        return self._conn.execute("SELECT id, doc_type, effective, expires, repealed, region, visibility "
                                  "FROM records ORDER BY id").fetchall()

    def law_names(self) -> list[tuple[str, str]]:
        return self._conn.execute("SELECT DISTINCT law, short_name FROM records WHERE doc_type = 'law'").fetchall()

    def law_spans(self) -> list[tuple[str, str, str, str]]:
        """(short name, level, oldest version, newest version) of every national law text in the store."""
        return self._conn.execute(
            "SELECT short_name, MAX(json_extract(body, '$.level')), MIN(version), MAX(version) FROM records "
            "WHERE doc_type = 'law' AND region = ? GROUP BY short_name", (NATIONAL,)).fetchall()

    def versions(self, short_name: str) -> list[tuple[str, str, str, bool]]:
        """(version, effective, expires, repealed) of a law, oldest first."""
        rows = self._conn.execute("SELECT DISTINCT version, effective, expires, repealed FROM records "
                                  "WHERE short_name = ? AND doc_type = 'law' ORDER BY version", (short_name,))
        return [(v, e, x, bool(r)) for v, e, x, r in rows]

    def article(self, short_name: str, article: int, *, suffix: int = 0, on: date | str | None = None,
                version: str = "") -> list[Record]:
        """All parts of one article in the version in force on `on` (or the given version)."""
        rows = self._conn.execute(
            "SELECT body, version, effective, expires, repealed FROM records WHERE short_name = ? AND article = ? "
            "AND article_suffix = ? AND doc_type = 'law' ORDER BY version, part", (short_name, article, suffix))
        out = []
        for body, ver, eff, exp, rep in rows:
            if version and ver != version:
                continue
            if not version and on is not None and not in_force(eff, exp, bool(rep), on):
                continue
            out.append(Record.model_validate_json(body))
        return out

    def law_records(self, short_name: str, version: str) -> list[Record]:
        """Every record of one version of a law (articles or, for a text without articles, its passages),
        in reading order."""
        rows = self._conn.execute(
            "SELECT body FROM records WHERE short_name = ? AND version = ? AND doc_type IN ('law', 'guidance') "
            "ORDER BY article, article_suffix, part, id", (short_name, version))
        return [Record.model_validate_json(b) for (b,) in rows]

    def stats(self) -> dict:
        rows = self._conn.execute("SELECT doc_type, COUNT(*), COUNT(DISTINCT short_name || '@' || version) "
                                  "FROM records GROUP BY doc_type").fetchall()
        return {dt: {"records": n, "documents": d} for dt, n, d in rows}
