"""shuoli as an MCP server (official `mcp` SDK): the library's functions as tools, the laws as resources.

`shuoli mcp` serves over stdio (for a desktop MCP client that starts it) or streamable HTTP
(`--transport http --host 127.0.0.1 --port 8765`, endpoint `/mcp`). The tools call the same functions as
the CLI: search (retriever.search.Retriever), article lookup, citation check (assistant.verify), case
assessment (assistant.assess), comparable cases (assistant.similar), the reasoning draft (assistant.draft).
Every answer carries law, article and version; a draft's citations are verified before it is returned.
"""
from __future__ import annotations

import threading
from datetime import date
from typing import Any, Optional
from urllib.parse import unquote

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError

from core.numerals import cn_to_int
from core.records import NATIONAL, in_force
from core.settings import Settings, get_settings

INSTRUCTIONS = (
    "说理 shuoli：市场监管执法助手。检索法律条文（按行为发生日施行的版本）、核验引用、评估案件裁量阶次和罚款幅度、"
    "查找类案、生成说理文书草稿。引用条文时请使用工具返回的法律名称、条号和版本，不要自行编造条文。")
DOC_TYPES = ("law", "case", "benchmark", "guidance")


def _day(value: Optional[str], name: str = "as_of") -> str:
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ToolError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _article_number(number: str | int) -> tuple[int, int]:
    raw = str(number).strip().removeprefix("第").removesuffix("条")
    base, _, suffix = raw.partition("之")
    try:
        return cn_to_int(base), cn_to_int(suffix) if suffix else 0
    except ValueError:
        raise ToolError(f"not an article number: {number!r} (use 136, 一百三十六 or 第十条之一)") from None


class Shuoli:
    """The index, opened once on first use and shared by every request."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._retriever = None
        self._lock = threading.Lock()

    @property
    def retriever(self):
        with self._lock:
            if self._retriever is None:
                from retriever.search import Retriever
                self._retriever = Retriever(self.settings)
            return self._retriever

    def resolver(self):
        from assistant.verify import StoreResolver
        r = self.retriever
        return StoreResolver(r.store, r.law_names)

    def short_name(self, law: str) -> str:
        names = self.retriever.law_names
        return names.short(names.resolve(law) or law)


def build_server(settings: Settings | None = None) -> MCPServer:
    app = Shuoli(settings or get_settings())
    server = MCPServer(name="shuoli", title="说理 shuoli", instructions=INSTRUCTIONS, version=_version())

    @server.tool(description="检索法律条文、裁量事项、案例。as_of：版本施行日期（默认今天）；region：省级地区（如 上海），"
                             "同时返回全国性规定，不返回其他省份的地方性法规；doc_type：law / benchmark / case / guidance。")
    def search_provisions(query: str, as_of: Optional[str] = None, region: Optional[str] = None,
                          doc_type: Optional[str] = None, k: int = 10, public_only: bool = False) -> dict[str, Any]:
        from retriever.filters import SearchFilter

        if not query.strip():
            raise ToolError("query is empty")
        if doc_type and doc_type not in DOC_TYPES:
            raise ToolError(f"doc_type must be one of {', '.join(DOC_TYPES)}")
        day = _day(as_of)
        flt = SearchFilter(as_of=day, doc_types=(doc_type,) if doc_type else (), regions=(region,) if region else (),
                           visibility=("public",) if public_only else ("public", "internal"))
        hits = app.retriever.search(query, k=max(1, min(int(k), 50)), flt=flt)
        return {"as_of": day, "region": region or "", "hits": [h.to_dict(day) for h in hits]}

    @server.tool(description="取某部法律某一条的原文（在 as_of 日施行的版本）。law 可用简称，如 食品安全法；article 如 136 或 一百三十六。")
    def get_article(law: str, article: str, as_of: Optional[str] = None) -> dict[str, Any]:
        day = _day(as_of)
        n, suffix = _article_number(article)
        r = app.retriever
        records = r.article(law, n, suffix=suffix, on=day)
        if not records:
            versions = r.store.versions(app.short_name(law))
            hint = f"；在库版本：{', '.join(v[0] for v in versions)}" if versions else "；库中没有这部法律"
            raise ToolError(f"no such article: 《{law}》第{n}条 in force on {day}{hint}")
        first = records[0]
        return {"law": first.law, "short_name": first.short_name, "article": first.article,
                "article_label": first.article_label, "version": first.version, "effective": first.effective,
                "status": first.status_on(day), "region": first.region, "chapter": " / ".join(first.chapter_path),
                "text": "\n".join(rec.text for rec in records), "id": first.id}

    @server.tool(description="核验文本中的每一处《…》第N条引用：法律是否存在、条文是否存在、在 on 日是否施行。")
    def verify_citations(text: str, on: Optional[str] = None) -> dict[str, Any]:
        from assistant.verify import verify_cli_payload, verify_text

        if not text.strip():
            raise ToolError("text is empty")
        report = verify_text(text, on=_day(on, "on"), resolver=app.resolver())
        return verify_cli_payload(report, text=text)

    @server.tool(description="评估案情：违法行为与处罚依据、情节、建议裁量阶次（规则决定）、罚款幅度、类案与类案同罚比对、待核实事项。"
                             "item：执法人员认定的违法行为事项（前次评估 violations 中的 item_id），阶次按该项计算；"
                             "item_uncertain 为真时 alternatives 给出其他候选事项的阶次。")
    def assess_case(facts: str, act_date: Optional[str] = None, as_of: Optional[str] = None,
                    region: Optional[str] = None, statements: Optional[list[str]] = None,
                    item: Optional[str] = None) -> dict[str, Any]:
        if not facts.strip():
            raise ToolError("facts is empty")
        a = _assess(app, facts, act_date=act_date, as_of=as_of, region=region, statements=statements, item=item)
        return a.model_dump(mode="json")

    @server.tool(description="查找类案：与案情相似的已决案例、处理结果及相似理由。")
    def find_comparable_cases(facts: str, k: int = 5) -> dict[str, Any]:
        from assistant.assess import match_violations
        from assistant.similar import find_similar_cases

        if not facts.strip():
            raise ToolError("facts is empty")
        r = app.retriever
        violations = match_violations(facts, r, on=date.today().isoformat(), region=None,
                                      visibility=("public", "internal"))
        found = find_similar_cases(facts, r, k=max(1, min(int(k), 20)), violations=violations)
        return {"cases": [c.model_dump(mode="json") for c in found]}

    @server.tool(description="生成行政处罚决定书说理部分草稿（事理·法理·道理·情理、救济途径、信用修复告知）；"
                             "草稿中的引用均已核验，未核实处以【未核实：…】标出。")
    def draft_reasoning(facts: str, act_date: Optional[str] = None, region: Optional[str] = None,
                        statements: Optional[list[str]] = None, evidence: Optional[list[str]] = None,
                        party: Optional[str] = None, agency: str = "XX市场监督管理局",
                        item: Optional[str] = None) -> dict[str, Any]:
        from assistant.draft import draft_reasoning as run_draft

        if not facts.strip():
            raise ToolError("facts is empty")
        a = _assess(app, facts, act_date=act_date, as_of=None, region=region, statements=statements, item=item)
        a.evidence = list(evidence or [])
        a.party = party or ""
        d = run_draft(a, resolver=app.resolver(), agency=agency, party=party or None, evidence=a.evidence)
        return {"title": d.title, "kind": d.kind, "tier": a.tier, "act_date": d.act_date,
                "markdown": d.to_markdown(), "citations_ok": bool(d.verify and d.verify.ok),
                "warnings": d.warnings}

    @server.resource("shuoli://laws", name="laws", title="法律法规目录", mime_type="application/json",
                     description="在库的法律、法规、规章及其版本（施行日期、失效日期、地区）。")
    def list_laws() -> list[dict[str, Any]]:
        r = app.retriever
        out = []
        for law, short in sorted(set(r.store.law_names()), key=lambda x: x[1]):
            versions = r.store.versions(short)
            out.append({"law": law, "short_name": short, "uri": f"shuoli://law/{short}",
                        "versions": [{"version": v, "effective": e, "expires": x, "repealed": rep}
                                     for v, e, x, rep in versions]})
        return out

    @server.resource("shuoli://law/{name}", name="law", title="法律全文", mime_type="text/markdown",
                     description="一部法律在今天施行的版本的全文（按条）。")
    def law_text(name: str) -> str:
        return _law_markdown(app, unquote(name), date.today().isoformat())

    return server


def _assess(app: Shuoli, facts: str, *, act_date, as_of, region, statements, item=None):
    from assistant.assess import assess

    try:
        return assess(facts, retriever=app.retriever, act_date=_day(act_date, "act_date") if act_date else None,
                      as_of=_day(as_of), region=region or None, statements=list(statements or []), item=item or None)
    except ValueError as exc:  # an item that is no candidate of these facts
        raise ToolError(str(exc)) from exc


def _law_markdown(app: Shuoli, name: str, on: str) -> str:
    r = app.retriever
    short = app.short_name(name)
    versions = r.store.versions(short)
    current = [v for v in versions if in_force(v[1], v[2], v[3], on)]
    if not current:
        raise ResourceNotFoundError(f"no version of {name} in force on {on}"
                                    + (f" (versions: {', '.join(v[0] for v in versions)})" if versions else ""))
    version = current[-1][0]
    records = r.store.law_records(short, version)
    first = records[0]
    head = f"# {first.law}\n\n版本 {version}，{first.effective or version} 施行" + (
        f"，地区 {first.region}" if first.region and first.region != NATIONAL else "") + "\n"
    return head + "\n\n".join(rec.text for rec in records) + "\n"


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("shuoli")
    except Exception:
        return ""


def serve(transport: str = "stdio", *, host: str = "127.0.0.1", port: int = 8765,
          settings: Settings | None = None) -> None:
    server = build_server(settings)
    if transport == "stdio":
        server.run("stdio")
    elif transport == "http":
        server.run("streamable-http", host=host, port=port)
    else:
        raise ValueError(f"transport must be stdio or http, not {transport!r}")
