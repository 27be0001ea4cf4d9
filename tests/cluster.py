"""Several Zope processes on one RelStorage (PostgreSQL) database, for tests.

The processes run the committed build (``parts/relstorage/etc/zope.conf`` served by
``instance/serve.py``), bind to 127.0.0.1 on free ports, and are stopped (their whole
process group) when the fixture ends.
"""

from pathlib import Path
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid


ROOT = Path(__file__).resolve().parents[1]
ZOPE_CONF = ROOT / "parts" / "relstorage" / "etc" / "zope.conf"
ADMIN = ("admin", "admin")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def fresh_database(dsn):
    """Create an empty PostgreSQL database next to ``dsn``'s; yield its DSN; drop it."""
    from psycopg2.extensions import make_dsn
    import psycopg2

    name = f"kp_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield make_dsn(dsn, dbname=name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _env(dsn, name):
    env = dict(os.environ)
    env.update(KP_RELSTORAGE_DSN=dsn, KP_INSTANCE_NAME=name, TZ="Europe/Helsinki")
    return env


def create_site(dsn, demo=False):
    """Create the site ``kunta`` in the database through the real setup script."""
    args = [
        str(ROOT / "bin" / "relstorage"),
        "run",
        str(ROOT / "instance" / "setup_site.py"),
    ]
    if not demo:
        args.append("--no-demo")
    done = subprocess.run(
        args,
        env=_env(dsn, "setup"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode:
        # the script's own error, not just its exit status
        raise RuntimeError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}"
        )


class ZopeProcess:
    """One ``instance/serve.py`` process."""

    def __init__(self, dsn, name):
        self.name = f"{name}-{uuid.uuid4().hex[:6]}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / "var" / "log" / f"test-{self.name}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                str(ROOT / "bin" / "zopepy"),
                str(ROOT / "instance" / "serve.py"),
                "--conf",
                str(ZOPE_CONF),
                "--port",
                str(self.port),
            ],
            env=_env(dsn, self.name),
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path="/kunta", timeout=180):
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Zope process {self.name} exited: see its log")
            try:
                if requests.get(self.url + path, timeout=60).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise TimeoutError(f"Zope process {self.name} not ready in {timeout}s")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.log.close()
        shutil.rmtree(ROOT / "var" / f"blobcache-{self.name}", ignore_errors=True)


@contextlib.contextmanager
def zope_cluster(dsn, count=2, demo=False):
    """Yield ``count`` started Zope processes serving one fresh RelStorage database."""
    (ROOT / "var" / "log").mkdir(parents=True, exist_ok=True)
    with fresh_database(dsn) as db_dsn:
        create_site(db_dsn, demo=demo)
        processes = [ZopeProcess(db_dsn, f"p{i}") for i in range(count)]
        try:
            for process in processes:
                process.wait_ready()
            yield processes
        finally:
            for process in processes:
                process.stop()


def eventually(fetch, expected, timeout=15):
    """RelStorage polls for invalidations per transaction; allow a short lag."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.2)
