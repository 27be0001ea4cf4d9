"""Serving as an operator does: the Makefile's serving targets and instance/serve.py.

The slow test starts the real served instance (the command ``make run`` runs, on
a FileStorage in a temporary var directory, so ``var/`` is not touched) on a free
port of 127.0.0.1, and stops it (its whole process group) however the test ends.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
import importlib.util
import logging
import os
import pytest
import re
import requests
import shlex
import signal
import socket
import subprocess
import time


ROOT = Path(__file__).resolve().parents[1]
ZOPEPY = str(ROOT / "bin" / "zopepy")
SERVE = str(ROOT / "instance" / "serve.py")
BUILT_ZOPE_CONF = ROOT / "parts" / "instance" / "etc" / "zope.conf"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_command(target, **variables):
    """The serve.py command line ``make TARGET VAR=value...`` would run."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", target, *assignments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    lines = [
        line
        for line in out.splitlines()
        if "instance/serve.py" in line and "--conf" in line
    ]
    assert len(lines) == 1, out
    argv = shlex.split(lines[0].split("instance/serve.py", 1)[1])
    return ["bin/zopepy", "instance/serve.py", *argv]


@pytest.mark.parametrize(
    "target", ["run", "debug", "run-relstorage", "serve-relstorage"]
)
def test_serving_targets_take_address_port_and_threads_at_run_time(target):
    command = serve_command(target, HTTP_HOST="127.0.0.2", HTTP_PORT=8123, THREADS=3)
    text = " ".join(command)
    assert "--host 127.0.0.2 --port 8123 --threads 3" in text
    assert ("--debug" in command) == (target == "debug")


def test_a_port_in_use_fails_at_once():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [ZOPEPY, SERVE, "--check-port", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}: Address already in use" in (
        result.stderr
    )


def test_queue_depth_warnings_are_summarised_not_dropped(monkeypatch):
    spec = importlib.util.spec_from_file_location("kp_serve", SERVE)
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    now = [1000.0]
    monkeypatch.setattr(serve.time, "monotonic", lambda: now[0])
    summary = serve.QueueDepthSummary(interval=10)

    def warn(depth):
        record = logging.LogRecord(
            "waitress.queue", logging.WARNING, "task.py", 113,
            "Task queue depth is %d", (depth,), None,
        )  # fmt: skip
        return record.getMessage() if summary.filter(record) else None

    assert warn(1).startswith("Task queue depth is 1: ")
    assert [warn(depth) for depth in (5, 9, 3)] == [None, None, None]
    now[0] += 10
    assert warn(2) == (
        "Task queue depth is 2: requests wait for a free thread "
        "(4 such warnings since the last one logged, deepest queue 9)"
    )
    other = logging.LogRecord("waitress.queue", 30, "x", 1, "else", (), None)
    assert summary.filter(other)
    assert serve.QueueDepthSummary(interval=0).filter(other)


def temporary_zope_conf(var):
    """The built zope.conf with every ``var/`` path moved under ``var``."""
    for name in ("filestorage", "blobstorage", "instance", "cache", "log"):
        (var / name).mkdir(parents=True)
    text = BUILT_ZOPE_CONF.read_text()
    moved = text.replace(str(ROOT / "var"), str(var))
    assert str(ROOT / "var") not in moved and str(var) in moved
    conf = var / "zope.conf"
    conf.write_text(moved)
    return conf


def wait_ready(proc, url, output, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve.py exited ({proc.returncode}):\n{output.read_text()}")
        try:
            return requests.get(url, timeout=30)
        except requests.ConnectionError:
            time.sleep(0.5)
    pytest.fail(f"not serving after {timeout}s:\n{output.read_text()}")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.mark.slow
def test_make_run_serves_on_the_port_without_debug_mode_with_an_access_log(
    tmp_path,
):
    port = free_port()
    command = serve_command("run", HTTP_HOST="127.0.0.1", HTTP_PORT=port)
    var = tmp_path / "var"
    conf = temporary_zope_conf(var)
    command[command.index("--conf") + 1] = str(conf)
    command += ["--log-dir", str(var / "log")]
    output = tmp_path / "serve.out"
    with open(output, "wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        response = wait_ready(proc, f"http://127.0.0.1:{port}/", output)
        assert response.status_code == 200
        printed = output.read_text()
        assert f"Serving on http://127.0.0.1:{port} with " in printed
        assert "debug mode off" in printed
        access_log = var / "log" / "instance-access.log"
        deadline = time.monotonic() + 10
        while '"GET / HTTP/1.1" 200' not in access_log.read_text():
            assert time.monotonic() < deadline, access_log.read_text()
            time.sleep(0.2)
        # Apache combined format, local (Helsinki) time with its own UTC offset.
        offset = datetime.now(ZoneInfo("Europe/Helsinki")).strftime("%z")
        assert re.search(
            rf'^127\.0\.0\.1 - - \[[^]]+ {re.escape(offset)}\] "GET / HTTP/1\.1" 200 \d+ "-" '
            r'"python-requests/',
            access_log.read_text(),
            re.MULTILINE,
        ), access_log.read_text()
        assert (var / "log" / "instance.log").stat().st_size > 0
    finally:
        stop(proc)
    assert "Stopped" in output.read_text()  # SIGTERM closed the database
    assert (var / "filestorage" / "Data.fs.index").exists()
