"""Benchmarks for reading, aggregating and batch-building (not a timed test).

    python bench/run.py [--units 3321] [--quick] [--jobs 2] [--keep DIR]

Generates its own inputs (bench/gen.py, seeded, in a temporary folder unless --keep), then:

1. reads one workbook with every annex: read_workbook vs python-calamine alone reading every cell,
   and what read_workbook's time is made of (calamine, the safety inspection, the reader's Python);
2. aggregates N units and ~3x N units (default 3,321 and 10,000), each in a fresh process:
   wall time, time per unit, peak RSS of that process and of its worker processes
   (resource.getrusage RUSAGE_SELF / RUSAGE_CHILDREN), then reads the total back;
3. builds one report per unit for a batch (when `reportgen.batch` and the build exist).

Prints a Markdown table; bench/RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


# --- 1. one workbook ----------------------------------------------------------------------------

def bench_read(path: Path, reps: int) -> dict:
    from python_calamine import CalamineWorkbook

    from reportgen.core.catalog import load_catalog
    from reportgen.read.workbook import read_workbook

    catalog = load_catalog()

    def calamine_only():
        n = 0
        with CalamineWorkbook.from_path(str(path)) as wb:
            for name in wb.sheet_names:
                for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                    for _ in row:
                        n += 1
        return n

    def reader():
        return read_workbook(path, catalog)

    def best(f):
        f()
        wall, cpu = [], []
        for _ in range(reps):
            t, c = time.perf_counter(), time.process_time()
            f()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        return min(wall), min(cpu)

    cells = calamine_only()
    out = {}
    for _ in range(2):  # interleave, keep the best of each
        for name, f in (("calamine", calamine_only), ("read_workbook", reader)):
            w, c = best(f)
            if name not in out or c < out[name][1]:
                out[name] = (w, c)
    return {"cells": cells, "calamine": out["calamine"], "read": out["read_workbook"],
            "values": sum(len(v) for v in reader().values.values())}


def bench_read_parts(path: Path, reps: int) -> dict:
    """Best CPU ms of what read_workbook is made of: python-calamine parsing the sheets (no Python
    loop over the cells), the safety inspection (which also inflates the parts the reader needs),
    and the rest: the reader's own Python."""
    from python_calamine import CalamineWorkbook

    from reportgen.read import workbook as read
    from reportgen.core.catalog import load_catalog
    from reportgen.read.safety import inspect_workbook

    catalog = load_catalog()
    keep = getattr(read, "_needed_part", None)

    def sheets():
        with CalamineWorkbook.from_path(str(path)) as wb:
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def best(f):
        f()
        cpu = []
        for _ in range(reps):
            c = time.process_time()
            f()
            cpu.append(time.process_time() - c)
        return min(cpu) * 1000

    out = {}
    for _ in range(2):
        for name, f in (("sheets", sheets), ("inspect", (lambda: inspect_workbook(path, keep=keep)) if keep
                                              else (lambda: inspect_workbook(path))),
                        ("read", lambda: read.read_workbook(path, catalog))):
            out[name] = min(out.get(name, 1e9), best(f))
    out["python"] = out["read"] - out["sheets"] - out["inspect"]
    return out


# --- 2. aggregate (in a child process, so peak RSS is its own) -----------------------------------

def child_aggregate(folder: Path, count: int, jobs: int, out: Path) -> dict:
    from reportgen.totals.aggregate import aggregate, write_total
    from reportgen.core.catalog import load_catalog

    paths = sorted(folder.glob("xa-*.xlsx"))[:count]
    catalog = load_catalog()
    t0 = time.perf_counter()
    result = aggregate(paths, catalog, jobs=jobs)
    t1 = time.perf_counter()
    write_total(result, out, force=True)
    t2 = time.perf_counter()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids_kb = kids.ru_maxrss
    return {"cpu_workers": kids.ru_utime + kids.ru_stime, "units": result.covered, "skipped": len(result.skipped), "read_add": t1 - t0, "write": t2 - t1,
            "wall": t2 - t0, "rss_parent_kb": self_kb, "rss_worker_kb": kids_kb,
            "size": out.stat().st_size, "cpu_parent": time.process_time()}


def child_readback(out: Path) -> dict:
    from reportgen.core.catalog import load_catalog
    from reportgen.read.workbook import read_workbook

    catalog = load_catalog()
    t = time.perf_counter()
    ds = read_workbook(out, catalog)
    return {"wall": time.perf_counter() - t, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "values": len(ds.values)}


def run_child(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"child failed: {' '.join(args)}\n{res.stderr}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_wall"] = time.perf_counter() - t  # including interpreter start and imports
    return data


# --- 3. batch build ------------------------------------------------------------------------------

def child_batch(folder: Path, count: int, jobs: int, outdir: Path, kind: str) -> dict:
    from reportgen import batch

    src = outdir.parent / f"batch-in-{count}"
    if not src.exists():
        src.mkdir()
        for p in sorted(folder.glob("xa-*.xlsx"))[:count]:
            os.link(p, src / p.name)
    t = time.perf_counter()
    res = batch.build_batch(kind, src, outdir, jobs=jobs, force=True)
    wall = time.perf_counter() - t
    return {"built": res.built, "failed": len(res.failed), "wall": wall,
            "rss_parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "rss_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def batch_available() -> bool:
    try:
        from reportgen import api, batch  # noqa: F401
    except ImportError:
        return False
    return hasattr(api, "build_document") and hasattr(batch, "build_batch")


# --- main ---------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=3321, help="units in the first aggregation (the second: ~3x)")
    ap.add_argument("--big", type=int, default=None, help="units in the second aggregation (default 10,000)")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=None, help="reports in the batch build (default 200)")
    ap.add_argument("--keep", type=Path, help="folder for the generated inputs, kept and reused")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        what, *rest = a.child
        if what == "aggregate":
            print(json.dumps(child_aggregate(Path(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3]))))
        elif what == "readback":
            print(json.dumps(child_readback(Path(rest[0]))))
        elif what == "batch":
            print(json.dumps(child_batch(Path(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3]), rest[4])))
        return

    from gen import generate

    small = 300 if a.quick else a.units
    big = a.big or (900 if a.quick else 10_000)
    n_batch = a.batch or (20 if a.quick else 200)
    work = a.keep or Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    inputs = work / "xa"
    rows: list[tuple[str, str, str]] = []
    try:
        t = time.perf_counter()
        generate(inputs, max(small, big), jobs=a.jobs)
        gen_s = time.perf_counter() - t
        print(f"inputs: {max(small, big)} workbooks in {inputs} ({gen_s:.1f} s)", file=sys.stderr)

        r = bench_read(inputs / "xa-00000.xlsx", 15 if a.quick else 40)
        (cw, cc), (rw, rc) = r["calamine"], r["read"]
        rows.append(("Read one workbook (all annexes): python-calamine, every cell",
                     f"{cw * 1000:.1f} ms wall, {cc * 1000:.1f} ms CPU", f"{r['cells']:,} cells"))
        rows.append(("Read one workbook: read_workbook", f"{rw * 1000:.1f} ms wall, {rc * 1000:.1f} ms CPU",
                     f"{rc / cc:.2f}× calamine (CPU), {rw / cw:.2f}× (wall); {r['values']} values"))
        parts = bench_read_parts(inputs / "xa-00000.xlsx", 15 if a.quick else 40)
        rows.append(("Read one workbook: what it is made of (CPU)", f"{parts['read']:.1f} ms",
                     f"python-calamine parsing the sheets {parts['sheets']:.1f} ms, safety.inspect_workbook "
                     f"{parts['inspect']:.1f} ms, the reader's own Python {parts['python']:.1f} ms"))

        results = {}
        for n in (small, big):
            out = work / f"tong-{n}.xlsx"
            d = run_child("aggregate", str(inputs), str(n), str(a.jobs), str(out))
            results[n] = d
            rows.append((f"Aggregate {n:,} units ({a.jobs} workers)",
                         f"{d['wall']:.1f} s ({d['read_add']:.1f} s read+add, {d['write']:.1f} s write)",
                         f"{d['wall'] / n * 1000:.2f} ms/unit wall, {d['cpu_workers'] / n * 1000:.1f} ms/unit "
                         f"worker CPU; peak RSS parent {_mb(d['rss_parent_kb'])}, "
                         f"worker {_mb(d['rss_worker_kb'])}; output {d['size'] / 1e6:.1f} MB"))
            rb = run_child("readback", str(out))
            rows.append((f"read_workbook on the {n:,}-unit total", f"{rb['wall']:.2f} s",
                         f"peak RSS {_mb(rb['rss_kb'])}"))
        ratio = results[big]["wall"] / results[small]["wall"]
        rows.append((f"Scaling {big:,} / {small:,} units", f"{ratio:.2f}×",
                     f"units ×{big / small:.2f}"))

        if batch_available():
            outdir = work / "batch-out"
            d = run_child("batch", str(inputs), str(n_batch), str(a.jobs), str(outdir), "annual")
            rows.append((f"Batch build: {n_batch} annual reports ({a.jobs} workers)",
                         f"{d['wall']:.1f} s", f"{d['wall'] / max(d['built'], 1) * 1000:.0f} ms/report; "
                         f"{d['built']} built, {d['failed']} failed; peak RSS parent {_mb(d['rss_parent_kb'])}, "
                         f"worker {_mb(d['rss_worker_kb'])}"))
        else:
            rows.append(("Batch build", "skipped", "reportgen.batch / api.build_document not available"))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nMachine: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}; inputs generated in {gen_s:.1f} s\n")
    print("| Measure | Time | Notes |")
    print("|---|---|---|")
    for r_ in rows:
        print("| " + " | ".join(r_) + " |")


if __name__ == "__main__":
    main()
