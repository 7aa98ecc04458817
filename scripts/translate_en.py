"""Fill locale/en/LC_MESSAGES/django.po from the tables in scripts/en_*.py (run after `manage.py makemessages -l en`).

The interface is written in Simplified Chinese; this table is its English second language.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from en_assessment import EN_ASSESSMENT
from en_core import EN_CORE
from en_documents import EN_DOCUMENTS
from en_loop_a import EN_LOOP_A
from en_loop_b import EN_LOOP_B
from en_loop_c import EN_LOOP_C
from en_screening import EN_SCREENING
from en_workbench import EN_WORKBENCH

EN = {
    **EN_CORE,
    **EN_LOOP_A,
    **EN_LOOP_B,
    **EN_LOOP_C,
    **EN_ASSESSMENT,
    **EN_DOCUMENTS,
    **EN_SCREENING,
    **EN_WORKBENCH,
}

ENTRY = re.compile(
    r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+))(msgid_plural ((?:"(?:[^"\\]|\\.)*"\s*)+))?'
    r'((?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\s*)+)+)'
)


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def fill(match: re.Match) -> str:
    msgid = unquote(match.group(2))
    english = EN.get(msgid)
    if not msgid or english is None:
        return match.group(0)
    english = english.replace('"', '\\"')
    if match.group(3):
        return f'{match.group(1)}{match.group(3)}msgstr[0] "{english}"\nmsgstr[1] "{english}"\n\n'
    return f'{match.group(1)}msgstr "{english}"\n\n'


def main(path: str) -> None:
    po = Path(path)
    text = ENTRY.sub(fill, po.read_text())
    # Every entry is filled from the table above, so makemessages' guesses (fuzzy) no longer apply.
    text = text.replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, ")
    po.write_text(text)
    missing = [
        m
        for m in (unquote(g) for g in re.findall(r'msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', text))
        if m and m not in EN
    ]
    print(f"{len(EN)} translations; untranslated: {len(missing)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "locale/en/LC_MESSAGES/django.po")
