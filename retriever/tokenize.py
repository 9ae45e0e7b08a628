"""Chinese tokenisation for the lexical index: jieba with a legal user dictionary."""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import jieba
import yaml

from core.settings import REPO_ROOT

LEXICON = REPO_ROOT / "corpus" / "lexicon.yaml"
EVERYDAY = REPO_ROOT / "corpus" / "everyday_terms.yaml"
_STOP = set("的 了 是 在 和 与 及 或 或者 等 其 之 对 由 为 以 于 被 把 将 并 并且 而 也 都 就 这 那 有 应当 可以 "
            "本法 规定 依照 按照 我 你 他 她 它 们 吗 呢 吧 啊 怎么 怎么办 什么 如何 哪些 多少 是否 能不能 可不可以 "
            "要 会 能 该 请问 一下 个 条 第".split())
_PUNCT = re.compile(r"^[\W_]+$")
_lock = threading.Lock()
_ready = False


@lru_cache(maxsize=1)
def lexicon() -> dict:
    if LEXICON.exists():
        return yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    return {}


@lru_cache(maxsize=1)
def everyday() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(typo → right word, everyday word → statutory terms) from corpus/everyday_terms.yaml."""
    if not EVERYDAY.exists():
        return {}, {}
    data = yaml.safe_load(EVERYDAY.read_text(encoding="utf-8")) or {}
    words: dict[str, list[str]] = {}
    for group in ("products", "places", "verbs"):
        for word, terms in (data.get(group) or {}).items():
            words.setdefault(str(word), []).extend(str(t) for t in terms or [])
    return {str(k): str(v) for k, v in (data.get("typos") or {}).items()}, words


def fix_typos(query: str) -> str:
    """Homophone slips (听正 → 听证, 年抱 → 年报) corrected before searching."""
    for wrong, right in everyday()[0].items():
        if wrong in query:
            query = query.replace(wrong, right)
    return query


def _init() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(60)
        for word in lexicon().get("terms", []):
            jieba.add_word(word, freq=20000)
        _ready = True


def tokenize(text: str) -> list[str]:
    _init()
    tokens = []
    for tok in jieba.lcut_for_search(text.lower()):
        tok = tok.strip()
        if tok and tok not in _STOP and not _PUNCT.match(tok):
            tokens.append(tok)
    return tokens


def expand_query(query: str) -> str:
    """Append the legal terms that an everyday phrase stands for (过期 → 超过保质期)."""
    extra = [legal for phrase, terms in (lexicon().get("synonyms") or {}).items() if phrase in query
             for legal in terms]
    extra += [legal for word, terms in everyday()[1].items() if word in query for legal in terms]
    extra = [t for t in dict.fromkeys(extra) if t not in query]
    return query + (" " + " ".join(extra) if extra else "")


def tokenize_many(texts: list[str]) -> list[list[str]]:
    return [tokenize(t) for t in texts]
