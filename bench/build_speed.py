"""Where the time of one report build goes (not a timed test).

    python bench/build_speed.py [--runs 20] [--units 10] [--kind annual] [--profile] [--batch 100] [--keep DIR]

Takes the built-in commune samples (data/samples/xa-2025, every annex, check-clean; bench/gen.py
sample_units links them in turn), then calls
`reportgen.api.build_document(kind, data, out, force=True)` --runs times in one process on
--units different workbooks in turn, the way a batch worker does, and splits each build into
phases by wrapping the functions that do the work (CPU time, exclusive: a phase's time
excludes the phases nested in it):

    read           read_workbook
    sentences      reports.walk_outline (SectionWriter: the numbered sections' sentences)
    appendix data  appendix.build_appendices (the cells of the Phụ lục tables)
    build other    the rest of build_report / build_hdnd (document info, template context)
    clean          render._clean (XML-illegal characters removed from every string)
    template       opening the Word template (render._open_template / its per-process cache)
    styles         docx_layout.define_styles on the opened template
    body           docx_layout.write_body (headings and paragraphs into the subdoc)
    docxtpl        render._render (docxtpl/Jinja fills the tags, the subdoc is inserted)
    appendix tables docx_layout.add_appendix + add_end_paragraph (landscape sections, tables)
    save           writing the .docx (zip)
    sidecar        reports.write_sources (.nguon.csv)
    other          everything else in build_document

Functions that do not exist in the code being measured are skipped, so the same script times
an older commit. --batch N also runs `reportgen build KIND --batch DIR -o OUTDIR` on N generated
workbooks (a fresh process, the CLI's default of one worker per core) and extrapolates to 3,321.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PHASES = ("read", "sentences", "appendix data", "build other", "clean", "template", "styles", "body",
          "docxtpl", "appendix tables", "save", "sidecar", "other")


class PhaseClock:
    """Exclusive CPU and wall time per phase: entering a nested phase pauses the outer one."""

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self.stack: list[list] = []  # [phase, cpu start, wall start]

    def _stop(self, now_c, now_w):
        phase, c0, w0 = self.stack[-1]
        self.cpu[phase] = self.cpu.get(phase, 0.0) + now_c - c0
        self.wall[phase] = self.wall.get(phase, 0.0) + now_w - w0

    def enter(self, phase):
        c, w = time.process_time(), time.perf_counter()
        if self.stack:
            self._stop(c, w)
        self.stack.append([phase, c, w])

    def leave(self):
        c, w = time.process_time(), time.perf_counter()
        self._stop(c, w)
        self.stack.pop()
        if self.stack:
            self.stack[-1][1], self.stack[-1][2] = c, w

    def reset(self):
        self.cpu.clear()
        self.wall.clear()


CLOCK = PhaseClock()


def _wrap(owner, name: str, phase: str) -> bool:
    fn = getattr(owner, name, None)
    if fn is None or getattr(fn, "_phase", None):
        return False

    @functools.wraps(fn)
    def timed(*args, **kwargs):
        if CLOCK.stack and CLOCK.stack[-1][0] == phase:  # a recursive call (render._clean)
            return fn(*args, **kwargs)
        CLOCK.enter(phase)
        try:
            return fn(*args, **kwargs)
        finally:
            CLOCK.leave()

    timed._phase = phase
    setattr(owner, name, timed)
    return True


def instrument() -> list[str]:
    """Wrap the functions of each phase where they are looked up; returns what was wrapped."""
    from docxtpl import DocxTemplate

    from reportgen import api
    from reportgen.docx import layout as docx_layout
    from reportgen.docx import render
    from reportgen.documents import reports
    import reportgen.documents.appendix as appendix
    wrapped = []
    targets = [
        (api, "read_workbook", "read"),
        (reports, "walk_outline", "sentences"),
        (reports, "build_appendices", "appendix data"),
        (reports, "build_report", "build other"),
        (render, "_clean", "clean"),
        (render, "_open_template", "template"),
        (render, "_fresh_template", "template"),
        (docx_layout, "define_styles", "styles"),
        (docx_layout, "write_body", "body"),
        (render, "_render", "docxtpl"),
        (docx_layout, "add_appendix", "appendix tables"),
        (docx_layout, "add_end_paragraph", "appendix tables"),
        (DocxTemplate, "save", "save"),
        (render, "_save", "save"),
        (reports, "write_sources", "sidecar"),
    ]
    try:
        from reportgen.documents import hdnd
        targets += [(hdnd, "walk_outline", "sentences"), (hdnd, "build_appendices", "appendix data"),
                    (hdnd, "build_hdnd", "build other")]
    except ImportError:
        pass
    for owner, name, phase in targets:
        if _wrap(owner, name, phase):
            wrapped.append(f"{getattr(owner, '__name__', owner)}.{name}")
    return wrapped


def make_workbooks(folder: Path, units: int) -> list[Path]:
    """Check-clean commune workbooks with every annex: the built-in commune samples in turn
    (bench/gen.py sample_units; the generated workbooks break the rules `build` checks first)."""
    from gen import sample_units
    return sample_units(folder, units)


def time_builds(kind: str, inputs: list[Path], out: Path, runs: int, warmup: int = 2) -> dict:
    from reportgen import api
    instrument()
    for i in range(warmup):
        api.build_document(kind, inputs[i % len(inputs)], out, force=True)
    per_run: dict[str, list[float]] = {p: [] for p in PHASES}
    totals, walls = [], []
    for i in range(runs):
        data = inputs[(warmup + i) % len(inputs)]
        CLOCK.reset()
        c, w = time.process_time(), time.perf_counter()
        CLOCK.enter("other")
        api.build_document(kind, data, out, force=True)
        CLOCK.leave()
        totals.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
        for p in PHASES:
            per_run[p].append(CLOCK.cpu.get(p, 0.0))
    return {"phases": {p: statistics.median(v) for p, v in per_run.items()},
            "total_cpu": statistics.median(totals), "total_wall": statistics.median(walls),
            "min_cpu": min(totals), "size": out.stat().st_size}


def docx_floor(path: Path, runs: int) -> dict:
    """The floor a build is compared to: python-docx opening and saving the same document (CPU)."""
    from docx import Document
    Document(str(path)).save(io.BytesIO())
    cpu = []
    for _ in range(runs):
        c = time.process_time()
        Document(str(path)).save(io.BytesIO())
        cpu.append(time.process_time() - c)
    return {"min": min(cpu), "median": statistics.median(cpu)}


def profile(kind: str, inputs: list[Path], out: Path, runs: int, top: int) -> None:
    from reportgen import api
    api.build_document(kind, inputs[0], out, force=True)
    prof = cProfile.Profile()
    prof.enable()
    for i in range(runs):
        api.build_document(kind, inputs[(1 + i) % len(inputs)], out, force=True)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(buf.getvalue())


def batch(kind: str, gen_folder: Path, n: int, work: Path, jobs: int | None) -> dict:
    paths = make_workbooks(gen_folder, n)
    src = work / f"batch-in-{n}"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for p in paths:
        os.link(p, src / p.name)
    outdir = work / f"batch-out-{n}"
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [sys.executable, "-m", "reportgen", "build", kind, "--batch", str(src), "-o", str(outdir), "--force"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    before = os.times()
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    after = os.times()
    built = len(list(outdir.glob("*.docx")))
    if res.returncode or built != n:
        print(res.stdout[-2000:], res.stderr[-2000:], file=sys.stderr)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"n": n, "built": built, "wall": wall, "cpu": cpu, "rc": res.returncode}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20, help="timed builds in one process (after 2 warm-ups)")
    ap.add_argument("--units", type=int, default=10, help="different workbooks the builds cycle through")
    ap.add_argument("--kind", default="annual", choices=("annual", "hdnd"))
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of --runs builds")
    ap.add_argument("--top", type=int, default=40, help="profile lines to print")
    ap.add_argument("--batch", type=int, default=0, help="also batch-build this many workbooks via the CLI")
    ap.add_argument("--jobs", type=int, default=None, help="workers for --batch (default: the CLI's)")
    ap.add_argument("--keep", type=Path, help="folder for the generated inputs, kept and reused")
    a = ap.parse_args()

    work = a.keep or Path(tempfile.mkdtemp(prefix="reportgen-build-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        inputs = make_workbooks(work / "xa", max(1, a.units))
        out = work / "one" / "bao-cao.docx"
        out.parent.mkdir(exist_ok=True)
        if a.profile:  # before the phases are instrumented, so the profile shows no wrappers
            profile(a.kind, inputs, out, a.runs, a.top)
        r = time_builds(a.kind, inputs, out, a.runs)
        print(f"{a.kind} reports from {len(inputs)} commune workbooks (every annex), {a.runs} builds in one "
              f"process after 2 warm-up builds, median CPU per phase (exclusive):\n")
        print("| Phase | ms CPU | share |")
        print("|---|---:|---:|")
        total = r["total_cpu"]
        for p in PHASES:
            v = r["phases"][p]
            print(f"| {p} | {v * 1000:.1f} | {v / total * 100:.0f}% |")
        print(f"| **total** (median of whole builds) | **{total * 1000:.1f}** | wall {r['total_wall'] * 1000:.1f} ms, "
              f"best {r['min_cpu'] * 1000:.1f} ms CPU |")
        floor = docx_floor(out, max(5, a.runs // 2))
        print(f"| floor: python-docx open+save of the same .docx | {floor['median'] * 1000:.1f} | "
              f"build = {total / floor['median']:.1f}× the floor (best {floor['min'] * 1000:.1f} ms) |")
        print(f"\n.docx {r['size']:,} bytes; load average {os.getloadavg()[0]:.2f} (1 min) when done")
        if a.batch:
            b = batch(a.kind, work / "xa", a.batch, work, a.jobs)
            rate = b["built"] / b["wall"] if b["wall"] else 0.0
            jobs = a.jobs or os.cpu_count() or 1
            floor_wall = floor["median"] * b["n"] / jobs
            print(f"\nBatch via the CLI: {b['built']}/{b['n']} built in {b['wall']:.1f} s wall "
                  f"(including interpreter start and the naming round), {rate:.1f} reports/s, "
                  f"CPU {b['cpu'] / max(b['built'], 1) * 1000:.0f} ms/report (all processes); "
                  f"3,321 reports ≈ {3321 / rate / 60:.1f} min at this rate; floor (python-docx open+save of "
                  f"each report over {jobs} cores) {floor_wall:.1f} s = {b['wall'] / floor_wall:.1f}× the floor; "
                  f"load average {os.getloadavg()[0]:.2f}" if rate else "batch failed")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
