"""Which discretion items a penalty question is answered with when its words match no item directly: the items whose
clauses the search found, the best-placed clause first (real law files, a lexical index of their own)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import answer, gather, item_basis, query_terms, search_filter
from core.lawnames import short_law_name

AS_OF = "2026-12-06"
SHORT_WEIGHT = "我们小区门口的水果店，秤好像不准，买了5斤橘子回家一称只有4斤3两，可以去哪里告他？店家会被怎么处理"


def _dense_index(tmp_path_factory, index_home, sources: str):
    """A retriever over an index of its own (a sources file in tests/), searched with both signals (words and the
    embedding model), sharing the session's materialised model."""
    from core.settings import Settings
    from retriever.indexer import build_index
    from retriever.search import Retriever

    home = tmp_path_factory.mktemp(Path(sources).stem)
    (home / "models").symlink_to((index_home / "models").resolve(), target_is_directory=True)
    settings = Settings(home=home, sources_file=Path(__file__).parent / sources, chroma_url="")
    assert build_index(settings).records > 0
    return Retriever(settings)


@pytest.fixture(scope="module")
def scale_retriever(tmp_path_factory, index_home):
    """Its own index over tests/scale_sources.yaml."""
    r = _dense_index(tmp_path_factory, index_home, "scale_sources.yaml")
    yield r
    r.close()


def test_a_one_character_word_with_a_legal_sense_is_a_term():
    assert "秤" in query_terms(SHORT_WEIGHT)
    assert "买" not in query_terms(SHORT_WEIGHT)


UNVERIFIED = "水果店用的秤没有检定，怎么罚"
SHORT_AT_MARKET = "菜市场卖菜的秤缺斤少两，摊主怎么罚"


def _rank_of(ev, item) -> int:
    from assistant.answer import _key, item_basis
    return min(ev.matched_rank.get(_key(b), 99) for b in item_basis(item))


def test_candidate_items_follow_the_place_the_search_gave_their_clauses(scale_retriever):
    ev = gather(SHORT_AT_MARKET, scale_retriever, search_filter("officer", AS_OF, None))
    assert len(ev.items) >= 2
    ranks = [_rank_of(ev, i) for i in ev.candidates]
    assert ranks == sorted(ranks) and ranks[0] < 99
    assert "计量" in ev.items[0]["meta"]["penalty_basis"][0]["law"]


@pytest.mark.parametrize("question", [UNVERIFIED, SHORT_AT_MARKET, "水果摊的秤不准，少称了顾客的分量，怎么处罚？"])
def test_a_penalty_question_quotes_what_the_search_found_first_and_keeps_the_first_items_clause(scale_retriever, question):
    ev = gather(question, scale_retriever, search_filter("officer", AS_OF, None))
    penalty = ev.items[0]["meta"]["penalty_basis"][0]
    quoted = [(s["short_name"], s["article"]) for s in ev.laws]
    assert (penalty["law"], penalty["article"]) in quoted
    assert "penalty_basis_of" not in (ev.laws[0].get("via") or {}), "the first article quoted is one the search found"


def test_the_answer_asks_with_the_measurement_item_first(scale_retriever):
    a = answer(SHORT_AT_MARKET, retriever=scale_retriever, persona="officer", as_of=AS_OF, region=None)
    assert a.flagged == []
    candidates = a.text.split("**可能适用的情形", 1)[1].split("**还需确认**", 1)[0]
    first = next(line for line in candidates.splitlines() if line.startswith("- "))
    assert "计量" in first


def test_counts_and_spans_of_time_are_no_terms_and_an_everyday_phrase_is_one():
    terms = query_terms("我在抖音上卖自己家做的辣椒酱，一个月几十单，需要办什么证吗？")
    assert "抖音" in terms, "a platform's name is one word (not 抖 + 音上)"
    assert not {"一个月", "几十", "一个", "自己"} & set(terms), "a count or a span of time says how much, not what"
    assert "办什么证" in terms, "the phrase the tokens split stands for its legal terms (许可, 营业执照)"
    assert "怎么罚" not in query_terms("经营过期食品货值不足一万元怎么罚"), "an asking phrase is no term"


@pytest.mark.parametrize("question, adds", [("电子秤坏了还能接着用吗？", True),
                                            # the search itself finds this one's penalty clauses (a tuning writer's
                                            # worked question is close): nothing is left to add
                                            ("加油站的加油机多久要检定一次？", False)])
def test_a_question_of_duty_quotes_what_the_search_found_before_an_items_penalty_clause(scale_retriever, question, adds):
    ev = gather(question, scale_retriever, search_filter("officer", AS_OF, None))
    added = [i for i, s in enumerate(ev.laws) if "penalty_basis_of" in (s.get("via") or {})]
    found = [i for i, s in enumerate(ev.laws) if "penalty_basis_of" not in (s.get("via") or {})]
    assert found and bool(added) == adds
    assert not added or max(found) < min(added)
    # where nothing is added, the search found an item's penalty clause itself
    quoted = {(s["short_name"], s["article"]) for s in ev.laws}
    penalties = {(short_law_name(b["law"]), int(b["article"])) for item in ev.items for b in item_basis(item)
                 if b["role"] == "penalty"}
    assert ev.items and penalties & quoted


@pytest.fixture(scope="module")
def feed_retriever(tmp_path_factory, index_home):
    """Its own index over tests/feed_sources.yaml."""
    r = _dense_index(tmp_path_factory, index_home, "feed_sources.yaml")
    yield r
    r.close()


def test_a_punishing_text_without_items_found_first_offers_no_other_laws_items(feed_retriever):
    """A question the search answers first with an adjacent rule that has no violation items (饲料和饲料添加剂管理条例:
    feed without a label) does not offer 食品安全法's food-label items as its candidates; it says which article governs."""
    assert feed_retriever.punishes_without_items("饲料和饲料添加剂管理条例", "2017-03-01")
    assert not feed_retriever.punishes_without_items("食品安全法", "2025-09-12")
    question = "饲料店卖的饲料没有标签怎么处罚"
    flt = search_filter("officer", AS_OF, None)
    ev = gather(question, feed_retriever, flt)
    assert ev.laws[0]["short_name"] == "饲料和饲料添加剂管理条例"
    assert ev.candidates == [] and ev.items == [] and ev.unlisted.startswith("《饲料和饲料添加剂管理条例》第")
    for persona in ("officer", "merchant"):
        a = answer(question, retriever=feed_retriever, persona=persona, as_of=AS_OF)
        assert "饲料和饲料添加剂管理条例" in a.text and "食品添加剂的标签" not in a.text and not a.direct
    # a food question in the same index keeps its items
    food = gather("超市卖没有标签的预包装食品怎么处罚", feed_retriever, flt)
    assert food.candidates and not food.unlisted
