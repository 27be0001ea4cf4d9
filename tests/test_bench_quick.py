"""Every benchmark in bench/ runs: the quick mode end to end (tiny sizes, one run).

The figures of the quick mode mean nothing and are not checked; a benchmark that
raises, or reports no figure of ours and of its baseline, fails the build.
"""

from pathlib import Path
import json
import pytest
import re
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parents[1]
ZOPEPY = ROOT / "bin" / "zopepy"


def defined_benchmarks():
    """``bench_*`` functions defined in bench/*.py (independent of the runner)."""
    names = set()
    for module in (ROOT / "bench").glob("*.py"):
        names |= set(re.findall(r"^def (bench_\w+)\(", module.read_text(), re.M))
    return names


@pytest.mark.slow
def test_bench_quick(tmp_path):
    assert ZOPEPY.exists(), f"{ZOPEPY} missing: run make build"
    output = tmp_path / "bench.json"
    started = time.perf_counter()
    run = subprocess.run(
        [str(ZOPEPY), "bench/run.py", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    took = time.perf_counter() - started
    print(run.stdout)
    print(run.stderr, file=sys.stderr)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    result = json.loads(output.read_text())
    assert result["quick"] is True
    assert result["failed"] == []
    assert set(result["benchmarks"]) == defined_benchmarks()
    for name in result["benchmarks"]:
        rows = [row for row in result["rows"] if row["bench"] == name]
        assert rows, f"{name} reported no result"
        for row in rows:
            assert row["ours_median"] > 0, row
            assert row["stock_median"] > 0, row
    print(f"quick bench: {took:.1f} s")
    # The latest full figures are not touched by the quick mode.
    assert output != ROOT / "bench" / "results" / "latest.json"
