"""End to end in headless Debian Chromium: `streamlit run app.py` on a free port, ask, see a source card.

Needs the Debian packages chromium and chromium-driver (never a downloaded browser) and selenium.
Set SHUOLI_DOCS_SCREENSHOTS=1 to also write docs/screenshot-*.png for the closing note.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parent.parent

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("chromium/chromium-driver not installed (apt-get install -y chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install selenium)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(small_settings, built_index, tmp_path):
    port = free_port()
    env = {**os.environ, "SHUOLI_HOME": str(small_settings.home), "SHUOLI_SOURCES": str(small_settings.sources_file)}
    for var in ("PROVIDER", "MODEL", "BASE_URL", "API_KEY", "TIMEOUT"):
        env.pop(f"SHUOLI_LLM_{var}", None)
    log = open(tmp_path / "streamlit.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true", "--browser.gatherUsageStats", "false",
                             "--client.toolbarMode", "minimal"],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail(f"streamlit did not start: {(tmp_path / 'streamlit.log').read_text()[-2000:]}")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'chrome-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def ask(driver, question: str) -> None:
    box = WebDriverWait(driver, 120).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid='stChatInputTextArea']")))
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def wait_for_text(driver, text: str, timeout: float = 180) -> None:
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def save(driver, tmp_path: Path, name: str) -> Path:
    answers = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")
    if answers:  # show the latest answer from its top
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", answers[-1])
        time.sleep(0.5)
    path = tmp_path / name
    driver.save_screenshot(str(path))
    if os.environ.get("SHUOLI_DOCS_SCREENSHOTS"):
        shutil.copy(path, REPO / "docs" / name)
    return path


def test_officer_asks_and_sees_a_source_card(server, browser, tmp_path):
    browser.get(server)
    ask(browser, "经营过期食品货值不足一万元怎么罚")
    wait_for_text(browser, "来源（")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "《中华人民共和国食品安全法》第一百二十四条" in body
    assert "五万元以上十万元以下" in body
    time.sleep(1)  # let the cards finish painting
    shot = save(browser, tmp_path, "screenshot-officer.png")
    assert shot.stat().st_size > 10_000

    # merchant mode: guidance, no case panel
    browser.find_element(By.XPATH, "//label[.//p[text()='经营者']]").click()
    wait_for_text(browser, "经营者合规指引", 60)
    assert "案件裁量" not in browser.find_element(By.TAG_NAME, "body").text
    ask(browser, "我开小超市卖食品要注意什么")
    wait_for_text(browser, "建议留存的记录")
    time.sleep(1)
    save(browser, tmp_path, "screenshot-merchant.png")


def test_follow_up_is_read_against_the_first_question(server, browser, tmp_path):
    """A two-turn conversation in the browser: the follow-up stays on 销售过期酸奶 and says so; the
    conversation survives a page reload (it is stored under SHUOLI_HOME); the page shows no English chrome."""
    browser.get(server)
    ask(browser, "销售过期酸奶怎么罚？")
    wait_for_text(browser, "来源（")
    ask(browser, "那如果是一年内第二次呢？")
    wait_for_text(browser, "按上一问“销售过期酸奶”理解")
    wait_for_text(browser, "裁量建议")
    body = browser.find_element(By.TAG_NAME, "body").text
    tail = body.split("那如果是一年内第二次呢？")[-1]
    assert "从重" in tail and "《中华人民共和国食品安全法》第一百二十四条" in tail
    assert "mixed->" not in body and "national-default" not in body
    for english in ("Deploy", "Drag and drop", "200MB per file", "Browse files"):
        assert english not in body
    time.sleep(1)
    save(browser, tmp_path, "screenshot-chat-followup.png")
    browser.refresh()  # the URL carries the conversation: it is shown again after a refresh
    wait_for_text(browser, "按上一问“销售过期酸奶”理解", 120)
