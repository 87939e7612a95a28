"""Run a function in a fresh process and report its wall time and peak resident memory."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable


def _child(fn: Callable, args: tuple, queue) -> None:
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = fn(*args)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    queue.put((elapsed, peak_kib / 1024, result, cpu))


def measure(fn: Callable, *args) -> tuple[float, float, object]:
    """(seconds, peak MiB, result) of fn(*args) run alone in a spawned process."""
    elapsed, _cpu, peak, result = measure_cpu(fn, *args)
    return elapsed, peak, result


def measure_cpu(fn: Callable, *args) -> tuple[float, float, float, object]:
    """(wall seconds, CPU seconds, peak MiB, result) of fn(*args) run alone in a spawned process. CPU seconds
    are the fair figure on a shared machine: other processes stretch the wall time, not this one's CPU time."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    elapsed, peak, result, cpu = queue.get()
    proc.join()
    return elapsed, cpu, peak, result
