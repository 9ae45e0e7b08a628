"""The embedding second signal for circumstances (assistant/circumstance_semantic.py), with the real e5 embedder.
Thresholds are set explicitly here: the test checks the mechanism (add / ask / fall back), not a calibration."""
from __future__ import annotations

import pytest

from assistant import circumstance_semantic as sem
from assistant.circumstances import find_circumstances

REFUND = "事后店主联系上每位顾客把差价补给了他们。"  # no rule or bank expression reads this wording


def test_off_switch_falls_back_to_the_rules(monkeypatch):
    monkeypatch.setenv("SHUOLI_SEMANTIC_CIRCUMSTANCES", "0")
    assert not sem.enabled()
    assert sem.semantic_circumstances(REFUND, find_circumstances(REFUND)) == ([], [])


def test_exemplars_load_and_name_known_keys():
    keys = {k for k, _, _ in sem.load_exemplars()}
    assert {"corrected", "harm_none", "cooperated", "mitigated_harm"} <= keys


@pytest.mark.skipif(not sem.enabled(), reason="no embedding model on this machine")
def test_a_close_clause_adds_the_circumstance_and_says_how(monkeypatch):
    assert "mitigated_harm" not in {c.key for c in find_circumstances(REFUND)}
    monkeypatch.setattr(sem, "ACCEPT", 0.90)
    monkeypatch.setattr(sem, "MARGIN", 0.02)
    added, questions = sem.semantic_circumstances(REFUND, find_circumstances(REFUND))
    hit = [c for c in added if c.key == "mitigated_harm"]
    assert hit and "语义相似度" in hit[0].label and REFUND[hit[0].span[0]:hit[0].span[1]] == hit[0].quote


@pytest.mark.skipif(not sem.enabled(), reason="no embedding model on this machine")
def test_a_suggestive_clause_is_asked_not_added(monkeypatch):
    monkeypatch.setattr(sem, "ACCEPT", 0.999)
    monkeypatch.setattr(sem, "ASK", 0.90)
    added, questions = sem.semantic_circumstances(REFUND, find_circumstances(REFUND))
    assert not added and any("是否属于" in q for q in questions)


@pytest.mark.skipif(not sem.enabled(), reason="no embedding model on this machine")
def test_never_added_beside_a_reading_on_the_same_topic(monkeypatch):
    # (a promise to refund later: the refusal stands — a refund told as done afterwards would end it, see
    # test_a_refusal_refunded_in_full_afterwards_is_the_harm_made_good)
    facts = "当事人拒不退还多收的款项。店主说以后会挨个给买过的顾客打电话退钱。"
    found = find_circumstances(facts)
    assert "harm_not_mitigated" in {c.key for c in found}
    monkeypatch.setattr(sem, "ACCEPT", 0.90)
    added, _ = sem.semantic_circumstances(facts, found)
    assert not [c for c in added if c.key == "mitigated_harm"]
    # the same clause alone is close enough to be added: it is the reading on the topic that keeps it out
    alone, _ = sem.semantic_circumstances(facts, [c for c in found if c.key != "harm_not_mitigated"])
    assert [c for c in alone if c.key == "mitigated_harm"]
