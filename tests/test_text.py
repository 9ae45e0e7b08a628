"""core/text.py: the sentence around a span."""
from core.text import sentence_around


def test_the_sentence_around_a_span_stops_at_the_sentence_ends():
    text = "店主称家庭困难。讨论：家庭困难不影响定性；建议罚款"
    at = text.index("不影响")
    assert sentence_around(text, (at, at + 3)) == "讨论：家庭困难不影响定性"
    assert sentence_around(text, (0, 2)) == "店主称家庭困难"
    assert sentence_around(text, (len(text) - 2, len(text))) == "建议罚款"
