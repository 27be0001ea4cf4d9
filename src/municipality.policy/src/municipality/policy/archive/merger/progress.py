"""A progress line on stderr: count/total, percent, rate and ETA (no library:
one ``\\r`` line, redrawn at most every ``interval`` seconds)."""

import sys
import time


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    def __init__(self, total, done=0, stream=None, interval=0.2, label="tuonti"):
        self.total, self.done, self.start_done = total, done, done
        self.stream = stream if stream is not None else sys.stderr
        self.interval, self.label = interval, label
        self.started = time.monotonic()
        self.drawn = 0.0

    def line(self):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = (self.done - self.start_done) / elapsed
        left = self.total - self.done
        eta = _clock(left / rate) if rate > 0 else "?"
        percent = 100 * self.done / self.total if self.total else 100
        return (
            f"{self.label} {self.done}/{self.total} {percent:5.1f}% "
            f"{rate:7.1f}/s ETA {eta}"
        )

    def update(self, step=1, force=False):
        self.done += step
        now = time.monotonic()
        if force or now - self.drawn >= self.interval or self.done >= self.total:
            self.drawn = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def close(self):
        self.update(0, force=True)
        self.stream.write("\n")
        self.stream.flush()
