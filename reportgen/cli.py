"""The `reportgen` command: a thin click layer; every command calls one library function."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reportgen import __version__, cli_vi
from reportgen.core.errors import ReportgenError, UsageError
from reportgen.core.period import Period

cli_vi.install()

PATH_IN = click.Path(path_type=Path)  # existence is checked by the library, in one Vietnamese line
PATH_OUT = click.Path(dir_okay=False, path_type=Path)


class _Group(click.Group):
    """Shows a ReportgenError as one Vietnamese line with its exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReportgenError as exc:
            click.echo(f"Lỗi: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Đã dừng theo yêu cầu.", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: still one line, no traceback for the officer
            click.echo(f"Lỗi không mong đợi ({type(exc).__name__}): {exc}. "
                       "Vui lòng gửi tệp đầu vào cho nhóm phát triển.", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="reportgen %(version)s")
def cli():
    """reportgen — lập báo cáo công tác trẻ em từ các phụ lục Excel.

    Các bước thường dùng: «forms» phát biểu mẫu, «check» kiểm tra biểu mẫu đã điền,
    «extract» xem số liệu đã đọc, «aggregate» cộng nhiều đơn vị, «build» lập báo cáo Word.
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
@click.option("--from", "from_file", type=PATH_IN, help="Với --plan: điền sẵn kết quả năm từ phụ lục đã điền.")
@click.option("--plan-from", "plan_from", type=PATH_IN, help="Điền sẵn cột kế hoạch (KH) từ tệp Kế hoạch đã điền.")
@click.option("-o", "--output", "out", required=True, type=PATH_OUT, help="Tệp Excel (.xlsx) sẽ tạo.")
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
    click.echo(f"Đã tạo biểu mẫu: {path}")


@cli.command("check")
@click.argument("inputs", nargs=-1, required=True, type=PATH_IN)
@click.option("--quiet", "-q", is_flag=True, help="Chỉ in lỗi, không in cảnh báo.")
def check_cmd(inputs, quiet):
    """Kiểm tra các biểu mẫu đã điền (tệp hoặc thư mục)."""
    from reportgen import api
    result = api.check_files(list(inputs))
    for line in result.lines(quiet=quiet):
        click.echo(line)
    click.echo(result.summary(), err=True)
    sys.exit(result.exit_code)


@cli.command("extract")
@click.argument("input_file", type=PATH_IN)
@click.option("--json", "as_json", is_flag=True, default=True, help="In bộ số liệu dạng JSON (mặc định).")
def extract_cmd(input_file, as_json):
    """In số liệu đã đọc từ một biểu mẫu, kèm ô nguồn của từng giá trị."""
    from reportgen import api
    data = api.extract_file(input_file)
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def main() -> None:
    cli(prog_name="reportgen")


@cli.command("build")
@click.argument("kind", type=click.Choice(["six-month", "annual", "hdnd", "plan"]), metavar="LOẠI")
@click.option("--data", "data", type=PATH_IN, help="Tệp số liệu đã điền (.xlsx).")
@click.option("--previous", type=PATH_IN, help="Tệp số liệu cùng kỳ năm trước, dùng khi cột kỳ trước để trống.")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Tệp Word (.docx) sẽ tạo (với --batch: thư mục kết quả).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp kết quả đã có.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.option("--comments", is_flag=True, help="Ghi nguồn số liệu thành chú thích (comment) trong Word.")
@click.option("--template", type=PATH_IN, help="Mẫu Word (.docx) đã chỉnh sửa thay cho mẫu mặc định.")
@click.option("--batch", "batch_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Thư mục tệp số liệu của các đơn vị: lập một văn bản cho mỗi tệp.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Với --batch: số tiến trình song song (mặc định: số lõi).")
def build_cmd(kind, data, previous, out, force, pdf, comments, template, batch_dir, jobs):
    """Lập văn bản Word: six-month (6 tháng), annual (năm), hdnd (báo cáo HĐND), plan (kế hoạch)."""
    from reportgen import api
    if batch_dir is not None:
        return _build_batch(kind, batch_dir, out, data or previous, force, pdf, comments, template, jobs)
    if data is None:
        raise UsageError("cần --data TỆP.xlsx")
    written = api.build_document(kind, data, out, previous=previous, force=force, pdf=pdf,
                                 comments=comments, template=template)
    click.echo(f"Đã tạo: {written['docx']}")
    click.echo(f"Nguồn số liệu: {written['sources']}")
    if "pdf" in written:
        click.echo(f"Bản PDF: {written['pdf']}")
    for heading in written["placeholders"]:
        click.echo(f"Cảnh báo: mục «{heading}» chưa có nội dung, cần bổ sung trong văn bản.", err=True)
    for warning in written.get("warnings", ()):
        click.echo(f"Cảnh báo: {warning}.", err=True)


@cli.command("demo")
@click.option("-o", "--output", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Thư mục kết quả.")
@click.option("--force", is_flag=True, help="Tạo lại cả các tệp đã có.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
def demo_cmd(out_dir, force, pdf):
    """Lập các văn bản mẫu từ số liệu trong data/samples vào thư mục output/."""
    from reportgen import api
    failed = api.demo(out_dir, force=force, pdf=pdf, echo=click.echo)
    sys.exit(1 if failed else 0)


@cli.command("aggregate")
@click.argument("inputs", nargs=-1, required=True, type=PATH_IN)
@click.option("-o", "--output", "out", required=True, type=PATH_OUT, help="Tệp Excel (.xlsx) tổng hợp sẽ tạo.")
@click.option("--units", "units_file", type=PATH_IN, help="Danh sách đơn vị phải có (mỗi dòng một tên, # là ghi chú).")
@click.option("--unit", default="", metavar="TÊN", help="Tên đơn vị tổng hợp (mặc định «Tổng hợp N đơn vị»).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp kết quả đã có.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Số tiến trình đọc song song (mặc định: số lõi, tối đa 4).")
def aggregate_cmd(inputs, out, units_file, unit, force, jobs):
    """Cộng số liệu của nhiều đơn vị (mỗi đơn vị một biểu mẫu, cùng kỳ) thành một biểu mẫu tổng hợp."""
    import contextlib

    from reportgen import api
    paths = api.expand_inputs(list(inputs))
    bar = _progress(len(paths), "Đang đọc")
    with bar or contextlib.nullcontext():  # a bar on a terminal only; quiet in scripts and logs
        result = api.aggregate_files(paths, out, units_file=units_file, unit=unit, force=force, jobs=jobs,
                                     progress=bar.update if bar else None)
    for line in result.lines():
        click.echo(line)
    if result.covered:
        click.echo(f"Đã ghi biểu mẫu tổng hợp: {out}")
    click.echo(result.summary() if result.covered else "Không tổng hợp được đơn vị nào; không ghi tệp kết quả.", err=True)
    sys.exit(1 if not result.covered else result.exit_code)


def _build_batch(kind, folder, out, single, force, pdf, comments, template, jobs):
    """`build KIND --batch DIR -o OUTDIR`: one document per unit workbook, in parallel."""
    import contextlib

    from reportgen.batch import build_batch
    if single is not None:
        raise UsageError("--batch không dùng cùng --data hoặc --previous")
    from reportgen.api import expand_inputs
    bar = _progress(len(expand_inputs([folder])), "Đang lập")
    with bar or contextlib.nullcontext():
        result = build_batch(kind, folder, out, jobs=jobs, force=force, pdf=pdf, comments=comments,
                             template=template, progress=bar.update if bar else None)
    for line in result.lines():
        click.echo(line)
    click.echo(result.summary(), err=True)
    sys.exit(result.exit_code)


def _progress(length: int, label: str):
    """A progress bar on stderr when it is a terminal; None (quiet) in scripts and logs."""
    return click.progressbar(length=length, label=label, file=sys.stderr) if sys.stderr.isatty() else None
