"""The `reportgen` command: a thin click layer; every command calls one library function."""

from __future__ import annotations

import errno
import re
import sys
from pathlib import Path

import click

from reportgen import __version__, cli_vi
from reportgen.core.errors import ReportgenError, UsageError
from reportgen.core.period import Period

cli_vi.install()

PATH_IN = click.Path(path_type=Path)  # existence is checked by the library, in one Vietnamese line
PATH_OUT = click.Path(dir_okay=False, path_type=Path)
FILE, DIR, NUMBER = "TỆP", "THƯ_MỤC", "SỐ"  # metavars shown in --help


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JSON_RAW = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` on one line with control characters shown escaped: an escape byte typed in a cell
    must not reach the terminal, a line break in a cell must not start a new line."""
    text = str(text)
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1] if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", text)


def echo(text: str = "", err: bool = False) -> None:
    """click.echo of one line made terminal safe (a line break from a file is shown as \\n)."""
    click.echo(terminal_safe(text), err=err)


def echo_json(data) -> None:
    """JSON as it is, but with what json leaves raw (DEL, C1 controls, bidi marks) as \\u escapes."""
    import json  # perf: only commands that print JSON load it
    text = json.dumps(data, ensure_ascii=False, indent=1)
    click.echo(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


class _Group(cli_vi.Group):
    """Shows a ReportgenError as one Vietnamese line with its exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReportgenError as exc:
            findings = getattr(exc, "findings", None)
            if findings:  # build stopped by the checks: what `check` shows, then why
                from reportgen.api import finding_lines
                for line in finding_lines(findings):
                    echo(line)
            echo(f"Lỗi: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            echo("Đã dừng theo yêu cầu.", err=True)
            ctx.exit(130)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `reportgen check … | head`: the reader has gone; end quietly
                raise
            from reportgen.core.outputs import os_error_message
            where = f"{exc.filename}: " if exc.filename else ""
            echo(f"Lỗi: {where}{os_error_message(exc, writing=False)}", err=True)
            ctx.exit(2)
        except MemoryError:
            echo("Lỗi: không đủ bộ nhớ để xử lý tệp này; hãy kiểm tra lại tệp hoặc chia nhỏ dữ liệu.", err=True)
            ctx.exit(2)
        except Exception as exc:  # a bug: still one line, no traceback for the officer
            echo(f"Lỗi không mong đợi ({type(exc).__name__}): {exc}. "
                 "Vui lòng gửi tệp đầu vào cho nhóm phát triển.", err=True)
            ctx.exit(1)


def _use_config(ctx, param, value):
    """--config DIR (or REPORTGEN_CONFIG): the province's own folder, for this process and its workers."""
    import os

    from reportgen.core.paths import CONFIG_ENV
    if value is not None:
        os.environ[CONFIG_ENV] = str(Path(value).resolve())
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="reportgen %(version)s")
@click.option("--config", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="THƯ_MỤC",
              envvar="REPORTGEN_CONFIG", callback=_use_config, expose_value=False, is_eager=True,
              help="Thư mục cấu hình riêng của tỉnh (tạo bằng «reportgen init-config»): danh mục chỉ tiêu, "
                   "đề cương, mẫu Word có trong đó được dùng thay cho bản có sẵn. "
                   "Cũng đặt được bằng biến môi trường REPORTGEN_CONFIG.")
def cli():
    """reportgen — lập báo cáo công tác trẻ em từ các phụ lục Excel.

    Các bước thường dùng: «forms» phát biểu mẫu, «check» kiểm tra biểu mẫu đã điền,
    «extract» xem số liệu đã đọc, «aggregate» cộng nhiều đơn vị, «build» lập báo cáo Word,
    «demo» lập các văn bản mẫu, «init-config» chép cấu hình có sẵn ra thư mục riêng để sửa.
    """


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ReportgenError as exc:
        raise click.BadParameter(exc.message) from None


@cli.command("forms")
@click.option("--period", "period_text", required=True, metavar="KỲ",
              help="Kỳ báo cáo: 2025 (cả năm) hoặc 2025-H1 (6 tháng đầu năm).")
@click.option("--unit", default="", metavar="TÊN", help="Tên đơn vị, địa phương điền biểu mẫu.")
@click.option("--plan", "plan_form", is_flag=True, help="Phát biểu mẫu dữ liệu của Kế hoạch năm thay cho phụ lục số liệu.")
@click.option("--from", "from_file", type=PATH_IN, metavar=FILE, help="Với --plan: điền sẵn kết quả năm từ phụ lục đã điền.")
@click.option("--plan-from", "plan_from", type=PATH_IN, metavar=FILE, help="Điền sẵn cột kế hoạch (KH) từ tệp Kế hoạch đã điền.")
@click.option("-o", "--output", "out", required=True, type=PATH_OUT, metavar=FILE,
              help="Tệp Excel sẽ tạo (thêm đuôi .xlsx nếu thiếu).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp kết quả đã có.")
def forms_cmd(period_text, unit, plan_form, from_file, plan_from, out, force):
    """Tạo biểu mẫu Excel để các đơn vị điền số liệu."""
    from reportgen import api
    period = _period(period_text)
    if plan_form:
        path = api.make_plan_form(period, out, unit=unit, from_file=from_file, force=force)
    else:
        if from_file:
            raise UsageError("--from chỉ dùng cùng --plan")
        path = api.make_forms(period, out, unit=unit, plan_from=plan_from, force=force)
    echo(f"Đã tạo biểu mẫu: {path}")


@cli.command("check")
@click.argument("inputs", nargs=-1, required=True, type=PATH_IN, metavar="TỆP_HOẶC_THƯ_MỤC...")
@click.option("--quiet", "-q", is_flag=True, help="Chỉ in lỗi, không in cảnh báo.")
def check_cmd(inputs, quiet):
    """Kiểm tra các biểu mẫu đã điền (tệp hoặc thư mục)."""
    from reportgen import api
    result = api.check_files(list(inputs))
    for line in result.lines(quiet=quiet):
        echo(line)
    echo(result.summary(), err=True)
    sys.exit(result.exit_code)


@cli.command("extract")
@click.argument("input_file", type=PATH_IN, metavar=FILE)
@click.option("--json", "as_json", is_flag=True, default=True, help="In bộ số liệu dạng JSON (mặc định).")
def extract_cmd(input_file, as_json):
    """In số liệu đã đọc từ một biểu mẫu, kèm ô nguồn của từng giá trị."""
    from reportgen import api
    data = api.extract_file(input_file)
    echo_json(data)


def main() -> None:
    _developer_log()
    cli(prog_name="reportgen")


def _developer_log() -> None:
    """REPORTGEN_LOG=FILE: the developers' log (e.g. the catalog's own problems), never on the officer's screen."""
    import os
    target = os.environ.get("REPORTGEN_LOG")
    if target:
        import logging  # perf: only when asked for
        logging.basicConfig(filename=target, level=logging.INFO, encoding="utf-8",
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")


@cli.command("build")
@click.argument("kind", type=click.Choice(["six-month", "annual", "hdnd", "plan"]), metavar="LOẠI")
@click.option("--data", "data", type=PATH_IN, metavar=FILE, help="Tệp số liệu đã điền (.xlsx).")
@click.option("--previous", type=PATH_IN, metavar=FILE, help="Tệp số liệu cùng kỳ năm trước, dùng khi cột kỳ trước để trống.")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), metavar=FILE,
              help="Tệp Word sẽ tạo (thêm đuôi .docx nếu thiếu; tên .pdf cần --pdf). "
                   "Với --batch: thư mục kết quả.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp kết quả đã có.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF cạnh bản Word (cần LibreOffice).")
@click.option("--comments", is_flag=True, help="Ghi nguồn số liệu thành chú thích (comment) trong Word.")
@click.option("--template", type=PATH_IN, metavar=FILE, help="Mẫu Word (.docx) đã chỉnh sửa thay cho mẫu mặc định.")
@click.option("--batch", "batch_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar=DIR,
              help="Thư mục tệp số liệu của các đơn vị: lập một văn bản cho mỗi tệp.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar=NUMBER, help="Với --batch: số tiến trình song song (mặc định: số lõi).")
@click.option("--draft", is_flag=True,
              help="Vẫn lập văn bản khi số liệu còn lỗi: ghi rõ «DỰ THẢO» và danh sách lỗi ở trang đầu.")
def build_cmd(kind, data, previous, out, force, pdf, comments, template, batch_dir, jobs, draft):
    """Lập văn bản Word: six-month (6 tháng), annual (năm), hdnd (báo cáo HĐND), plan (kế hoạch)."""
    from reportgen import api
    if batch_dir is not None:
        return _build_batch(kind, batch_dir, out, data or previous, force, pdf, comments, template, jobs, draft)
    if data is None:
        raise UsageError("cần --data TỆP.xlsx")
    written = api.build_document(kind, data, out, previous=previous, force=force, pdf=pdf,
                                 comments=comments, template=template, draft=draft)
    for line in api.finding_lines(written["errors"]):
        echo(line)
    echo(f"Đã tạo: {written['docx']}" + (" (bản DỰ THẢO: số liệu còn lỗi, xem trang đầu)" if written["errors"] else ""))
    echo(f"Nguồn số liệu: {written['sources']}")
    if "pdf" in written:
        echo(f"Bản PDF: {written['pdf']}")
    for heading in written["placeholders"]:
        echo(f"Cảnh báo: mục «{heading}» chưa có nội dung, cần bổ sung trong văn bản.", err=True)
    for warning in written.get("warnings", ()):
        echo(f"Cảnh báo: {warning}.", err=True)


@cli.command("demo")
@click.option("-o", "--output", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), metavar=DIR, help="Thư mục kết quả.")
@click.option("--force", is_flag=True, help="Tạo lại cả các tệp đã có.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
def demo_cmd(out_dir, force, pdf):
    """Lập các văn bản mẫu từ số liệu mẫu có sẵn (tỉnh Sơn Hà giả định) vào thư mục output/."""
    from reportgen import api
    failed = api.demo(out_dir, force=force, pdf=pdf, echo=echo)
    sys.exit(1 if failed else 0)


@cli.command("aggregate")
@click.argument("inputs", nargs=-1, required=True, type=PATH_IN, metavar="TỆP_HOẶC_THƯ_MỤC...")
@click.option("-o", "--output", "out", required=True, type=PATH_OUT, metavar=FILE,
              help="Tệp Excel tổng hợp sẽ tạo (thêm đuôi .xlsx nếu thiếu).")
@click.option("--units", "units_file", type=PATH_IN, metavar=FILE, help="Danh sách đơn vị phải có (mỗi dòng một tên, # là ghi chú).")
@click.option("--unit", default="", metavar="TÊN", help="Tên đơn vị tổng hợp (mặc định «Tổng hợp N đơn vị»).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp kết quả đã có.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar=NUMBER, help="Số tiến trình đọc song song (mặc định: số lõi, tối đa 4).")
def aggregate_cmd(inputs, out, units_file, unit, force, jobs):
    """Cộng số liệu của nhiều đơn vị (mỗi đơn vị một biểu mẫu, cùng kỳ) thành một biểu mẫu tổng hợp."""
    import contextlib

    from reportgen import api
    out = api.output_path(out, ".xlsx")
    paths = api.expand_inputs(list(inputs))
    bar = _progress(len(paths), "Đang đọc")
    with bar or contextlib.nullcontext():  # a bar on a terminal only; quiet in scripts and logs
        result = api.aggregate_files(paths, out, units_file=units_file, unit=unit, force=force, jobs=jobs,
                                     progress=bar.update if bar else None)
    for line in result.lines():
        echo(line)
    if result.covered:
        echo(f"Đã ghi biểu mẫu tổng hợp: {out}")
    echo(result.summary() if result.covered else "Không tổng hợp được đơn vị nào; không ghi tệp kết quả.", err=True)
    sys.exit(1 if not result.covered else result.exit_code)


@cli.command("init-config")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), metavar=DIR)
@click.option("--force", is_flag=True, help="Chép đè cả các tệp đã có trong thư mục.")
def init_config_cmd(dest, force):
    """Chép danh mục chỉ tiêu, đề cương, mẫu Word có sẵn ra THƯ_MỤC để tỉnh tự sửa.

    Sau đó chạy «reportgen --config THƯ_MỤC ...» (hoặc đặt biến môi trường REPORTGEN_CONFIG=THƯ_MỤC):
    tệp nào có trong THƯ_MỤC được dùng thay cho bản có sẵn; xóa tệp không sửa để luôn dùng bản mới nhất.
    """
    from reportgen import api
    copied, kept = api.init_config(dest, force=force)
    for path in kept:
        click.echo(f"Đã có {path}, giữ nguyên (dùng --force để chép đè).")
    click.echo(f"Đã chép {len(copied)} tệp cấu hình vào {dest}. Dùng: reportgen --config {dest} ...")


@cli.command("web")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Cổng của trang web.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe. Khác 127.0.0.1 thì cần mã truy cập (--token hoặc mã tự tạo).")
@click.option("--token", default=None, help="Mã truy cập bắt buộc cho mọi yêu cầu (đăng nhập một lần trên trang).")
@click.option("--open", "open_browser", is_flag=True, help="Mở trình duyệt tới trang web.")
@click.option("--max-mb", type=click.IntRange(1, 2048), default=50, show_default=True,
              help="Dung lượng tối đa mỗi lần tải tệp lên (MB).")
def web_cmd(port, host, token, open_browser, max_mb):
    """Mở trang web trên máy này: phát biểu mẫu, kiểm tra, lập và tải văn bản trong trình duyệt."""
    from reportgen.web.app import serve
    serve(host, port, token=token, open_browser=open_browser, max_mb=max_mb, echo=click.echo)


def _build_batch(kind, folder, out, single, force, pdf, comments, template, jobs, draft=False):
    """`build KIND --batch DIR -o OUTDIR`: one document per unit workbook, in parallel."""
    import contextlib

    from reportgen.batch import build_batch
    if single is not None:
        raise UsageError("--batch không dùng cùng --data hoặc --previous")
    from reportgen.api import expand_inputs
    bar = _progress(len(expand_inputs([folder])), "Đang lập")
    with bar or contextlib.nullcontext():
        result = build_batch(kind, folder, out, jobs=jobs, force=force, pdf=pdf, comments=comments,
                             template=template, progress=bar.update if bar else None, draft=draft)
    for line in result.lines():
        echo(line)
    echo(result.summary(), err=True)
    sys.exit(result.exit_code)


def _progress(length: int, label: str):
    """A progress bar on stderr when it is a terminal; None (quiet) in scripts and logs."""
    return click.progressbar(length=length, label=label, file=sys.stderr) if sys.stderr.isatty() else None
