"""Excel in and out, once for every app: bounded reading and escaped writing.

Reading: an uploaded workbook is checked before openpyxl parses it (file size, the uncompressed size of
its parts, the compression ratio of each part), and reading stops at a row limit and a time limit. Each
refusal says why, in words an office can act on.

Writing: text that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage
return) is written as text with Excel's quote prefix, so `=HYPERLINK(...)` typed by a member of the public
shows as typed and is never a live link or a formula.
"""

import time
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings

from ducha.errors import WorkflowError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMNS = 60


def _limit(name: str) -> int:
    return int(getattr(settings, name))


def check_workbook(upload, *, field: str = "file") -> None:
    """Refuse, before parsing, a file that is too large, not an .xlsx, or a zip bomb."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    max_bytes = _limit("IMPORT_MAX_BYTES")
    if size > max_bytes:
        raise WorkflowError(
            f"文件大小 {size / 1048576:.1f} MB，超过 {max_bytes // 1048576} MB 上限；请分批导入", field=field
        )
    if size == 0:
        raise WorkflowError("文件是空的", field=field)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkflowError(
            "不是有效的 .xlsx 文件（请在 Excel 中“另存为 Excel 工作簿 (*.xlsx)”后再上传）", field=field
        ) from None
    finally:
        upload.seek(0)
    if not any(m.filename.startswith("xl/worksheets/") for m in members):
        raise WorkflowError("文件中没有工作表：请上传 Excel 工作簿 (*.xlsx)", field=field)
    total = sum(m.file_size for m in members)
    max_unpacked = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES")
    if total > max_unpacked:
        raise WorkflowError(
            f"文件解压后 {total / 1048576:.0f} MB，超过 {max_unpacked // 1048576} MB 上限；请分批导入",
            field=field,
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > _limit("IMPORT_MAX_RATIO"):
            raise WorkflowError(
                f"文件中的 {member.filename} 压缩比异常（{member.file_size // member.compress_size}:1），"
                "疑似压缩炸弹，已拒绝",
                field=field,
            )


def estimated_rows(upload) -> int | None:
    """The row count the first worksheet declares (its dimension), or None if it declares none."""
    from openpyxl import load_workbook

    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        return workbook.worksheets[0].max_row
    finally:
        workbook.close()
        upload.seek(0)


def read_sheet(
    path_or_file,
    *,
    required: tuple[str, ...],
    max_rows: int | None = None,
    deadline: float | None = None,
    field: str = "file",
) -> Iterator[tuple[int, dict]]:
    """Rows of the first worksheet as (row number, {header: value}); the header row is the first row
    that names every required column. Stops with a WorkflowError past `max_rows` data rows (default
    IMPORT_MAX_ROWS) or past `deadline` (a time.monotonic() moment)."""
    from openpyxl import load_workbook

    if not isinstance(path_or_file, str | bytes) and hasattr(path_or_file, "read"):
        check_workbook(path_or_file, field=field)
    max_rows = max_rows or _limit("IMPORT_MAX_ROWS")
    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except WorkflowError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged workbook
        raise WorkflowError(
            f"无法读取工作簿（{exc.__class__.__name__}）：请在 Excel 中另存为 .xlsx 后再上传", field=field
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        data_rows = 0
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, values in enumerate(rows, start=1):
            if deadline is not None and number % 200 == 0 and time.monotonic() > deadline:
                raise WorkflowError(
                    f"读取到第 {number} 行时超过导入时间上限，未写入任何内容；请分批导入", field=field
                )
            cells = ["" if v is None else str(v).strip() for v in values]
            if header is None:
                if all(col in cells for col in required):
                    header = cells
                elif number >= 50:
                    break
                continue
            if not any(cells):
                continue
            data_rows += 1
            if data_rows > max_rows:
                raise WorkflowError(
                    f"数据超过 {max_rows} 行上限（第 {number} 行起），未写入任何内容；请分批导入", field=field
                )
            yield number, dict(zip(header, values, strict=False))
        if header is None:
            raise WorkflowError(f"表格缺少表头，须包含列：{'、'.join(required)}", field=field)
    finally:
        workbook.close()


def safe_value(value):
    """A value as it may go into a cell: text that would read as a formula stays text."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return value


def cell(sheet, value, *, bold: bool = False, size: int | None = None):
    """A cell for a write-only (streaming) worksheet; text that looks like a formula is written as
    text with the quote prefix, and control characters that XML cannot carry are dropped."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    value = safe_value(value)
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        written.data_type = "s"
        written.quotePrefix = True
    if bold or size:
        written.font = Font(bold=bold, size=size or 11)
        written.alignment = Alignment(vertical="center")
    return written


def styled_cell(sheet, value, *, bold: bool = False, size: int = 11):
    """A title or header cell."""
    return cell(sheet, value, bold=bold, size=size)


def append_row(sheet, values: Iterable) -> None:
    """Append one row to a write-only worksheet, every text escaped."""
    sheet.append([cell(sheet, v) if isinstance(v, str) else v for v in values])


def display_width(value) -> int:
    """Columns a value takes on screen: a Chinese character counts two."""
    text = (
        value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value if value is not None else "")
    )
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_table(sheet, headers, rows, *, title: str = "", sample: int = 200, widest: int = 60) -> int:
    """Stream a table into a write-only worksheet the way an office wants to open it: an optional title row,
    the header frozen and filtered, column widths fitted to the header and the first `sample` rows, dates as
    Excel dates (yyyy-mm-dd), text escaped. Returns the number of data rows."""
    import datetime as dt
    from itertools import chain, islice

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    first = list(islice(rows, sample))
    for index, header in enumerate(headers, start=1):
        seen = [display_width(header), *(display_width(r[index - 1]) for r in first if index - 1 < len(r))]
        sheet.column_dimensions[get_column_letter(index)].width = min(max(seen) + 2, widest)
    header_row = 2 if title else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    if title:
        sheet.append([styled_cell(sheet, title, bold=True, size=14)])
    sheet.append([styled_cell(sheet, name, bold=True) for name in headers])
    count = 0
    for values in chain(first, rows):
        count += 1
        out = []
        for value in values:
            if isinstance(value, dt.datetime | dt.date):
                written = WriteOnlyCell(sheet, value=value)
                written.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
                out.append(written)
            else:
                out.append(cell(sheet, value) if isinstance(value, str) else value)
        sheet.append(out)
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    return count
