"""Figures a document states, read from its clean text: dates and periods, counts (60个具体问题, 问责
120人), deadlines (2017年12月底前, 15个工作日内), sums of money, the names of inspection teams, and phone
numbers and mailboxes. And, from a feedback report (督察反馈意见), its numbered problems as a draft
ledger for the office to confirm."""

import re
from dataclasses import dataclass

NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十][一二两三四五六七八九十百千零〇]*)(?:万|亿)?"
DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日"
PATTERNS = [
    (
        "period",
        re.compile(
            rf"{DAY}(?:\d{{1,2}}时)?\s*(?:[-—~至到]\s*(?:{DAY}|\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}日)(?:\d{{1,2}}时)?)"
        ),
    ),
    (
        "deadline",
        re.compile(
            r"(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬)?|\d{4}年(?:底|年底)?)(?:之?前|以前)"
        ),
    ),
    ("deadline", re.compile(rf"{NUM}个?(?:工作日|日|天|小时|个月|周)(?:之内|以内|内)")),
    ("deadline", re.compile(r"每(?:月|季度|年|周)(?:\d{1,2}|[一二三四五六七八九十]{1,3})日?(?:之?前|以前)")),
    ("date", re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日(?:\d{1,2}时)?")),
    ("money", re.compile(rf"{NUM}元")),
    (
        "team",
        re.compile(
            r"(?:中央|省委、?省政府|省委|省|市委|市)?(?:第[一二三四五六七八九十\d]+)?(?:环境保护|生态环境保护|环保)"
            r"(?:督察|督查)(?:“回头看”)?(?:工作)?(?:组|办公室)"
        ),
    ),
    (
        "mailbox",
        re.compile(
            r"(?<![\u4e00-\u9fff])(?!邮政信箱)[\u4e00-\u9fffA-Za-z\d]{2,20}?信箱|(?<=邮政信箱：)[\u4e00-\u9fffA-Za-z\d]{2,20}?信箱"
        ),
    ),
    ("phone", re.compile(r"(?:0\d{2,3}-)?\d{7,8}|1[3-9]\d{9}|12369")),
    (
        "count",
        re.compile(
            rf"{NUM}(?:个|件|批|家|人|起|条|项|次|处|宗|吨|名|台|座|份|万人)(?:次)?[\u4e00-\u9fff]{{0,6}}"
        ),
    ),
    (
        "count",
        re.compile(
            rf"(?:问责|约谈|立案|拘留|处罚|关停|取缔|整改|交办|办结|受理|收到|移送)[\u4e00-\u9fff]{{0,6}}?{NUM}(?:个|件|批|家|人|起|条|项|次|处|宗|名)"
        ),
    ),
]


@dataclass(frozen=True)
class Figure:
    kind: str
    text: str
    at: int


def extract(text: str) -> list[Figure]:
    """Every figure, in order of appearance, each once; a span is taken by the first pattern that claims it."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append(Figure(kind, match.group(0).strip(), start))
    seen, unique = set(), []
    for figure in sorted(found, key=lambda f: f.at):
        if (figure.kind, figure.text) not in seen and not figure.text.endswith("邮政信箱"):
            seen.add((figure.kind, figure.text))
            unique.append(figure)
    return unique


ITEM = re.compile(
    r"^\s*(?:（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|\d+[.．、]|[一二三四五六七八九十]+是)\s*"
)
HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、\s*(.+)$")
SECTION_WORDS = ("问题", "不足", "差距")


@dataclass
class DraftProblem:
    number: int
    text: str
    category: str


def problems(text: str) -> list[DraftProblem]:
    """Numbered items under a heading about problems (二、主要问题); when no heading names problems, every
    numbered item. A sub-heading （一）… with items below it gives them its name as their category."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    in_section = not any(HEADING.match(line) and any(w in line for w in SECTION_WORDS) for line in lines)
    category, out = "", []
    for line in lines:
        heading = HEADING.match(line)
        if heading:
            in_section = any(w in heading.group(1) for w in SECTION_WORDS) or not any(
                HEADING.match(x) and any(w in x for w in SECTION_WORDS) for x in lines
            )
            category = ""
            continue
        if not in_section or not ITEM.match(line):
            continue
        body = ITEM.sub("", line, count=1)
        if line.lstrip().startswith(("（", "(")) and len(body) <= 30 and not body.endswith("。"):
            category = body.rstrip("：:")
            continue
        out.append(DraftProblem(len(out) + 1, body, category))
    return out
