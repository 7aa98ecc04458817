"""Documents as they arrive — pasted text, a .txt or a .docx — read into clean Simplified text, with
the places where a character seems lost, the figures the text states and, for a feedback report, its
problems as a draft ledger. Bounded: 5 MB a file, 200,000 characters a text."""

import io
from dataclasses import dataclass, field

from ducha.errors import WorkflowError
from screening.figures import Figure, extract, problems
from screening.text import clean_document, suspect_spans

MAX_BYTES = 5 * 1024 * 1024
MAX_CHARS = 200_000
TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


@dataclass
class Reading:
    text: str
    suspects: list = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    problems: list = field(default_factory=list)


def text_of_upload(upload) -> str:
    """The text of an uploaded .txt (UTF-8, GB18030 or Big5) or .docx (paragraphs and table cells)."""
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise WorkflowError("文件超过 5 MB，请拆分后上传", field="file")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise WorkflowError("文件超过 5 MB，请拆分后上传", field="file")
    if name.endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise WorkflowError("无法读取该 Word 文件：请另存为 .docx 后上传", field="file") from exc
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        return "\n".join(lines)
    if name.endswith(".txt"):
        for encoding in TEXT_ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise WorkflowError("无法识别文本编码：请另存为 UTF-8 后上传", field="file")
    raise WorkflowError("只支持 .txt 和 .docx 文件", field="file")


def read(text: str) -> Reading:
    text = text or ""
    if not text.strip():
        raise WorkflowError("请粘贴文本或上传文件", field="text")
    if len(text) > MAX_CHARS:
        raise WorkflowError(f"文本超过 {MAX_CHARS:,} 字，请拆分后处理", field="text")
    clean = clean_document(text)
    return Reading(clean, suspect_spans(clean), extract(clean), problems(clean))
