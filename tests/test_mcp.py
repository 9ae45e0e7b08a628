"""The MCP server as a client sees it: the real `shuoli mcp` process (stdio, and streamable HTTP on
127.0.0.1) over the small test index, driven by the official SDK's client."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time

import anyio
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

from core.settings import REPO_ROOT
from procs import stop

# The first test also builds the shared small index (real embeddings): allow for a loaded machine.
pytestmark = pytest.mark.timeout(1800)

FACTS = ("2024年3月5日，执法人员检查发现当事人超市货架上陈列销售超过保质期的牛奶12盒，货值金额120元，"
         "当事人系初次违法，已当场下架并销毁。")


@pytest.fixture(scope="module")
def server_env(small_settings, built_index) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SHUOLI_HOME=str(small_settings.home), SHUOLI_SOURCES=str(small_settings.sources_file),
               PYTHONPATH=str(REPO_ROOT), SHUOLI_LLM_PROVIDER="")
    return env


def _structured(result) -> dict:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def _exercise(client) -> dict:
    """Every tool and both resources, once; returns what was seen for the assertions."""
    seen: dict = {}
    tools = await client.list_tools()
    seen["tools"] = {t.name for t in tools.tools}
    seen["search"] = _structured(await client.call_tool(
        "search_provisions", {"query": "经营超过保质期的食品怎么罚", "k": 5, "doc_type": "law"}))
    seen["article"] = _structured(await client.call_tool(
        "get_article", {"law": "食品安全法", "article": "一百三十六", "as_of": "2024-05-01"}))
    seen["missing_article"] = await client.call_tool("get_article", {"law": "食品安全法", "article": "999"})
    seen["verify"] = _structured(await client.call_tool(
        "verify_citations", {"text": "依据《中华人民共和国食品安全法》第一百二十四条和《食品安全法》第九百条", "on": "2024-05-01"}))
    seen["assess"] = _structured(await client.call_tool("assess_case", {"facts": FACTS}))
    second = seen["assess"]["violations"][-1]["item_id"]
    seen["assess_item"] = _structured(await client.call_tool("assess_case", {"facts": FACTS, "item": second}))
    seen["assess_no_item"] = await client.call_tool("assess_case", {"facts": FACTS, "item": "authored:no-such-item"})
    seen["cases"] = _structured(await client.call_tool("find_comparable_cases", {"facts": FACTS, "k": 3}))
    seen["draft"] = _structured(await client.call_tool(
        "draft_reasoning", {"facts": FACTS, "party": "某超市", "act_date": "2024-03-01"}))
    resources = await client.list_resources()
    seen["resources"] = {str(r.uri) for r in resources.resources}
    laws = await client.read_resource("shuoli://laws")
    seen["laws"] = json.loads(laws.contents[0].text)
    law = await client.read_resource("shuoli://law/广告法")
    seen["law_text"] = law.contents[0].text
    return seen


def _check(seen: dict) -> None:
    assert {"search_provisions", "get_article", "verify_citations", "assess_case", "find_comparable_cases",
            "draft_reasoning"} <= seen["tools"]
    hits = seen["search"]["hits"]
    assert hits and all(h["doc_type"] == "law" for h in hits)
    assert any(h["short_name"] == "食品安全法" for h in hits)
    art = seen["article"]
    assert art["short_name"] == "食品安全法" and art["article"] == 136 and art["version"] == "2021-04-29"
    assert "免予处罚" in art["text"]
    assert seen["missing_article"].is_error and "999" in seen["missing_article"].content[0].text
    verify = seen["verify"]
    assert verify["count"] == 2 and verify["problems"] == 1 and not verify["ok"]
    assessment = seen["assess"]
    assert assessment["tier"] and assessment["violations"]
    assert any(p["law"].endswith("食品安全法") for v in assessment["violations"] for p in v["penalty_basis"])
    assert "item_uncertain" in assessment and isinstance(assessment["alternatives"], list)
    # the item the officer establishes comes first and is confirmed; one that is no candidate is a clear error
    chosen = seen["assess_item"]
    assert chosen["violations"][0]["item_id"] == assessment["violations"][-1]["item_id"]
    assert chosen["confirmed"] == [chosen["violations"][0]["item_id"]]
    assert seen["assess_no_item"].is_error and "authored:no-such-item" in seen["assess_no_item"].content[0].text
    assert isinstance(seen["cases"]["cases"], list)
    draft = seen["draft"]
    md = draft["markdown"]
    assert draft["act_date"] == "2024-03-01" and "《中华人民共和国食品安全法》" in md and "当事人：某超市" in md
    # The small index lacks 行政复议法 etc.: those citations are flagged, never the ones it holds.
    flags = re.findall(r"【未核实：《(.+?)》", md)
    assert draft["citations_ok"] == (not flags) and "中华人民共和国食品安全法" not in flags
    assert "shuoli://laws" in seen["resources"]
    assert any(law["short_name"] == "食品安全法" and len(law["versions"]) >= 2 for law in seen["laws"])
    assert seen["law_text"].startswith("# 中华人民共和国广告法") and "第一条" in seen["law_text"]


def test_stdio_server(server_env):
    params = StdioServerParameters(command=sys.executable, args=["-m", "cli", "mcp"], env=server_env,
                                   cwd=str(REPO_ROOT))

    async def main():
        async with Client(params, read_timeout_seconds=120) as client:
            return await _exercise(client)

    _check(anyio.run(main))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_http_server(server_env):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli", "mcp", "--transport", "http", "--host", "127.0.0.1",
                             "--port", str(port)], env=server_env, cwd=str(REPO_ROOT),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("server did not listen within 60 s")

        async def main():
            async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=120) as client:
                return await _exercise(client)

        _check(anyio.run(main))
    finally:
        stop(proc, timeout=10)


def test_mcp_command_without_index_fails_clearly(tmp_path):
    env = dict(os.environ, SHUOLI_HOME=str(tmp_path), PYTHONPATH=str(REPO_ROOT))
    out = subprocess.run([sys.executable, "-m", "cli", "mcp"], env=env, cwd=str(REPO_ROOT), capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and "shuoli ingest" in out.stderr
