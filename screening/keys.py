"""The named things a complaint is about — a firm, a village, a road, a river, a landmark — read from
its text without a dictionary: a name is the few characters before a word that says what kind of thing it
is (永固化工厂, 西关村, 建设路), cut where a function word or another place name ends.

A firm's name loses its place and trade (河北永固化工有限公司 → 永固), so a nickname (永固厂) meets its
registered name. Each thing has a `stem` (what is compared and indexed) and a `surface` (as written,
shown to the screener)."""

import re
from dataclasses import dataclass

from screening.text import words

FIRM = words("""
股份有限公司 有限责任公司 有限公司 分公司 公司 集团 合作社 加工厂 加工点 化工厂
造纸厂 水泥厂 砖厂 砖窑 钢厂 电镀厂 印染厂 皮革厂 塑料厂 家具厂 石料厂 石材厂
搅拌站 养殖场 养猪场 养鸡场 猪场 鸡场 牛场 屠宰场 洗砂场 砂场 采石场 料场
冶炼厂 铸造厂 化肥厂 药厂 酒厂 纸厂 厂 矿 窑 作坊 酒店 饭店 餐馆 烧烤店
歌厅 宾馆 加油站 洗车店 商砼站 工地 项目部 批发市场 市场 超市
""")
PLACE = words("""
社区 小区 花园 家园 新村 村 庄 屯 寨 街道 镇 乡
""")
ROAD = ["大街", "大道", "胡同", "路", "街", "巷"]
LANDMARK = words("""
水库 河 湖 水渠 广场 公园 学校 小学 中学 医院 车站
""")
KINDS = [("firm", FIRM), ("place", PLACE), ("road", ROAD), ("landmark", LANDMARK)]
SUFFIX = re.compile("|".join(sorted({s for _, group in KINDS for s in group}, key=len, reverse=True)))
KIND_OF = {s: kind for kind, group in KINDS for s in group}
# Where a name cannot run across: function words, measure words, and the end of another place.
CUT = set("的在了是个这那对把被给向从到边旁近说都也还又就让叫称即其该此各每某村镇乡路街区县市号巷省组栋楼门")
CUT_WORDS = tuple(
    words("""
附近 旁边 对面 后面 前面 东侧 西侧 南侧 北侧 隔壁 一个 一家 那家 这家 有家 有个 他家 我家 举报 反映 投诉 以及 还有 街道 河里 村里 厂里 这里 那里 夜里 家里 城里 屋里
位于 名叫 叫做 所谓 周边 境内 地处 大量 多次 长期 经常
""")
)
TRADES = tuple(
    words("""
新材料 材料 化工 化学 科技 实业 建材 纸业 能源 矿业 水泥 食品 制药 钢铁
机械 印染 皮革 塑料 电镀 养殖 环保 石材 石料 混凝土 商砼 家具 加工 冶炼
铸造 制品 工贸 商贸 贸易 生物 农业 牧业 饲料 砖 预拌 发展 有限 股份
煤业 洗煤 表面处理 新型 陶瓷 纸 造纸 石子 砂石 钢 铁 铝 铜 锌 木业 门业 服装 纺织 玻璃 油漆 涂料
橡胶 轮胎 沥青 再生 回收 垃圾 医药 药业 酒业 乳业 肉类 屠宰 物流 运输 建筑 工程 房地产 置业
""")
)
GENERIC = set(
    words("""
一个 那个 这个 这家 那家 小 大 黑 工业 当地 本地 我们 我家 他们 村里 附近 周边 此 该 某 这 那 老 新 几家 多家 个 家 一些 无证 非法 小型 违法 污染 废弃 废旧 停产 在建 这些 那些 有些
""")
)
# Trades that registered names and nicknames write differently (表面处理 is 电镀, 新型建材 is a brickworks):
# two firms with one trade name but trades of different groups are two firms.
TRADE_GROUPS = [
    words("电镀 表面处理 镀锌 镀铬"),
    words("砖 新型建材 建材 砖窑 砖瓦"),
    words("煤业 洗煤 煤矿 焦化 煤"),
    words("养殖 养猪 猪场 养鸡 鸡场 牛场 羊场 鸭场 牧业"),
    words("纸业 造纸 纸"),
    words("家具 木业 板材"),
    words("化工 化学 化肥 农药 医药 制药 药业"),
    words("塑料 塑胶 塑业"),
    words("铸造 冶炼 钢 铁 机械"),
    words("石料 石子 砂石 碎石 采石 石材"),
    words("印染 纺织 服装 皮革"),
    words("陶瓷 玻璃 水泥 商砼 混凝土 搅拌"),
]
HAN = re.compile(r"[\u3400-\u9fff]")
WINDOW = 6


@dataclass(frozen=True)
class Thing:
    kind: str
    stem: str
    surface: str


def _left_cut(window: str) -> str:
    for word in CUT_WORDS:
        at = window.rfind(word)
        if at >= 0:
            window = window[at + len(word) :]
    for index in range(len(window) - 1, -1, -1):
        char = window[index]
        if char in CUT or not HAN.match(char):
            return window[index + 1 :]
    return window


def _firm_stem(name: str, places) -> str:
    """A firm's trade name (字号): registered names run 行政区划 + 字号 + 行业 + 组织形式, and the 字号 is
    nearly always two characters, so the two after any place name — unless they are a trade word, which
    names no firm (一家石料厂)."""
    for length in range(min(len(name) - 2, 5), 1, -1):
        rest = name[length:]
        if name[:length] in places and len(rest) >= 2 and not rest.startswith(TRADES):
            name = rest
            break
    if len(name) < 2 or name.startswith(TRADES):
        return ""
    return name[:2]


def trade_group(surface: str) -> int | None:
    for number, group in enumerate(TRADE_GROUPS):
        if any(word in surface for word in group):
            return number
    return None


def things(text: str, places: set[str] | frozenset = frozenset()) -> list[Thing]:
    """`text` already normalised (screening.text.normalise); `places` the names of regions, which a firm's
    name drops from its front (邢台永固 → 永固) and which are not things of their own."""
    found: dict[tuple[str, str], Thing] = {}
    for match in SUFFIX.finditer(text):
        suffix = match.group(0)
        kind = KIND_OF[suffix]
        window = text[max(0, match.start() - WINDOW) : match.start()]
        raw = _left_cut(window)
        stem = _firm_stem(raw, places) if kind == "firm" else raw
        if len(stem) < 2 or stem in GENERIC:
            continue
        if kind == "place" and len(stem) > 4:
            stem = stem[-4:]
        found.setdefault((kind, stem), Thing(kind, stem, raw + suffix))
    return list(found.values())
