"""What one registration request costs the web process and PostgreSQL, one at a time.

The sell-out race (`sellout.py`) is CPU-bound on two cores: its latency follows the
CPU a request costs. Its own figures move with the machine's speed, which here varied
by a third within an hour, so comparing two versions of the code by them needs many
runs. This script measures the cost itself, with counters that do not depend on the
machine's speed:

* the web process's CPU per request, and with `--callgrind` its instructions
  (`valgrind --tool=callgrind` counts them; the script runs itself twice under it,
  with 1 and with 1 + N requests, so that start-up cancels out);
* the CPU of the PostgreSQL backend that served the requests (`/proc/<pid>/stat`:
  only when the server runs on this machine);
* with `--calls`, the Python function calls per request (cProfile).

The requests go straight to the WSGI application (`partnerhub.wsgi`) with
production settings, no HTTP server: `POST /api/v1/editions/{id}/registrations`
with a personal API token, one new person each, to a fresh edition with
`--capacity` places (half of the default 600 requests then go to the waiting
list, as in the sell-out race). 30 requests warm up first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerhub_bench \\
        .venv/bin/python bench/request_cost.py [--callgrind] [--calls]

`BENCH_SRC=<dir>` measures another source tree (e.g. a `git worktree` of an older
commit), as for the other benches.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpbench
from load import registrants, registration_body, setup_django

WARM_UP = 30


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--callgrind", action="store_true", help="count instructions (slow)")
    parser.add_argument("--calls", action="store_true", help="count Python function calls")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def backend_ticks(pid: int) -> tuple[int, int] | None:
    """User and system CPU ticks of a local PostgreSQL backend (None if not on this machine)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


class Registrations:
    """Registration requests to the WSGI application, each for a new person."""

    def __init__(self, capacity: int):
        from sellout import fresh_edition

        from partnerhub.accounts.consent import current_consent_text
        from partnerhub.reference.models import Municipality
        from partnerhub.wsgi import application

        town = Municipality.objects.filter(slug="bench-de-00000").first()
        if town is None:
            sys.exit("No benchmark data: run bench/generate.py first (same DATABASE_URL).")
        self.application = application
        self.tokens = registrants(4, town)
        self.path = f"/api/v1/editions/{fresh_edition(capacity).pk}/registrations"
        self.body = registration_body(
            town.slug, current_consent_text().version, uuid.uuid4().hex[:8]
        )
        self.sent = 0

    def send(self) -> None:
        body = self.body.replace("{uid}", str(self.sent)).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": self.path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_LANGUAGE": "en",
            "HTTP_AUTHORIZATION": f"Bearer {self.tokens[self.sent % len(self.tokens)]}",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
        }
        statuses = []
        answer = self.application(environ, lambda status, headers, *_: statuses.append(status))
        content = b"".join(answer)
        answer.close()
        self.sent += 1
        if not statuses[0].startswith("201"):
            sys.exit(f"registration answered {statuses[0]}: {content[:300]!r}")


def measure(args) -> None:
    from django.db import connection

    requests = Registrations(args.capacity)
    for _ in range(WARM_UP):
        requests.send()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    ticks_before = backend_ticks(backend)
    profile = cProfile.Profile() if args.calls else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    for _ in range(args.requests):
        requests.send()
    if profile:
        profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if args.quiet:
        return
    n = args.requests
    print(f"{n} registration requests, one at a time, after {WARM_UP} to warm up")
    profiled = ", the profiler on" if profile else ""
    print(
        f"  web process CPU   {cpu / n * 1000:7.2f} ms per request"
        f" (wall {wall / n * 1000:.2f}{profiled})"
    )
    ticks_after = backend_ticks(backend)
    if ticks_before and ticks_after:
        hz = os.sysconf("SC_CLK_TCK")
        user = ticks_after[0] - ticks_before[0]
        system = ticks_after[1] - ticks_before[1]
        print(
            f"  PostgreSQL CPU    {(user + system) / hz / n * 1000:7.2f} ms per request"
            f" (user {user / hz / n * 1000:.2f}, system {system / hz / n * 1000:.2f})"
        )
    else:
        print("  PostgreSQL CPU    n/a (the server's processes are not on this machine)")
    if profile:
        calls = pstats.Stats(profile).total_calls
        print(f"  Python calls      {calls / n:7.0f} per request")


def instructions(requests: int) -> int:
    """The web process's instructions for a whole run of this script with `requests`."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, __file__, "--quiet", "--requests", str(requests)]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or not found:
        sys.exit(f"callgrind failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main(argv=None) -> None:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database made by bench/generate.py.")
    if args.callgrind:
        extra = 100
        print(f"callgrind: this script with 1 and with {1 + extra} requests (a few minutes)")
        difference = instructions(1 + extra) - instructions(1)
        print(f"  web process       {difference / extra / 1e6:7.2f} M instructions per request")
        return
    with httpbench.Redis() as redis:
        env = httpbench.production_env({"REDIS_URL": redis.url} if redis.url else {})
        if os.environ.get("BENCH_SRC"):
            sys.path.insert(0, os.environ["BENCH_SRC"])
        setup_django(env)
        measure(args)


if __name__ == "__main__":
    main()
