"""Circumstance phrases: the reader on short excerpts written by independent writers (eval/gold/phrases, format in
its SPEC.md; written 2026-12-05 by writers who saw neither the product nor any case set): an officer (p1), small
merchants (p2), a legal reviewer (p3), a rural township officer (p5) and a retail and e-commerce compliance manager (p6)
and (twentieth session) a district officer's notes, body-camera transcripts and shopkeepers' voice messages (p8) and
(twenty-first) a city brigade's reports, Q&A records, chat voice messages and online sellers' statements (p10) and
(twenty-second) a prefecture bureau clerk's records from markets, canteens, workshops and village online shops (p12) and
an inland county's case handler's records, dictated statements and village notes (p14) and (twenty-third) a merchants'
lawyer's statements of defence and reconsideration requests, decisions, published cases and clients' voice messages
(p15) and a southern township officer's records, group-chat retellings and shopkeepers' written statements and correction
reports (p17) and (twenty-fourth) a city special-equipment and metrology inspector's records with factory managers',
filling-station and market-stall owners' statements (p18) and a central-China county office's records, reviews, case
discussions, shopkeepers' plain answers and statements of defence (p20) and (twenty-fifth) courts', reviewers',
prosecutors' and lawyers' words quoting case files beside a party's plain statement (p22) — tuned
on — and a journalist / 12315 worker (p4), a court's administrative chamber (p7) and a legal reviewer, a reconsideration
office and consumers' complaint letters (p9) and a farming county's township notes, case discussions, follow-ups,
hearings and shopkeepers' spoken answers (p11) and a cadre-school trainer's excerpts from case discussions, reviews,
hearings and reconsideration replies (p13) and a county bureau's legal reviewer's opinions, case discussions, records,
merchants' messages and hotline notes (p16) and a provincial e-commerce and complaints team's patrol records, complaint
checks, mediation notes, sellers' and live-streamers' answers and platforms' replies (p19) and a provincial
reconsideration office's and a court's administrative chamber's decisions, judgments, replies, applications and hearing
records (p21) and a township station's handwritten notes, grid workers' reports, live-stream recordings, merchants'
voice messages and 12315 complaints (p23) — held out. `pos` and `neg`
excerpts must be read as the key (negated for `neg`), `none` excerpts (a question, an order not carried out, a rule
stated in general, another person's act …) as neither. `python -m eval.phrases [--show KEY|all]` (--show prints the
tuned writers' misses only)."""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from eval.cases import PUBLIC_KEYS

FOLDER = Path(__file__).parent / "gold" / "phrases"
SETS = {"tuned": ("phrases_p1.jsonl", "phrases_p2.jsonl", "phrases_p3.jsonl", "phrases_p5.jsonl", "phrases_p6.jsonl",
                  "phrases_p8.jsonl", "phrases_p10.jsonl", "phrases_p12.jsonl",
                  "phrases_p14.jsonl", "phrases_p15.jsonl", "phrases_p17.jsonl", "phrases_p18.jsonl",
                  "phrases_p20.jsonl", "phrases_p22.jsonl"),
        "held": ("phrases_p4.jsonl", "phrases_p7.jsonl", "phrases_p9.jsonl", "phrases_p11.jsonl", "phrases_p13.jsonl",
                 "phrases_p16.jsonl", "phrases_p19.jsonl", "phrases_p21.jsonl", "phrases_p23.jsonl")}


def score(files: tuple[str, ...], show: str | None = None) -> dict[str, Counter]:
    from assistant.circumstances import find_circumstances

    stats: dict[str, Counter] = defaultdict(Counter)
    for name in files:
        for line in (FOLDER / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key, polarity, text = row["key"], row["polarity"], row["text"]
            got = {PUBLIC_KEYS[c.key] for c in find_circumstances(text) if c.key in PUBLIC_KEYS}
            if polarity in ("pos", "neg"):
                ok = (key, polarity == "neg") in got
                stats[key][f"{polarity}_{'read' if ok else 'missed'}"] += 1
            else:
                ok = not ({(key, False), (key, True)} & got)
                stats[key]["none_" + ("clear" if ok else "false_read")] += 1
            if not ok and show in (key, "all"):
                print(f"{'MISS' if polarity != 'none' else 'FALSE'} {key} {polarity}: {text}")
    return stats


def table(stats: dict[str, Counter]) -> str:
    def row(label: str, c: Counter) -> str:
        return (f"| {label} | {c['pos_read']}/{c['pos_read'] + c['pos_missed']} | {c['neg_read']}/{c['neg_read'] + c['neg_missed']}"
                f" | {c['none_false_read']}/{c['none_false_read'] + c['none_clear']} |")

    lines = ["| key | pos read | neg read | none falsely read |", "|---|---|---|---|"]
    total = Counter()
    for key, c in sorted(stats.items()):
        total.update(c)
        lines.append(row(key, c))
    return "\n".join(lines + [row("**all**", total)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the misses of one key (or all)")
    args = parser.parse_args()
    for name, files in SETS.items():
        print(f"\n{name} ({', '.join(files)})\n" + table(score(files, args.show if name == "tuned" else None)))


if __name__ == "__main__":
    main()
