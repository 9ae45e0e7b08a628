"""`shuoli` — a thin command line over the library. `--json` output is for scripts."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from core.settings import SettingsError, get_settings


def _dump(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"错误 / error: {message}", err=True)
    sys.exit(code)


def _valid_date(ctx, param, value):
    if value is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD")


def _retriever():
    from retriever.search import Retriever
    from retriever.store import StoreError

    try:
        return Retriever(get_settings())
    except StoreError as exc:
        _fail(str(exc), 2)


@click.group()
@click.version_option(package_name="shuoli")
def main() -> None:
    """说理 shuoli: law lookup, discretion and reasoned drafts for market regulation."""
    try:
        get_settings()  # a bad SHUOLI_* value is one clear line, not a traceback in the middle of a command
    except SettingsError as exc:
        _fail(str(exc), 2)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "all_sources", is_flag=True, help="Every file in the corpus, not the curated list.")
@click.option("--rebuild", is_flag=True, help="Drop the indexes and build them again.")
@click.option("--if-missing", is_flag=True, help="Do nothing when an index exists.")
@click.option("--internal", is_flag=True, help="Mark the given files internal (officers only).")
@click.option("--embed-all", is_flag=True,
              help="With --all: embed every record (by default only the curated sources are embedded; the rest "
                   "of the corpus is searched lexically).")
@click.option("--json", "as_json", is_flag=True)
def ingest(paths, all_sources, rebuild, if_missing, internal, embed_all, as_json):
    """Build or update the index from the sources (or add the given files)."""
    from retriever.indexer import build_index, store_path

    settings = get_settings()
    if if_missing and store_path(settings).exists() and (settings.index_dir / "lexical" / "CURRENT").exists():
        click.echo(f"index present at {settings.index_dir}", err=True)
        return
    report = build_index(settings, paths=list(paths) or None, all_sources=all_sources, rebuild=rebuild,
                         visibility="internal" if internal else "public", embed_all=embed_all,
                         progress=None if as_json else _progress)
    summary = {"files": report.files, "documents": report.documents, "records": report.records,
               "versions": report.versions, "added": report.added, "updated": report.updated,
               "removed": report.removed, "unchanged": report.unchanged, "embedded": report.embedded,
               "lexical_only": report.lexical_only,
               "index": report.by_type, "seconds": report.seconds,
               "failures": [{"source": f.source, "reason": f.reason} for f in report.failures]}
    if as_json:
        _dump(summary)
    else:
        click.echo(f"files {report.files} · documents {report.documents} · law versions {report.versions} · "
                   f"records {report.records} (added {report.added}, updated {report.updated}, removed "
                   f"{report.removed}, unchanged {report.unchanged}) · embedded {report.embedded} · "
                   f"lexical only {report.lexical_only} · "
                   f"index {report.by_type} · seconds {report.seconds}")
        for f in report.failures:
            click.echo(f"  失败 failed: {f.source}: {f.reason}", err=True)
    sys.exit(0 if report.ok else 3)


@main.command()
@click.option("--questions", "question_files", multiple=True, metavar="FILE[:odd|:even]",
              help="A JSON-lines question file with gold provisions (query, gold [{law, article}]); ':odd' takes "
                   "the odd ids only (the tuning half of a public set). Repeatable; a missing file is skipped "
                   "with a note.")
@click.option("--if-missing", is_flag=True, help="Do nothing when the index has an adapter.")
@click.option("--if-stale", is_flag=True, help="Do nothing when the index's adapter was trained on what a training "
              "now would use (model, articles, items, cases, question files); retrain otherwise.")
@click.option("--json", "as_json", is_flag=True)
def adapt(question_files, if_missing, if_stale, as_json):
    """Train the query adapter of the index (seconds): questions in everyday words are mapped toward the
    statutes that govern them; nothing is re-embedded."""
    from retriever.adapt import adapter_current, build_adapter, question_source
    from retriever.embeddings.adapter import adapter_path

    settings = get_settings()
    path = adapter_path(settings)
    if if_missing and path.exists():
        click.echo(f"query adapter present at {path}", err=True)
        return
    sources = []
    for spec in question_files:
        file, half = question_source(spec)
        if file.exists():
            sources.append((file, half))
        else:
            click.echo(f"note: no question file {file}; trained without it", err=True)
    retriever = _retriever()
    if if_stale and adapter_current(retriever, sources):
        click.echo(f"query adapter up to date at {path}", err=True)
        return
    try:
        report = build_adapter(retriever, sources, progress=None if as_json else (lambda m: click.echo(m, err=True)))
    except ValueError as exc:
        _fail(str(exc), 2)
    summary = {"adapter": str(report.path), "pairs": report.pairs, "documents": report.documents,
               "gold_not_in_index": report.skipped}
    if as_json:
        _dump(summary)
    else:
        click.echo(f"query adapter {report.path} · pairs {report.pairs} · articles {report.documents}")


def _progress(total: int, label: str):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="rec", file=sys.stderr)

    def tick(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()
    return tick


@main.command()
@click.argument("query", required=False)
@click.option("--k", default=10, show_default=True)
@click.option("--as-of", callback=_valid_date, help="Date the versions must be in force (default today).")
@click.option("--type", "doc_type", type=click.Choice(["law", "case", "benchmark", "guidance"]))
@click.option("--region", default=None)
@click.option("--public", is_flag=True, help="Public records only (what merchants may see).")
@click.option("--mode", type=click.Choice(["hybrid", "lexical", "dense"]), default="hybrid")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help="One query per line; one JSON array per line out.")
@click.option("--json", "as_json", is_flag=True)
def search(query, k, as_of, doc_type, region, public, mode, batch, as_json):
    """Search laws, cases and benchmark items."""
    from core.records import NATIONAL
    from retriever.filters import SearchFilter

    if not query and not batch:
        _fail("give a QUERY or --batch FILE", 2)
    flt = SearchFilter(as_of=as_of, doc_types=(doc_type,) if doc_type else (), regions=(region,) if region else (),
                       visibility=("public",) if public else ("public", "internal"))
    retriever = _retriever()
    if batch:
        for line in batch:
            hits = retriever.search(line.strip(), k=k, flt=flt, mode=mode) if line.strip() else []
            _dump([h.to_dict(as_of) for h in hits])
        return
    hits = retriever.search(query, k=k, flt=flt, mode=mode)
    if as_json:
        _dump([h.to_dict(as_of) for h in hits])
        return
    if not hits:
        click.echo("没有找到相关条文 / nothing found")
    for i, h in enumerate(hits, 1):
        d = h.to_dict(as_of)
        where = f"，{d['region']}" if d["region"] and d["region"] != NATIONAL else ""
        head = (f"《{d['law']}》{d['article_label']}（{d['version']}版，{d['effective']}施行，{d['status']}{where}）"
                if d["doc_type"] == "law" else f"[{d['doc_type']}] {d['title'] or d['id']}")
        click.echo(f"{i}. {head}  score={d['score']}")
        click.echo("   " + d["text"][:200].replace("\n", " "))


@main.command()
@click.argument("law")
@click.argument("number")
@click.option("--as-of", callback=_valid_date)
@click.option("--json", "as_json", is_flag=True)
def article(law, number, as_of, as_json):
    """The text of LAW's article NUMBER in the version in force (e.g. `shuoli article 食品安全法 136`)."""
    from core.numerals import cn_to_int

    raw = number.strip().removeprefix("第").removesuffix("条")
    base, _, suffix = raw.partition("之")
    try:
        n, s = cn_to_int(base), cn_to_int(suffix) if suffix else 0
    except ValueError:
        _fail(f"not an article number: {number}", 2)
    retriever = _retriever()
    records = retriever.article(law, n, suffix=s, on=as_of)
    if not records:
        versions = retriever.store.versions(retriever.law_names.short_of(law))
        hint = f"；该法在库版本：{', '.join(v[0] for v in versions)}" if versions else "；库中没有这部法律"
        _fail(f"no such article: 《{law}》第{n}条 in force on {as_of}{hint}", 1)
    text = "\n".join(r.text for r in records)
    first = records[0]
    if as_json:
        _dump({"law": first.law, "short_name": first.short_name, "article": first.article,
               "article_label": first.article_label, "version": first.version, "effective": first.effective,
               "status": first.status_on(as_of), "chapter": " / ".join(first.chapter_path), "text": text,
               "id": first.id})
    else:
        click.echo(f"《{first.law}》{first.article_label}（{first.version}版，{first.effective}施行，"
                   f"{first.status_on(as_of)}）\n{text}")


@main.command("eval")
@click.option("--set", "gold_set", default="dev", show_default=True,
              help="a question set of eval/retrieval.py (SETS), or report")
@click.option("--no-baseline", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
def eval_cmd(gold_set, no_baseline, as_json):
    """Retrieval figures (R@1/5/10, MRR@10, all-gold@10, direct-answer precision, latency); `--set report`:
    public odd/even halves, STARD, own dev and test, and the sets of independent writers (helper-a … helper-e)."""
    # The product never imports eval/: the runner is loaded by module path, only when asked for.
    import importlib

    try:
        module = importlib.import_module("eval.retrieval")
    except ModuleNotFoundError as exc:
        _fail(f"评测模块不可用（请在项目根目录运行）: {exc}", 2)
    known = module.SETS + ("report",)
    if gold_set not in known:
        _fail(f"没有名为 {gold_set} 的评测集；可选：{', '.join(known)}", 2)
    module.run(gold_set=gold_set, baseline=not no_baseline, as_json=as_json)


def _assessment_json(a) -> dict:
    out = a.model_dump()
    out["violations"] = [
        {**v, "violated": [_prov(p) for p in v["violated"]], "penalty_basis": [_prov(p) for p in v["penalty_basis"]]}
        for v in out["violations"]]
    out["tier_basis"] = [_prov(p) for p in out["tier_basis"]]
    return out


def _prov(p: dict) -> dict:
    return {"law": p["law"], "article": p["article"], "paragraph": p.get("paragraph"), "item": p.get("item"),
            "version": p.get("version", "")}


def _read_jsonl(fh):
    for n, line in enumerate(fh, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"id": f"line{n}", "_error": f"line {n}: not JSON ({exc.msg})"}


@main.command()
@click.argument("facts", required=False)
@click.option("--as-of", callback=_valid_date, help="Decision date (default today).")
@click.option("--act-date", default=None, help="Date of the act, if not stated in the facts.")
@click.option("--region", default=None)
@click.option("--statement", "statements", multiple=True, help="A point of the party's 陈述申辩 (repeatable).")
@click.option("--item", default=None, metavar="N|ITEM_ID",
              help="The violation item established: its number among the candidates listed (1, 2, 3) or its item_id; "
                   "the tier and range are decided on it.")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help='JSONL: {"id":..,"facts":..} per line ("item": an item_id, optional).')
@click.option("--json", "as_json", is_flag=True)
def assess(facts, as_of, act_date, region, statements, item, batch, as_json):
    """Violation items, circumstances, tier, fine range and comparable cases for case FACTS."""
    from assistant.assess import assess as run_assess

    if not facts and not batch:
        _fail("give FACTS or --batch FILE", 2)
    retriever = _retriever()
    if batch:
        for row in _read_jsonl(batch):
            if "_error" in row or not str(row.get("facts", "")).strip():
                _dump({"id": row.get("id"), "error": row.get("_error", "missing facts")})
                continue
            try:
                a = run_assess(row["facts"], retriever=retriever, as_of=row.get("as_of") or as_of,
                               act_date=row.get("act_date") or act_date, region=row.get("region") or region,
                               statements=row.get("statements") or [], case_id=str(row.get("id", "")),
                               item=row.get("item") or None)
            except ValueError as exc:  # an item that is not among the candidates: said, the next row goes on
                _dump({"id": row.get("id"), "error": str(exc)})
                continue
            _dump(_assessment_json(a))
        return
    picked = None if item and item.isdigit() else item  # an item_id is checked by assess itself
    try:
        a = run_assess(facts, retriever=retriever, as_of=as_of, act_date=act_date, region=region,
                       statements=list(statements), item=picked)
    except ValueError as exc:
        _fail(f"--item {item}: {exc}", 2)
    if item and picked is None:  # the N-th candidate listed: known once the candidates are
        if not 0 < int(item) <= len(a.violations):
            _fail(f"--item {item}: not among the {len(a.violations)} candidate items for these facts "
                  f"(give 1–{len(a.violations)} or one of: {', '.join(v.item_id for v in a.violations)})", 2)
        a = run_assess(facts, retriever=retriever, as_of=as_of, act_date=act_date, region=region,
                       statements=list(statements), item=a.violations[int(item) - 1].item_id)
    if as_json:
        _dump(_assessment_json(a))
        return
    unsure = "；违法行为事项待确认，见“待核实”" if a.item_uncertain else ""
    click.echo(f"建议裁量阶次：{a.tier}（{a.tier_rule}{'，应当' if a.mandatory else ''}{unsure}）")
    if a.fine_range and (a.fine_range.min is not None or a.fine_range.max is not None):
        lo, hi = ("—" if v is None else f"{v:,.0f}" for v in (a.fine_range.min, a.fine_range.max))
        click.echo(f"建议罚款幅度：{lo}–{hi}元（{a.fine_range.condition}{a.fine_range.basis}）")
    from core.models import WORDING_CHECK

    outcomes = {o.item_id: o for o in a.alternatives}
    for n, v in enumerate(a.violations, 1):
        rule = "、".join(p.cite() for p in v.violated) or "未载明"
        if v.rule_to_check:
            rule += f"（{WORDING_CHECK}）"
        mark = "（已认定）" if v.item_id in a.confirmed else ""
        if v.item_id in outcomes:
            mark = f"（如认定为此项：{outcomes[v.item_id].tier}；--item {n}）"
        click.echo(f"违法行为{n}{mark}：{v.conduct} | 违反条款：{rule} | 处罚依据：{'、'.join(p.cite() for p in v.penalty_basis)}")
    for label, quote in dict.fromkeys((c.label, c.quote) for c in a.circumstances):  # a wording repeated is shown once
        click.echo(f"情节：{label}「{quote}」")
    for r in a.reasons:
        click.echo(f"理由：{r}")
    for q in a.questions:
        click.echo(f"待核实：{q}")
    for c in a.similar_cases:
        click.echo(f"类案：{c.title}（{c.region}，{c.tier}）{c.why}")
    if a.consistency:
        click.echo(f"类案同罚：{a.consistency.message}")


@main.command()
@click.argument("facts", required=False)
@click.option("--k", default=5, show_default=True)
@click.option("--batch", type=click.File("r", encoding="utf-8"), help="One facts text per line.")
@click.option("--stats", is_flag=True, help="Count the indexed cases: with a source address, by tier, by domain.")
@click.option("--json", "as_json", is_flag=True)
def cases(facts, k, batch, stats, as_json):
    """Comparable cases for FACTS, with outcomes and why they are similar (未找到可比案件 when none)."""
    from assistant.assess import match_violations
    from assistant.similar import NO_COMPARABLE, find_similar_cases

    if stats:
        from ingest.cases import case_stats

        counts = case_stats(_retriever().store.iter_records("case"))
        if as_json:
            _dump(counts)
        else:
            click.echo(f"案例 {counts['cases']} 件，附来源地址 {counts['with_source']} 件")
            click.echo("阶次：" + "，".join(f"{t} {n}" for t, n in counts["by_tier"].items()))
            click.echo("领域：" + "，".join(f"{d} {n}" for d, n in counts["by_domain"].items()))
        return
    if not facts and not batch:
        _fail("give FACTS or --batch FILE", 2)
    retriever = _retriever()
    today = date.today().isoformat()

    def similar(text: str) -> list[dict]:
        violations = match_violations(text, retriever, on=today, region=None, visibility=("public", "internal"))
        return [c.model_dump() for c in find_similar_cases(text, retriever, k=k, violations=violations)]

    if batch:
        for line in batch:
            _dump(similar(line.strip()) if line.strip() else [])
        return
    found = similar(facts)
    if as_json:
        _dump(found)
        return
    if not found:
        click.echo(NO_COMPARABLE)
    for c in found:
        click.echo(f"{c['case_id']} {c['title']}（{c['region']} {c['date']}）→ {c['tier']}；{c['why']}"
                   + (f"\n  来源：{c['source']}" if c["source"].startswith("http") else ""))


def _resolver(retriever):
    from assistant.verify import StoreResolver

    return StoreResolver(retriever.store, retriever.law_names)


@main.command()
@click.argument("text", required=False)
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--on", "on", callback=_valid_date, help="Date the cited versions must be in force (default today).")
@click.option("--json", "as_json", is_flag=True)
def verify(text, path, on, as_json):
    """Check every 《…》第N条 in TEXT (or --file) against the corpus for a date."""
    from assistant.verify import verify_cli_payload, verify_text

    if path:
        text = path.read_text(encoding="utf-8")
    if not text:
        _fail("give TEXT or --file F", 2)
    retriever = _retriever()
    report = verify_text(text, on=on, resolver=_resolver(retriever))
    payload = verify_cli_payload(report, text=text)
    if as_json:
        _dump(payload)
    else:
        for c in payload["citations"]:
            click.echo(f"{'✓' if c.get('status') == 'ok' else '✗'} {c.get('raw', '')} — {c.get('message', '')}")
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='CASE.json: {"facts":..,"act_date":..,"statements":[..],"evidence":[..],"party":..} '
                   "or an assessment from `shuoli assess --json`.")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", default="XX市场监督管理局")
@click.option("--include-consistency", is_flag=True, help="Put the comparable cases and the 类案同罚 check in the draft.")
def draft(path, fmt, out, agency, include_consistency):
    """The 说理式 reasoning (事理·法理·道理·情理, 救济途径, 信用修复告知) for a case."""
    from assistant.assess import assess as run_assess
    from assistant.docx_export import draft_to_docx
    from assistant.draft import draft_reasoning
    from core.models import Assessment

    try:
        case = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not JSON ({exc.msg}, line {exc.lineno})", 2)
    retriever = _retriever()
    if "tier" in case and "violations" in case:
        assessment = Assessment.model_validate(case)
    elif str(case.get("facts", "")).strip():
        assessment = run_assess(case["facts"], retriever=retriever, act_date=case.get("act_date"),
                                as_of=case.get("as_of"), region=case.get("region"),
                                statements=case.get("statements") or [], overrides=case.get("overrides"))
        assessment.evidence = list(case.get("evidence") or [])
        assessment.party = case.get("party", "")
    else:
        _fail(f"{path}: needs 'facts' (or a full assessment)", 2)
    result = draft_reasoning(assessment, resolver=_resolver(retriever), agency=agency,
                             party=case.get("party") or None, evidence=assessment.evidence,
                             include_consistency=include_consistency)
    if fmt == "docx":
        target = out or path.with_suffix(".docx")
        draft_to_docx(result, target)
        click.echo(str(target))
    else:
        md = result.to_markdown(include_report=True)
        if out:
            out.write_text(md, encoding="utf-8")
            click.echo(str(out))
        else:
            click.echo(md)
    if not result.verify.ok:
        click.echo("注意：草稿中有未核实的引用，已在文中标出。", err=True)


@main.command()
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help='JSONL: {"id":..,"turns":["…","…"]} per line; one conversation per line.')
@click.option("--persona", type=click.Choice(["officer", "merchant"]), default="officer", show_default=True)
@click.option("--as-of", callback=_valid_date, help="Date the versions must be in force (default today).")
@click.option("--region", default=None)
@click.option("--llm/--no-llm", "use_llm", default=False, help="Condense follow-ups with the configured LLM.")
@click.option("--json", "as_json", is_flag=True)
def chat(batch, persona, as_of, region, use_llm, as_json):
    """A conversation: follow-ups read against the turns before; cases told in the chat are assessed.
    Without --batch: interactive in the terminal (empty line or Ctrl-D ends; saved under SHUOLI_HOME)."""
    from assistant.conversation import Conversation

    retriever = _retriever()
    condenser = None
    if use_llm:
        from assistant.llm import get_chat_model, make_condenser
        model = get_chat_model()
        if model is None:
            _fail("未配置大模型（SHUOLI_LLM_PROVIDER / SHUOLI_LLM_MODEL）", 2)
        condenser = make_condenser(model)

    def new_conversation():
        return Conversation(retriever, persona=persona, as_of=as_of, region=region, condenser=condenser)

    if batch:
        for row in _read_jsonl(batch):
            turns = row.get("turns")
            if "_error" in row or not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
                _dump({"id": row.get("id"), "error": row.get("_error", "missing 'turns' (a list of strings)")})
                continue
            conv = new_conversation()
            _dump({"id": row.get("id"), "answers": [conv.ask(t).to_dict() for t in turns]})
        return
    from assistant.history import HistoryStore

    store = HistoryStore()
    cid = store.create(persona=persona)
    conv = new_conversation()
    if not as_json:
        click.echo("说理 · 对话（空行或 Ctrl-D 结束；对话已保存，编号 %s）" % cid, err=True)
    while True:
        try:
            text = input("问> " if not as_json and sys.stdin.isatty() else "")
        except EOFError:
            break
        if not text.strip():
            break
        result = conv.ask(text)
        store.add_message(cid, "user", text)
        mid = store.add_message(cid, "assistant", result.text, result.to_dict())
        store.set_slots(cid, conv.slots.to_dict())
        if as_json:
            _dump({"conversation": cid, "message": mid, **result.to_dict()})
        else:
            click.echo(result.text + (f"\n（{result.notice}）" if result.notice else "") + "\n")


@main.command()
@click.option("--limit", default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def feedback(limit, as_json):
    """👍/👎 and notes left on answers, newest first, for the office to review."""
    from assistant.history import HistoryStore

    rows = HistoryStore().feedback(limit)
    if as_json:
        for r in rows:
            _dump(r)
        return
    if not rows:
        click.echo("暂无反馈")
    for r in rows:
        click.echo(f"{r['created']} {'👍' if r['rating'] > 0 else '👎'} 问：{r['question'][:40]} 备注：{r['note'] or '—'}")


@main.command()
@click.option("--transport", type=click.Choice(["stdio", "http"]), default="stdio", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="HTTP only.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="HTTP only.")
def mcp(transport, host, port):
    """Serve the tools (search, article, verify, assess, cases, draft) and the laws over MCP."""
    from retriever.indexer import store_path

    settings = get_settings()
    if not store_path(settings).exists():
        _fail(f"no index at {settings.index_dir}: run `shuoli ingest` first", 2)
    import mcp_server

    mcp_server.serve(transport, host=host, port=port, settings=settings)


if __name__ == "__main__":
    main()
