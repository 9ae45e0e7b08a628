"""Law titles: the one rule that turns a national law's full title into the short name the project keys laws by.

The alias resolver (abbreviations, common names, regional titles) lives in retriever/law_names.py and uses this."""
from __future__ import annotations

import re

PRC = "中华人民共和国"
# The chapter of a law that punishes (法律责任 in 法律 and 行政法规, 罚则 in many 规章).
PENALTY_CHAPTER = re.compile(r"法律责任|罚则")
# The rules of procedure and discretion that govern every penalty case and name no conduct of their own.
GENERAL_PENALTY_LAWS = ("行政处罚法", "关于规范市场监督管理行政处罚裁量权的指导意见", "市场监督管理行政处罚程序规定")


def laws_of(provisions) -> set[str]:
    """The short names of the laws of `provisions` (anything with a `law`)."""
    return {short_law_name(p.law) for p in provisions}


def short_law_name(name: str) -> str:
    """中华人民共和国食品安全法 → 食品安全法; other titles unchanged (surrounding spaces dropped). The prefix alone
    is not a law name and stays as it is. Book-title marks are the caller's: strip them first where they occur."""
    s = name.strip()
    return s[len(PRC):].strip() if s.startswith(PRC) and len(s) > len(PRC) else s


# Sector words in law titles: an item of a sector law answers only a question about that sector, and two laws that
# share one are on the same subject (特种设备安全法 / 特种设备安全监察条例).
SECTORS = ("化妆品", "医疗器械", "药品", "特种设备", "食品", "计量", "广告", "商标", "价格", "电子商务", "农产品",
           "认证", "专利", "传销", "直销", "登记", "生产许可", "特种作业")
