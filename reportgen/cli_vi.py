"""Click's own messages (usage, help headings, parameter errors) in Vietnamese.

Click looks its strings up through gettext at call time; we route that lookup through a
small table, so help and errors read in Vietnamese without touching click's code. The usage
line's placeholders ("[OPTIONS]", "COMMAND [ARGS]...") are constructor defaults, not gettext
strings: `Group` and `Command` below set Vietnamese ones, and `install()` renames click's
value types ("INTEGER", "TEXT") shown after options that have no metavar of their own.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: «{command} {option}».",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "Aborted!": "Đã hủy.",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là thư mục, cần một tệp.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là tệp, cần một thư mục.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các giá trị {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải số hợp lệ.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
}


OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."
TYPE_NAMES = {
    click.types.IntParamType: "số", click.types.IntRange: "số", click.types.FloatParamType: "số",
    click.types.FloatRange: "số", click.types.StringParamType: "chữ", click.types.BoolParamType: "có_không",
    click.types.DateTime: "ngày_giờ", click.types.File: "tệp", click.types.Choice: "lựa_chọn",
}


class Command(click.Command):
    """A click command whose usage line reads «reportgen check [TÙY_CHỌN] TỆP...»."""

    def __init__(self, *args, options_metavar: str | None = OPTIONS_METAVAR, **kwargs):
        super().__init__(*args, options_metavar=options_metavar, **kwargs)


class Group(click.Group):
    """A click group with Vietnamese usage placeholders, for itself and the commands it makes."""

    command_class = Command
    group_class = type  # subgroups are made with this same class

    def __init__(self, *args, options_metavar: str | None = OPTIONS_METAVAR,
                 subcommand_metavar: str | None = SUBCOMMAND_METAVAR, **kwargs):
        super().__init__(*args, options_metavar=options_metavar, subcommand_metavar=subcommand_metavar, **kwargs)


class _Noun(str):
    """A translated noun that click may title-case («Thư mục», not «Thư Mục»)."""

    def title(self) -> str:
        return _Noun(self[:1].upper() + self[1:])


def gettext(message: str) -> str:
    text = MESSAGES.get(message, message)
    return _Noun(text) if message in ("file", "directory", "path") else text


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types, click.parser):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for cls, name in TYPE_NAMES.items():
        if "name" in vars(cls):
            cls.name = name
