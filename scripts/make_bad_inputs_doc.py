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
        "đều được kiểm tra an toàn (`reportgen/safety.py`) trước khi mở bằng thư viện bảng",
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


def build_page() -> str:
    with tempfile.TemporaryDirectory(prefix="reportgen-bad-") as tmp:
        return render(collect(Path(tmp)))


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
