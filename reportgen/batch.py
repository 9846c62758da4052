"""Batch builds: one document per unit workbook in a folder, in parallel across cores.

`build_batch(kind, folder, outdir)` runs `api.build_document` for every .xlsx in `folder` in a
process pool. Each worker process is prepared once (initializer): the catalog, the renderer's
modules and the Word template are loaded and the template is checked there, not per unit. The
work has two rounds in the same pool: first every workbook's unit name is read (only its identity
and «Thông tin chung» sheets: the annexes are read once, by the build), so the parent
can give each output a distinct file name (`safe_filename(unit).docx`; a second file of the
same unit gets its input file's name appended, with a warning); then the documents are built.
A unit that fails (unreadable workbook, bad values, existing output without --force) is listed
with its reason and never stops the others.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from reportgen.core.errors import ReportgenError, TemplateError, UnreadableInputError, UsageError
from reportgen.core.location import location
from reportgen.core.pool import cpu_jobs, worker_pool
from reportgen.read.safety import safe_filename

BATCH_KINDS = ("six-month", "annual", "hdnd")


@dataclass(frozen=True)
class BatchItem:
    source: str
    unit: str = ""
    output: str = ""  # the .docx written ("" when it failed)
    error: str = ""  # why it failed
    warnings: tuple[str, ...] = ()


@dataclass
class BatchResult:
    items: list[BatchItem] = field(default_factory=list)

    @property
    def built(self) -> int:
        return sum(1 for i in self.items if not i.error)

    @property
    def failed(self) -> list[BatchItem]:
        return [i for i in self.items if i.error]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def lines(self) -> list[str]:
        out = [f"{Path(i.source).name}: Lỗi: {i.error}" for i in self.failed]
        out += [f"{Path(i.source).name}: Cảnh báo: {w}" for i in self.items for w in i.warnings]
        return out

    def summary(self) -> str:
        from reportgen.core.numbers import fmt_number
        text = f"Đã lập {fmt_number(self.built)}/{fmt_number(len(self.items))} văn bản"
        if self.failed:
            text += f"; {fmt_number(len(self.failed))} tệp lỗi (xem danh sách ở trên)"
        return text + "."


# --- worker side ---------------------------------------------------------------------------------

_STATE: dict = {}


def _prepare(kind: str, template: str | None) -> None:
    """Once per worker process: catalog and renderer loaded, the Word template opened, checked
    and kept for every document of the process (render.prepare_template).
    Never raises (a failing pool initializer would be restarted forever): a broken template is
    noted, and every unit of this worker reports it."""
    _STATE.clear()
    _STATE["template"] = Path(template) if template else None
    try:
        from reportgen import api  # noqa: F401 - imports the whole build chain once
        from reportgen.core.catalog import load_catalog
        from reportgen.docx.render import default_template, prepare_template
        _STATE["catalog"] = load_catalog()
        # perf (bench/build_speed.py --batch): the naming round reads with a catalog of no annexes,
        # so the reader parses the identity, info and narrative sheets only (~2 ms, not ~14 ms)
        _STATE["names_catalog"] = dataclasses.replace(_STATE["catalog"], annexes=[])
        path = Path(template) if template else default_template(_DOC_KINDS[kind])
        prepare_template(path)  # parsed once here; forked workers inherit it, documents copy it
    except ReportgenError as exc:
        _STATE["error"] = exc.format_message()
    except Exception as exc:  # noqa: BLE001
        _STATE["error"] = f"không chuẩn bị được mẫu văn bản ({type(exc).__name__}: {exc})"


_DOC_KINDS = {"six-month": "report", "annual": "report", "hdnd": "hdnd"}  # render.default_template


def _unit_of(path: str) -> tuple[str, str, str]:
    """(path, unit name, error) for the naming round."""
    from reportgen.read.workbook import read_workbook
    if "error" in _STATE:
        return path, "", _STATE["error"]
    try:
        try:
            ds = read_workbook(Path(path), _STATE["names_catalog"])
        except UnreadableInputError:  # e.g. a workbook reportgen did not make: its annexes say what it is
            ds = read_workbook(Path(path), _STATE["catalog"])
    except ReportgenError as exc:
        return path, "", _why(exc)
    except Exception as exc:  # noqa: BLE001 - one bad unit never stops the others
        return path, "", f"lỗi không mong đợi khi đọc ({type(exc).__name__}: {exc})"
    return path, ds.info.get("unit_name").strip() or ds.unit.strip() or Path(path).stem, ""


def _build_one(task: tuple) -> BatchItem:
    from reportgen import api
    kind, path, unit, out, force, pdf, comments, draft = task
    if "error" in _STATE:
        return BatchItem(path, unit, error=_STATE["error"])
    try:
        written = api.build_document(kind, Path(path), Path(out), force=force, pdf=pdf, comments=comments,
                                     template=_STATE["template"], draft=draft)
    except ReportgenError as exc:
        return BatchItem(path, unit, error=_why(exc))
    except Exception as exc:  # noqa: BLE001
        return BatchItem(path, unit, error=f"lỗi không mong đợi ({type(exc).__name__}: {exc})")
    warnings = tuple(f"mục «{h}» chưa có nội dung, cần bổ sung trong văn bản" for h in written.get("placeholders", ()))
    if written.get("errors"):
        warnings = (f"bản DỰ THẢO: số liệu còn {len(written['errors'])} lỗi (ghi ở trang đầu văn bản)",) + warnings
    warnings += tuple(written.get("warnings", ()))
    return BatchItem(path, unit, output=str(written["docx"]), warnings=warnings)


def _why(exc: ReportgenError) -> str:
    """The message with its sheet and cell; the file name is already at the start of the line."""
    where = location("", exc.sheet, exc.cell)
    return f"{where}: {exc.message}" if where else exc.message


# --- parent side ---------------------------------------------------------------------------------

def default_jobs() -> int:
    return cpu_jobs()


def build_batch(kind: str, folder: Path, outdir: Path, *, jobs: int | None = None, force: bool = False,
                pdf: bool = False, comments: bool = False, template: Path | None = None,
                progress: Callable[[int], object] | None = None, draft: bool = False) -> BatchResult:
    """Build one `kind` document per unit workbook in `folder` into `outdir`.

    Interrupted (Ctrl-C), the workers stop without a word, the temporary files of the documents
    being written are removed, and KeyboardInterrupt goes on to the caller (exit 130)."""
    from reportgen.api import expand_inputs
    if kind not in BATCH_KINDS:
        raise UsageError(f"--batch dùng cho {', '.join(BATCH_KINDS)}, không dùng cho «{kind}»")
    folder, outdir = Path(folder), Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError("với --batch, -o phải là một thư mục", file=str(outdir))
    paths = [str(p) for p in expand_inputs([folder])]
    if not paths:
        raise UsageError("thư mục không có tệp .xlsx nào", file=str(folder))
    outdir.mkdir(parents=True, exist_ok=True)
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    initargs = (kind, str(template) if template else None)
    _prepare(*initargs)  # here first: a broken template stops the batch before any unit
    if "error" in _STATE:
        raise TemplateError(_STATE["error"], file=str(template) if template else None)
    result = BatchResult()
    before = _hidden_files(outdir)
    try:
        _run(kind, paths, outdir, jobs, force, pdf, comments, draft, initargs, result, progress)
    except KeyboardInterrupt:
        _remove_temporaries(outdir, before)
        raise
    order = {p: k for k, p in enumerate(paths)}
    result.items.sort(key=lambda i: order[i.source])
    return result


def _hidden_files(outdir: Path) -> set[str]:
    try:
        return {p.name for p in outdir.iterdir() if p.name.startswith(".")}
    except OSError:
        return set()


def _remove_temporaries(outdir: Path, before: set[str]) -> None:
    """The temporary files (core.outputs.atomic_output: ".<stem>.<random><suffix>") that workers
    stopped while writing left behind; files hidden before the batch are kept."""
    for name in _hidden_files(outdir) - before:
        if name.endswith((".docx", ".csv", ".pdf", ".tmp")):
            try:
                (outdir / name).unlink()
            except OSError:
                pass


def _quiet_worker(kind: str, template: str | None) -> None:
    """Pool initializer: Ctrl-C goes to the parent only (no traceback from each worker)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _prepare(kind, template)


def _run(kind, paths, outdir, jobs, force, pdf, comments, draft, initargs, result, progress) -> None:
    if jobs == 1 or len(paths) == 1:
        names = [_unit_of(p) for p in paths]
        tasks, failed, warned = _plan(kind, names, outdir, force, pdf, comments, draft)
        built = (_build_one(t) for t in tasks)
        _collect(result, failed, warned, built, progress)
    else:
        pool = worker_pool(min(jobs, len(paths)), initializer=_quiet_worker, initargs=initargs,
                           maxtasksperchild=None)
        try:
            names = pool.map(_unit_of, paths, chunksize=max(1, len(paths) // (jobs * 8)))
            tasks, failed, warned = _plan(kind, names, outdir, force, pdf, comments, draft)
            _collect(result, failed, warned, pool.imap_unordered(_build_one, tasks), progress)
            pool.close()
        except BaseException:
            pool.terminate()  # workers stopped mid-write leave temporary files: the caller removes them
            raise
        finally:
            pool.join()


def _collect(result: BatchResult, failed, warned, built, progress) -> None:
    for item in failed:
        result.items.append(item)
        if progress is not None:
            progress(1)
    for item in built:
        if item.source in warned:
            item = replace(item, warnings=warned[item.source] + item.warnings)
        result.items.append(item)
        if progress is not None:
            progress(1)


def _plan(kind, names, outdir: Path, force, pdf, comments, draft=False):
    """Distinct output names in input order. Returns (build tasks, failed items, naming warnings)."""
    tasks, failed, warned, taken = [], [], {}, {}
    for path, unit, error in names:
        if error:
            failed.append(BatchItem(path, unit, error=error))
            continue
        stem = safe_filename(unit)
        if stem in taken:
            first = taken[stem]
            stem = safe_filename(f"{unit} {Path(path).stem}")
            warned[path] = (f"đơn vị «{unit}» đã có ở tệp {Path(first).name}; văn bản này ghi thành {stem}.docx",)
        taken.setdefault(stem, path)
        tasks.append((kind, path, unit, str(outdir / f"{stem}.docx"), force, pdf, comments, draft))
    return tasks, failed, warned
