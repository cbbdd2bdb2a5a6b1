"""What `load.py` and `sellout.py` share: a gunicorn server and a small HTTP load client.

The server: gunicorn with several worker processes (gthread by default) on the
database in DATABASE_URL, with production settings (DEBUG off, a secret key,
Redis for cache and sessions on a private `redis-server` when one is
installed, background jobs stored in the database instead of run in the web
process), logging only warnings.

The client: `clients` concurrent connections, spread over a few processes
(threads in one process would be held back by the GIL long before the server
is), each a keep-alive `http.client` connection sending one request after the
other, as a browser or an integration would. It records the latency of every
request and the status codes; `{uid}` in a path, header or body becomes a
string unique to the request, `{client}` the number of the connection.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdefghij"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(extra: dict | None = None) -> dict:
    """The environment of the web processes (and of the bench process, for sessions)."""
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": BENCH_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            # BENCH_SRC: another source tree for the web processes (to compare two versions).
            "PYTHONPATH": os.environ.get("BENCH_SRC", str(ROOT / "src")),
            "DJANGO_SETTINGS_MODULE": "partnerhub.settings",
        }
    )
    env.update(extra or {})
    return env


class Redis:
    """A private redis-server on a free port for the duration of the run (if installed)."""

    def __init__(self):
        self.process = None
        self.url = ""

    def __enter__(self):
        binary = shutil.which("redis-server")
        if binary:
            port = free_port()
            self.process = subprocess.Popen(
                [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.url = f"redis://{HOST}:{port}/0"
            _wait_for_port(port)
        return self

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            self.process.wait(10)


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


class Server:
    """gunicorn serving partnerhub.wsgi on a free port."""

    def __init__(
        self,
        *,
        workers: int,
        worker_class: str,
        threads: int,
        env: dict,
        worker_connections: int | None = None,
    ):
        self.port = free_port()
        self.workers, self.worker_class, self.threads = workers, worker_class, threads
        # gthread: how many connections one worker takes (gunicorn's default: 1000). A worker
        # keeps a keep-alive connection for good, so with the default a few workers may end
        # up with most connections while the others idle; with as many as its threads, each
        # worker takes its share and the rest wait in the listen queue for a free one.
        self.worker_connections = worker_connections
        self.env = env
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="partnerhub-gunicorn-", suffix=".log")  # noqa: SIM115

    def describe(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        if self.worker_connections:
            threads += f", at most {self.worker_connections} connections each"
        return f"gunicorn, {self.workers} {self.worker_class} workers{threads}"

    def __enter__(self):
        command = [
            str(VENV_BIN / "gunicorn"),
            "partnerhub.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--keep-alive",
            "30",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ]
        if self.worker_connections:
            command += ["--worker-connections", str(self.worker_connections)]
        self.process = subprocess.Popen(
            command,
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for_port(self.port)
            status, _body = request_once(self.port, "GET", "/healthz")
            if status != 200:
                raise RuntimeError(f"/healthz answered {status}")
        except Exception:
            self.__exit__()
            print(Path(self.log.name).read_text()[-3000:], file=sys.stderr)
            raise
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        errors = Path(self.log.name).read_text()
        if "Traceback" in errors:
            print("server log (last lines):", errors[-2000:], sep="\n", file=sys.stderr)


def add_server_arguments(parser) -> None:
    """The options of the server and the load client that `load.py` and `sellout.py` share."""
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"))
    # 4 workers × 5 threads, each worker taking no more connections than it has threads: the
    # gthread set-up docs/operations.md recommends. gunicorn's own default (1,000 connections
    # a worker) lets a few workers keep most keep-alive connections while others idle.
    parser.add_argument("--threads", type=int, default=5)
    parser.add_argument(
        "--worker-connections",
        type=int,
        default=5,
        help="connections one gthread worker takes at most (default 5, as many as its "
        "threads; 0: gunicorn's default of 1000)",
    )
    parser.add_argument("--client-processes", type=int, default=2)


def server_from(args, env: dict) -> Server:
    """The server the options ask for (`args.clients`: the load client's connections)."""
    if args.worker_connections and args.worker_connections * args.workers < args.clients:
        # The clients keep their connections: those without one would wait for a free one
        # until a keep-alive connection times out.
        sys.exit("--worker-connections × --workers must be at least --clients")
    return Server(
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        worker_connections=args.worker_connections,
        env=env,
    )


def request_once(port: int, method: str, path: str, headers=None, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- The load client ----------------------------------------------------------------------


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: str | None = None
    # Per connection: headers that differ (e.g. each client's own API token).
    client_headers: list[dict] | None = None
    ok_statuses: tuple = (200,)


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float]  # seconds, of every measured request
    statuses: dict[int, int]
    marked: list[float] = field(default_factory=list)  # latencies of requests matching `mark`
    marked_times: list[float] = field(default_factory=list)  # when each marked answer came
    errors: int = 0
    connection_means: list[float] = field(default_factory=list)  # mean latency of each client

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float, values=None) -> float:
        return percentile(self.latencies if values is None else values, p)

    def bad(self, ok_statuses) -> int:
        return self.errors + sum(n for s, n in self.statuses.items() if s not in ok_statuses)


def percentile(values, p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1]


def _fill(text, uid: str, client: int):
    if text is None:
        return None
    return text.replace("{uid}", uid).replace("{client}", str(client))


def _connection_loop(port, target, client, stop_at, measure_from, quota, mark, out, lock, t0):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    latencies, marked, marked_times, statuses, errors = [], [], [], {}, 0
    last_answer = 0.0
    headers = dict(target.headers)
    if target.client_headers:
        headers.update(target.client_headers[client % len(target.client_headers)])
    sequence = 0
    pattern = re.compile(mark) if mark else None
    while True:
        if quota is not None and sequence >= quota:
            break
        if stop_at is not None and time.perf_counter() >= stop_at:
            break
        uid = f"{os.getpid()}-{client}-{sequence}"
        sequence += 1
        body = _fill(target.body, uid, client)
        request_headers = {k: _fill(v, uid, client) for k, v in headers.items()}
        started = time.perf_counter()
        try:
            connection.request(
                target.method,
                _fill(target.path, uid, client),
                body=body.encode() if body is not None else None,
                headers=request_headers,
            )
            response = connection.getresponse()
            payload = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            errors += 1
            continue
        finished = time.perf_counter()
        last_answer = finished - t0
        if measure_from is not None and started < measure_from:
            continue  # warm-up
        latencies.append(finished - started)
        statuses[status] = statuses.get(status, 0) + 1
        if pattern is not None and pattern.search(payload.decode("utf-8", "replace")):
            marked.append(finished - started)
            marked_times.append(finished - t0)
    connection.close()
    with lock:
        out.append((latencies, statuses, marked, marked_times, errors, last_answer))


def _process_main(port, target, clients, first_client, start_at, stop_at, measure_from, quotas,
                  mark, queue):  # fmt: skip
    out, lock = [], threading.Lock()
    while time.time() < start_at:
        time.sleep(0.001)
    # Convert the shared wall-clock moments into this process's perf_counter.
    offset = time.perf_counter() - time.time()
    t0 = start_at + offset
    threads = [
        threading.Thread(
            target=_connection_loop,
            args=(
                port,
                target,
                first_client + index,
                None if stop_at is None else stop_at + offset,
                None if measure_from is None else measure_from + offset,
                None if quotas is None else quotas[index],
                mark,
                out,
                lock,
                t0,
            ),
        )
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def drive(
    port: int,
    target: Target,
    *,
    clients: int = 20,
    duration: float | None = 6.0,
    warmup: float = 1.0,
    total: int | None = None,
    mark: str | None = None,
    processes: int = 2,
) -> Result:
    """Send requests from `clients` connections for `duration` s after `warmup` s,
    or exactly `total` requests in all (then without warm-up)."""
    processes = max(1, min(processes, clients))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start_at = time.time() + 0.3
    if total is not None:
        stop_at = measure_from = None
        per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    else:
        measure_from = start_at + warmup
        stop_at = measure_from + duration
        per_client = None
    workers, first = [], 0
    for index in range(processes):
        count = clients // processes + (1 if index < clients % processes else 0)
        quotas = per_client[first : first + count] if per_client else None
        worker = context.Process(
            target=_process_main,
            args=(port, target, count, first, start_at, stop_at, measure_from, quotas, mark, queue),
        )
        worker.start()
        workers.append(worker)
        first += count
    parts = [item for _ in workers for item in queue.get()]
    for worker in workers:
        worker.join()
    latencies, marked, marked_times, statuses, errors = [], [], [], {}, 0
    for lat, st, mk, mt, err, _last in parts:
        latencies += lat
        marked += mk
        marked_times += mt
        errors += err
        for status, n in st.items():
            statuses[status] = statuses.get(status, 0) + n
    # A fixed number of requests takes until the last answer; else the measured duration.
    seconds = max(part[5] for part in parts) if total is not None else duration
    means = [statistics.mean(part[0]) for part in parts if part[0]]
    return Result(target.name, seconds, latencies, statuses, marked, marked_times, errors, means)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"
