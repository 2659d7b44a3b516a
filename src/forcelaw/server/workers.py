"""A pool of worker processes, each holding a read-only engine: the ``Store`` the server uses.

pyoxigraph cannot be interrupted from another thread, and it is native code that can crash. So each
query runs in a pre-started worker process; a query past its timeout gets its worker killed (and
one past ``DEMOTE_AFTER`` runs at a lower CPU priority until then, so that short queries keep
their latency), a crash (segfault, abort, the per-worker memory cap) only loses that worker, and
either way a fresh worker replaces it in the background while the others keep answering. A query
whose request is cancelled (its client left) gets its worker killed and replaced too: nobody would
read the answer, and the worker would be held until the timeout. A replacement that fails to
start is tried again (``RESPAWN_WAITS``) until one starts or the pool closes. Workers die with the
server (``PR_SET_PDEATHSIG``) and dump no core.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from forcelaw.errors import (
    EngineCrashed,
    InvalidDataset,
    NotRepresentable,
    Overloaded,
    QuerySyntaxError,
    QueryTimeout,
    QueryUnsupported,
    ResultTooLarge,
    StoreError,
    UpdateRefused,
)
from forcelaw.store import DatasetInfo, Engine, QueryRequest, QueryResult

log = logging.getLogger("forcelaw.server")

STARTUP_TIMEOUT = 60.0
RESPAWN_WAITS = (0.5, 30.0)  # seconds before the second try to start a replacement, and at most
DEMOTE_AFTER = 0.25  # seconds a query runs at normal priority before it is demoted
DEMOTED_NICE = 10
POLL_SLICE = 0.1  # seconds between looks at whether a running query's request was cancelled
EXIT_GRACE = 1.0  # seconds a worker whose pipe closed is given to end before it is killed


class WorkerPool:
    """``size`` worker processes answering queries from the store in ``store_dir``."""

    def __init__(
        self,
        store_dir: Path,
        dataset: DatasetInfo,
        *,
        size: int = 2,
        memory_mb: int = 0,
        queue_wait: float = 2.0,
        max_queue: int = 64,
    ) -> None:
        self.dataset = dataset
        self.store_dir = store_dir
        self.size = size
        self.memory_bytes = memory_mb * 1024 * 1024
        self.queue_wait = queue_wait
        self.max_queue = max_queue
        self.replaced = 0  # workers replaced after a timeout or a crash, for the logs and tests
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._closed = False
        self._closing = threading.Event()  # wakes a replacement waiting to try again
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="sparql")

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        self._loop = asyncio.get_running_loop()
        started = await asyncio.gather(
            *(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size))
        )
        for worker in started:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        self._closing.set()
        for worker in list(self._all):
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all]

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        """Run ``request`` in a free worker; the worker is killed if it runs past ``timeout``."""
        retry_after = max(1, math.ceil(self.queue_wait))
        if self._waiting >= self.max_queue:
            raise Overloaded(retry_after)
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_wait)
        except TimeoutError:
            raise Overloaded(retry_after) from None
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        # The thread owns the worker from here on and hands it back (or replaces it) itself, so a
        # cancelled request cannot leak a worker: the thread is shielded from the cancellation
        # (cancelling its future before it starts would leave the worker taken for ever) and is
        # told instead, by ``cancelled``, to stop the worker if it is still on this query.
        cancelled = threading.Event()
        running = loop.run_in_executor(
            self._threads, self._run, worker, request, timeout, cancelled
        )
        try:
            outcome = await asyncio.shield(running)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return _result(outcome, timeout)

    def _run(
        self,
        worker: _Worker,
        request: QueryRequest,
        timeout: float,
        cancelled: threading.Event | None = None,
    ) -> tuple[Any, ...]:
        try:
            worker.conn.send(request)
            answered = _wait(worker, min(timeout, DEMOTE_AFTER), cancelled)
            demoted = False
            if answered is False:
                # A long query yields the CPU to short ones (and to the HTTP loop) from now on.
                demoted = _renice(worker.process.pid, DEMOTED_NICE)
                answered = _wait(worker, max(0.0, timeout - DEMOTE_AFTER), cancelled)
            if answered:
                outcome: tuple[Any, ...] = worker.conn.recv()
                if demoted and not _renice(worker.process.pid, 0):
                    worker.stop()  # cannot be promoted back (no privilege): use a fresh one
                    self._replace(worker)
                else:
                    self._release(worker)
                return outcome
            worker.stop()
            self._replace(worker)
            return ("timeout",) if answered is False else ("cancelled",)
        except (EOFError, OSError):
            # The pipe closed: the worker is ending or has ended. Its own exit status says why (an
            # abort, a memory cap); killing it first reported SIGKILL, the server's own signal.
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(EXIT_GRACE)
            worker.stop()
            self._replace(worker)
            return ("crashed", worker.process.returncode)

    def _release(self, worker: _Worker) -> None:
        if self._closed or self._loop is None or self._loop.is_closed():
            worker.stop()  # the server is shutting down: nobody will ask this worker again
            return
        self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    def _replace(self, dead: _Worker) -> None:
        self._all.discard(dead)
        self.replaced += 1
        if not self._closed:
            self._threads.submit(self._respawn)

    def _respawn(self) -> None:
        """Start a replacement, trying again (waiting longer each time) until one starts: a
        failed start (no memory for a moment, a slow disk) must not leave the pool a worker
        short for the rest of its life, and with every worker lost, refusing every query."""
        wait = RESPAWN_WAITS[0]
        while not self._closed:
            try:
                worker = self._spawn()
            except (StoreError, OSError) as exc:
                log.warning(
                    "a replacement query worker did not start (%s); again in %g s", exc, wait
                )
                self._closing.wait(wait)
                wait = min(wait * 2, RESPAWN_WAITS[1])
                continue
            self._release(worker)
            return

    def _spawn(self) -> _Worker:
        # A fresh interpreter (not multiprocessing's spawn, which re-imports the caller's __main__)
        # talking over a socket pair wrapped in a multiprocessing Connection.
        ours, theirs = socket.socketpair()
        command = [
            sys.executable,
            "-m",
            "forcelaw.server.workers",
            str(theirs.fileno()),
            str(self.store_dir),
            str(self.memory_bytes),
            str(os.getpid()),
        ]
        env = {**os.environ, "RUST_BACKTRACE": "0"}  # a crash is reported by the parent, briefly
        try:
            process = subprocess.Popen(
                command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env
            )
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()))
        if not worker.conn.poll(STARTUP_TIMEOUT):
            worker.stop()
            raise StoreError(f"a query worker did not start within {STARTUP_TIMEOUT:g} s")
        try:
            worker.conn.recv()
        except (EOFError, OSError):
            worker.stop()
            raise StoreError(
                f"a query worker failed to open {self.store_dir} (exit code {process.returncode})"
            ) from None
        self._all.add(worker)
        return worker


def _wait(worker: _Worker, seconds: float, cancelled: threading.Event | None) -> bool | None:
    """True once the worker has answered, False after ``seconds`` without an answer, None as soon
    as ``cancelled`` is set (looked at every ``POLL_SLICE``)."""
    deadline = time.monotonic() + seconds
    while True:
        if cancelled is not None and cancelled.is_set():
            return None
        left = deadline - time.monotonic()
        if worker.conn.poll(max(0.0, min(left, POLL_SLICE))):
            return True
        if left <= POLL_SLICE:
            return False


def _renice(pid: int, nice: int) -> bool:
    """Set a worker's nice value; False where not permitted (raising priority needs privilege)."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, nice)
    except OSError:
        return False
    return True


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    _stopping: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stopped: bool = False

    def stop(self) -> None:
        """Kill the process and close the pipe, once: the pool's ``close`` (on the event loop)
        and the thread of a request still in flight (the background warming at shutdown) may
        both stop the same worker, and a second close of the pipe's descriptor would fail, or
        close a descriptor the number was given to since."""
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


def main(argv: list[str]) -> int:
    """Entry point of a worker process:
    ``python -m forcelaw.server.workers FD STORE_DIR BYTES [SERVER_PID]``."""
    fd, store_dir, memory_bytes = int(argv[0]), argv[1], int(argv[2])
    if len(argv) > 3:
        die_with(int(argv[3]))
    worker_main(Connection(fd), store_dir, memory_bytes)
    return 0


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with(server: int) -> None:
    """Have the kernel kill this worker when the server process dies (Linux).

    The timeout that stops a runaway query lives in the server: a server killed (SIGKILL, a
    crash) while a worker runs one left the worker computing on, for as long as the query runs.
    An idle worker leaves by itself (its pipe closes); a busy one reads nothing until its query
    ends. Elsewhere (no prctl) this does nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != server:  # the server died before the request took effect
        os._exit(0)


def worker_main(conn: Connection, store_dir: str, memory_bytes: int) -> None:
    """The body of a worker process: open the store, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # A query past the memory cap aborts this process, as designed: with core dumps enabled
    # (ulimit -c), each such query would write a core the size of the cap into the server's
    # working directory, and a client could fill the disk by asking again.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    engine = Engine(Path(store_dir))
    # The queries run on a thread whose whole stack is reserved here, before the address-space
    # cap. The main thread's stack grows on demand, and that growth needs address space under
    # the cap: with the store's threads' allocations near it, a query nested a few hundred deep
    # (well inside ``max_chain``) crashed its worker with SIGSEGV now and then. A reserved stack
    # needs nothing more, and is deep enough for any query the lexer lets through.
    threading.stack_size(QUERY_STACK_BYTES)
    serving = threading.Thread(target=_serve, args=(conn, engine, memory_bytes), name="queries")
    serving.start()
    serving.join()


QUERY_STACK_BYTES = 64 << 20  # the query thread's stack (the main thread's is 8 MiB)


def _serve(conn: Connection, engine: Engine, memory_bytes: int) -> None:
    """Answer requests on ``conn`` until the pipe closes, under the address-space cap.

    The cap is ``memory_bytes`` beside the query thread's reserved stack, which already counts
    in the address space: queries keep the room they had when they ran on the main thread."""
    if memory_bytes:
        limit = memory_bytes + QUERY_STACK_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ready", os.getpid()))
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(_answer(engine, request))
    except OSError:  # the parent closed the pipe (it is shutting down): nothing left to answer
        return


def _answer(engine: Engine, request: QueryRequest) -> tuple[Any, ...]:
    # Exceptions are sent as plain tuples: our exception classes do not all survive pickling.
    started = time.perf_counter()
    try:
        result = engine.run(request)
    except QuerySyntaxError as exc:
        return ("syntax", exc.message, exc.line, exc.column)
    except UpdateRefused as exc:
        return ("update", str(exc))
    except InvalidDataset as exc:
        return ("dataset", str(exc))
    except QueryUnsupported as exc:
        return ("unsupported", str(exc))
    except ResultTooLarge as exc:
        return ("too_large", exc.limit, exc.value)
    except NotRepresentable as exc:
        return ("unrepresentable", exc.label, exc.reason, exc.alternatives)
    except MemoryError:
        return ("crashed", None)
    except Exception as exc:
        return ("engine", f"{type(exc).__name__}: {exc}")
    return ("ok", result.body, result.content_type, result.rows, time.perf_counter() - started)


def _result(outcome: tuple[Any, ...], timeout: float) -> QueryResult:
    kind = outcome[0]
    if kind == "ok":
        return QueryResult(
            body=outcome[1], content_type=outcome[2], rows=outcome[3], elapsed=outcome[4]
        )
    if kind == "syntax":
        raise QuerySyntaxError(outcome[1], outcome[2], outcome[3])
    if kind == "update":
        raise UpdateRefused(outcome[1])
    if kind == "dataset":
        raise InvalidDataset(outcome[1])
    if kind == "unsupported":
        raise QueryUnsupported(outcome[1])
    if kind == "too_large":
        raise ResultTooLarge(outcome[1], outcome[2])
    if kind == "unrepresentable":
        raise NotRepresentable(outcome[1], outcome[2], tuple(outcome[3]))
    if kind == "timeout":
        raise QueryTimeout(timeout)
    if kind == "crashed":
        raise EngineCrashed(outcome[1])
    if kind == "cancelled":
        raise StoreError("the query was stopped: its request was cancelled")
    raise StoreError(str(outcome[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
