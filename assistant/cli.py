"""`shuoli` — a thin command line over the library. `--json` output is for scripts."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from ingest.settings import get_settings


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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "all_sources", is_flag=True, help="Every file in the corpus, not the curated list.")
@click.option("--rebuild", is_flag=True, help="Drop the indexes and build them again.")
@click.option("--if-missing", is_flag=True, help="Do nothing when an index exists.")
@click.option("--internal", is_flag=True, help="Mark the given files internal (officers only).")
@click.option("--json", "as_json", is_flag=True)
def ingest(paths, all_sources, rebuild, if_missing, internal, as_json):
    """Build or update the index from the sources (or add the given files)."""
    from retriever.indexer import build_index, store_path

    settings = get_settings()
    if if_missing and store_path(settings).exists() and (settings.index_dir / "lexical" / "CURRENT").exists():
        click.echo(f"index present at {settings.index_dir}", err=True)
        return
    report = build_index(settings, paths=list(paths) or None, all_sources=all_sources, rebuild=rebuild,
                         visibility="internal" if internal else "public", progress=None if as_json else _progress)
    summary = {"files": report.files, "documents": report.documents, "records": report.records,
               "versions": report.versions, "added": report.added, "updated": report.updated,
               "removed": report.removed, "unchanged": report.unchanged, "embedded": report.embedded,
               "index": report.by_type, "seconds": report.seconds,
               "failures": [{"source": f.source, "reason": f.reason} for f in report.failures]}
    if as_json:
        _dump(summary)
    else:
        click.echo(f"files {report.files} · documents {report.documents} · law versions {report.versions} · "
                   f"records {report.records} (added {report.added}, updated {report.updated}, removed "
                   f"{report.removed}, unchanged {report.unchanged}) · embedded {report.embedded} · "
                   f"index {report.by_type} · seconds {report.seconds}")
        for f in report.failures:
            click.echo(f"  失败 failed: {f.source}: {f.reason}", err=True)
    sys.exit(0 if report.ok else 3)


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
        head = (f"《{d['law']}》{d['article_label']}（{d['version']}版，{d['effective']}施行，{d['status']}）"
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
    from ingest.numerals import cn_to_int

    raw = number.strip().removeprefix("第").removesuffix("条")
    base, _, suffix = raw.partition("之")
    try:
        n, s = cn_to_int(base), cn_to_int(suffix) if suffix else 0
    except ValueError:
        _fail(f"not an article number: {number}", 2)
    retriever = _retriever()
    records = retriever.article(law, n, suffix=s, on=as_of)
    if not records:
        versions = retriever.store.versions(retriever.law_names.short(retriever.law_names.resolve(law) or law))
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
@click.option("--set", "gold_set", default="dev", type=click.Choice(["dev", "test", "all"]))
@click.option("--no-baseline", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
def eval_cmd(gold_set, no_baseline, as_json):
    """Retrieval figures on the gold sets (Recall@1/5/10, MRR@10, latency)."""
    from eval.retrieval import run

    run(gold_set=gold_set, baseline=not no_baseline, as_json=as_json)


if __name__ == "__main__":
    main()
