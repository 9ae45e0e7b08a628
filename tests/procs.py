"""Helpers for tests that start a real server process."""
from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Ask the process to end; kill it if it has not within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
