"""The one way reportgen starts worker processes (aggregate reads units, --batch builds documents)."""

from __future__ import annotations

import os


def cpu_jobs(cap: int | None = None) -> int:
    """Worker processes to use by default: one per CPU, at most `cap`."""
    n = max(1, os.cpu_count() or 1)
    return min(n, cap) if cap else n


def worker_pool(jobs: int, *, initializer=None, initargs: tuple = (), maxtasksperchild: int | None = None):
    """A multiprocessing pool of `jobs` workers, forked where the platform can fork (the workers then
    start with the catalog and templates already loaded by the parent); use it in a `with` block."""
    import multiprocessing as mp  # perf: only the commands that fan out pay for it
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    return ctx.Pool(jobs, initializer=initializer, initargs=initargs, maxtasksperchild=maxtasksperchild)
