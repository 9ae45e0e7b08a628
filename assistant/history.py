"""Conversations and feedback, kept in SQLite under SHUOLI_HOME (conversations.sqlite).

A conversation holds its turns (user text; assistant text with its sources and assessment summary) and
the slots the conversation reader carries over, so a conversation continues after a page refresh.
👍/👎 with a note is stored per answer for the office to review (`shuoli feedback --json`).
Export: Markdown and DOCX.
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from core.settings import Settings, get_settings

DB_NAME = "conversations.sqlite"
TITLE_CHARS = 24
SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, persona TEXT NOT NULL DEFAULT 'officer',
  created TEXT NOT NULL, updated TEXT NOT NULL, slots TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')), text TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
  created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS messages_conv ON messages(conversation_id, id);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, message_id INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), note TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
  question TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL DEFAULT '');
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def title_of(text: str) -> str:
    one = re.sub(r"\s+", " ", text).strip()
    return one if len(one) <= TITLE_CHARS else one[: TITLE_CHARS - 1] + "…"


class HistoryStore:
    """Thread-safe; one connection per store, serialised by a lock (Streamlit reruns in threads)."""

    def __init__(self, path: Path | str | None = None, settings: Settings | None = None):
        if path is None:
            home = (settings or get_settings()).home
            home.mkdir(parents=True, exist_ok=True)
            path = home / DB_NAME
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._db.row_factory = sqlite3.Row
        with self._lock, self._db:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    # -------------------------------------------------------------- conversations

    def create(self, title: str = "新对话", persona: str = "officer") -> str:
        cid = uuid.uuid4().hex[:12]
        now = _now()
        with self._lock, self._db:
            self._db.execute("INSERT INTO conversations (id, title, persona, created, updated) VALUES (?,?,?,?,?)",
                             (cid, title, persona, now, now))
        return cid

    def list(self, limit: int = 50) -> list[dict]:
        with self._lock:
            rows = self._db.execute("SELECT id, title, persona, created, updated FROM conversations "
                                    "ORDER BY updated DESC, rowid DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    def get(self, cid: str) -> Optional[dict]:
        with self._lock:
            row = self._db.execute("SELECT * FROM conversations WHERE id = ?", (cid,)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["slots"] = json.loads(d["slots"] or "{}")
        return d

    def delete(self, cid: str) -> bool:
        with self._lock, self._db:
            self._db.execute("DELETE FROM messages WHERE conversation_id = ?", (cid,))
            cur = self._db.execute("DELETE FROM conversations WHERE id = ?", (cid,))
        return cur.rowcount > 0

    def add_message(self, cid: str, role: str, text: str, payload: dict | None = None) -> int:
        now = _now()
        with self._lock, self._db:
            cur = self._db.execute("INSERT INTO messages (conversation_id, role, text, payload, created) "
                                   "VALUES (?,?,?,?,?)",
                                   (cid, role, text, json.dumps(payload or {}, ensure_ascii=False), now))
            self._db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, cid))
            if role == "user":  # the first question names the conversation
                n = self._db.execute("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND role = 'user'",
                                     (cid,)).fetchone()[0]
                if n == 1:
                    self._db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title_of(text), cid))
        return int(cur.lastrowid)

    def set_slots(self, cid: str, slots: dict) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE conversations SET slots = ? WHERE id = ?",
                             (json.dumps(slots, ensure_ascii=False), cid))

    def messages(self, cid: str) -> list[dict]:
        with self._lock:
            rows = self._db.execute("SELECT id, role, text, payload, created FROM messages WHERE conversation_id = ? "
                                    "ORDER BY id", (cid,)).fetchall()
        return [{**dict(r), "payload": json.loads(r["payload"] or "{}")} for r in rows]

    # -------------------------------------------------------------- feedback

    def add_feedback(self, cid: str, message_id: int, rating: int, note: str = "") -> int:
        if rating not in (-1, 1):
            raise ValueError("rating must be 1 (👍) or -1 (👎)")
        msgs = self.messages(cid)
        answer = next((m for m in msgs if m["id"] == message_id and m["role"] == "assistant"), None)
        if answer is None:
            raise KeyError(f"no answer {message_id} in conversation {cid}")
        question = next((m["text"] for m in reversed(msgs) if m["id"] < message_id and m["role"] == "user"), "")
        with self._lock, self._db:
            cur = self._db.execute("INSERT INTO feedback (conversation_id, message_id, rating, note, created, question, "
                                   "answer) VALUES (?,?,?,?,?,?,?)",
                                   (cid, message_id, rating, note.strip(), _now(), question, answer["text"]))
        return int(cur.lastrowid)

    def feedback(self, limit: int = 1000) -> list[dict]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    # -------------------------------------------------------------- export

    def to_markdown(self, cid: str) -> str:
        conv = self.get(cid)
        if conv is None:
            raise KeyError(cid)
        return conversation_markdown(conv["title"], self.messages(cid))

    def to_docx(self, cid: str) -> bytes:
        conv = self.get(cid)
        if conv is None:
            raise KeyError(cid)
        return conversation_docx(conv["title"], self.messages(cid))


def _sources_lines(payload: dict) -> list[str]:
    out = []
    for s in payload.get("sources", [])[:8]:
        if s.get("doc_type") == "law":
            out.append(f"- 《{s.get('law')}》{s.get('article_label') or ''}（{s.get('version') or ''} 版）")
        elif s.get("citation") or s.get("title"):
            out.append(f"- {s.get('citation') or s.get('title')}")
    return out


def conversation_markdown(title: str, messages: list[dict]) -> str:
    lines = [f"# {title}", ""]
    for m in messages:
        if m["role"] == "user":
            lines += [f"## 问：{title_of(m['text'])}", "", m["text"], ""]
        else:
            lines += ["**答：**", "", m["text"], ""]
            src = _sources_lines(m.get("payload") or {})
            if src:
                lines += ["**依据**", ""] + src + [""]
    return "\n".join(lines).strip() + "\n"


def conversation_docx(title: str, messages: list[dict]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    for m in messages:
        if m["role"] == "user":
            doc.add_heading("问：" + title_of(m["text"]), level=2)
            doc.add_paragraph(m["text"])
            continue
        doc.add_paragraph().add_run("答：").bold = True
        for block in m["text"].split("\n"):
            text = re.sub(r"\*\*|^> |^\*|\*$", "", block.strip())
            if text:
                doc.add_paragraph(text)
        src = _sources_lines(m.get("payload") or {})
        if src:
            doc.add_paragraph().add_run("依据").bold = True
            for line in src:
                doc.add_paragraph(line.removeprefix("- "), style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
