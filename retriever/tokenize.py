"""Chinese tokenisation for the lexical index: jieba with a legal user dictionary."""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import jieba

from core.settings import REPO_ROOT
from core.tables import read_yaml

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
        return read_yaml(LEXICON) or {}
    return {}


@lru_cache(maxsize=1)
def _everyday_data() -> dict:
    """corpus/everyday_terms.yaml as read (empty where it is missing)."""
    return (read_yaml(EVERYDAY) or {}) if EVERYDAY.exists() else {}


@lru_cache(maxsize=1)
def everyday() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(typo → right word, everyday word → statutory terms) from corpus/everyday_terms.yaml."""
    data = _everyday_data()
    words: dict[str, list[str]] = {}
    for group in ("products", "places", "verbs"):
        for word, terms in (data.get(group) or {}).items():
            words.setdefault(str(word), []).extend(str(t) for t in terms or [])
    return {str(k): str(v) for k, v in (data.get("typos") or {}).items()}, words


def fix_typos(query: str) -> str:
    """Homophone slips (听正 → 听证, 年抱 → 年报) corrected before searching: the listed ones, then any stretch of
    the question that is no word but sounds exactly like one domain term (see `homophones`)."""
    for wrong, right in everyday()[0].items():
        if wrong in query:
            query = query.replace(wrong, right)
    return fix_homophones(query)


# A typed question's slips are mostly a character of the same sound (建康证, 欺炸, 头诉): a stretch of 2–4 characters
# that is not itself a word (jieba's dictionary, the domain vocabulary) and reads, toneless, exactly as one domain
# term differing in one character, is that term. The stretch starts and ends where jieba's words do, so it never
# joins the ends of two words (期限是 → 限时); longer stretches first; a word that exists (权力) is never changed,
# nor a changed character that makes a commoner word as written (价格公式), and a sound two terms share changes nothing.
HOMOPHONE_LENGTHS = (4, 3, 2)
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def domain_terms() -> frozenset[str]:
    """The domain vocabulary: the lexicon's terms and synonyms, the everyday words and the statutory terms they
    map to, and the typo list's right words."""
    lex = lexicon()
    words: set[str] = set(lex.get("terms") or [])
    for phrase, terms in (lex.get("synonyms") or {}).items():
        words.add(str(phrase))
        words.update(str(t) for t in terms or [])
    typos, everyday_words = everyday()
    words.update(typos.values())
    for word, terms in everyday_words.items():
        words.add(word)
        words.update(terms)
    return frozenset(w for w in words if 2 <= len(w) <= max(HOMOPHONE_LENGTHS) and _HAN.fullmatch(w))


@lru_cache(maxsize=1)
def _sounds() -> dict[tuple[str, ...], list[str]] | None:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # without it, the listed slips only
        return None
    out: dict[tuple[str, ...], list[str]] = {}
    for word in sorted(domain_terms()):
        out.setdefault(tuple(lazy_pinyin(word)), []).append(word)
    return out


@lru_cache(maxsize=1)
def _one_char_off() -> frozenset[str]:
    """Every domain term with one character masked (健康证 → ?康证, 健?证, 健康?): a stretch can only be one slip
    from a term when one of its masks is here, so the sound is computed for those stretches alone."""
    return frozenset(term[:i] + "?" + term[i + 1:] for term in domain_terms() for i in range(len(term)))


def _is_word(text: str) -> bool:
    return jieba.dt.FREQ.get(text, 0) > 0 or text in domain_terms()


_FUNCTION_CHARS = set("的了是在和与及或其之对由为以于被把将并而也都就这那有我你他她它们吗呢吧啊个该此每各")


def _commoner_as_written(piece: str, term: str) -> bool:
    """Whether the changed character forms, with a neighbour, a word more common than the term's own there
    (价格公式: 公式 is commoner than 公示, so it was meant; 建康证: 建康 is rarer than 健康)."""
    at = next(i for i, (a, b) in enumerate(zip(piece, term)) if a != b)
    if piece[at] in _FUNCTION_CHARS:  # 按其日销售额: a function word is what was meant, not 七日
        return True
    freq = jieba.dt.FREQ
    for lo in (at - 1, at):
        if 0 <= lo and lo + 2 <= len(piece) and freq.get(piece[lo:lo + 2], 0) >= max(1, freq.get(term[lo:lo + 2], 0)):
            return True
    return False


def fix_homophones(query: str) -> str:
    sounds = _sounds()
    if not sounds:
        return query
    from pypinyin import lazy_pinyin

    _init()
    out = []
    for run in re.split(r"([\u4e00-\u9fff]+)", query):
        if not _HAN.fullmatch(run or " "):
            out.append(run)
            continue
        chars = list(run)
        bounds, at = {0}, 0  # where jieba's words start and end: a stretch must not cut a word (期限|是 is no 限是)
        for token in jieba.lcut(run):
            at += len(token)
            bounds.add(at)
        near = _one_char_off()
        i = 0
        while i < len(chars):
            for n in HOMOPHONE_LENGTHS:
                piece = "".join(chars[i:i + n])
                if (len(piece) < n or i not in bounds or i + n not in bounds
                        or not any(piece[:j] + "?" + piece[j + 1:] in near for j in range(n)) or _is_word(piece)):
                    continue
                found = sounds.get(tuple(lazy_pinyin(piece)), [])
                if len(found) == 1 and sum(a != b for a, b in zip(found[0], piece)) == 1 \
                        and not _commoner_as_written(piece, found[0]):
                    chars[i:i + n] = list(found[0])
                    i += n - 1
                    break
            i += 1
        out.append("".join(chars))
    return "".join(out)


def _init() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(60)
        for word in lexicon().get("terms", []):
            jieba.add_word(word, freq=20000)
        _ready = True


def vocabulary_digest() -> str:
    """What the tokenisation of indexed text depends on (the user dictionary and the stop words): the lexical index is
    rebuilt when it changes, since the documents' tokens change with it."""
    import hashlib
    words = sorted(str(w) for w in lexicon().get("terms", []))
    return hashlib.sha1(("\n".join(words) + "\x00" + " ".join(sorted(_STOP))).encode()).hexdigest()


def tokenize(text: str) -> list[str]:
    _init()
    tokens = []
    for tok in jieba.lcut_for_search(text.lower()):
        tok = tok.strip()
        if tok and tok not in _STOP and not _PUNCT.match(tok):
            tokens.append(tok)
    return tokens


# A farm product named as what a processed food is made of (牛肉辣椒酱, 牛肉面, 鸡蛋饼, 草莓酱, 辣白菜味薯片) is no farm product sold as it
# comes (食用农产品): the word is followed, within the food's name, by the head of the food it makes.
_PROCESSED_HEAD = re.compile(r"[\u4e00-\u9fff]{0,2}?[酱丸饼饺脯肠罐糕羹粥酥]|干(?!净)|粉(?!丝)|汤|面(?!积)|包(?!装)|松|串"
                             r"|味(?!道)|片(?!区|刻)")  # (a flavour or a crisp: 辣白菜味薯片, 苹果片)


# A licence or a registration the question says the party has (执照倒是有, 营业执照有了, 只有营业执照, 证照都齐全): it is
# not what the question is about, so its legal terms are not added (the licence it lacks is).
_LICENCE_TERMS = ("登记", "营业执照", "许可证", "许可", "备案")
_HAS_AFTER = re.compile(r"(?:倒是|倒|是|都|也|已经|已|早就|早|还)?(?:有了|有|办了|办好了|办下来了|齐全|都有|都在|在)"
                        r"(?![^，。；？?]{0,3}(?:吗|么|没|不|过期|到期|失效))")
_HAS_BEFORE = re.compile(r"(?<![没未无])(?:只有|就有|持有|已有|都有|有|办了|办好了|已办|已经办了|已经有)(?:的|个|张|了)?$")


def possessed(word: str, query: str, start: int) -> bool:
    """Whether the occurrence of `word` at `start` is of a licence the party is said to have."""
    before = query[max(0, start - 8):start].removesuffix("营业")
    return bool(_HAS_AFTER.match(query, start + len(word)) or _HAS_BEFORE.search(before))


@lru_cache(maxsize=1)
def _other_senses() -> dict[str, tuple[str, ...]]:
    """everyday word → the longer words it occurs inside in another sense (`inside:` of corpus/everyday_terms.yaml:
    保过 in 低保过活 is no exam guarantee)."""
    return {str(w): tuple(str(p) for p in phrases or []) for w, phrases in (_everyday_data().get("inside") or {}).items()}


def _inside_other(word: str, query: str, at: int) -> bool:
    """Whether the occurrence of `word` at `at` lies inside one of its other-sense words."""
    return any(m.start() <= at and at + len(word) <= m.end()
               for p in _other_senses().get(word, ()) for m in re.finditer(re.escape(p), query))


def said(word: str, query: str, terms: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether an everyday word occurs in `query` in its own sense: not inside a longer word of another sense (`inside:`),
    a farm product (mapped to 食用农产品) only where it is not the first part of a processed food's name; a licence word
    not where the party is said to have it."""
    if word not in query:
        return False
    if word in _other_senses() and all(_inside_other(word, query, m.start()) for m in re.finditer(re.escape(word), query)):
        return False
    licence = any(t in _LICENCE_TERMS for t in terms)
    if not licence and "食用农产品" not in terms:
        return True  # most words: their occurrence is enough
    found = [m.start() for m in re.finditer(re.escape(word), query)]
    if licence:
        found = [i for i in found if not possessed(word, query, i)]
    if "食用农产品" in terms:
        found = [i for i in found if not _PROCESSED_HEAD.match(query, i + len(word))]
    return bool(found)


# What someone else said of the asker's own business, where the asker calls it made up (同行发帖说我家卤味用的是病死猪肉，纯属
# 瞎编): the question is about the false story, not about the conduct it tells of — the story's content is left out of the
# search (its opening 说我家 stays: it names the smear).
_DENIED_STORY = re.compile(r"瞎编|胡编|乱编|造谣|没这回事|没有的事|子虚乌有|捏造|污蔑|诬陷|纯属(?:虚构|编造|谣言|诽谤)|根本没(?:有)?(?:这|那)(?:回)?事")
_STORY = re.compile(r"(?P<head>(?:说|称|传|造谣说|发帖说|发视频说)(?:我家|我们家|我们|我店|本店|我们店|我的店|咱家))[^，,。；;？?！!]{1,30}")


def without_denied_stories(query: str) -> str:
    """`query` without the content of a story about the asker that the asker denies (see _DENIED_STORY)."""
    if not _DENIED_STORY.search(query):
        return query
    return _STORY.sub(lambda m: m.group("head"), query)


def expand_query(query: str) -> str:
    """Append the legal terms that an everyday phrase stands for (过期 → 超过保质期)."""
    extra = [legal for phrase, terms in (lexicon().get("synonyms") or {}).items() if said(phrase, query, terms)
             for legal in terms]
    extra += [legal for word, terms in everyday()[1].items() if said(word, query, terms) for legal in terms]
    extra = [t for t in dict.fromkeys(extra) if t not in query]
    return query + (" " + " ".join(extra) if extra else "")


def tokenize_many(texts: list[str]) -> list[list[str]]:
    return [tokenize(t) for t in texts]
