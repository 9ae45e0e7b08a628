"""Every hand-edited YAML file of the corpus is read with core.tables.read_yaml: a key given twice in one mapping is an
error naming the file and the line, never a silent replacement of the first entry."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import REPO_ROOT
from core.tables import read_yaml


def test_a_key_given_twice_is_an_error_naming_file_key_and_line(tmp_path):
    words = tmp_path / "everyday_terms.yaml"
    words.write_text("verbs:\n  开瓶费: [收费, 价外加价]\n  杀熟: [同等交易条件]\n  开瓶费: [格式条款]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"everyday_terms\.yaml: duplicate key '开瓶费' \(line 4\)"):
        read_yaml(words)
    # the same word in two groups, and a merge key overridden by the mapping's own key, are no duplicates
    words.write_text("products:\n  开瓶费: [收费]\nverbs:\n  开瓶费: [格式条款]\nbase: &b {laws: [价格法], tier: 一般}\n"
                     "entries:\n  - {<<: *b, laws: [消费者权益保护法]}\n", encoding="utf-8")
    data = read_yaml(words)
    assert data["products"]["开瓶费"] == ["收费"] and data["verbs"]["开瓶费"] == ["格式条款"]
    assert data["entries"][0] == {"laws": ["消费者权益保护法"], "tier": "一般"}


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "corpus").rglob("*.yaml")), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_the_corpus_files_hold_no_key_twice(path: Path):
    read_yaml(path)  # raises on a duplicate key
    assert path.stat().st_size > 0
