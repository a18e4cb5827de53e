"""Run several differently-seeded searches at once and keep the best (``Budget.workers``).

Workers are forked, so they inherit the compiled problem without pickling it and start in a few
milliseconds: the time limit counts from the ``solve`` call, process start included. The calling
process is worker 0; only the routes travel back through a pipe. Where ``fork`` is unavailable
the portfolio quietly runs one worker.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable

from routing.engine.ils import SearchResult

Job = Callable[[int], SearchResult]


def _child(job: Job, index: int, conn) -> None:  # noqa: ANN001 - a multiprocessing Connection
    try:
        res = job(index)
        conn.send((res.routes, res.key, res.iterations, res.stats, res.pool))
    except BaseException as exc:  # report rather than hang the parent
        conn.send(exc)
    finally:
        conn.close()


def run_portfolio(job: Job, workers: int, grace: float | None = 0.5,
                  deadline: float | None = None) -> list[SearchResult]:
    """Run ``job(0)`` here and ``job(1..workers-1)`` in forked processes; return all results.

    After its own job the parent waits for each worker until ``deadline`` (a
    ``time.perf_counter`` value; a worker may stop earlier when its search converged) plus
    ``grace`` seconds (None: as long as it takes)."""
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        return [job(0)]
    ctx = mp.get_context("fork")
    procs = []
    for index in range(1, workers):
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(job, index, send), daemon=True)
        proc.start()
        send.close()
        procs.append((proc, recv))
    results = [job(0)]
    for proc, recv in procs:
        wait = grace
        if grace is not None and deadline is not None:
            wait = max(0.0, deadline - time.perf_counter()) + grace
        if recv.poll(wait):
            msg = recv.recv()
            if not isinstance(msg, BaseException):
                results.append(SearchResult(*msg))
        recv.close()
        proc.join(0.1)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return results
