"""Run several differently-seeded searches at once and keep the best (``Budget.workers``).

Workers are forked, so they inherit the compiled problem without pickling it and start in a few
milliseconds: the time limit counts from the ``solve`` call, process start included. The calling
process is worker 0; only the routes travel back through a pipe. Where ``fork`` is unavailable
the portfolio quietly runs one worker.
"""

from __future__ import annotations

import multiprocessing as mp
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


def run_portfolio(job: Job, workers: int, grace: float = 0.5) -> list[SearchResult]:
    """Run ``job(0)`` here and ``job(1..workers-1)`` in forked processes; return all results."""
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
        if recv.poll(grace):
            msg = recv.recv()
            if not isinstance(msg, BaseException):
                results.append(SearchResult(*msg))
        recv.close()
        proc.join(0.1)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return results
