"""Retrieval evaluation: Recall@1/5/10 and MRR@10 on the gold questions for lexical, dense, hybrid
and a naive LangChain baseline, plus warm search latency. `shuoli eval` / `python -m eval.retrieval`."""
from __future__ import annotations

import json
import re
import platform
import time
from datetime import date
from pathlib import Path

from core.settings import get_settings

GOLD_DIR = Path(__file__).parent / "gold"
# The public sets written independently of the project (read in place, never copied into the repo).
PUBLIC_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
KS = (1, 5, 10)
# `--set`: the project's own sets, the public question set by half (tune on odd ids only; even is the honest
# estimate) and STARD layperson questions (never tuned on). "report" runs the five reported sets.
# "helper-a" / "helper-b": questions written by two independent writers for this project (eval/gold/questions_hq*.jsonl,
# 2026-12-03, who saw neither the product nor the other sets): helper-a may be tuned on, helper-b is held out.
# "helper-c": a third writer's questions (questions_hqc.jsonl, 2026-12-03, same conditions), may be tuned on.
# "helper-d": a fourth writer's 60 questions (questions_hqd.jsonl, 2026-12-04, same conditions; half of them consumers'
# first-person accounts as posted on Q&A sites), may be tuned on.
# "helper-e-odd" / "helper-e-even": a fifth writer's 60 questions (questions_hqe.jsonl, 2026-12-04, same conditions),
# three in four answered by a 行政法规 or 部门规章 (食品经营许可和备案管理办法, 明码标价规定, 登记管理条例实施细则 …),
# where the public even half misses most: tuned on the odd ids, the even ids reported.
# "helper-f" / "helper-g": two more writers (2026-12-05, same conditions): 60 small-business owners' questions, most asked
# before they act (questions_hqf.jsonl, may be tuned on), and 60 of officers on a case in hand and of consumers telling
# what happened to them (questions_hqg.jsonl, held out).
# "helper-h" / "helper-i": two more (2026-12-05, twentieth session, same conditions): 50 of township officers and small
# merchants in chat groups (questions_hqh.jsonl, may be tuned on) and 50 of consumers on Q&A sites, 12345 call notes and
# in-house counsel (questions_hqi.jsonl, held out); then 50 of district officers asking their legal section for the rule
# broken and the fine (questions_hqj.jsonl, may be tuned on) and 50 of elderly consumers, their children, rural
# shopkeepers and township officers (questions_hqk.jsonl, held out); then 50 from a 12315 hotline, a consumers'
# association and a legal-aid line (questions_hql.jsonl, may be tuned on) and 50 from a training class of new officers and
# a county town's policy session (questions_hqm.jsonl, held out).
# "helper-n" / "helper-o" (2026-12-05, twenty-first session, same conditions): 50 questions as posted on legal-advice
# sites, most consumers' own accounts of what happened (questions_hqn.jsonl, may be tuned on), and 50 as told to a 12315
# community hotline and a consumers' chat group (questions_hqo.jsonl, held out); "helper-p" / "helper-q": 50 of district
# officers describing what they found and asking the rule broken and its penalty (questions_hqp.jsonl, may be tuned on)
# and 50 of new officers' after-inspection questions in work jargon (questions_hqq.jsonl, held out); "helper-r" / "helper-s":
# 50 sent to a chamber of commerce's compliance desk, mostly merchants (questions_hqr.jsonl, may be tuned on), and 50 sent to
# a newspaper's consumer column by readers, shop owners and officers (questions_hqs.jsonl, held out).
# "helper-t" / "helper-u" (2026-12-05, twenty-second session, same conditions): 50 from a county town's merchants' chat
# group and its market-supervision liaison (questions_hqt.jsonl, may be tuned on), and 50 from an evening paper's Q&A
# column: consumers' letters, shop owners and officers in jargon (questions_hqu.jsonl, held out); "helper-v" / "helper-w"
# (same session): 50 from a coastal county's stall keepers, homestays, tea shops, tour-bus stops and its inspectors
# (questions_hqv.jsonl, may be tuned on), and 50 from a marketplace's compliance desk and a big-city bureau's legal
# section (questions_hqw.jsonl, held out); "helper-x": 50 from an inland county's shops, village pharmacies, noodle
# restaurants, a school, a gas station, elderly buyers and its case handlers (questions_hqx.jsonl, may be tuned on).
# "helper-y" / "helper-z" (2026-12-05, twenty-third session, same conditions): 50 from small business owners (online
# shops, tea and barbecue shops, beauty salons, building materials, opticians, used cars, tutoring), angry consumers
# and officers in shorthand (questions_hqy.jsonl, may be tuned on), and 50 from newly hired officers on 定性, procedure
# and discretion, village and town merchants in rural speech and consumers on their rights (questions_hqz.jsonl, held out).
# "helper-zc" / "helper-zd" (2026-12-06, twenty-fourth session, same conditions): 50 from a WeChat group of small
# business owners (noodle shop, fruit stall, phone repair, barber, bakery, online shop) and their bureau's hotline
# (questions_hqzc.jsonl, may be tuned on), and 50 from a county's newly recruited officers on special equipment,
# metrology, quality, trademarks, competition, ads, pharmacies, registration and procedure (questions_hqzd.jsonl, held out).
# "helper-ze" (the same session): 50 from a month of a city bureau's online legal-help desk — consumers, merchants and
# officers of other bureaus, long messages with background (questions_hqze.jsonl, may be tuned on).
# "helper-zf" (2026-12-06, twenty-fifth session, same conditions): 50 from a provincial consumer association's and
# market-supervision bureau's joint service account — consumers, merchants and officers (questions_hqzf.jsonl, held out).
# "helper-zg" / "helper-zh" (the same session): 50 from a farming township's market-supervision station's walk-in and
# phone log — farmers, village shops, banquet cooks, elderly buyers of health products, the station's officers
# (questions_hqzg.jsonl, may be tuned on), and 50 from a city catering and food-industry association's compliance
# training — chains, central kitchens, delivery shops, food-safety managers, its lawyer and the bureau's speaker
# (questions_hqzh.jsonl, held out).
# "helper-zi" / "helper-zj" (the same session's end): 50 from a city's service centre for individual businesses — hardware,
# car washes, flowers, laundries, pet shops, small hotels, their customers and the centre's staff (questions_hqzi.jsonl,
# may be tuned on), and 50 from a provincial radio call-in programme on consumer and business law — retirees, young
# parents, riders, rural shopkeepers, online sellers, off-duty officers (questions_hqzj.jsonl, held out).
# "helper-zk" / "helper-zl" (2026-12-06, twenty-sixth session, same conditions): 50 collected by the admin of a small town's
# shop owners' chat group — merchants typing on phones, some customers, a visiting officer (questions_hqzk.jsonl, may be
# tuned on), and 50 from a provincial training centre's new grassroots officers on field placement, with the shopkeepers'
# and residents' questions put to them (questions_hqzl.jsonl, held out). "helper-zm" / "helper-zn" (the same session, scored on
# arrival on its final code): 50 from a neighbourhood committee's legal-help desk — elderly buyers of health products and
# prepaid cards, parents, street-food sellers, small online sellers, grid workers (questions_hqzm.jsonl, may be tuned on),
# and 50 from a regional supermarket chain's compliance log — store managers, buyers, marketing, customer service, the
# inspectors' questions (questions_hqzn.jsonl, held out).
# "helper-zo" / "helper-zp" (2026-12-06, twenty-seventh session, same conditions): 50 from a grain-and-livestock county —
# officers of farm-input shops, meat stalls, village supermarkets, rural banquets and clinics' devices, their merchants and
# villagers typing on phones in dialect (questions_hqzo.jsonl, may be tuned on), and 50 from a big city's district bureau —
# platforms, live streams, prepaid cards, medical beauty, training ads, procedure and credit repair, its merchants and
# white-collar consumers' long complaints (questions_hqzp.jsonl, held out). "helper-zq" / "helper-zr" / "helper-zs" (the same
# session): 50 from a city's 12345 hotline passed to the bureau — duty officers, a filling station, scenic-area and liquor
# shops, funeral goods, rambling residents with wrong law names (questions_hqzq.jsonl, may be tuned on); 50 from a
# development zone's branch — small factories, certification, labels, trade shows, cross-border sellers, small buyers,
# reviewers on evidence and hearings (questions_hqzr.jsonl, held out); 50 from a tourist and ethnic-minority region —
# scenic-spot stalls, homestays, silver and tea shops, tour-bus stops, hurried tourists (questions_hqzs.jsonl, may be tuned on).
# "helper-zt" / "helper-zu" (2026-12-06, twenty-eighth session, same conditions): 50 posted on a free legal-advice forum —
# consumers and small shopkeepers telling their story at length, with typos and wrong terms, and a few officers
# (questions_hqzt.jsonl, may be tuned on; arrived at R@5 1.00, all-gold 0.86), and 50 from a newly hired officer's first
# months — what to cite on patrol and in cases, procedure, and the merchants' and consumers' questions put to them
# (questions_hqzu.jsonl, held out; arrived at 0.96 / 0.72).
# "helper-zv" / "helper-zw" (the same session, scored on arrival after HQZT joined the worked questions): 50 from a county
# town's WeChat group of small-business owners — restaurants, a bakery, a pharmacy, an optician, a used-car lot, online
# sellers — in short chat messages with voice-to-text errors (questions_hqzv.jsonl, may be tuned on; 0.96 / 0.74), and 50
# from a 12345/12315 hotline's log passed to the bureau — callers' long mixed complaints with the operator's question,
# and officers' follow-ups on handling them (questions_hqzw.jsonl, held out; 0.94 / 0.50).
# "helper-zx" / "helper-zy" (2026-12-06, twenty-ninth session, same conditions, scored on arrival on the session's start):
# 50 as posted on legal-advice forums and Q&A sites — consumers and small merchants telling their story first, rambling,
# with typos, and a few officers (questions_hqzx.jsonl, may be tuned on; kept out of the worked questions; 0.98 / 0.82), and
# 50 from a township office in the north that handles everything — special equipment, metrology, registration, workshops,
# markets, pharmacies — in officers' jargon and abbreviations, with the counter's merchants and consumers
# (questions_hqzy.jsonl, held out; 0.80 / 0.64).
# "helper-zz" (2026-12-06, thirtieth session, same conditions, scored on arrival on the session's start): 50 relayed by a
# county self-employed association's hotline into a WeChat group as callers said them — barbers, hardware, breakfast,
# baby goods, opticians, scrap, driving and tutoring schools, homestays, the station's officers and consumers — run-on,
# with typos, pinyin initials (sc证, yyzz) and two questions at once (questions_hqzz.jsonl, held out).
# "helper-ya" (the same session): 50 collected by a county town's bookkeeping agent from ~200 small clients — registration,
# annual reports, address changes, the abnormal-operation list, licences, labels, price tags, receipts, penalties and
# credit repair — in plain words with wrong legal terms (questions_hqya.jsonl, may be tuned on; kept out of the worked
# questions). Codes after zz run ya, yb ….
# "helper-yb" / "helper-yc" (2026-12-06, thirty-first session, same conditions, scored on arrival on the session's start):
# 50 typed up by a city consumer association's hotline volunteer as callers and web-form users asked them — consumers
# cheated by shops, gyms, online sellers, courses, used-car dealers, food stalls, and worried small shop owners — mostly
# stories ending in a question (questions_hqyb.jsonl, may be tuned on; kept out of the worked questions), and 50 kept by a
# legal-aid lawyer from a legal-consultation app, copied with their wording and typos (questions_hqyc.jsonl, held out).
# "helper-yd" (2026-12-06, thirty-second session, scored on arrival on the session's start): 50 as posted on a county's
# 12315 web form and in a small town's legal-aid WeChat group — older people, farmers buying seed and fertiliser, parents,
# delivery riders, corner-shop owners, shop tenants, in dialect-flavoured spoken words (questions_hqyd.jsonl, may be tuned
# on; kept out of the worked questions).
# "helper-ye" (2026-12-07, thirty-third session, scored on arrival on the session's start: R@5 49/50, all-gold 32/50): 50 as
# city people post on free legal-advice websites — renters, parents buying milk powder and toys, used cars, phones and
# courses bought online, gym and salon cards, illness after a meal, small online sellers facing complaints
# (questions_hqye.jsonl, may be tuned on; kept out of the worked questions).
# "helper-yg" (2026-12-07, thirty-third session, scored on arrival on the session's start: R@5 46/50, all-gold 41/50): 50
# short questions as typed into a search engine's Q&A section or a short-video app's comments, most without the story
# (questions_hqyg.jsonl, may be tuned on; kept out of the worked questions).
# "helper-yf" (2026-12-07, thirty-third session, scored on arrival on the session's start: R@5 48/50, all-gold 32/50): 50 as
# asked by middle-aged people of a prefecture city on a government hotline's web page and in an owners' group — renovation
# materials, appliances, health products sold to their parents, scales, lifts, gas, training fees, street shops' licences
# (questions_hqyf.jsonl, held out).
# "helper-yh" / "helper-yi" (2026-12-07, thirty-fourth session, scored on arrival on the session's start): 50 as grown-up
# children and old people message a 12315 volunteer — health products sold at meetings, massage beds and hearing aids, old
# people's tours, care homes and community canteens, prepaid cards of shops that close, pharmacies, market scales
# (questions_hqyh.jsonl, may be tuned on; kept out of the worked questions; R@5 45/50, all-gold 22/50), and 50 from a
# county self-employed association's WeChat group — licences, labels and receipts, promotion words, prizes, member cards,
# professional complainants, a fine notice just received (hearing, review, instalments) — mostly small merchants
# (questions_hqyi.jsonl, held out; R@5 46/50, all-gold 30/50).
# "helper-yj" / "helper-yk" (the same session, later, same conditions): 50 from small online sellers and creators in a
# sellers' community — words in titles and live streams, samples and gifts, rivals' reports, fake orders, returns, home
# bakeries, imports without Chinese labels — with buyers of the same groups (questions_hqyj.jsonl, may be tuned on; kept
# out of the worked questions; R@5 45/50, all-gold 29/50), and 50 from grass-roots officers in a training course's Q&A
# and study group — which article to cite, old and new law, one act under two laws, first offences, time limits,
# referral, hearings, confiscation, who the party is — with questions relayed from merchants and consumers
# (questions_hqyk.jsonl, held out; R@5 50/50, all-gold 37/50).
# "helper-yl" / "helper-ym" (2026-12-07, thirty-fifth session, scored on arrival on the session's start): 50 written down at
# the service desk of a 山东 agricultural and small-commodities wholesale market — stall holders, restaurant buyers, the
# operator's entry-check and quick-test staff, consumers and the post's officers, in market slang (questions_hqyl.jsonl,
# may be tuned on; kept out of the worked questions; R@5 40/50, all-gold 29/50), and 50 transcribed from a 西南 prefecture
# city's 12345 hotline calls passed to the bureau and its officers' work group, in spoken dialect with wrong law names
# (questions_hqym.jsonl, held out; R@5 45/50, all-gold 34/50).
# "helper-yn" / "helper-yo" (2026-12-07, thirty-sixth session, scored on arrival on the session's start): 50 from the
# compliance group of a 浙江 e-commerce sellers' association — family workshops selling food, cosmetics and produce on
# Taobao, Pinduoduo and Douyin, their customer service, buyers and the local officers, in platform jargon (链接, 详情页,
# 刷单, 好评返现, 预售, 团长) (questions_hqyn.jsonl, may be tuned on; kept out of the worked questions; R@5 43/50, all-gold
# 28/50), and 50 from a 河北 county bureau's duty phone and officers' group — elderly villagers (health lectures, seeds and
# fertiliser, village banquets, gas cylinders, funeral goods, private clinics), county-town shopkeepers and township
# officers on procedure, discretion and referral (questions_hqyo.jsonl, held out; R@5 45/50, all-gold 27/50).
# "helper-yp" / "helper-yq" (2026-12-07, thirty-seventh session, scored on arrival on the session's start): 50 from the
# counter and 12315 line of a 云南 tourist town's 所 — guesthouses, flower cakes and pu'er tea, jade shops accused of
# forced shopping, wild-mushroom restaurants, scenic-area prices, tourists, with voice-input slips (questions_hqyp.jsonl,
# held out; R@5 46/50, all-gold 32/50), and 50 relayed by a 山东 county's 个体劳动者协会 — village supermarkets, barbecue
# stalls, 煎饼 and 馒头 workshops, farm-supply shops, scales at markets, live-streaming farmers, in the story-first
# words of its members; 20 of its 158 gold provisions are of 山东's 小作坊 regulation, which a question that names no
# place does not reach (questions_hqyq.jsonl, may be tuned on; kept out of the worked questions; R@5 39/50, all-gold
# 26/50).
# "helper-yr" / "helper-ys" (2026-12-07, thirty-eighth session, scored on arrival on the session's start): 50 from the
# enterprise service centre of a 江苏 industrial park — factory owners, quality managers, purchasing and e-commerce staff
# and the park's liaison officer on production licences, 3C, standards, 计量, marks, advertising, bids, special equipment,
# annual reports and procedure, in WeChat-group shorthand (questions_hqyr.jsonl, held out; R@5 42/50, all-gold 35/50),
# and 50 from the 12345 desk and 消协 counter of a 浙江 small-commodities market town — stall owners, live-stream sellers,
# buyers and the officers taking transferred tickets (questions_hqys.jsonl, may be tuned on; kept out of the worked
# questions; R@5 49/50, all-gold 39/50).
# "helper-yt" / "helper-yu" (2026-12-07, thirty-ninth session, scored on arrival on the session's start): 50 from the
# WeChat group a 重庆 district 所 runs for small food businesses — noodle and hotpot shops, braised-meat stalls, community
# supermarkets, bakeries, delivery kitchens, consumers added to it and the 所's young officers — in 重庆 speech and
# pinyin shorthand; 20 of its gold provisions are of 重庆's 小作坊 and 计量 regulations (questions_hqyt.jsonl, held out;
# R@5 44/50, all-gold 27/50), and 50 from the internal Q&A of a 山西 prefecture bureau's 法规科 for new officers —
# procedure, discretion, referral and their first cases — with merchants' and consumers' calls (questions_hqyu.jsonl,
# may be tuned on; kept out of the worked questions; R@5 49/50, all-gold 38/50).
# "helper-yv" / "helper-yw" (2026-12-07, fortieth session, scored on arrival on the session's start): 50 from the legal-help
# desk of the 天津 滨海新区 port area — officers on imported food and cosmetics, cross-border goods in shops, cold chains,
# port equipment and weighing, importers worried before a first inspection and buyers of imported goods
# (questions_hqyv.jsonl, held out; R@5 44/50, all-gold 25/50), and 50 from the special-equipment and metrology line of a
# 四川 prefecture bureau — lifts in old blocks, bottled gas, restaurants' pressure vessels, rides, filling stations,
# opticians, market scales, short-weight packs, taxi meters — from county officers, property managers, shop owners and
# residents in 四川 speech (questions_hqyw.jsonl, may be tuned on; kept out of the worked questions; R@5 38/50, all-gold
# 15/50).
# "helper-yx" / "helper-yy" (2026-12-08, forty-first session, scored on arrival on the session's start): 50 from the 12315
# and legal-advice lines of a 江西 city bureau — ceramics' origin claims, 脐橙 and 蜜桔 under their 地理标志, village
# banquets, rice-noodle factories, 民宿, e-bike shops, township supermarkets, training centres — from 基层所 officers with
# abbreviations, orange farmers and shop owners with typos, and consumers in 江西 phrasing (questions_hqyx.jsonl, held out;
# R@5 47/50, all-gold 39/50), and 50 from the legal line of a 内蒙古 league bureau — herders' shops, beef-jerky and
# dairy 小作坊, grassland camps' horse rides and yurts, filling stations and heating coal, cashmere fibre content, 蒙药
# and health foods — from banner officers, herders and tourists (questions_hqyy.jsonl, may be tuned on; kept out of the
# worked questions; R@5 48/50, all-gold 37/50).
# One question file per writer, by code (questions_hq<code>.jsonl: a letter, then za, zb …); HQE's is reported in its two
# halves.
WRITERS = tuple("abcdfghijklmnopqrstuvwxyz") + ("za", "zb", "zc", "zd", "ze", "zf", "zg", "zh", "zi", "zj", "zk", "zl", "zm", "zn", "zo", "zp", "zq", "zr", "zs", "zt", "zu", "zv", "zw", "zx", "zy", "zz", "ya", "yb", "yc", "yd", "ye", "yf", "yg", "yh", "yi", "yj", "yk", "yl", "ym", "yn", "yo", "yp", "yq", "yr", "ys", "yt", "yu", "yv", "yw", "yx", "yy")
# The writers whose questions may be tuned on (the others are held out, only scored); HQE's odd half is tuned on too.
# Their questions are also worked questions of the product (`python -m eval.worked_bank`), so their figures measure what
# the search learned from them, not new wording: the held-out writers, the public even half and STARD do.
TUNED_WRITERS = ("a", "c", "d", "f", "h", "j", "l", "n", "p", "r", "t", "v", "x", "y", "za", "zc", "ze", "zg", "zi", "zk", "zm", "zo", "zq", "zs", "zt", "zv", "zx", "ya", "yb", "yd", "ye", "yg", "yh", "yj", "yl", "yn", "yq", "ys", "yu", "yw", "yy")
WRITER_SETS = (tuple(f"helper-{c}" for c in "abcd") + ("helper-e-odd", "helper-e-even")
               + tuple(f"helper-{c}" for c in WRITERS[4:]))
SETS = ("dev", "test", "all", "public-odd", "public-even", "public", "stard") + WRITER_SETS
REPORT_SETS = ("public-odd", "public-even", "stard", "dev", "test") + WRITER_SETS


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _public_dir() -> Path:
    import os
    return Path(os.environ.get("SHUOLI_PUBLIC_EVAL", PUBLIC_DIR))


def _half(items: list[dict], parity: int) -> list[dict]:
    from retriever.adapt import one_half
    return one_half(items, "odd" if parity else "even")


def load_gold(name: str) -> list[dict]:
    if name.startswith("public"):
        items = _jsonl(_public_dir() / "questions.jsonl")
        return {"public": items, "public-odd": _half(items, 1), "public-even": _half(items, 0)}[name]
    if name == "stard":
        return _jsonl(_public_dir() / "external" / "stard_market.jsonl")
    if name.startswith("helper-e-"):
        return _half(_jsonl(GOLD_DIR / "questions_hqe.jsonl"), 1 if name.endswith("odd") else 0)
    files = {"dev": ["dev_questions.jsonl"], "test": ["test_questions.jsonl"],
             "all": ["dev_questions.jsonl", "test_questions.jsonl"],
             **{f"helper-{c}": [f"questions_hq{c}.jsonl"] for c in WRITERS}}[name]
    out = []
    for f in files:
        out += _jsonl(GOLD_DIR / f)
    return out


def law_key(name: str) -> str:
    """Law names compared as the official scorer does: without 中华人民共和国 and any bracketed suffix."""
    name = re.sub(r"^中华人民共和国", "", name or "")
    return re.sub(r"[（(].*?[)）]", "", name).strip()


def gold_keys(gold: list[dict]) -> set[tuple[str, int]]:
    return {(law_key(g["law"]), int(g["article"])) for g in gold}


def first_gold_rank(ranked: list[tuple[str, int | None]], gold: list[dict]) -> int | None:
    """1-based rank of the first (law, article) in `ranked` that is gold; None if absent."""
    wanted = gold_keys(gold)
    for i, key in enumerate(ranked, 1):
        if key in wanted:
            return i
    return None


def all_gold_within(ranked: list[tuple[str, int | None]], gold: list[dict], k: int = 10) -> bool:
    """Every gold article among the first k."""
    return gold_keys(gold) <= set(ranked[:k])


def metrics(ranks: list[int | None], all_gold: list[bool] | None = None) -> dict:
    n = len(ranks) or 1
    out = {f"R@{k}": sum(1 for r in ranks if r and r <= k) / n for k in KS}
    out["MRR@10"] = sum(1 / r for r in ranks if r and r <= 10) / n
    if all_gold is not None:
        out["all-gold@10"] = sum(all_gold) / n
    return {k: round(v, 3) for k, v in out.items()}


def _article_keys(hits) -> list[tuple[str, int | None]]:
    """Distinct (law, article) in hit order; non-law hits (items, cases) are skipped."""
    keys, seen = [], set()
    for h in hits:
        if h.record.doc_type != "law":
            continue
        key = (law_key(h.record.law), h.record.article)
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def evaluate_modes(retriever, questions: list[dict], modes=("lexical", "dense", "hybrid")) -> tuple[dict, dict]:
    from retriever.filters import SearchFilter

    flt = SearchFilter(as_of=date.today().isoformat(), doc_types=("law",))
    results, latencies = {}, {}
    retriever.search("预热 warm up", 10, flt)  # load models and memory maps before timing
    for mode in modes:
        ranks, full, times = [], [], []
        for q in questions:
            t = time.perf_counter()
            hits = retriever.search(q["query"], 10, flt, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
            keys = _article_keys(hits)
            ranks.append(first_gold_rank(keys, q["gold"]))
            full.append(all_gold_within(keys, q["gold"]))
        results[mode] = metrics(ranks, full)
        latencies[mode] = times
    return results, latencies


def direct_answer_precision(retriever, questions: list[dict]) -> dict:
    """Share of direct answers whose penalty article is gold, and how many questions got one; beside it, the share of
    all answers whose first quoted article is a gold one (what the asker reads first)."""
    from assistant.answer import answer

    today = date.today().isoformat()
    direct = right = first = 0
    wrong: list[str] = []
    for q in questions:
        persona = "officer" if q.get("asker", q.get("persona", "officer")) == "officer" else "merchant"
        a = answer(q["query"], retriever=retriever, persona=persona, as_of=today)
        laws = [s for s in a.sources if s.get("doc_type") == "law"]
        first += bool(laws) and (law_key(laws[0]["short_name"]), int(laws[0]["article"] or 0)) in gold_keys(q["gold"])
        if not a.direct:
            continue
        direct += 1
        penalty = {(law_key(p["law"]), int(p["article"])) for p in a.direct_basis if p.get("role") == "penalty"}
        if penalty and penalty <= gold_keys(q["gold"]):
            right += 1
        else:
            wrong.append(q.get("id", q["query"][:20]))
    return {"answered": direct, "precision": round(right / direct, 3) if direct else None, "wrong": wrong,
            "first_quoted_gold": round(first / len(questions), 3) if questions else None}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1)


def run(gold_set: str = "dev", baseline: bool = True, as_json: bool = False, modes=None,
        answers: bool = True) -> dict:
    from retriever.search import Retriever

    settings = get_settings()
    retriever = Retriever(settings)
    if gold_set == "report":
        reports = [run_one(retriever, name, baseline=False, modes=("hybrid",), answers=answers)
                   for name in REPORT_SETS]
        if as_json:
            print(json.dumps(reports, ensure_ascii=False))
        else:
            print("\n\n".join(format_table(r) for r in reports))
        return {"sets": reports}
    report = run_one(retriever, gold_set, baseline=baseline, modes=modes or ("lexical", "dense", "hybrid"),
                     answers=answers)
    print(json.dumps(report, ensure_ascii=False) if as_json else format_table(report))
    return report


def run_one(retriever, gold_set: str, *, baseline: bool, modes, answers: bool) -> dict:
    settings = retriever.settings
    questions = load_gold(gold_set)
    results, latencies = evaluate_modes(retriever, questions, modes)
    if baseline:
        from eval.baseline import NaiveBaseline
        try:
            base = NaiveBaseline.build(settings, retriever)
        except ModuleNotFoundError as exc:
            raise SystemExit(f"the naive baseline needs the eval extra: pip install -e '.[eval]' "
                             f"(or run with --no-baseline): {exc}") from exc
        ranks, full, times = [], [], []
        for q in questions:
            t = time.perf_counter()
            keys = [(law_key(law), art) for law, art in base.search(q["query"], 10)]
            times.append((time.perf_counter() - t) * 1000)
            ranks.append(first_gold_rank(keys, q["gold"]))
            full.append(all_gold_within(keys, q["gold"]))
        results["naive baseline"] = metrics(ranks, full)
        latencies["naive baseline"] = times
    report = {"set": gold_set, "questions": len(questions), "date": date.today().isoformat(),
              "machine": f"{platform.machine()} {platform.processor() or ''} {_cores()} cores".strip(),
              "results": results,
              "latency_ms": {m: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for m, v in latencies.items()}}
    if answers:
        report["direct_answers"] = direct_answer_precision(retriever, questions)
    return report


def _cores() -> int:
    import os
    return os.cpu_count() or 0


def format_table(report: dict) -> str:
    lines = [f"{report['set']} set, {report['questions']} questions, {report['date']}, {report['machine']}",
             "| method | R@1 | R@5 | R@10 | MRR@10 | all-gold@10 | p50 ms | p95 ms |", "|---|---|---|---|---|---|---|---|"]
    for mode, m in report["results"].items():
        lat = report["latency_ms"][mode]
        lines.append(f"| {mode} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | {m['MRR@10']:.3f} | "
                     f"{m.get('all-gold@10', 0):.3f} | {lat['p50']} | {lat['p95']} |")
    d = report.get("direct_answers")
    if d:
        prec = "—" if d["precision"] is None else f"{d['precision']:.3f}"
        lines.append(f"direct answers: {d['answered']} of {report['questions']}, precision {prec}"
                     + (f" (penalty article not gold: {', '.join(d['wrong'])})" if d["wrong"] else ""))
        if d.get("first_quoted_gold") is not None:
            lines.append(f"first article quoted in the answer is gold: {d['first_quoted_gold']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    run(gold_set=sys.argv[1] if len(sys.argv) > 1 else "dev")
