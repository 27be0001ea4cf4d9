"""Serve one Zope process from a zope.conf on 127.0.0.1:PORT.

Used to run several Zope processes on one RelStorage database:

    KP_RELSTORAGE_DSN="host=127.0.0.1 port=54329 dbname=kuntaportaali user=postgres" \
    KP_INSTANCE_NAME=p1 bin/zopepy instance/serve.py --conf parts/relstorage/etc/zope.conf --port 8081
"""

import argparse
import logging
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True, help="path of zope.conf")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    os.environ.setdefault("KP_INSTANCE_NAME", f"port{args.port}")
    # The event log of bin/instance (wsgi.ini), to stderr: INFO and up.
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)-7.7s [%(name)s:%(lineno)s]"
        "[%(threadName)s] %(message)s",
    )

    from Zope2.Startup.run import make_wsgi_app
    import waitress

    app = make_wsgi_app({}, os.path.abspath(args.conf))
    print(f"Serving on http://{args.host}:{args.port}", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads)


if __name__ == "__main__":
    sys.exit(main())
