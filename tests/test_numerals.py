import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.numerals import (Amount, Threshold, cn_to_int, find_amounts, find_thresholds, int_to_cn, parse_number,
                             normalize_digits, parse_amount)


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十五", 25), ("一百零一", 101), ("一百一十", 110),
    ("一千零一十", 1010), ("二〇二一", 2021), ("123", 123), ("１２３", 123), ("3千", 3000),
    ("十万零五百", 100500), ("一亿二千万", 120_000_000), ("两百", 200), ("壹佰零伍", 105), ("零", 0), ("百", 100),
    ("2.5万", 25_000), ("1,234", 1234),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("bad", ["", "万", "十十", "百千", "两三", "一点五", "abc", "1.5", "1万5", "一万五"])
def test_cn_to_int_rejects(bad):
    with pytest.raises(ValueError):
        cn_to_int(bad)


@pytest.mark.parametrize("n,text", [
    (0, "零"), (10, "十"), (12, "十二"), (101, "一百零一"), (110, "一百一十"), (1010, "一千零一十"),
    (10010, "一万零一十"), (100000, "十万"), (100500, "十万零五百"), (120_000_000, "一亿二千万"),
])
def test_int_to_cn(n, text):
    assert int_to_cn(n) == text


def test_int_to_cn_round_trip_exhaustive():
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 100_001))


@given(st.integers(min_value=1, max_value=100_000))
def test_int_to_cn_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


@given(st.integers(min_value=0, max_value=10**13))
def test_int_to_cn_round_trip_large(n):
    assert cn_to_int(int_to_cn(n)) == n


@pytest.mark.parametrize("text,value", [
    ("8.6万元", 86_000), ("一万元", 10_000), ("五十万", 500_000), ("106.09万余元", 1_060_900),
    ("20420元", 20_420), ("1,234.5元", 1234.5), ("十万零五百元", 100_500), ("3千元", 3000),
    ("1万", 10_000), ("两千五百元", 2500), ("一万五", 15_000), ("壹万贰仟元整", 12_000),
    ("约3000元", 3000), ("十余万元", 100_000), ("２０４２０元", 20_420), ("人民币5000元", 5000),
    ("¥1,000元", 1000), ("3000元左右", 3000), ("2万多元", 20_000),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["2.4倍", "万元", "50%", "3千克", "1万5", "两三万元", "百万元", "第十条",
                                  "数万元", "", "元", "几十万元"])
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


def _one(text: str) -> list[tuple[float, str, str, bool]]:
    return [(a.value, a.text, a.label, a.approx) for a in find_amounts(text)]


def test_some_after_a_round_number_is_an_approximate_amount():
    # 六十几万元, 十几万元: "some" after a round number, read as its lower bound like 十余万元 and 十多万元; 几十万元
    # (which ten?) stays vague
    assert [(a.value, a.approx) for a in find_amounts("大概六十几万元吧，另有十几万元")] == [(600_000, True), (100_000, True)]
    assert find_amounts("几十万元") == []


def test_find_amounts_labels_and_approx():
    text = "经查，当事人货值金额3000元，违法所得2.04万余元。"
    amounts = find_amounts(text)
    assert [(a.value, a.label, a.approx) for a in amounts] == [(3000, "货值金额", False),
                                                               (20400, "违法所得", True)]
    for a in amounts:
        assert text[a.span[0]:a.span[1]] == a.text
    assert amounts[1].text == "2.04万余元"


def test_find_amounts_label_forms():
    assert _one("货值不足一万元") == [(10000, "一万元", "货值", False)]
    assert _one("销售金额为人民币 3,000元") == [(3000, "人民币 3,000元", "销售额", False)]
    assert _one("共计罚没款人民币壹万贰仟元整") == [(12000, "人民币壹万贰仟元整", "罚没", False)]
    assert _one("货值金额为3000") == [(3000, "3000", "货值金额", False)]  # label makes a bare number money
    assert _one("货值金额１２３４元") == [(1234, "１２３４元", "货值金额", False)]
    assert _one("退还消费者货款800元") == [(800, "800元", "退还", False)]


def test_find_amounts_label_does_not_jump_amounts_or_clauses():
    # 5000元 is the fine (label after it), not 违法所得.
    assert _one("没收违法所得1000元并处5000元罚款") == [(1000, "1000元", "违法所得", False),
                                                  (5000, "5000元", "罚款", False)]
    assert _one("违法所得已退还。另查明，库存价值800元") == [(800, "800元", "", False)]
    far = "违法所得的认定依据当事人提供的销售记录及证人证言共计2000元"
    assert find_amounts(far)[0].label == ""


def test_find_amounts_ranges_share_label():
    assert _one("违法所得1万至5万元") == [(10000, "1万", "违法所得", False), (50000, "5万元", "违法所得", False)]
    assert [a.label for a in find_amounts("处五万元以上十万元以下罚款")] == ["罚款", "罚款"]
    assert [a.value for a in find_amounts("处5万-10万元罚款")] == [50000, 100000]
    assert [a.value for a in find_amounts("罚款1-5万元")] == [10000, 50000]
    assert [a.value for a in find_amounts("罚款2000-5万元")] == [2000, 50000]


@pytest.mark.parametrize("text", [
    "罚款一并缴纳", "数十万元", "违法所得几十万元", "GB2760-2014 3千克", "统一元件", "货值金额五倍以上十倍以下罚款",
    "2021年3月10日", "第十条", "违法所得一律没收", "罚款2次",
])
def test_find_amounts_ignores_non_money(text):
    assert find_amounts(text) == []


def test_find_thresholds():
    assert find_thresholds("货值金额不足一万元的") == [Threshold("货值金额", "<", 10000, (0, 9))]
    assert find_thresholds("货值金额一万元以上不满五万元的") == [
        Threshold("货值金额", ">=", 10000, (0, 9)), Threshold("货值金额", "<", 50000, (9, 14))]
    assert find_thresholds("不足五千元") == [Threshold("", "<", 5000, (0, 5))]
    assert find_thresholds("违法所得超过2万元") == [Threshold("违法所得", ">", 20000, (0, 9))]
    assert find_thresholds("货值金额在一万元以下") == [Threshold("货值金额", "<=", 10000, (0, 10))]
    assert find_thresholds("货值金额为3000元") == []
    base, op, value, span = find_thresholds("违法所得不超过五千元")[0]
    assert (base, op, value, span) == ("违法所得", "<=", 5000, (0, 10))


def test_normalize_digits_keeps_length():
    s = "货值１２３４．５元"
    assert normalize_digits(s) == "货值1234.5元" and len(normalize_digits(s)) == len(s)


@given(st.integers(min_value=1, max_value=10**9))
def test_parse_amount_round_trip_yuan(n):
    assert parse_amount(f"{n}元") == n
    assert parse_amount(f"{n:,}元") == n
    assert parse_amount(f"{n}万元") == n * 10_000


@given(st.integers(min_value=1, max_value=9999))
def test_parse_amount_round_trip_chinese(n):
    assert parse_amount(int_to_cn(n) + "元") == n
    assert parse_amount(int_to_cn(n) + "万元") == n * 10_000


@given(st.decimals(min_value="0.01", max_value="99999.99", places=2))
def test_parse_amount_round_trip_decimal_wan(d):
    assert parse_amount(f"{d}万元") == pytest.approx(float(d) * 10_000)


@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(["货值金额", "违法所得", "罚款", "销售额"]))
def test_find_amounts_in_sentence(n, label):
    text = f"经查，当事人{label}{n}元，已责令改正。"
    [amount] = find_amounts(text)
    assert (amount.value, amount.label, amount.text) == (n, label, f"{n}元")
    assert text[amount.span[0]:amount.span[1]] == amount.text


_NOISE = st.text(alphabet=st.sampled_from(list(
    "一二三四五六七八九十百千万亿零两余多约元整以上下不足满超过第条款项货值金额违法所得罚款"
    "，。；、（）()0123456789.,%¥１２３ \n😀🚀𝔘\u3000")), max_size=60)


@settings(max_examples=300)
@given(st.one_of(_NOISE, st.text(max_size=60)))
def test_fuzz_never_raises(text):
    for amount in find_amounts(text):
        assert isinstance(amount, Amount)
        assert text[amount.span[0]:amount.span[1]] == amount.text
        assert amount.value >= 0
    for threshold in find_thresholds(text):
        assert threshold.op in ("<", "<=", ">", ">=")
    parse_amount(text)


def test_wan_without_yuan_after_a_word_of_money():
    assert [a.value for a in find_amounts("金额五十来万。")] == [500_000]
    assert [a.value for a in find_amounts("货款三万多，")] == [30_000]
    assert find_amounts("一共五万个口罩") == [] and find_amounts("他有十万个理由") == []


@pytest.mark.parametrize("text,value,label", [
    ("多掏的钱合计2.4万，认定为违法所得", 24000, "违法所得"),  # named in its own clause after the figure
    ("挣了4.1万算违法所得", 41000, "违法所得"),
    ("算下来值1860块", 1860, "货值"),  # worth, said plainly
    ("经营额两万三", 23000, "违法经营额"),
    ("五一这几天收了1340，", 1340, ""),  # a bare figure right after a word only money follows
    ("卖掉的加剩下的，算下来六千八百二。", 6820, ""),  # a figure in words with 千 after a word of money
    ("一共一千八百七十二块的货。", 1872, "货值"),  # goods worth the figure
])
def test_amounts_as_people_say_them(text, value, label):
    found = find_amounts(text)
    assert [(a.value, a.label) for a in found] == [(value, label)]


@pytest.mark.parametrize("text", ["卖了30，", "增值200元", "峰值3000元", "库存价值800元"])
def test_figures_that_are_not_the_worth_of_the_goods(text):
    assert not [a for a in find_amounts(text) if a.label == "货值"]


@pytest.mark.parametrize("text, value", [
    ("宣传单页系自行印制，印制费用约六百元。", 600), ("当事人投放费用达43万元。", 430_000),
    ("传单印制及推送费用约9600元。", 9_600), ("印刷费就三百多块。", 300)])
def test_what_publishing_an_ad_cost_is_its_ad_fee(text, value):
    """广告法's fines are counted on 广告费用: the printing or placing of the advertisement is what it cost."""
    fees = [a for a in find_amounts(text) if a.label == "广告费用"]
    assert [a.value for a in fees] == [value]


def test_a_printing_fee_the_party_received_is_no_ad_fee():
    assert not [a for a in find_amounts("当事人按设计稿印制罐标12万张，收取印制费1.2万元。") if a.label == "广告费用"]


@pytest.mark.parametrize("text, value", [("398", 398), ("5.8", 5.8), ("七十八", 78), ("一百", 100), ("两", 2), ("四十九", 49),
                                         ("３９８", 398), ("盒", None)])
def test_a_bare_number_in_figures_or_chinese(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, label, value", [
    # a label glossed by another in brackets right before the figure: the first names it
    ("按售价计违法经营额（货值）三万六千元。", "违法经营额", 36_000),
    ("违法所得（获利）500元", "违法所得", 500),
    # a bracketed label alone still labels the figure after it
    ("库存（货值）3600元", "货值", 3_600),
])
def test_a_glossed_label_names_the_figure(text, label, value):
    [a] = find_amounts(text)
    assert (a.label, a.value) == (label, value)


def test_an_interview_answer_that_gives_a_unit_price_then_a_total_labels_the_total():
    from core.numerals import find_amounts
    got = [(a.value, a.label) for a in find_amounts("问：这6包值多少钱？答：采购价每包12元，共72元。")]
    assert got == [(12.0, ""), (72.0, "货值")]
    assert [(a.value, a.label) for a in find_amounts("问：这批货值多少？答：一千块出头")] == [(1000.0, "货值")]
    # a total said with 一 is no unit price
    assert [(a.value, a.label) for a in find_amounts("问：值多少？答：一共72元，另外那批80元。")] == [(72.0, "货值"), (80.0, "")]


def test_a_unit_price_in_any_goods_measure_word_leaves_the_total_labelled():
    from core.numerals import find_amounts
    # 台 and 双 are measure words of goods like 包: 一台800元 is the price of one, the total after it is what was asked
    got = [(a.value, a.label) for a in find_amounts("问：这批电暖器值多少？答：一台800元，5台一共4000元。")]
    assert got == [(800.0, ""), (4000.0, "货值")]
    got = [(a.value, a.label) for a in find_amounts("问：鞋子值多少？答：一双120元，共20双2400元。")]
    assert got == [(120.0, ""), (2400.0, "货值")]
