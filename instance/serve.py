"""Serve one Zope process (waitress) from a zope.conf on HOST:PORT.

Every serving target of the Makefile (``make run``, ``make debug``,
``make run-relstorage``, ``make serve-relstorage``) serves through this script,
so the listen address, the threads and debug mode are chosen at run time, not at
build time::

    bin/zopepy instance/serve.py --conf parts/instance/etc/zope.conf \
        --host 127.0.0.1 --port 8080 --threads 4 [--debug]

What it serves is the pipeline of plone.recipe.zope2instance's wsgi.ini: an
access log in Apache combined format (paste's TransLogger, logger ``wsgi``) in
front of Zope's httpexceptions filter and Zope itself. Debug mode is off unless
``--debug`` (or the zope.conf) turns it on. The event log (INFO and up) goes to
stderr and to ``var/log/NAME.log``, the access log to ``var/log/NAME-access.log``.

The socket is bound before Zope starts, so a port in use fails at once, and
``--check-port`` only checks that (the Makefile runs it before creating the site).
SIGTERM stops the process cleanly (the databases are closed).
"""

from pathlib import Path
import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time


ROOT = Path(__file__).resolve().parents[1]
# Waitress worker threads per process. A process runs Python on one core at a
# time (the GIL): on RelStorage two processes served 1.92-2.06x the reads of one
# on two cores, so one process is CPU-bound and more threads in it add no
# throughput. They only move the waiting from waitress's queue (first come,
# first served; behind a balancer, the balancer's queue, which hands a request to
# whichever process frees first) into the GIL, where N requests share one core
# and each takes N times as long; and each thread costs a ZODB connection with
# its own object cache, and one more writer that can conflict (the diary
# counter). Two: one request runs Python while the other waits on the database,
# blobs or the network. Scale out with processes, one per core.
DEFAULT_THREADS = 2
GENERIC_FORMAT = (
    "%(asctime)s %(levelname)-7.7s [%(name)s:%(lineno)s][%(threadName)s] %(message)s"
)


class QueueDepthSummary(logging.Filter):
    """Summarise waitress's "Task queue depth is N" warnings.

    Waitress warns once per request that finds no free thread: under sustained
    load that is thousands of lines a minute saying the same thing. This lets
    one through per ``interval`` seconds, with how many there were since the
    last one and the deepest queue seen, so the log still says that (and how
    much) requests waited. ``interval`` 0 lets every warning through.
    """

    def __init__(self, interval):
        super().__init__()
        self.interval = interval
        self.lock = threading.Lock()
        self.last = None
        self.count = 0
        self.deepest = 0

    def filter(self, record):
        if not self.interval or not record.getMessage().startswith("Task queue depth"):
            return True
        depth = record.args[0] if record.args else 0
        with self.lock:
            self.count += 1
            self.deepest = max(self.deepest, depth)
            now = time.monotonic()
            if self.last is not None and now - self.last < self.interval:
                return False
            record.msg = (
                "Task queue depth is %d: requests wait for a free thread "
                "(%d such warnings since the last one logged, deepest queue %d)"
            )
            record.args = (depth, self.count, self.deepest)
            self.last, self.count, self.deepest = now, 0, 0
        return True


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", help="path of zope.conf (required to serve)")
    parser.add_argument("--host", default="127.0.0.1", help="listen address")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"waitress worker threads (default {DEFAULT_THREADS})",
    )
    parser.add_argument(
        "--debug", action="store_true", help="Zope debug mode (development only)"
    )
    parser.add_argument(
        "--name",
        default=os.environ.get("KP_INSTANCE_NAME"),
        help="names the log files (default $KP_INSTANCE_NAME, else portPORT)",
    )
    parser.add_argument("--log-dir", default=str(ROOT / "var" / "log"))
    parser.add_argument(
        "--access-log", help="default LOG_DIR/NAME-access.log; 'off' for none"
    )
    parser.add_argument("--event-log", help="default LOG_DIR/NAME.log; 'off' for none")
    parser.add_argument(
        "--queue-warning-interval",
        type=float,
        default=10.0,
        help="seconds between waitress queue-depth warnings (0: every one)",
    )
    parser.add_argument(
        "--check-port",
        action="store_true",
        help="only check that HOST:PORT can be bound, then exit",
    )
    args = parser.parse_args(argv)
    if not args.check_port and not args.conf:
        parser.error("--conf is required")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    args.name = args.name or f"port{args.port}"
    if not args.access_log:
        args.access_log = os.path.join(args.log_dir, f"{args.name}-access.log")
    if not args.event_log:
        args.event_log = os.path.join(args.log_dir, f"{args.name}.log")
    return args


def bind(host, port):
    """A listening socket on host:port; exits with a clear message if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        sys.exit(f"Cannot listen on {host}:{port}: {error.strerror}")
    sock.listen(1024)
    return sock


def setup_logging(args):
    """The logging of plone.recipe.zope2instance's wsgi.ini, paths chosen here."""
    generic = logging.Formatter(GENERIC_FORMAT)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(generic)
    root.addHandler(console)
    if args.event_log != "off":
        os.makedirs(os.path.dirname(os.path.abspath(args.event_log)), exist_ok=True)
        eventlog = logging.FileHandler(args.event_log)
        eventlog.setFormatter(generic)
        root.addHandler(eventlog)
    logging.getLogger("waitress.queue").addFilter(
        QueueDepthSummary(args.queue_warning_interval)
    )
    access = logging.getLogger("wsgi")  # paste.translogger's logger
    access.propagate = False
    access.setLevel(logging.INFO)
    if args.access_log != "off":
        os.makedirs(os.path.dirname(os.path.abspath(args.access_log)), exist_ok=True)
        handler = logging.FileHandler(args.access_log)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)


def access_logged(app):
    """``app`` behind paste's TransLogger: Apache combined format, logger ``wsgi``.

    With the UTC offset of the request's own local time: paste's writes the
    summer-time offset all year round (+0300 in a Helsinki winter).
    """
    from paste.translogger import TransLogger

    class AccessLog(TransLogger):
        def write_log(self, environ, method, req_uri, start, status, bytes):
            remote_addr = (
                environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR") or "-"
            )
            message = self.format % {
                "REMOTE_ADDR": remote_addr,
                "REMOTE_USER": environ.get("REMOTE_USER") or "-",
                "REQUEST_METHOD": method,
                "REQUEST_URI": req_uri,
                "HTTP_VERSION": environ.get("SERVER_PROTOCOL"),
                "time": time.strftime("%d/%b/%Y:%H:%M:%S %z", start),
                "status": status.split(None, 1)[0],
                "bytes": "-" if bytes is None else bytes,
                "HTTP_REFERER": environ.get("HTTP_REFERER", "-"),
                "HTTP_USER_AGENT": environ.get("HTTP_USER_AGENT", "-"),
            }
            self.logger.log(self.logging_level, message)

    return AccessLog(app, setup_console_handler=False)


def main(argv=None):
    args = parse_args(argv)
    time.tzset()  # TZ (Europe/Helsinki) is set by bin/zopepy: log in local time
    if args.check_port:
        bind(args.host, args.port).close()
        return 0
    sock = bind(args.host, args.port)
    # The RelStorage zope.conf names its blob cache after KP_INSTANCE_NAME.
    os.environ.setdefault("KP_INSTANCE_NAME", args.name)
    setup_logging(args)

    def stop(signum, frame):
        raise KeyboardInterrupt  # waitress shuts down, then the databases close

    signal.signal(signal.SIGTERM, stop)

    from App.config import getConfiguration
    from Zope2.Startup.run import make_wsgi_app
    from ZPublisher.httpexceptions import HTTPExceptionHandler
    import waitress
    import Zope2

    try:
        global_config = {"debug_mode": "true"} if args.debug else {}
        app = HTTPExceptionHandler(
            make_wsgi_app(global_config, os.path.abspath(args.conf))
        )
        time.tzset()  # zope.conf's <environment> may have set TZ
        if args.access_log != "off":
            app = access_logged(app)
        debug = "on" if getConfiguration().debug_mode else "off"
        print(
            f"Serving on http://{args.host}:{args.port} with {args.threads} "
            f"threads, debug mode {debug}, access log {args.access_log}, "
            f"event log {args.event_log}",
            flush=True,
        )
        waitress.serve(
            app,
            sockets=[sock],
            threads=args.threads,
            # As plone.recipe.zope2instance's wsgi.ini.
            clear_untrusted_proxy_headers=False,
            max_request_body_size=1073741824,
        )
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        for db in Zope2.opened:
            db.close()
        print("Stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
