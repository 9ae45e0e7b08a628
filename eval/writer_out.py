"""Writer-out check of the search: how it does on wording it has not learned, measured on the tuning writers.

The tuning writers' questions are worked questions of the product and train the query adapter (eval/worked_bank.py), so
their own figures no longer measure new wording. Here the tuning writers are split in two halves (TUNED_WRITERS[0::2]
and [1::2]); for each half, the other half's questions are searched with a worked-question bank and a query adapter
built without them, in a copy of the home (index linked to the same model) and of the project corpus. Settings of
retriever/search.py are tried on both halves at once:

    python -m eval.writer_out "WEIGHTS['worked']=1.0" "WEIGHTS['worked']=2.0"

prints R@5, all-gold@10 and MRR@10 per setting (the current code first, as `base`). Minutes: two adapters (about a minute
each on 2 cores) and the questions once per setting. The held-out writers, the public sets and STARD are never used here."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from eval.retrieval import TUNED_WRITERS, load_gold
from eval.worked_bank import BANK_FILE, bank_line


def _fold_home(root: Path, fold: int) -> dict[str, str]:
    """A home and a project corpus whose bank holds TUNED_WRITERS[fold::2] only (and HQE's odd half); their adapter
    trained. Returns the environment that points the product at them."""
    from core.settings import Settings

    settings = Settings()
    home, corpus = root / f"home{fold}", root / f"corpus{fold}"
    (home / "index").mkdir(parents=True)
    for item in settings.home.joinpath("index").iterdir():
        if item.is_file() and item.name != "query_adapter.npz":
            shutil.copy2(item, home / "index" / item.name)
        elif item.is_dir():
            shutil.copytree(item, home / "index" / item.name)
    (home / "models").symlink_to(settings.home.joinpath("models").resolve())
    shutil.copytree(settings.project_corpus, corpus)
    kept = [q for c in TUNED_WRITERS[fold::2] for q in load_gold(f"helper-{c}")] + load_gold("helper-e-odd")
    (corpus / "worked_questions" / BANK_FILE.name).write_text(
        "".join(json.dumps(bank_line(q), ensure_ascii=False) + "\n" for q in kept), encoding="utf-8")
    env = {**os.environ, "SHUOLI_HOME": str(home), "SHUOLI_PROJECT_CORPUS": str(corpus)}
    repo = Path(__file__).resolve().parent.parent
    questions = [str(repo / "eval" / "gold" / "dev_questions.jsonl")]
    public = repo.parent / "shared" / "eval" / "questions.jsonl"
    if public.exists():
        questions.append(f"{public}:odd")
    questions += [str(p) for p in sorted((corpus / "worked_questions").glob("*.jsonl"))]
    subprocess.run([sys.executable, "-m", "cli", "adapt"] + [a for q in questions for a in ("--questions", q)],
                   env=env, cwd=repo, check=True, stdout=subprocess.DEVNULL)
    return env


def score(fold: int, settings: list[str]) -> list[dict]:
    """In a process pointed at a fold's home: the other half's questions under each setting."""
    from datetime import date

    import retriever.search as S
    from eval import retrieval as E
    from retriever.filters import SearchFilter

    retriever = S.Retriever()
    flt = SearchFilter(as_of=date.today().isoformat(), doc_types=("law",))
    questions = [q for c in TUNED_WRITERS[1 - fold::2] for q in load_gold(f"helper-{c}")]
    base = {k: copy.deepcopy(getattr(S, k)) for k in dir(S) if k.isupper()}
    out = []
    for setting in ["base"] + settings:
        for k, v in base.items():
            setattr(S, k, copy.deepcopy(v))
        if setting != "base":
            exec(setting, vars(S))
        r5 = all_gold = 0
        mrr = 0.0
        for q in questions:
            keys = E._article_keys(retriever.search(q["query"], 10, flt))
            rank = E.first_gold_rank(keys, q["gold"])
            r5 += bool(rank and rank <= 5)
            mrr += 1 / rank if rank else 0.0
            all_gold += E.all_gold_within(keys, q["gold"])
        out.append({"setting": setting, "n": len(questions), "R@5": r5, "all-gold@10": all_gold, "MRR": mrr})
    return out


def main(settings: list[str]) -> None:
    totals: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in (0, 1):
            env = _fold_home(Path(tmp), fold)
            done = subprocess.run([sys.executable, "-m", "eval.writer_out", "--score", str(fold)] + settings, env=env,
                                  cwd=Path(__file__).resolve().parent.parent, check=True, capture_output=True, text=True)
            for row in json.loads(done.stdout.strip().splitlines()[-1]):
                t = totals.setdefault(row["setting"], {"n": 0, "R@5": 0, "all-gold@10": 0, "MRR": 0.0})
                for k in t:
                    t[k] += row[k]
    for setting, t in totals.items():
        print(f"{setting:48s} n={t['n']} R@5 {t['R@5']} all-gold@10 {t['all-gold@10']} MRR@10 {t['MRR'] / t['n']:.3f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--score"]:
        print(json.dumps(score(int(sys.argv[2]), sys.argv[3:])))
    else:
        main(sys.argv[1:])
