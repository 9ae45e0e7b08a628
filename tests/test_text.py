"""core/text.py: the sentence around a span."""
from core.text import sentence_around


def test_the_sentence_around_a_span_stops_at_the_sentence_ends():
    text = "店主称家庭困难。讨论：家庭困难不影响定性；建议罚款"
    at = text.index("不影响")
    assert sentence_around(text, (at, at + 3)) == "讨论：家庭困难不影响定性"
    assert sentence_around(text, (0, 2)) == "店主称家庭困难"
    assert sentence_around(text, (len(text) - 2, len(text))) == "建议罚款"


def test_the_reading_view_writes_chat_dates_and_breaks_in_full_and_points_back():
    from core.text import reading_view

    text = "张哥问个事 26年2.26做了笔录 09年6月生的 还剩2 个成品 货值2.26万"
    view, back = reading_view(text)
    # a space before a figure is kept (货值 2.26万 stays one clause); one between two words is a break
    assert view == "张哥问个事 2026年2月26日做了笔录 2009年6月生的，还剩2 个成品，货值2.26万"
    assert len(back) == len(view)
    start = view.index("2009年6月")
    assert text[back[start]:back[start + len("2009年6月生") - 1] + 1] == "09年6月生"
    # a dated range written with dots, a figure with its unit kept whole
    assert reading_view("2026.2.10—2.16期间")[0] == "2026年2月10日—2月16日期间"
    assert reading_view("GB 2760标准")[0] == "GB 2760标准"
    # a span of months with 月 said once, after a year in two digits (26年1到3月卖…)
    assert reading_view("26年1到3月卖标某某商标的运动鞋", today_year=2026)[0] == "2026年1月到3月卖标某某商标的运动鞋"
    assert reading_view("2025年3-5月")[0] == "2025年3月-5月" and reading_view("第3到5项")[0] == "第3到5项"


def test_the_reading_view_reads_dialect_words_as_the_common_ones():
    from core.text import reading_view

    text = "没得人说贵，啥子问题都没得。"
    view, back = reading_view(text)
    assert view == "没有人说贵，什么问题都没有。"
    assert len(back) == len(view) and text[back[view.index("什么")]:back[view.index("什么")] + 2] == "啥子"


def test_the_reading_view_reads_cantonese_as_the_common_words():
    from assistant.circumstances import find_circumstances, keys_of
    from core.text import reading_view

    view, _ = reading_view("佢即刻将啲过期奶粉搬落嚟，冇驳嘴。")
    assert view == "他立即将些过期奶粉搬下来，没有驳嘴。"
    assert "系统" in reading_view("收银系统显示")[0] and "食品" in reading_view("食品")[0]  # Mandarin words kept
    assert "corrected" in keys_of(find_circumstances("我哋一开声佢即刻将啲过期奶粉搬落嚟。"))
    assert "harm_not_mitigated" in keys_of(find_circumstances("个客投诉咗三次，佢都唔肯退钱。"))
