"""Write docs/bad-inputs.md: each bad input of tests/badfiles.py and what reportgen answers.

    python scripts/make_bad_inputs_doc.py          # rewrite the page
    python scripts/make_bad_inputs_doc.py --check  # exit 1 if the page is out of date

Every file is built in a temporary folder and run through the real CLI (`check` and
`extract`), so the table shows what the current code answers, not what it should.
tests/test_bad_inputs.py fails when the page no longer matches.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "bad-inputs.md"
sys.path.insert(0, str(ROOT / "tests"))

import badfiles  # noqa: E402  (tests/badfiles.py)


@dataclass(frozen=True)
class Answer:
    """What one command answered."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    seconds: float


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    path: Path  # the file given to reportgen
    sha_before: str | None
    sha_after: str | None
    check: Answer
    extract: Answer

    @property
    def file(self) -> str:
        return self.path.name

    def lines(self) -> list[str]:
        return message_lines(self.check.stdout, self.check.stderr, self.file)


def _cli():
    from click.testing import CliRunner

    from reportgen.cli import cli
    return CliRunner(), cli


def make_form(folder: Path) -> Path:
    """A blank form written by `reportgen forms` (the same command officers get it from)."""
    runner, cli = _cli()
    out = folder / "bieu-mau.xlsx"
    result = runner.invoke(cli, ["forms", "--period", badfiles.FORM_PERIOD, "-o", str(out)])
    if result.exit_code != 0:
        raise RuntimeError(f"reportgen forms failed: {result.stderr}")
    return out


def cases(form_folder: Path) -> list[tuple[str, str, object]]:
    """(key, title, build(folder) -> path) for the whole corpus, file and form cases."""
    out: list[tuple[str, str, object]] = [(b.key, b.title, b.build) for b in badfiles.CORPUS]
    form: list[Path] = []

    def with_form(case):
        def build(folder: Path) -> Path:
            if not form:
                form.append(make_form(form_folder))
            return case.build(form[0], folder)
        return build

    out += [(c.key, c.title, with_form(c)) for c in badfiles.FORM_CASES]
    return out


def message_lines(stdout: str, stderr: str, name: str) -> list[str]:
    """What `check` said about one file: its own lines, errors first; else click's error."""
    own = [line for line in stdout.splitlines() if name in line]
    errors = [line for line in own if "Lỗi:" in line]
    lines = errors + [line for line in own if line not in errors]
    if not lines:
        tail = [line for line in stderr.splitlines() if line.strip()]
        if tail and not tail[-1].startswith("Đã kiểm tra"):
            lines = [tail[-1]]
    return lines


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _invoke(args: list[str]) -> Answer:
    runner, cli = _cli()
    start = time.monotonic()
    result = runner.invoke(cli, args)
    seconds = time.monotonic() - start
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Answer(result.exit_code, result.stdout, result.stderr, exception, seconds)


def run_case(key: str, title: str, build, folder: Path) -> Outcome:
    folder.mkdir(parents=True, exist_ok=True)
    path = build(folder)
    before = _sha256(path)
    with contextlib.chdir(folder):  # relative names keep the page free of temp paths
        check = _invoke(["check", path.name])
        extract = _invoke(["extract", "--json", path.name])
    return Outcome(key, title, path, before, _sha256(path), check, extract)


def collect(folder: Path) -> list[Outcome]:
    return [run_case(key, title, build, folder / key) for key, title, build in cases(folder)]


@dataclass(frozen=True)
class RunOutcome:
    """One RunCase run in a subprocess."""

    key: str
    group: str
    title: str
    run: object  # badfiles.Run
    folder: Path
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    unchanged: bool  # every input as it was
    stray: list[str]  # files left in the folder that the case does not allow


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run_command(args: list[str], folder: Path, special: str = "", timeout: float = 120) -> tuple:
    """`python -m reportgen ARGS` in `folder`: (exit code, stdout, stderr, seconds, peak RSS in MB).
    The peak RSS is this child's own (os.wait4), not the largest child's so far."""
    import os
    import signal
    import subprocess
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out_path, err_path = folder.parent / f".{folder.name}.out", folder.parent / f".{folder.name}.err"
    rss_path = folder.parent / f".{folder.name}.rss"
    command = [sys.executable, "-m", "reportgen", *args]
    # A child's ru_maxrss counts the pages of the process it was forked from (pytest: hundreds of
    # MB): GNU time, itself small, forks reportgen and reports reportgen's own peak.
    timer = shutil.which("time") if Path("/usr/bin/time").exists() else None
    if timer:
        command = ["/usr/bin/time", "-f", "%M", "-o", str(rss_path), *command]
    start = time.monotonic()
    with open(err_path, "wb") as err:
        stdout = subprocess.PIPE if special == "close_pipe" else open(out_path, "wb")
        proc = subprocess.Popen(command, cwd=folder, env=env, stdout=stdout, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        reaped: list = []

        def done() -> bool:  # os.wait4, never Popen.poll: the child's own rusage is kept
            if not reaped:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    reaped.append((os.waitstatus_to_exitcode(status), usage))
            return bool(reaped)

        if special == "close_pipe":  # `| head -0`: the reader goes away before the first line
            proc.stdout.close()
        elif special == "interrupt":  # Ctrl-C once the first document is there
            target = folder / "van-ban"
            while time.monotonic() - start < timeout and not done():
                if target.is_dir() and any(p.suffix == ".docx" for p in target.iterdir()):
                    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
                    break
                time.sleep(0.05)
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not reaped:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            reaped.append((-9, usage))
        proc.returncode, usage = reaped[0]
        if not isinstance(stdout, int):
            stdout.close()
    seconds = time.monotonic() - start
    out = "" if special == "close_pipe" else out_path.read_text(encoding="utf-8", errors="replace")
    err = err_path.read_text(encoding="utf-8", errors="replace")
    rss = usage.ru_maxrss / 1024 if usage is not None else 0.0  # Linux: kilobytes (an upper bound)
    if timer and rss_path.exists():
        last = rss_path.read_text().strip().splitlines()
        if last and last[-1].isdigit():
            rss = int(last[-1]) / 1024
    for p in (out_path, err_path, rss_path):
        p.unlink(missing_ok=True)
    return proc.returncode, out, err, seconds, rss


def run_case_command(case, folder: Path, form: Path) -> RunOutcome:
    folder.mkdir(parents=True, exist_ok=True)
    run = case.prepare(folder, form)
    before = {p: _sha256(p) for p in run.inputs}
    tree = _tree(folder)
    code, out, err, seconds, rss = run_command(run.args, folder, run.special)
    unchanged = all(_sha256(p) == h for p, h in before.items())
    allowed = set(run.outputs)
    stray = sorted(x for x in _tree(folder) - tree if x.split("/")[0] not in allowed)
    return RunOutcome(case.key, case.group, case.title, run, folder, code, out, err, seconds, rss, unchanged, stray)


def collect_runs(folder: Path, workers: int = 2) -> list[RunOutcome]:
    """Every RunCase, two subprocesses at a time (each is measured on its own by os.wait4)."""
    from concurrent.futures import ThreadPoolExecutor
    form = make_form(folder)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda c: run_case_command(c, folder / c.key, form), badfiles.RUN_CASES))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(outcomes: list[Outcome]) -> str:
    head = [
        "# Đầu vào hỏng và câu trả lời của reportgen",
        "",
        "<!-- Tệp này do scripts/make_bad_inputs_doc.py tạo ra; đừng sửa tay. -->",
        "",
        "Mỗi dòng là một tệp do `tests/badfiles.py` tạo ra, được kiểm tra bằng",
        "`reportgen check TỆP` và `reportgen extract TỆP --json`. Mã thoát: **0** đọc được,",
        "**1** số liệu sai (chỉ rõ trang tính và ô), **2** không đọc được tệp. Mọi tệp",
        "đều được kiểm tra an toàn (`reportgen/read/safety.py`, `read/extent.py`) trước khi mở bằng thư viện bảng",
        "tính; tệp đầu vào không bao giờ bị ghi. Cột «Thông báo» là dòng `check` in ra",
        "về tệp đó (dòng đầu tiên, lỗi trước cảnh báo).",
        "",
        "| Đầu vào | Tệp | `check` | `extract` | Thông báo |",
        "|---|---|:-:|:-:|---|",
    ]
    rows = []
    for o in outcomes:
        lines = o.lines()
        message = lines[0] if lines else "— (không có lỗi, không có cảnh báo)"
        if len(lines) > 1:
            message += f" (và {len(lines) - 1} dòng khác)"
        rows.append(f"| {_cell(o.title)} | `{o.file}` | {o.check.exit_code} | {o.extract.exit_code} | "
                    f"{_cell(message)} |")
    return "\n".join(head + rows) + "\n"


def render_runs(runs: list[RunOutcome]) -> str:
    head = [
        "",
        "## Các trường hợp chạy cả lệnh (issue 14)",
        "",
        "Mỗi dòng chạy một lệnh `reportgen` thật trong một tiến trình riêng (`tests/badfiles.py`,",
        f"`RUN_CASES`). Kiểm thử đòi hỏi: đúng mã thoát, đúng thông báo, không có traceback, tối đa "
        f"{badfiles.MAX_SECONDS} giây",
        f"và {badfiles.MAX_RSS_MB} MB bộ nhớ mỗi lệnh, tệp đầu vào không đổi, không để lại tệp thừa.",
        "",
        "| Nhóm | Trường hợp | Lệnh | Mã thoát | Thông báo |",
        "|---|---|---|:-:|---|",
    ]
    rows = []
    for o in runs:
        lines = [x for x in (o.stdout + o.stderr).splitlines() if x.strip()]
        wanted = o.run.needle
        message = next((x for x in lines if wanted and wanted in x), lines[0] if lines else "—")
        command = "reportgen " + " ".join(a if " " not in a and a else repr(a) for a in o.run.args)
        code = "—" if o.run.special == "close_pipe" else o.exit_code  # 0 or 1: whichever write met the closed pipe
        if o.run.special == "close_pipe":
            message = "— (dừng lặng lẽ, không in lỗi BrokenPipe)" if "BrokenPipe" not in o.stderr else message
        rows.append(f"| {_cell(o.group)} | {_cell(o.title)} | `{_cell(command)}` | {code} | "
                    f"{_cell(message[:300])} |")
    return "\n".join(head + rows) + "\n"


def build_page() -> str:
    with tempfile.TemporaryDirectory(prefix="reportgen-bad-") as tmp:
        return render(collect(Path(tmp))) + render_runs(collect_runs(Path(tmp) / "runs"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    page = build_page()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != page:
            print(f"{DOC.relative_to(ROOT)} đã cũ; chạy: python scripts/make_bad_inputs_doc.py")
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(page, encoding="utf-8")
    print(f"Đã ghi {DOC.relative_to(ROOT)} ({len(page.splitlines())} dòng)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
