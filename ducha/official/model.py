"""The parts of an official document (GB/T 9704-2012 §7): 版头 (issuer, number), 主体 (title, 主送, body,
附件说明, 落款, 成文日期, 附注) and 版记 (抄送, 印发机关, 印发日期)."""

import datetime as dt
from dataclasses import dataclass, field

DIGITS = "〇一二三四五六七八九"


def chinese_date(day: dt.date, *, numerals: bool = False) -> str:
    """成文日期 is written with Arabic numerals since GB/T 9704-2012 (2026年11月30日); older styles used 〇一二."""
    if not numerals:
        return f"{day.year}年{day.month}月{day.day}日"

    def small(n: int) -> str:
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")

    return "".join(DIGITS[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


@dataclass
class Paragraph:
    text: str
    indent: bool = True  # first line indented two characters


@dataclass
class Heading:
    """一、 (黑体) at level 1, （一） (楷体) at level 2."""

    text: str
    level: int = 1


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    caption: str = ""


@dataclass
class PageBreak:
    pass


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关标志, e.g. 邢台市环境保护督察整改工作领导小组办公室
    title: str
    date: dt.date  # 成文日期
    number: str = ""  # 发文字号, e.g. 丽委办发〔2017〕74号
    addressees: list[str] = field(default_factory=list)  # 主送机关
    blocks: list = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # 附件说明
    signer: str = ""  # 落款 (defaults to the issuer)
    note: str = ""  # 附注
    cc: list[str] = field(default_factory=list)  # 抄送机关
    printer: str = ""  # 印发机关 (defaults to the issuer)
    printed_on: dt.date | None = None  # 印发日期 (defaults to the date)
    file_name: str = ""
    # A briefing (简报): under the issue line, the issuing office and the date above the red rule; a 目录;
    # no 落款; 主送 goes into the 版记 beside 抄送 (seed 000).
    briefing_office: str = ""
    contents: list[str] = field(default_factory=list)

    def p(self, text: str, *, indent: bool = True) -> "OfficialDocument":
        self.blocks.append(Paragraph(str(text), indent))
        return self

    def h(self, text: str, level: int = 1) -> "OfficialDocument":
        self.blocks.append(Heading(str(text), level))
        return self

    def table(self, headers, rows, caption: str = "") -> "OfficialDocument":
        self.blocks.append(Table(list(headers), [list(r) for r in rows], caption))
        return self

    def page_break(self) -> "OfficialDocument":
        self.blocks.append(PageBreak())
        return self

    @property
    def filename(self) -> str:
        base = self.file_name or (f"{self.number}{self.title}" if self.number else self.title)
        return base.replace("/", "／").replace("\\", "＼")[:120]

    @property
    def is_briefing(self) -> bool:
        return bool(self.briefing_office)

    @property
    def signature(self) -> str:
        return self.signer or self.issuer

    @property
    def printed_by(self) -> str:
        return self.printer or self.issuer

    @property
    def printed_day(self) -> dt.date:
        return self.printed_on or self.date
