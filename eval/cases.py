"""Case-workflow evaluation: comparable-case top-1 on paraphrased seed cases, tier accuracy and
provision recall on the written scenarios, and assess/draft latency. `python -m eval.cases`.

Public scenario sets (/work/shared/eval/scenarios.jsonl, written independently): `python -m eval.cases --public`
prints, for the odd ids (tuning), the even ids (the honest estimate) and the project's own 38 scenarios,
circumstance precision/recall/F1 per public key, tier within the acceptable tiers, violated + penalty provision
recall and fine-range agreement, and the same for three sets written for the project by independent writers who saw
neither the product nor the other sets (eval/gold/scenarios_h{a,b,c}.jsonl, public format): HA and HB may be tuned
on (helper_tune), HC is held out (helper_held); two more written on 2026-12-03 the same way
(eval/gold/scenarios_h{d,e}.jsonl): HD may be tuned on (helper_d_tune), HE is held out (helper_e_held); and two
more on 2026-12-04 (eval/gold/scenarios_h{f,g}.jsonl): HF may be tuned on (helper_f_tune), HG is held out (helper_g_held);
and four more the same day (scenarios_h{h,i,j,k}.jsonl): HH and HJ tuned (helper_h_tune, helper_j_tune), HI and HK
held out (helper_i_held, helper_k_held); two more on 2026-12-05 (scenarios_h{l,m}.jsonl): HL tuned (helper_l_tune),
HM held out (helper_m_held); HN tuned (helper_n_tune), HO held out (helper_o_held); and the tunable scenarios re-told in six styles (a merchant's own words, an
inspection record, a news report, a colleague's chat message, an interview record, a case form; later a legal
review's opinion, a case-review meeting's minutes and a complaint's registration and check:
eval/gold/scenarios_retold_*.jsonl, retold_tune). Assess
runs on the facts only (no act date), like the official scorer."""
from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from core.lawnames import short_law_name
from eval.retrieval import percentile

GOLD = Path(__file__).parent / "gold"
PUBLIC = Path(__file__).resolve().parents[2] / "shared" / "eval" / "scenarios.jsonl"

# The project's circumstance keys → (public key, negated). Keys absent here have no public counterpart.
PUBLIC_KEYS: dict[str, tuple[str, bool]] = {
    "first_offence": ("first_offence", False), "not_first_offence": ("first_offence", True),
    "repeat_within_year": ("repeat_within_year", False), "repeat_not_within_year": ("repeat_within_year", True),
    "harm_none": ("no_harm", False), "harm_minor": ("minor_harm", False), "reach_small": ("minor_harm", False), "harm_serious": ("serious_harm", False),
    "minor_violation": ("minor_violation", False),
    "corrected": ("corrected_promptly", False), "not_corrected": ("corrected_promptly", True),
    "mitigated_harm": ("eliminated_harm", False), "harm_not_mitigated": ("eliminated_harm", True),
    "coerced": ("coerced", False), "confessed_unknown": ("confessed", False), "reported_merits": ("meritorious", False),
    "cooperated": ("cooperated", False), "cooperation_stated": ("cooperated", False), "refused": ("obstruction", False), "evidence_tampering": ("evidence_tampering", False),
    "purchase_checked": ("sourcing_duty_met", False), "source_explained": ("sourcing_duty_met", False),
    "purchase_check_failed": ("sourcing_duty_met", True), "source_unexplained": ("sourcing_duty_met", True),
    # 明知 / 应当知道 / 故意: the public schema's no_fault negated ("the party knew or should have known")
    "no_fault": ("no_fault", False), "intent": ("no_fault", True), "fault_shown": ("no_fault", True), "life_health": ("life_health", False),
    "minor_under_14": ("under_14", False), "minor_14_to_18": ("age_14_18", False),
    "mental_incapable": ("mental_illness", False), "mental_partial": ("mental_illness", False),
    "mental_illness": ("mental_illness", False), "mental_lucid": ("mental_illness", False),
    "criminal_suspicion": ("crime_suspected", False), "hardship": ("hardship", False),
    "emergency_period": ("emergency_period", False), "instigated_others": ("instigated_others", False),
    "minor_role": ("minor_role", False), "limitation_expired": ("limitation_expired", False),
    "goods_value": ("goods_value", False), "illegal_income": ("illegal_income", False), "ad_fee": ("ad_fee", False),
    # the public schema has one key for the value of the goods; 违法经营额 (商标法第六十条, the goods' value at their
    # price) is that value where the product keeps it apart as a fine base of its own
    "business_volume": ("goods_value", False),
    "duration": ("duration", False),
}
# Gold keys that are the negation of another key.
_GOLD_NEGATIVE = {"not_first_offence": "first_offence", "not_corrected": "corrected_promptly"}


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLD / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _key(p) -> tuple[str, int]:
    law = p["law"] if isinstance(p, dict) else p.law
    article = p["article"] if isinstance(p, dict) else p.article
    return short_law_name(law), int(article)


def case_top1(retriever) -> dict:
    from assistant.assess import match_violations
    from assistant.similar import find_similar_cases

    rows = _rows("case_paraphrases.jsonl")
    top1 = top3 = 0
    for row in rows:
        violations = match_violations(row["facts"], retriever, on=date.today().isoformat(), region=None,
                                      visibility=("public", "internal"))
        found = [c.source_id for c in find_similar_cases(row["facts"], retriever, k=5, violations=violations)]
        top1 += bool(found) and found[0] == row["expected_source_id"]
        top3 += row["expected_source_id"] in found[:3]
    return {"paraphrases": len(rows), "top1": round(top1 / len(rows), 3), "top3": round(top3 / len(rows), 3)}


def scenarios(retriever) -> tuple[dict, list[dict]]:
    from assistant.assess import assess
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    resolver = StoreResolver(retriever.store, retriever.law_names)
    rows = _rows("scenarios.jsonl")
    right, recall_hits, recall_total = 0, 0, 0
    assess_ms, draft_ms, misses = [], [], []
    for row in rows:
        t = time.perf_counter()
        a = assess(row["facts"], retriever=retriever, act_date=row.get("act_date"),
                   discovery_date=row.get("discovery_date"),
                   as_of=row.get("decision_date") or date.today().isoformat())
        assess_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        draft_reasoning(a, resolver=resolver)
        draft_ms.append((time.perf_counter() - t) * 1000)
        ok_tiers = set(row.get("acceptable_tiers") or []) | {row["expected_tier"]}
        right += a.tier in ok_tiers
        found = {_key(p) for v in a.violations for p in v.violated + v.penalty_basis} | {_key(p) for p in a.tier_basis}
        wanted = {_key(p) for p in row.get("expected_violated", []) + row.get("expected_penalty_basis", [])}
        recall_hits += len(wanted & found)
        recall_total += len(wanted)
        if a.tier not in ok_tiers:
            misses.append({"id": row["id"], "expected": row["expected_tier"], "got": a.tier, "rule": a.tier_rule,
                           "questions": a.questions[:2]})
    n = len(rows)
    return ({"scenarios": n, "tier_accuracy": round(right / n, 3),
             "provision_recall": round(recall_hits / max(1, recall_total), 3),
             "assess_ms": {"p50": percentile(assess_ms, 50), "p95": percentile(assess_ms, 95)},
             "draft_ms": {"p50": percentile(draft_ms, 50), "p95": percentile(draft_ms, 95)}}, misses)


def _public_gold(row: dict) -> set[tuple[str, bool]]:
    out = set()
    for c in row["circumstances"]:
        key, neg = c["key"], bool(c.get("negated"))
        if key in _GOLD_NEGATIVE:
            key, neg = _GOLD_NEGATIVE[key], not neg
        out.add((key, neg))
    return out


def _public_found(circumstances) -> set[tuple[str, bool]]:
    return {PUBLIC_KEYS[c.key] for c in circumstances if c.key in PUBLIC_KEYS and c.source == "text"}


def _fine_agrees(got, gold) -> bool:
    if isinstance(gold, dict):
        gold = [gold.get("min"), gold.get("max")]
    if gold is None or got is None or None in gold:
        return gold is None and got is None
    tol = max(1.0, 0.02 * max(gold[1], 1.0))
    return got.min is not None and got.max is not None and abs(got.min - gold[0]) <= tol and abs(got.max - gold[1]) <= tol


def score_rows(rows: list[dict], retriever, *, public: bool, before=None) -> dict:
    """Scores of assess on scenario rows (public format when `public`, else eval/gold/scenarios.jsonl);
    `before(row)` runs before each row is assessed."""
    from assistant.assess import assess

    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    right = fine_ok = prov_hits = prov_total = 0
    misses = []
    for row in rows:
        if before is not None:
            before(row)
        a = assess(row["facts"], retriever=retriever, act_date=None if public else row.get("act_date"),
                   as_of="2026-12-01" if public else date.today().isoformat())
        ok = set(row.get("acceptable_tiers") or []) | {row.get("gold_tier") or row.get("expected_tier")}
        right += a.tier in ok
        found = {_key(p) for v in a.violations for p in v.violated + v.penalty_basis} | {_key(p) for p in a.tier_basis}
        wanted = {_key(p) for p in row.get("violated", row.get("expected_violated", []))
                  + row.get("penalty_basis", row.get("expected_penalty_basis", []))}
        prov_hits += len(wanted & found)
        prov_total += len(wanted)
        gold_fine = row.get("fine_range_yuan", row.get("expected_fine_range"))
        fine_ok += _fine_agrees(a.fine_range, gold_fine)
        if a.tier not in ok:
            misses.append(f"{row['id']} {row.get('gold_tier') or row.get('expected_tier')}→{a.tier} ({a.tier_rule})")
        if public:
            gold, got = _public_gold(row), _public_found(a.circumstances)
            for k in gold | got:
                name = k[0] + ("(neg)" if k[1] else "")
                if k in gold and k in got:
                    tp[name] = tp.get(name, 0) + 1
                elif k in got:
                    fp[name] = fp.get(name, 0) + 1
                else:
                    fn[name] = fn.get(name, 0) + 1
    n = len(rows)
    out = {"n": n, "tier_within_acceptable": round(right / n, 3),
           "provision_recall": round(prov_hits / max(1, prov_total), 3),
           "fine_range_agreement": round(fine_ok / n, 3), "misses": misses}
    if public:
        T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
        prec, rec = T / max(1, T + P), T / max(1, T + N)
        out["circumstance_micro"] = {"precision": round(prec, 3), "recall": round(rec, 3),
                                     "f1": round(2 * prec * rec / max(1e-9, prec + rec), 3)}
        per = {}
        for k in sorted(set(tp) | set(fp) | set(fn)):
            t, p_, f = tp.get(k, 0), fp.get(k, 0), fn.get(k, 0)
            pr, rc = t / max(1, t + p_), t / max(1, t + f)
            per[k] = {"tp": t, "fp": p_, "fn": f, "f1": round(2 * pr * rc / max(1e-9, pr + rc), 3)}
        out["circumstance_per_key"] = per
    return out


WORKED_CASES = Path(__file__).resolve().parents[1] / "corpus" / "worked_cases"


def worked_rows(folder: Path = WORKED_CASES) -> list[dict]:
    """The worked cases (product data, corpus/worked_cases) as public-format rows: their circumstance keys mapped to
    the public ones (keys without a public counterpart dropped), `file` kept for the leave-one-file-out."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            circ = [{"key": PUBLIC_KEYS[c["key"]][0], "negated": PUBLIC_KEYS[c["key"]][1]}
                    for c in row.get("circumstances", []) if c.get("key") in PUBLIC_KEYS]
            rows.append({**row, "circumstances": circ, "gold_tier": row["tier"], "file": path.name})
    return rows


def score_worked(retriever, rows: list[dict] | None = None) -> dict:
    """assess on the worked cases, each matched with the worked-case bank less its own file (the bank would
    otherwise find the case itself)."""
    from retriever.worked import WorkedBank

    rows = worked_rows() if rows is None else rows
    full = retriever.worked_cases

    def without_own_file(row: dict) -> None:
        if full is not None:
            keep = [i for i, q in enumerate(full.questions) if not q.source.startswith(row["file"] + ":")]
            retriever._worked_cases = WorkedBank([full.questions[i] for i in keep], full.vectors[keep])

    try:
        return score_rows(rows, retriever, public=True, before=without_own_file)
    finally:
        retriever._worked_cases = full


# The independent writers' scenario sets (eval/gold, public format): report name → files.
HELPER_SETS: dict[str, tuple[str, ...]] = {
    "helper_tune": ("scenarios_ha.jsonl", "scenarios_hb.jsonl"), "helper_held": ("scenarios_hc.jsonl",),
    "helper_d_tune": ("scenarios_hd.jsonl",), "helper_e_held": ("scenarios_he.jsonl",),
    "helper_f_tune": ("scenarios_hf.jsonl",), "helper_g_held": ("scenarios_hg.jsonl",),
    "helper_h_tune": ("scenarios_hh.jsonl",), "helper_i_held": ("scenarios_hi.jsonl",),
    "helper_j_tune": ("scenarios_hj.jsonl",), "helper_k_held": ("scenarios_hk.jsonl",),
    # two more on 2026-12-05 (fifteenth session), each writer with a persona and a tier mix of its own: a county
    # officer's food, price and small-shop cases (HL, tuned on) and a provincial reviewer's training cases from
    # special equipment, metrology, ads, competition and online trade (HM, held out)
    "helper_l_tune": ("scenarios_hl.jsonl",), "helper_m_held": ("scenarios_hm.jsonl",),
    # and two more the same day: a township officer's market, workshop and rural cases (HN, tuned on) and a business
    # lawyer's submissions, hearings and reviews, where the gold is the reviewer's call, not the lawyer's (HO, held out)
    "helper_n_tune": ("scenarios_hn.jsonl",), "helper_o_held": ("scenarios_ho.jsonl",),
    # and two more (2026-12-05, twentieth session): a city enforcement team's internal write-ups, Q&A records and
    # voice-to-text chat (HP, tuned on) and a provincial reviewer's training excerpts of decisions, reviews and hearings
    # (HR, held out)
    "helper_p_tune": ("scenarios_hp.jsonl",), "helper_r_held": ("scenarios_hr.jsonl",),
    # and two more the same session: a county food-and-drug squad leader's rural cases (HS, tuned on) and a lawyer's
    # submissions, hearings, reconsideration requests and compliance reports, gold the reviewer's call (HT, held out)
    "helper_s_tune": ("scenarios_hs.jsonl",), "helper_t_held": ("scenarios_ht.jsonl",),
    # and two more (2026-12-05, twenty-first session): a county legal reviewer's extracts of the files on her desk (HU,
    # tuned on) and a township office veteran's write-ups with shopkeepers in dialect (HV, held out)
    "helper_u_tune": ("scenarios_hu.jsonl",), "helper_v_held": ("scenarios_hv.jsonl",),
    # and two more the same session: a city district brigade's online and urban cases (HW, tuned on) and a cadre school
    # trainer's practice files from county and township cases (HX, held out)
    "helper_w_tune": ("scenarios_hw.jsonl",), "helper_x_held": ("scenarios_hx.jsonl",),
    # and two more (2026-12-05, twenty-second session): a prefecture office's deputy head's cases from wholesale markets,
    # county supermarkets, canteens, small factories and village online shops (HY, tuned on) and a cadre-school trainer's
    # practice files from many kinds of office (HZ, held out)
    "helper_y_tune": ("scenarios_hy.jsonl",), "helper_z_held": ("scenarios_hz.jsonl",),
    # and two more the same session: a coastal county inspector's terse files from seafood markets, homestays, tour-bus
    # stops and fishing villages (IA, tuned on) and a big-city district's legal officer's reviews of malls, platforms,
    # clinics and schools (IB, held out)
    "helper_ia_tune": ("scenarios_ia.jsonl",), "helper_ib_held": ("scenarios_ib.jsonl",),
    # and two more the same session: an inland county case handler's files with neighbours' and cadres' accounts (IC, tuned on)
    # and a court clerk's summaries of reviewed and litigated files (ID, held out)
    "helper_ic_tune": ("scenarios_ic.jsonl",), "helper_id_held": ("scenarios_id.jsonl",),
    # and two more (2026-12-05, twenty-third session): a south-western prefecture's legal section's reviews, colleagues'
    # chat and merchants' handwritten statements (IE, tuned on) and a northern city-edge office's terse records and oral
    # retellings to a new colleague (IF, held out)
    "helper_ie_tune": ("scenarios_ie.jsonl",), "helper_if_held": ("scenarios_if.jsonl",),
    # and two more the same session: an eastern city brigade's online and chain-store files, panel minutes and firms' statements
    # (IG, tuned on), and a retired veteran's teaching cases from north-eastern and north-western townships (IH, held out)
    "helper_ig_tune": ("scenarios_ig.jsonl",), "helper_ih_held": ("scenarios_ih.jsonl",),
    # and two more the same session: a central-China county legal section's files, reviews, panel minutes and shop owners'
    # statements (IJ, tuned on), and a researcher's casebook from decisions, reconsiderations, judgments, procuratorial
    # suggestions, hearings and press reports of several provinces (IK, held out)
    "helper_ij_tune": ("scenarios_ij.jsonl",), "helper_ik_held": ("scenarios_ik.jsonl",),
    # and four more (2026-12-06, twenty-fourth session): a western tourist town's branch office with tourists' complaints,
    # body-camera transcripts and shopkeepers' written statements in dialect (IL, tuned on), a provincial capital's
    # inspector of pharmacies, beauty salons, cosmetics, devices and health food (IM, held out) and a Pearl River Delta
    # industrial town's case handler: workshops, counterfeits, special equipment, scales (IN, tuned on) and a northern
    # provincial capital's consumer and online-trade section: prepaid cards, live streams, platforms, fake reviews (IO, held out)
    # and two more the same session: an eastern city food squad's files from kitchens, canteens, markets, workshops and
    # online snack sellers (IP, tuned on) and a retired review chief's teaching files built around a tempting wrong tier (IQ, held out)
    "helper_il_tune": ("scenarios_il.jsonl",), "helper_im_held": ("scenarios_im.jsonl",),
    "helper_in_tune": ("scenarios_in.jsonl",), "helper_io_held": ("scenarios_io.jsonl",),
    "helper_ip_tune": ("scenarios_ip.jsonl",), "helper_iq_held": ("scenarios_iq.jsonl",),
    # and one more (2026-12-06, twenty-fifth session): a south-western mountain county's mixed files — complaints' checks,
    # homestays, village shops, tea, herbs, tourist stalls (IR, held out)
    "helper_ir_held": ("scenarios_ir.jsonl",),
    # and two more the same session: a north-China county branch office by a highway and a wholesale market — filling
    # stations, scales, repair and tyre shops, village clinics and pharmacies, bottled gas (IS, tuned on), and a big city's
    # advertising and online-trade section with firms' lawyers — influencers, medical beauty, promotions, platforms (IT, held out)
    "helper_is_tune": ("scenarios_is.jsonl",), "helper_it_held": ("scenarios_it.jsonl",),
    # and two more at the session's end, scored on arrival on its final code: a western capital's university-town branch —
    # canteens, milk tea, print shops, gyms and training schools, rental bikes (IU, tuned on) — and a north-eastern
    # prefecture's legal reviewer's files returned with questions — coal-town markets, border trade, heating, bathhouses (IV, held out)
    "helper_iu_tune": ("scenarios_iu.jsonl",), "helper_iv_held": ("scenarios_iv.jsonl",),
    # twenty-sixth session (2026-12-06), same brief: a coastal county's inspector — fishing port, seafood market, guesthouses
    # and 渔家乐, dried-seafood workshops (IW, tuned on) — and a city's online-trade and livestream unit that also helps a
    # rural township — livestream rooms, group-buying, micro-shops, fairs and farm-input stores (IX, held out)
    "helper_iw_tune": ("scenarios_iw.jsonl",), "helper_ix_held": ("scenarios_ix.jsonl",),
    # and two more the same session, scored on arrival on its final code: an inland mining city's case reviewer — coal-town
    # markets, miners' canteens, gas filling, car repair, pharmacies (IY, tuned on) — and a southern border county — fruit
    # and tea wholesale, border trade, night markets, minority villages, interpreters (IZ, held out)
    "helper_iy_tune": ("scenarios_iy.jsonl",), "helper_iz_held": ("scenarios_iz.jsonl",),
    # twenty-seventh session (2026-12-06), same brief, scored on arrival on the session's start: a northern prefecture city's
    # enforcement detachment — an agricultural wholesale market, cold-chain stores, a county shopping street, driving
    # schools, banquet halls, used-car dealers, building-material shops (JA, tuned on) — and a southern capital's district
    # bureau's deputy section chief who trains new staff — shops round hospitals, pharmacies and opticians, health lectures
    # for the elderly, pet shops, e-sports hotels, cross-border shops, snack streets (JB, held out)
    "helper_ja_tune": ("scenarios_ja.jsonl",), "helper_jb_held": ("scenarios_jb.jsonl",),
    # twenty-eighth session (2026-12-06), same brief, scored on arrival: a rural county bureau's legal reviewer — market
    # days, farm-input shops, village pharmacies, small workshops, village banquets, filling and bottled-gas stations, lifts
    # in county-town housing, market scales (JC, tuned on) — and a big city's online-trade unit — live-stream selling, online
    # shops, delivery-platform merchants, group buying, fake reviews, struck-through prices, prepaid cards, cross-border
    # sellers, in leads' hand-over forms, monitoring reports, interviews, statements and the section's chat (JD, held out)
    "helper_jc_tune": ("scenarios_jc.jsonl",), "helper_jd_held": ("scenarios_jd.jsonl",),
    # and two more the same session: an industrial prefecture city's case handler — boilers and pressure vessels in small
    # factories, forklifts, old blocks' lifts, gas cylinders, taxi meters and fuel dispensers, CCC products and spot checks,
    # park canteens (JE, tuned on) — and a lawyer for small merchants and firms: statements of defence, hearing requests and
    # opinions, with the bureau's hearing reports and legal reviews answering them (JF, held out)
    "helper_je_tune": ("scenarios_je.jsonl",), "helper_jf_held": ("scenarios_jf.jsonl",),
    # twenty-ninth session (2026-12-06), same brief, scored on arrival on the session's start: a mountainous county's
    # market-supervision office — rural market days, small workshops, village clinics' drugs and devices, seeds and
    # fertiliser, school canteens, festival fairs, mediated disputes (JG, tuned on); a big city's 12315 desk and night-market
    # beat — prepaid cards at salons and gyms, milk tea and bakeries, used cars, phone repair, e-bikes, cosmetics counters,
    # delivery-platform shops, in work-group messages and voice notes (JI, tuned on); and a prefecture city's legal reviewer,
    # once a lawyer — live-stream selling, fake orders, medical and training ads, pricing, trademarks, metrology and special
    # equipment in factories, in reports, reviews, hearings and lawyers' statements (JH, held out)
    "helper_jg_tune": ("scenarios_jg.jsonl",), "helper_ji_tune": ("scenarios_ji.jsonl",),
    "helper_jh_held": ("scenarios_jh.jsonl",),
    # and two more the same session, scored on arrival mid-session: a north-western county's case handler — halal
    # restaurants and mutton stalls, noodle shops, produce wholesale, farm inputs, village clinics, gas filling, bathhouse and
    # school boilers, highway tourist spots, local produce sold online, merchants' statements in dialect (JJ, tuned on) — and
    # a provincial training centre's teacher of case handling whose file extracts each hide one decisive detail — chain
    # stores, central kitchens, devices, cosmetics online, ad agencies, mall promotions, filling stations, lift maintenance,
    # spot checks, registration (JK, held out)
    "helper_jj_tune": ("scenarios_jj.jsonl",), "helper_jk_held": ("scenarios_jk.jsonl",),
    # and two more the same session, scored on arrival near its end: a Sichuan city's enforcement squad — hot-pot and
    # skewer restaurants, barbecue streets, pickle workshops, tea houses, pharmacies and opticians, property and parking
    # fees, training ads, wedding studios' prepaid packages, estate agents' price notices (JL, tuned on) — and a Fujian
    # coastal city's senior legal reviewer — seafood processing, tea packaging claims, shoe and garment factories, stone
    # workshops, cold stores, cross-border sellers, medical beauty, factories' lifts and vessels, fishing-port fuel (JM, held out)
    "helper_jl_tune": ("scenarios_jl.jsonl",), "helper_jm_held": ("scenarios_jm.jsonl",),
    # thirtieth session (2026-12-06), same brief, scored on arrival on the session's start: a hilly county's township
    # station officer — market-day stalls, village banquet cooks, rice-noodle, cured-meat and liquor makers, village shops,
    # home lifts and gas cylinders, e-tricycle dealers, in plain words and local terms (JN, tuned on); a city bureau's
    # public-service lawyer in its legal section — review opinions, hearing reports, reconsideration replies, several
    # showing the case officer's proposed tier beside the reviewer's own (JO, tuned on)
    "helper_jn_tune": ("scenarios_jn.jsonl",), "helper_jo_tune": ("scenarios_jo.jsonl",),
    # and a provincial capital's online-trade officer — live streams, online shops, delivery-platform merchants, group-buy
    # leaders, second-hand and mini-program sellers, in platform jargon with screenshots and chat logs as evidence (JP,
    # held out)
    "helper_jp_held": ("scenarios_jp.jsonl",),
    # and two more the same session, scored on arrival mid-session: the resident officer of a city's agricultural and
    # food wholesale market — produce, aquatic and cold-chain stalls, rapid tests, the market operator's duties, in terse
    # patrol logs (JQ, tuned on) — and a city bureau's consumer-protection section — prepaid cards, 4S shops and used
    # cars, home decoration, wedding photos, travel agencies, health products sold at "meetings", the line between a
    # dispute to mediate and a violation (JR, held out)
    "helper_jq_tune": ("scenarios_jq.jsonl",), "helper_jr_held": ("scenarios_jr.jsonl",),
    # three more (2026-12-06, thirty-first session, scored on arrival on the session's start), with a tier mix like the
    # public set's (从重 6, 一般 5, 减轻 5, 从轻 4, 免予 4, 不予 3, 移送 2, 不适用 1): a district bureau's 法制科 reviewer in
    # 浙江 who read the public set's odd ids for its styles and labelling (JS, tuned on), a 江苏 city 综合执法支队 officer
    # of food, drugs, cosmetics, special equipment and metrology in clipped report language (JT, tuned on), and the head
    # of a township 市场监管所 in 四川 — small shops, markets, village supermarkets, produce — in a grassroots officer's
    # spoken voice (JU, held out)
    "helper_js_tune": ("scenarios_js.jsonl",), "helper_jt_tune": ("scenarios_jt.jsonl",),
    "helper_ju_held": ("scenarios_ju.jsonl",),
    # two more (2026-12-06, thirty-second session, scored on arrival on the session's start), both with the public set's tier
    # mix: a veteran officer of a rural county's township 市场监管所 who read the public set's odd ids (tuning material) for
    # its styles and labelling — market stalls, village supermarkets, small workshops, farm-supply shops, banquet caterers,
    # fuel stations — in terse records that leave things unstated (JV, tuned on), and a city bureau's 法制审核 reviewer of
    # online trading and advertising — live-stream selling, takeaway shops, medical beauty, prepaid training courses, used
    # cars — in long opinions that weigh the party's plea (JW, tuned on)
    "helper_jv_tune": ("scenarios_jv.jsonl",), "helper_jw_tune": ("scenarios_jw.jsonl",),
    # and three more the same session, with the public tier mix, scored on arrival on the session's start: a county 稽查大队
    # officer in the north-west — markets, halal meat stalls, farm machinery and supplies, used motorbikes, boilers and lifts
    # — in notes dictated by voice input (JX, tuned on), a 市场监管所 officer of a city's urban-rural fringe — urban-village
    # shops, night markets, workshops, parcel stations, home nail salons, community group-buying, health-product meetings
    # for the elderly — piecing facts from neighbours, police and the parties (JY, tuned on), and a 广东 prefecture bureau's
    # 法制科 reviewer of the districts' cases — hardware and lamp factories, e-commerce warehouses, tea-drink chains,
    # pharmacies, opticians, e-bikes and power banks — with the 所's record and the review's comments (JZ, held out)
    "helper_jx_tune": ("scenarios_jx.jsonl",), "helper_jy_tune": ("scenarios_jy.jsonl",),
    "helper_jz_held": ("scenarios_jz.jsonl",),
    # thirty-third session (2026-12-07), same brief and tier mix, scored on arrival on the session's start: an industrial
    # county's quality and metrology officer — fuel dispensers and market scales, opticians, lifts and gas-cylinder filling,
    # laundry boilers, wire, steel and tile shops, fertiliser and farm machinery, e-bike assembly — in investigation
    # reports with test results and quantities (KA, tuned on; 24/30 on arrival)
    "helper_ka_tune": ("scenarios_ka.jsonl",),
    # and a tourist city's 市场监管所 officer of cases turned over from 12315 complaints — scenic-spot shops, jade and tea
    # shops, shopping stops of tour groups, seafood stalls, guesthouse kitchens, prepaid gyms and salons that close,
    # rentals at scenic spots — where many begin as a consumer dispute (KB, tuned on; 24/30 on arrival)
    "helper_kb_tune": ("scenarios_kb.jsonl",),
    # and two more mid-session, same brief and tier mix, scored on arrival on the session's start: a 市场监管所 officer of a
    # big city's old downtown — old brand shops, market tenants, barbers, laundries, hardware, tea houses, tobacco and
    # liquor shops, community pharmacies, opticians — whose elderly shopkeepers' children or tenants run the shop (KD,
    # tuned on; 26/30 on arrival), and a provincial 执法稽查局 specialist of complex cases — live-stream selling of health
    # food and cosmetics, medical-beauty and training ads, fake orders, commercial bribery, imitation, trade secrets,
    # promotion price fraud, platform duties — in long reports with platform data and bank flows (KE, tuned on; 24/30)
    "helper_kd_tune": ("scenarios_kd.jsonl",), "helper_ke_tune": ("scenarios_ke.jsonl",),
    # and a 稽查 officer of a provincial capital's district bureau for food, drugs and cosmetics — central kitchens and
    # group-meal suppliers, school and care-home canteens, home bakeries selling through WeChat, health-food meetings,
    # prescription drugs sold without prescriptions, hearing aids and contact lenses, beauty salons — in formal
    # discussion records and legal-review drafts (KC, held out; 26/30 on arrival)
    "helper_kc_held": ("scenarios_kc.jsonl",),
    # four more (2026-12-07, thirty-fourth session, same brief and tier mix, scored on arrival on the session's start): the
    # head of a farming county's township 市场监管所 — market-day stalls, village shops, village banquet cooks, food
    # workshops under the province's 小作坊 rules, farm-input dealers, gas dealers, e-tricycle shops — in plain, clumsy
    # records and WeChat reports (KF, tuned on; 26/30 on arrival), and a city bureau's 网络交易监管科 officer — live-stream
    # rooms, community group-buying leaders, delivery kitchens, second-hand platforms, fake orders, fictitious original
    # prices, refused returns, platform duties — with order data and screenshots (KG, tuned on; 25/30); a 地级市 bureau's
    # intellectual-property and unfair-competition officer — trademarks in wholesale markets, imitation, false promotion,
    # disparagement, prizes, bribery of hospital and school buyers, trade secrets, special marks — in dense formal records
    # (KH, held out; 19/30 on arrival), and a city bureau's price and advertising officer — holiday prices at scenic spots
    # and car parks, market price tags, surge-priced hotels, medical-beauty, training, health-food and property ads,
    # outdoor tobacco and prescription-drug ads — counting fees, placements and days (KI, held out; 23/30)
    "helper_kf_tune": ("scenarios_kf.jsonl",), "helper_kg_tune": ("scenarios_kg.jsonl",),
    "helper_kh_held": ("scenarios_kh.jsonl",), "helper_ki_held": ("scenarios_ki.jsonl",),
    # and two more later that session: a coastal city district's 执法大队 officer of festival seasons and services —
    # gift boxes, seafood restaurants, KTV and bar drinks, removals, car repair, driving schools, renovation, power-bank
    # and parking charges — arguing with a colleague in the record (KJ, tuned on; 21/30 on arrival), and a county
    # bureau's drugs, devices and cosmetics officer — township pharmacies and clinics, herbal pieces, device shops,
    # beauty salons, online pharmacies, cold chain, absent pharmacists — in plain records with the shopkeepers' words
    # (KK, held out; 24/30)
    "helper_kj_tune": ("scenarios_kj.jsonl",), "helper_kk_held": ("scenarios_kk.jsonl",),
    # four more (2026-12-07, thirty-fifth session, same brief and tier mix, scored on arrival on the session's start): a 河南
    # prefecture city's 知识产权保护和反不正当竞争 case handler — trademarks in wholesale markets and small factories, printed
    # labels, imitation, false promotion, bribery of canteens' and hospitals' buyers, trade secrets, prizes, disparagement,
    # patent marks, the Olympic and red-cross signs — in reports, reviews, panel minutes and the section's chat (KL, tuned
    # on; 26/30 on arrival); the head of a 市场监管所 in an 安徽 county — village supermarkets, market scales, breakfast
    # shops, farm inputs, e-bikes and batteries, gas cylinders, lifts, barbers' prepaid cards, registration — in plain
    # records and Q&A with shopkeepers (KM, held out; 28/30); a 福建 prefecture bureau's drugs, cosmetics and devices
    # inspector — pharmacies, village clinics, devices sold at health lectures, salons' creams, live-stream cosmetics,
    # health food (KN, tuned on; 23/30); and a north-western capital's district bureau's 法制审核 officer reviewing the 所's
    # proposed tiers — restaurant and supermarket chains, training ads and refunds, property and parking fees, filling
    # stations, wedding studios, used cars, registration (KO, held out; 23/30)
    "helper_kl_tune": ("scenarios_kl.jsonl",), "helper_km_held": ("scenarios_km.jsonl",),
    "helper_kn_tune": ("scenarios_kn.jsonl",), "helper_ko_held": ("scenarios_ko.jsonl",),
    # three more (2026-12-07, thirty-sixth session, same brief and tier mix, scored on arrival on the session's start): a
    # 四川 prefecture city's 综合执法支队 case handler — hotpot and skewer restaurants, chilli and spice workshops under the
    # province's 小作坊 rules, bulk 白酒, 农家乐 kitchens, banquet cooks, cured meat, school-gate snacks — in reports, panel
    # minutes and records (KP, tuned on; 23/30 on arrival; its brief reached it broken, so it read the project's last
    # closing note while looking for it: not fully independent); a 江苏 county-level city's industrial-products, special-
    # equipment, metrology and certification officer — forklifts, boilers, lifts, CCC goods, licensed products, scales
    # and fuel dispensers, failed samples — in inspection records, reviews and the parties' statements (KQ, held out;
    # 21/30); and a 上海 district 所's officer of cases turned over from 12345 complaints — gyms, tutoring, salons with
    # prepaid cards, pet shops, movers, bakeries, group-buying, promotions (满减, 原价, 抽奖) (KR, tuned on; 25/30)
    "helper_kp_tune": ("scenarios_kp.jsonl",), "helper_kq_held": ("scenarios_kq.jsonl",),
    "helper_kr_tune": ("scenarios_kr.jsonl",),
    # and two more later that session: a 广西 border prefecture's 综合执法支队 case handler — imported food without Chinese
    # labels, frozen meat without papers in cold stores, jade and gem shops, fruit wholesale, tea, rosewood, cosmetics
    # brought across the border, helmets and e-bikes, tourist hotels (KS, tuned on; 21/30 on arrival), and a 天津 district
    # bureau's 综合执法 officer of community services — property, parking and heating fees, elderly-care homes and
    # health products sold to the elderly, housekeeping agencies, pharmacies and clinics, bath houses' prepaid cards,
    # breakfast stalls, supermarkets' weights and tags (KT, held out; 25/30)
    "helper_ks_tune": ("scenarios_ks.jsonl",), "helper_kt_held": ("scenarios_kt.jsonl",),
    # (2026-12-07, thirty-seventh session, scored on arrival on the session's start): a 黑龙江 border city's 法制审核
    # reviewer — Russian imported food and cosmetics in tourist streets, winter tourist pricing, live-stream sellers,
    # morning-market scales (KU, held out; 26/30), and a 湖南 county 执法大队 case handler — village banquet caterers,
    # 槟榔 and 辣条 workshops, village shops' 三无 snacks, seeds and fertiliser, township clinics' devices, e-bike shops,
    # in 询问笔录 with local speech (KV, tuned on; 24/30)
    "helper_ku_held": ("scenarios_ku.jsonl",), "helper_kv_tune": ("scenarios_kv.jsonl",),
    # A 广东 prefecture city's 法制审核 officer — power strips and heaters, toys, repacked live-stream cosmetics, online
    # counterfeits, used cars, tyres, 早茶 kitchens, pharmacies' 保健食品, bottled gas, wet-market scales, in 审核表,
    # 调查终结报告 and 网络交易监测记录 (KW, held out; 23/30 on arrival, 2026-12-07, thirty-eighth session)
    # A 四川 mountain county 所's case handler — 农家乐 and 民宿 kitchens, 腊肉 workshops, scenic-area prices, herb and
    # mushroom sellers, farm supplies, township clinics' pharmacies, hotel lifts and boilers, 散装酒, live-streamed
    # produce, in 立案审批表, 调查终结报告 and 询问笔录 (KX, tuned on; 22/30 on arrival, 2026-12-07)
    "helper_kw_held": ("scenarios_kw.jsonl",), "helper_kx_tune": ("scenarios_kx.jsonl",),
    # A 海南 tourist city's 综合行政执法局 法制审核 officer — seafood stalls' prices, knock-off 'duty-free' cosmetics and
    # watches, tour shops' health products and jade, diving and sightseeing boats, peak-season hotel prices, coconut and
    # 黎药 labels, car and e-bike rentals, in 审核意见书, 集体讨论记录 and 陈述申辩 (KY, held out; 26/30 on arrival,
    # 2026-12-07, thirty-ninth session). A 河北 county 所's case handler in an industrial-cluster town — counterfeit bags,
    # 'cashmere' content, toys failing 3C, weighted herbs in the herb market, unlicensed workshops, online shops' 'factory
    # price' and fake reviews, market scales, in 询问笔录 with local speech, 现场检查笔录 and 抽样检验结果告知 (KZ, tuned on;
    # 24/30 on arrival)
    "helper_ky_held": ("scenarios_ky.jsonl",), "helper_kz_tune": ("scenarios_kz.jsonl",),
    # A 黑龙江 border city's 法制审核 officer — Russian imported food and cosmetics without Chinese labels, 'Russian'
    # goods made locally, rice sold under a 地理标志 it lacks, honey cut with syrup, 红肠 makers, ski-resort and ice-festival
    # prices, heating fees, bathhouses' boilers and gas cylinders, in 审核意见书, 现场笔录, 东北 询问笔录 and 听证笔录 (LA, held
    # out; 24/30 on arrival, 2026-12-07, fortieth session). A 湖南 city district's case handler — 辣条 and 腊肉 makers,
    # fireworks and e-bikes failing standards or 3C, speed-limit tampering, night-market stalls, tutoring centres' prepaid
    # fees, live-stream 'original prices', expired goods in township shops, in 立案审批表, 湖南 询问笔录, 陈述申辩笔录 and
    # 集体讨论记录 (LB, tuned on; 25/30 on arrival)
    "helper_la_held": ("scenarios_la.jsonl",), "helper_lb_tune": ("scenarios_lb.jsonl",),
    # A 甘肃 Hexi-corridor county's 法制审核 officer — 牛肉面 shops and their 蓬灰, sulphur-smoked 枸杞 and herbs, fertiliser
    # below its label, unlicensed workshops, filling-station pumps, desert tourist sites' prices, township shops' expired
    # goods, live-stream ads, in 审核意见书, 调查终结报告, 西北 询问笔录, 听证笔录 and 集体讨论记录 (LC, tuned on; 26/30 on
    # arrival, 2026-12-08, forty-first session). A 贵州 prefecture city's case handler — counterfeit and look-alike 酱香
    # 白酒, 散装 liquor with sweeteners, tourist streets' silver, scenic-area prices, tea under a 地理标志, prepaid cards at
    # 民宿 and gyms, school canteens, fake reviews, in 案件来源登记表, 线索核查报告, 贵州 调查笔录, 复核意见 and 集体讨论记录
    # (LD, held out; 26/30 on arrival)
    "helper_lc_tune": ("scenarios_lc.jsonl",), "helper_ld_held": ("scenarios_ld.jsonl",),
    # the tunable scenarios (public odd ids, HA/HB/HD/HF/HH/HJ; those not plainly 一般) re-told by six helpers in six
    # styles — the same facts and gold, other words (2026-12-04): what the bank's wording carries to a new voice
    "retold_tune": ("scenarios_retold_merchant_oral.jsonl", "scenarios_retold_inspection_record.jsonl",
                    "scenarios_retold_news_report.jsonl", "scenarios_retold_colleague_chat.jsonl",
                    "scenarios_retold_interview_qa.jsonl", "scenarios_retold_case_form.jsonl",
                    # three more of the styles officers write (2026-12-04, twelfth session): a legal review's opinion
                    # (法制审核意见), a case-review meeting's minutes (案件集体讨论记录) and a complaint's registration and
                    # check (投诉举报登记及核查情况) — 50 other tunable scenarios each, no tier stated
                    "scenarios_retold_legal_review.jsonl", "scenarios_retold_panel_discussion.jsonl",
                    "scenarios_retold_complaint_check.jsonl"),
}


def public_report(path: Path = PUBLIC, show_misses: bool = False) -> dict:
    from retriever.search import Retriever

    retriever = Retriever()
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    number = lambda r: int("".join(ch for ch in r["id"] if ch.isdigit()) or 0)
    report = {"public_odd": score_rows([r for r in rows if number(r) % 2 == 1], retriever, public=True),
              "public_even": score_rows([r for r in rows if number(r) % 2 == 0], retriever, public=True),
              "own": score_rows(_rows("scenarios.jsonl"), retriever, public=False),
              **{name: score_rows([row for f in files for row in _rows(f)], retriever, public=True)
                 for name, files in HELPER_SETS.items()}}
    if worked_rows():  # tunable: product data, written by helpers who saw no evaluation set
        report["worked_cases"] = score_worked(retriever)
    table = ["| set | n | circ. P | circ. R | circ. F1 | tier within acceptable | provision recall | fine range agreement |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in report.items():
        c = r.get("circumstance_micro", {})
        table.append(f"| {name} | {r['n']} | {c.get('precision', '–')} | {c.get('recall', '–')} | {c.get('f1', '–')} | "
                     f"{r['tier_within_acceptable']} | {r['provision_recall']} | {r['fine_range_agreement']} |")
    for name, r in report.items():
        if not show_misses:
            r.pop("misses", None)
        if "circumstance_per_key" in r:
            print(f"\n{name} circumstances per key (tp/fp/fn, F1):")
            print("  " + "; ".join(f"{k} {v['tp']}/{v['fp']}/{v['fn']} {v['f1']}" for k, v in r["circumstance_per_key"].items()))
        if show_misses and r.get("misses"):
            print(f"{name} tier misses: " + "; ".join(r["misses"]))
    print("\n" + "\n".join(table))
    return report


def run(as_json: bool = False, show_misses: bool = False) -> dict:
    from retriever.search import Retriever

    retriever = Retriever()
    retriever.search("预热", 3)
    report = {"date": date.today().isoformat(), "cases": case_top1(retriever)}
    report["scenarios"], misses = scenarios(retriever)
    if show_misses:
        report["misses"] = misses
    print(json.dumps(report, ensure_ascii=False, indent=None if as_json else 2))
    return report


if __name__ == "__main__":
    import sys
    if "--public" in sys.argv:
        public_report(show_misses="--misses" in sys.argv)
    else:
        run(show_misses="--misses" in sys.argv)
