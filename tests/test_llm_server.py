"""The LLM path end to end against a real OpenAI-compatible HTTP server on 127.0.0.1 (scripted replies,
plain and streamed as SSE), through langchain-openai: condensing a follow-up, a streamed conversation
turn, an invented citation caught and replaced, and an endpoint that goes away."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.conversation import Conversation
from assistant.llm import LLMConfig, TurnStream, condense, get_chat_model, make_condenser

AS_OF = "2026-12-02"
GOOD = ("依据《中华人民共和国食品安全法》第一百二十四条，经营超过保质期的食品，货值金额不足一万元的，"
        "并处五万元以上十万元以下罚款。")
INVENTED = "依据《中华人民共和国食品安全法》第九百条，应处一百万元罚款。"


class Script:
    """Replies the server gives, in order; and the requests it received."""

    def __init__(self):
        self.replies: list[str] = []
        self.requests: list[dict] = []


def make_handler(script: Script):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                self.send_error(404)
                return
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            script.requests.append(body)
            reply = script.replies.pop(0) if script.replies else "未找到依据"
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [reply[i:i + 8] for i in range(0, len(reply), 8)]
                for i, piece in enumerate(pieces):
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                             "choices": [{"index": 0, "delta": ({"role": "assistant"} if i == 0 else {}) |
                                          {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                return
            payload = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
    return Handler


@pytest.fixture()
def server():
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(script))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    script.httpd = httpd
    yield script
    httpd.shutdown()
    httpd.server_close()


def model_for(server, timeout: float = 20.0):
    return get_chat_model(LLMConfig(provider="openai", model="scripted", base_url=server.url, timeout=timeout))


def test_condense_goes_through_the_server(server):
    server.replies = ["销售过期酸奶，一年内第二次被查处，怎么罚？"]
    out = condense(model_for(server), [("销售过期酸奶怎么罚？", "依据……")], "那如果是一年内第二次呢？")
    assert out == "销售过期酸奶，一年内第二次被查处，怎么罚？"
    sent = server.requests[0]["messages"]
    assert sent[0]["role"] == "system" and "那如果是一年内第二次呢" in sent[-1]["content"]


def test_condense_refuses_a_citation_the_conversation_never_had(server):
    server.replies = ["销售过期酸奶违反食品安全法第三十四条吗？"]
    assert condense(model_for(server), [("销售过期酸奶怎么罚？", "……")], "依据呢？") is None


def test_streamed_followup_turn_condensed_then_answered(server, retriever):
    model = model_for(server)
    conv = Conversation(retriever, as_of=AS_OF, condenser=make_condenser(model))
    server.replies = [GOOD]
    first = TurnStream(conv, "销售过期酸奶怎么罚？", model=model)
    chunks = list(first)
    assert len(chunks) > 3  # streamed piece by piece over SSE
    assert first.result.llm_used and first.result.flagged == []
    assert any(s.get("article") == 124 for s in first.result.sources[:5])
    assert server.requests[-1]["stream"] is True
    server.replies = ["销售过期酸奶，一年内第二次，怎么罚？", GOOD]
    second = TurnStream(conv, "那如果是一年内第二次呢？", model=model).run()
    assert "改写为" in second.reading.note and "销售过期酸奶" in second.reading.query
    assert second.assessment is not None and second.assessment.tier == "从重"  # the rules decide the tier
    assert "裁量建议" in second.text


def test_invented_citation_is_caught_and_replaced(server, retriever):
    model = model_for(server)
    server.replies = [INVENTED]
    turn = TurnStream(Conversation(retriever, as_of=AS_OF), "销售过期酸奶怎么罚？", model=model)
    streamed = "".join(turn)
    assert "第九百条" in streamed and "已改用不使用大模型的检索答案" in streamed
    result = turn.result
    assert "第九百条" not in result.text and not result.llm_used
    assert "未能核实" in result.notice and "第九百条" in result.notice
    assert "五万元以上十万元以下" in result.text  # the rule-given answer stands


def test_endpoint_gone_falls_back_with_notice(server, retriever):
    model = model_for(server, timeout=5.0)
    server.httpd.shutdown()
    server.httpd.server_close()
    t0 = time.monotonic()
    result = TurnStream(Conversation(retriever, as_of=AS_OF), "销售过期酸奶怎么罚？", model=model).run()
    assert time.monotonic() - t0 < 30
    assert not result.llm_used and "大模型不可用" in result.notice
    assert "五万元以上十万元以下" in result.text
