"""Text measures shared by the floors above: CJK character bigrams, robust to wording where word splits differ."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]+")


def cjk_bigrams(text: str) -> set[str]:
    """Distinct CJK character bigrams of `text` (runs of Han characters; other characters break a run)."""
    return {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
