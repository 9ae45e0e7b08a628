"""core.amounts: the one place amounts, multiples, thresholds and fines are worded and thresholds checked."""
from __future__ import annotations

import pytest

from core.amounts import (FINE_BASE_OF_CIRCUMSTANCE, FINE_BASE_OF_LABEL, describe_fine, fine_words, holds,
                          threshold_words, times, yuan)


@pytest.mark.parametrize("value, statute, figures, compact", [
    (10_000, "一万元", "10,000元", "1万元"), (2_000, "二千元", "2,000元", "2000元"),
    (150_000, "十五万元", "150,000元", "15万元"), (1.5, "1.5元", "1.50元", "1.5元"),
    (86_000, "八万六千元", "86,000元", "8.6万元")])
def test_one_amount_in_each_style(value, statute, figures, compact):
    assert (yuan(value), yuan(value, "figures"), yuan(value, "compact")) == (statute, figures, compact)


def test_multiples():
    assert (times(10), times(10, "compact"), times(0.5, "compact"), times(1.5)) == ("十倍", "10倍", "50%", "1.5倍")


def test_fines_and_thresholds_are_worded_like_the_statute():
    assert fine_words("fixed", 50_000, 100_000) == "五万元以上十万元以下罚款"
    assert fine_words("multiple", 10, 20, "货值金额") == "货值金额十倍以上二十倍以下罚款"
    assert fine_words("fixed", None, 10_000) == "一万元以下罚款"
    assert describe_fine("fixed", 50_000, 100_000, condition=("货值金额", "<", 10_000)) == \
        "货值金额不足一万元的，处五万元以上十万元以下罚款"
    assert describe_fine("fixed", 50_000, 200_000, condition=("违法所得", "<=", 0), style="compact") == \
        "没有违法所得的，处5万元以上20万元以下罚款"
    assert threshold_words("货值金额", ">=", 10_000, "figures") == "货值金额10,000元以上的，"


def test_a_stated_bound_is_probed_inside_it():
    assert holds("<", 10_000, 3_000) and not holds(">=", 10_000, 3_000)
    assert holds("<", 10_000, 10_000, "<") and not holds(">=", 10_000, 10_000, "<")  # 不足一万元
    assert holds(">=", 10_000, 10_000, ">=") and not holds("<", 10_000, 10_000, ">=")


def test_one_table_of_amount_words():
    assert FINE_BASE_OF_LABEL["货值"] == FINE_BASE_OF_CIRCUMSTANCE["goods_value"] == "货值金额"
    assert FINE_BASE_OF_LABEL["获利"] == FINE_BASE_OF_CIRCUMSTANCE["illegal_income"] == "违法所得"
