"""Writes bench/data/screening_dev.jsonl: the labelled development set for screening (issue 13).

    .venv/bin/python bench/screening_set.py

Each line is one complaint as a caller, a letter writer, a web visitor or a visitor's record would give
it, with its labels: `group` (complaints about the same matter share it), `county` (the GB/T 2260 code
of the county it is about, or null when the text names no place), `types` (pollution types, level 2
and level 1) and `inspection` (the province's code). Matters are drawn at random (seeded) from the
places, firms and troubles below; each complaint about a matter is written by a different kind of
writer, who names the firm, the place and the trouble in their own way: by its registered name or a
nickname or not at all, by today's county name, a former or short one, or only the township.
Look-alikes are added on purpose: another firm of the same trade in the same township, and the same
wording about a different firm. A few hand-written cases carry the misses outsiders reported.

The townships and registered places the set refers to are in `places` (first line); township codes
are the county's code and a serial of this set's own, not GB/T 10114."""

import json
import random
from pathlib import Path

import opencc
from pypinyin import Style, pinyin


def words(text: str) -> list[str]:
    return text.split()


OUT = Path(__file__).resolve().parent / "data" / "screening_dev.jsonl"
R = random.Random(2026)

# county code: (province prefix, city as written, ways to name the county, townships, villages)
COUNTIES = {
    "130503": (
        "13",
        ["邢台", "邢台市"],
        ["信都区", "邢台县", "邢台市信都区", "邢台县"],
        ["皇寺镇", "会宁镇", "路罗镇", "将军墓镇", "浆水镇", "宋家庄镇"],
        ["西关村", "南庄村", "后屯村", "石门村", "柳林村", "大营村"],
    ),
    "130505": (
        "13",
        ["邢台", "邢台市"],
        ["任泽区", "任县", "邢台市任泽区", "任县"],
        ["邢家湾镇", "辛店镇", "天口镇", "永福庄乡", "大屯乡"],
        ["东辛庄村", "北流村", "杨庄村", "马村", "前进村"],
    ),
    "130506": (
        "13",
        ["邢台"],
        ["南和区", "南和县", "南和"],
        ["贾宋镇", "郝桥镇", "阎里乡", "河郭乡"],
        ["王家庄村", "小寨村", "沙河村", "东关村"],
    ),
    "130406": (
        "13",
        ["邯郸", "邯郸市"],
        ["峰峰矿区", "峰峰", "邯郸峰峰矿区"],
        ["临水镇", "大社镇", "和村镇", "义井镇", "彭城镇", "界城镇"],
        ["西王看村", "北羊台村", "大峪村", "富田村"],
    ),
    "130703": ("13", ["张家口", "张家口市"], ["桥西区"], ["东窑子镇"], ["西坝岗村", "沈家屯村", "大仓盖村"]),
    "130104": (
        "13",
        ["石家庄", "石家庄市"],
        ["桥西区"],
        ["东里街道", "振头街道", "友谊街道"],
        ["南十里铺村", "振头村", "大马村"],
    ),
    "441826": (
        "44",
        ["清远", "清远市"],
        ["连南瑶族自治县", "连南", "连南县"],
        ["三江镇", "寨岗镇", "大麦山镇", "香坪镇"],
        ["金坑村", "石径村", "吊尾村"],
    ),
    "331127": (
        "33",
        ["丽水", "丽水市"],
        ["景宁畲族自治县", "景宁县", "景宁"],
        ["鹤溪街道", "渤海镇", "东坑镇", "英川镇"],
        ["敕木山村", "大张坑村", "周湖村"],
    ),
    "610681": (
        "61",
        ["延安", "延安市"],
        ["子长市", "子长县", "子长"],
        ["瓦窑堡街道", "杨家园则镇", "涧峪岔镇", "玉家湾镇"],
        ["柳树湾村", "石家湾村", "王家沟村"],
    ),
    "610981": (
        "61",
        ["安康", "安康市"],
        ["旬阳市", "旬阳县", "旬阳"],
        ["吕河镇", "蜀河镇", "棕溪镇", "双河镇"],
        ["药王庙村", "桐木村", "金家河村"],
    ),
    "610902": (
        "61",
        ["安康", "安康市"],
        ["汉滨区", "安康汉滨区"],
        ["五里镇", "恒口镇", "关庙镇"],
        ["沙坝村", "新联村", "双溪村"],
    ),
}
ALIASES = [  # registered by offices: (name, county code, kind)
    ("邢台经济开发区", "130502", "zone"),
    ("峰峰工业园", "130406", "zone"),
    ("南宫山景区", "610902", "scenic"),
]
STEMS = words(
    "永固 鑫达 宏远 金龙 华泰 恒昌 兴旺 盛源 天成 瑞丰 利民 昌盛 富源 润泽 博达 隆鑫 聚成 泰和 嘉禾 新华 "
    "东升 德隆 广源 中兴 万达 福临 祥和 宝丰 顺通 汇丰 金鼎 长青 锦程 伟业 亿通 腾飞 开元 众诚 协和 卓越 "
    "鸿运 三友 金泰 正大 凯达 冀星 荣盛 天宇 华润 永兴 海鑫 振兴 金石 旭升 鼎盛 明达 同力 新源 金马 宏达 "
    "巨龙 安泰 恒通 立新 金阳 春晖 远大 银河 双星 益民 丰华 铭诚 国泰 安达 华鑫 晨光 金鹰 信达 北方 东方 "
    "光明 奥星 太行 燕赵 鑫源 鑫盛 恒泰 宏发 永昌 天龙 建华 红星 金丰 久盛 九鼎 万通 联合 兴达 龙腾 鹏程 "
    "汇通 盛达 瑞祥 翔宇 恒达 蓝天 绿源 金海 泰山 宇通 美华 佳美 永盛 富达 康达 天润 凯旋 骏马 利源 鑫华"
)
# trade: (registered trade word, nickname word, troubles)
TRADES = {
    "化工": ("化工", "化工厂", ["odour", "gas", "wastewater"]),
    "砖": ("新型建材", "砖厂", ["dust", "coal"]),
    "养殖": ("养殖", "养猪场", ["manure", "odour"]),
    "石料": ("石料", "石料厂", ["dust", "machine_noise"]),
    "铸造": ("铸造", "铸造厂", ["gas", "machine_noise"]),
    "电镀": ("表面处理", "电镀厂", ["wastewater", "metal"]),
    "塑料": ("塑料制品", "塑料厂", ["odour", "voc"]),
    "洗煤": ("煤业", "洗煤厂", ["dust", "wastewater"]),
    "家具": ("家具", "家具厂", ["voc", "machine_noise"]),
    "造纸": ("纸业", "造纸厂", ["wastewater", "odour"]),
}
# trouble: (types, ways to say it)
TROUBLES = {
    "odour": (
        ["恶臭"],
        [
            "散发刺鼻的臭味",
            "气味难闻，熏得人头疼",
            "一股怪味，晚上都不敢开窗",
            "臭气熏天",
            "味道很冲，老人孩子直咳嗽",
        ],
    ),
    "gas": (
        ["工业废气"],
        ["烟囱冒黄烟", "晚上偷偷排废气", "排出的浓烟遮天蔽日", "夜里冒黑烟", "废气不经处理直接排放"],
    ),
    "wastewater": (
        ["工业废水"],
        ["把废水偷排到河里，河水都变色了", "通过暗管偷排污水", "废水直排进沟渠", "半夜往渗坑里排废水"],
    ),
    "dust": (
        ["扬尘"],
        ["粉尘漫天，庄稼上落满灰", "料堆没有苫盖，一刮风全是灰尘", "灰尘大得晾不了衣服", "运输车辆扬尘严重"],
    ),
    "coal": (["燃煤"], ["还在烧煤，烟囱冒黑烟", "用散煤锅炉，煤烟呛人"]),
    "manure": (["畜禽养殖"], ["粪水直接排到河里", "猪粪随意堆放，粪水横流", "养殖粪污流进水渠"]),
    "machine_noise": (
        ["工业噪声"],
        ["机器轰鸣，整夜睡不着觉", "设备噪音太大，半夜还在生产", "机器声吵得人心烦"],
    ),
    "metal": (["重金属"], ["附近地里的庄稼都死了，怀疑有重金属", "排的水含重金属，井水都不敢喝"]),
    "voc": (["挥发性有机物"], ["喷漆的油漆味很重", "有机废气刺鼻，没有任何处理设施"]),
}
PARENT = {
    "恶臭": "大气",
    "工业废气": "大气",
    "扬尘": "大气",
    "燃煤": "大气",
    "挥发性有机物": "大气",
    "工业废水": "水",
    "畜禽养殖": "水",
    "工业噪声": "噪声",
    "重金属": "土壤",
}
T2S_BACK = opencc.OpenCC("s2t")


def labels(troubles):
    kids = sorted({t for trouble in troubles for t in TROUBLES[trouble][0]})
    return sorted(set(kids) | {PARENT[k] for k in kids})


def say(trouble):
    return R.choice(TROUBLES[trouble][1])


def county_phrase(code, *, former=False, township_only=False, town=None):
    _province, cities, names, townships, _villages = COUNTIES[code]
    town = town or R.choice(townships)
    if township_only:
        return town
    name = R.choice([n for n in names if n != names[0]] or names) if former else R.choice(names)
    if name == "桥西区" or R.random() < 0.3:
        name = R.choice(cities) + name if not name.startswith(tuple(cities)) else name
    return name + (town if R.random() < 0.6 else "")


def firm_forms(stem, trade):
    word, nick, _ = TRADES[trade]
    return {
        "registered": f"{stem}{word}有限公司",
        "nick": R.choice([f"{stem}{nick}", f"{stem}厂", f"{stem}{nick}"]),
        "vague": R.choice([f"老{stem}那个厂", f"{stem}家的厂子", f"叫{stem}的那个{nick}"]),
    }


# --- writers: each names things its own way ------------------------------------------------------


def phone(m):
    place = county_phrase(m["county"], former=R.random() < 0.3, town=m["town"])
    return f"来电人反映：{place}{m['village']}{m['firms']['registered']}{say(m['troubles'][0])}，" + R.choice(
        [
            "已持续半年多，希望尽快处理。",
            "多次向当地反映无果。",
            "请督察组督促查处。",
            "严重影响周边群众生活。",
        ]
    ), m["troubles"][:1]


def letter(m):
    place = county_phrase(m["county"], town=m["town"])
    troubles = m["troubles"][:2]
    body = "，".join(say(t) for t in troubles)
    return (
        f"尊敬的督察组领导：我们是{place}{m['village']}的村民，村边的{m['firms']['registered']}自去年以来"
        f"{body}，群众苦不堪言。恳请督察组派人实地查看，依法处理。此致敬礼！",
        troubles,
    )


def web(m):
    place = R.choice([COUNTIES[m["county"]][2][0], county_phrase(m["county"], town=m["town"])])
    trouble = R.choice(m["troubles"])
    return R.choice(
        [
            f"{place}{m['village']}那个{m['firms']['nick']}天天{say(trouble)}！！！环保部门管不管？",
            f"举报{m['firms']['nick']}（{place}{m['village']}附近）{say(trouble)}，求曝光",
            f"{m['firms']['nick']}{say(trouble)}，地址{place}{m['village']}，拜托督察组看看",
        ]
    ), [trouble]


def follow_up(m):
    trouble = R.choice(m["troubles"])
    return R.choice(
        [
            f"再次反映{m['firms']['nick']}的问题，还在{say(trouble)}，没人管。",
            f"之前打过电话，{m['village']}那个{m['firms']['vague']}还是{say(trouble)}。",
            f"还是{m['firms']['vague']}，{say(trouble)}，上次反映后只停了两天。",
        ]
    ), [trouble]


def visit(m):
    town = m["town"]
    troubles = m["troubles"][:2]
    return (
        f"来访人称其居住的{town}{m['village']}附近有一家{TRADES[m['trade']][1]}（{m['firms']['nick']}），"
        + "，".join(say(t) for t in troubles)
        + "，要求关停。"
    ), troubles


def old_name(m):
    _province, cities, names, _townships, _ = COUNTIES[m["county"]]
    former = [n for n in names[1:] if not n.startswith(tuple(cities))] or names
    trouble = m["troubles"][-1]
    return (
        f"{R.choice(cities)}{R.choice(former)}{m['town'] if R.random() < 0.7 else ''}{m['village']}，{m['firms']['registered']}"
        f"{say(trouble)}，周边几个村都受影响。"
    ), [trouble]


def traditional(m):
    text, troubles = R.choice([web, letter, phone])(m)
    converted = T2S_BACK.convert(text)
    out = []
    for ch in converted:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and R.random() < 0.18:
            reading = pinyin(ch, style=Style.TONE)[0][0]
            out.append(f"({reading})")
    return "".join(out), troubles


WRITERS = [phone, letter, web, follow_up, visit, old_name, traditional]


def main():
    records, group = [], 0
    matters = []
    used = {}
    for code, (province, *_rest) in COUNTIES.items():
        villages = COUNTIES[code][4]
        stems = R.sample(STEMS, 16)
        used[code] = set(stems)
        for stem in stems:
            trade = R.choice(list(TRADES))
            matters.append(
                {
                    "county": code,
                    "province": province,
                    "village": R.choice(villages),
                    "stem": stem,
                    "town": R.choice(COUNTIES[code][3]),
                    "trade": trade,
                    "firms": firm_forms(stem, trade),
                    "troubles": R.sample(TRADES[trade][2], len(TRADES[trade][2])),
                }
            )
    R.shuffle(matters)
    for m in matters:
        group += 1
        size = R.choices([1, 2, 3, 4], weights=[40, 30, 20, 10])[0]
        writers = R.sample(WRITERS, size)
        if size > 1 and follow_up in writers:
            writers.remove(follow_up)
            writers.append(follow_up)  # a follow-up comes after the first call
        for writer in writers:
            text, troubles = writer(m)
            # A follow-up names no township or county: nothing in its text says where it is.
            county = None if writer is follow_up else m["county"]
            records.append(
                {
                    "text": text,
                    "group": group,
                    "county": county,
                    "inspection": m["province"],
                    "types": labels(troubles),
                    "writer": writer.__name__,
                    "kind": "matter",
                }
            )
        # Look-alikes: another firm of the same trade in the same village, the same wording about another firm.
        if R.random() < 0.35:
            group += 1
            # A firm of the same trade that no matter of this county is about.
            other = dict(m, stem=R.choice([s for s in STEMS if s not in used[m["county"]]]))
            used[m["county"]].add(other["stem"])
            other["firms"] = firm_forms(other["stem"], m["trade"])
            text, troubles = R.choice([phone, web, letter])(other)
            records.append(
                {
                    "text": text,
                    "group": group,
                    "county": m["county"],
                    "inspection": m["province"],
                    "types": labels(troubles),
                    "writer": "lookalike_firm",
                    "kind": "lookalike",
                }
            )
    records += hand_written(group)
    R.shuffle(records)
    places = {"townships": {code: c[3] for code, c in COUNTIES.items()}, "aliases": ALIASES}
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"places": places}, ensure_ascii=False) + "\n")
        for number, record in enumerate(records, start=1):
            record["id"] = number
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} complaints, {len({r['group'] for r in records})} matters → {OUT}")
    documents()


def documents():
    """Each clean document (bench/data/documents/*.clean.txt, written by hand) as a scraped page gives it:
    Traditional characters, a pinyin reading after some of them, some digits full-width."""
    folder = OUT.parent / "documents"
    for clean in sorted(folder.glob("*.clean.txt")):
        out = []
        for ch in T2S_BACK.convert(clean.read_text(encoding="utf-8")):
            if ch.isdigit() and R.random() < 0.1:
                ch = chr(ord(ch) + 0xFEE0)
            out.append(ch)
            if "\u4e00" <= ch <= "\u9fff" and R.random() < 0.25:
                out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
        clean.with_name(clean.name.replace(".clean.", ".dirty.")).write_text("".join(out), encoding="utf-8")


def hand_written(group):
    """The misses outsiders reported, and a few things no template writes."""
    cases = [
        ("孩子长期咳嗽，怀疑是附近工厂排的废气造成的，希望查一查。", None, "61", ["工业废气"]),
        ("我家孩子长期失眠，楼下烧烤店油烟和吵闹到凌晨两点。", None, "61", ["油烟"]),
        ("张家口 桥西区 东窑子镇一个石料厂粉尘大，没有苫盖。", "130703", "13", ["扬尘"]),
        ("石家庄桥西区振头街道有饭店油烟直排扰民。", "130104", "13", ["油烟"]),
        ("邢台县将军墓镇有人在河道里非法采砂，河床挖得坑坑洼洼。", "130503", "13", ["非法采砂"]),
        ("任县永福庄乡一家养猪场粪水直排，臭味很大。", "130505", "13", ["畜禽养殖", "恶臭"]),
        ("连南三江镇有砖厂烧煤冒黑烟。", "441826", "44", ["燃煤"]),
        ("景宁县英川镇的溪边有人倾倒建筑垃圾。", "331127", "33", ["固废"]),
        ("峰峰彭城镇陶瓷厂窑炉冒黑烟，还有刺鼻气味。", "130406", "13", ["工业废气", "恶臭"]),
        ("邢台经济开发区一家企业夜间排放废气，气味刺鼻。", "130502", "13", ["工业废气", "恶臭"]),
        ("峰峰工业园里有企业晚上偷排废水。", "130406", "13", ["工业废水"]),
        ("南宫山景区附近有人砍伐树木开荒种地。", "610902", "61", ["毁林开荒"]),
        ("旬阳县蜀河镇有非法采砂船，晚上抽砂声音很大。", "610981", "61", ["非法采砂", "社会生活噪声"]),
        ("子长县瓦窑堡街道的建筑工地夜间施工，噪音扰民。", "610681", "61", ["施工噪声"]),
        ("南和经济开发区某企业喷漆车间没有废气处理设施，油漆味很重。", "130506", "13", ["挥发性有机物"]),
        ("汉滨区五里镇沙坝村的垃圾堆放点长期无人清理，臭气熏天。", "610902", "61", ["垃圾", "恶臭"]),
        ("我们村的自来水有怪味，怀疑水源被上游养殖场污染。", None, "13", ["饮用水源", "畜禽养殖"]),
        ("小区楼顶新装了信号塔，担心辐射。", None, "44", ["电磁辐射"]),
    ]
    out = []
    for text, county, province, kids in cases:
        group += 1
        parents = {
            PARENT.get(k)
            or {
                "非法采砂": "生态",
                "毁林开荒": "生态",
                "燃煤": "大气",
                "油烟": "大气",
                "固废": "土壤",
                "社会生活噪声": "噪声",
                "施工噪声": "噪声",
                "饮用水源": "水",
                "电磁辐射": "辐射",
                "垃圾": "其他",
            }[k]
            for k in kids
        }
        out.append(
            {
                "text": text,
                "group": group,
                "county": county,
                "inspection": province,
                "types": sorted(set(kids) | parents),
                "writer": "hand",
                "kind": "hand",
            }
        )
    return out


if __name__ == "__main__":
    main()
