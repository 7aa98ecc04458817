"""Text as it arrives, made plain: Traditional characters to Simplified (opencc), pinyin readings that
web pages leave after characters removed — 動(dòng)員會(huì) → 动员会 — and full-width letters and digits
narrowed. Legitimate parentheses stay: （广东环境保护）, (0357-2069124), (2016年11月23日-12月23日).

A parenthesis is taken for a stray reading only when everything inside it is one pinyin syllable
(tone marks or a tone digit allowed) that pypinyin lists as a reading of the character just before it,
or, for a character pypinyin does not know, a syllable in pypinyin's table at all."""

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin
from pypinyin.constants import PINYIN_DICT

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PLAIN = "aaaaeeeeiiiioooouuuuvvvvvnnnm"
UNTONE = str.maketrans(TONED, PLAIN)
# A CJK character followed by a parenthesised latin syllable, ASCII or full-width parentheses.
READING = re.compile(r"([\u3400-\u9fff])[(（]\s*([a-zA-Z" + TONED + r"]{1,7}[1-5]?)\s*[)）]")
SPACES = re.compile(r"[ \t\u3000\xa0]+")
# Garbled runs seen in scraped pages, with what they stood for (the left side is matched literally).
# Seed 001 has 當(dāng)?shù)丨h(huán)境 for 當地環境. Offices meet new ones; `suspect_spans` points at the rest.
GARBLED = {"?shù)丨h(huán)": "地環"}
# A character lost to a question mark or a replacement character between Chinese characters.
LOST = re.compile(r"(?<=[\u3400-\u9fff])[?\ufffd]+(?=[\u3400-\u9fff])|\ufffd")


def words(text: str) -> list[str]:
    """A word list written as text, one space or line between words (the vocabularies here)."""
    return text.split()


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    known = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            known.add(reading.translate(UNTONE))
    return frozenset(known)


def _plain(syllable: str) -> str:
    return syllable.lower().translate(UNTONE).rstrip("12345").replace("u:", "v")


@lru_cache(maxsize=20000)
def _readings(char: str) -> frozenset[str]:
    found = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
    return frozenset(_plain(r) for group in found for r in group)


def is_reading(char: str, syllable: str) -> bool:
    plain = _plain(syllable)
    readings = _readings(char)
    if readings:
        return plain in readings or plain.replace("v", "u") in {r.replace("v", "u") for r in readings}
    return plain in _syllables()


def strip_readings(text: str) -> str:
    def keep_or_drop(match: re.Match) -> str:
        char, syllable = match.group(1), match.group(2)
        return char if is_reading(char, syllable) else match.group(0)

    # Readings may follow each other (動(dòng)員(yuán)): one pass removes each, as matches do not overlap
    # across the character they keep.
    return READING.sub(keep_or_drop, text)


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def narrow(text: str) -> str:
    """Full-width ASCII letters and digits to half-width (NFKC on those alone: Chinese punctuation stays)."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff5a" and ch.isalnum() else ch
        for ch in text
    )


def clean_document(text: str) -> str:
    """A document as pasted or uploaded → Simplified text without reading artefacts, lines kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    for garbled, meant in GARBLED.items():
        text = text.replace(garbled, meant)
    text = strip_readings(text)
    text = to_simplified(text)
    return narrow(text)


def suspect_spans(text: str, context: int = 8) -> list[str]:
    """Places in a cleaned text where a character seems lost, with some context, for the office to fix."""
    return [text[max(0, m.start() - context) : m.end() + context] for m in LOST.finditer(text)]


def normalise(text: str) -> str:
    """For matching: clean, lower-case, spaces collapsed."""
    return SPACES.sub(" ", clean_document(text)).strip().lower()
