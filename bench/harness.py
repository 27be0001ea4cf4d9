"""Benchmark harness: our operation against the stock-Plone figure, same run.

A Zope application is started on an in-memory database (a MappingStorage with a
temporary blob directory) from a generated zope.conf; a stock Classic UI site
(``stock``) and a Kuntaportaali site (``kunta``) are created in it, and each case
is timed on both. Results are medians over repeats; the ratio is ours / stock.

Quick mode (``--quick`` or ``KP_BENCH_QUICK=1``) runs every benchmark end to end
with tiny sizes and one repeat: it proves the benchmarks run, its figures mean
nothing. Benchmarks pick their sizes with ``pick(full, quick)``.
"""

from contextlib import contextmanager
from pathlib import Path
import json
import os
import statistics
import tempfile
import time


ROOT = Path(__file__).resolve().parents[1]
QUICK = os.environ.get("KP_BENCH_QUICK", "") not in ("", "0")


def pick(full, quick):
    """``full`` normally, ``quick`` in quick mode."""
    return quick if QUICK else full


def repeats(repeat, warmup=0):
    """``(repeat, warmup)``: one run and no warm-up in quick mode."""
    return (1, 0) if QUICK else (repeat, warmup)


def zope_conf(tmp):
    blobs = Path(tmp) / "blobs"
    blobs.mkdir()
    (Path(tmp) / "chameleon").mkdir()
    conf = Path(tmp) / "zope.conf"
    conf.write_text(
        f"""\
%define INSTANCEHOME {ROOT}/parts/instance
instancehome $INSTANCEHOME
%define CLIENTHOME {tmp}
clienthome $CLIENTHOME
debug-mode off
security-policy-implementation C
default-zpublisher-encoding utf-8
<environment>
  TZ Europe/Helsinki
  zope_i18n_compile_mo_files true
  CHAMELEON_CACHE {tmp}/chameleon
</environment>
<zodb_db main>
  <blobstorage>
    blob-dir {blobs}
    <mappingstorage>
    </mappingstorage>
  </blobstorage>
  mount-point /
</zodb_db>
"""
    )
    return str(conf)


@contextmanager
def zope_app():
    """Yield a configured Zope application root on a throwaway database."""
    from Zope2.Startup.run import configure_wsgi

    with tempfile.TemporaryDirectory(prefix="kp-bench-") as tmp:
        configure_wsgi(zope_conf(tmp))
        import Zope2

        app = Zope2.app()
        from Testing.makerequest import makerequest

        app = makerequest(app)
        app.acl_users._doAddUser("admin", "admin", ["Manager"], [])
        import transaction

        transaction.commit()
        login_admin(app)
        yield app


def login_admin(app):
    """Act as the Zope-root Manager ``admin`` in this thread.

    Needed again after any request through the in-process WSGI publisher
    (WebTest): ``ZPublisher.WSGIPublisher.publish`` calls ``noSecurityManager()``
    and the request's user stays the thread's user afterwards, so in-process
    code run after a page benchmark would act as that user, or as Anonymous.
    """
    from AccessControl.SecurityManagement import newSecurityManager

    newSecurityManager(None, app.acl_users.getUserById("admin").__of__(app.acl_users))


def timed(func, repeat=1, warmup=0):
    """Run ``func`` ``warmup`` + ``repeat`` times; return the timings in seconds.

    In quick mode: once, without warm-up.
    """
    repeat, warmup = repeats(repeat, warmup)
    for _ in range(warmup):
        func()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return timings


class Report:
    def __init__(self):
        self.rows = []
        self.current = None  # the name of the benchmark function running
        self.benchmarks = []  # names of the benchmark functions run
        self.failed = []

    def add(self, name, ours, stock, unit="ms", baseline="stock Plone"):
        """``stock`` is the baseline's timings: stock Plone unless named."""
        factor = 1000 if unit == "ms" else 1
        row = {
            "bench": self.current,
            "benchmark": name,
            "baseline": baseline,
            "ours_median": statistics.median(ours) * factor,
            "stock_median": statistics.median(stock) * factor,
            "runs": len(ours),
            "unit": unit,
        }
        row["ratio"] = row["ours_median"] / row["stock_median"]
        self.rows.append(row)
        print(
            f"{name:<48} ours {row['ours_median']:>10.1f} {unit}  "
            f"{'stock' if baseline == 'stock Plone' else 'base'} "
            f"{row['stock_median']:>10.1f} {unit}  ratio {row['ratio']:.2f}",
            flush=True,
        )

    def save(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        result = {
            "environment": environment(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "quick": QUICK,
            "benchmarks": self.benchmarks,
            "failed": self.failed,
            "rows": self.rows,
        }
        Path(path).write_text(json.dumps(result, indent=2))


def environment():
    return {"cpus": os.cpu_count(), "python": os.sys.version.split()[0]}
