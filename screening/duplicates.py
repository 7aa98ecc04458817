"""Repeat complaints written differently: a short follow-up call, a letter against a call, a firm under
its nickname, the same place under another county's name.

Finding candidates: every complaint's named things (screening.keys) are kept as 64-bit hashes in
`ComplaintKey`, per inspection. A new text is looked up by all its pieces of two to six characters, so a
name it mentions in passing (老永固那个厂) still meets 永固化工厂; pieces that hundreds of complaints
share are dropped as not distinctive. The county plays no part, so a wrong county hides nothing.

Scoring a candidate (`compare`) is transparent: the same firm counts most, then the same village, road
or landmark, then the wording — character bigrams weighted so that the words every complaint uses
(反映, 污染, 严重) count little, with containment for a short follow-up. Two different firms, or two
different villages, make two different matters, however alike the wording."""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from screening import keys as named
from screening.text import normalise, words

# Bigrams of the words every complaint uses: weighted 0.15 instead of 1.
COMMON = set()
for _word in words("""
反映 举报 投诉 群众 居民 村民 百姓 附近 周边 周围 严重 污染 影响 生活 身体
健康 希望 要求 请求 尽快 处理 解决 查处 关停 整治 相关 部门 政府 环保 一直
经常 每天 天天 晚上 夜间 夜里 白天 凌晨 问题 情况 现象 存在 没有 无人 管理
多次 长期 至今 仍然 还是 依然 企业 公司 工厂 厂家 排放 造成 导致 我们 他们
这个 那个 该厂 领导 督察 督察组 来电 来信 电话 网上 反应 非常 特别 根本
已经 又在 继续 再次 依旧
"""):
    COMMON.update(_word[i : i + 2] for i in range(len(_word) - 1))
PIECE_LENGTHS = range(2, 7)
TOO_COMMON = 400  # a key shared by more complaints than this is not distinctive
PER_KEY = 200
CANDIDATES = 60


def key_hash(stem: str) -> int:
    return int.from_bytes(hashlib.blake2b(stem.encode(), digest_size=8).digest(), "big", signed=True)


@dataclass
class Analysis:
    text: str
    things: list
    grams: Counter = field(default_factory=Counter)
    county: str = ""

    def stems(self, *kinds) -> set[str]:
        return {t.stem for t in self.things if t.kind in kinds}


def analyse(text: str, address: str = "", *, prefixes=None, snapshot=None) -> Analysis:
    """The text's named things and bigrams; with `prefixes` (an inspection's), also the county it names.
    Province, city and county names are masked first, so 峰峰矿区 is no 矿 and 邢台县 no village."""
    from screening import gazetteer
    from screening.places import decide, scan

    snapshot = snapshot or gazetteer.snapshot(prefixes or ())
    plain = normalise(f"{address} {text}")
    masked = list(plain)
    for mention in scan(plain, [snapshot.national]):
        # A short name masks only within the inspection: 富源 is a county in Yunnan and a firm in Hebei.
        if any(not p.weak or (prefixes and p.code.startswith(tuple(prefixes))) for p in mention.places):
            masked[mention.at : mention.at + len(mention.text)] = "，" * len(mention.text)
    found = named.things("".join(masked), snapshot.place_names)
    compact = "".join(ch for ch in plain if ch.isalnum())
    grams = Counter(compact[i : i + 2] for i in range(len(compact) - 1))
    county = ""
    if prefixes:
        county = decide(plain, prefixes, snapshot)[0]
    return Analysis(plain, found, grams, county)


def _weight(gram: str) -> float:
    return 0.15 if gram in COMMON or gram.isdigit() else 1.0


def _wording(a: Analysis, b: Analysis) -> float:
    """Max of weighted cosine and the share of the shorter text found in the longer one."""
    if not a.grams or not b.grams:
        return 0.0
    dot = sum(_weight(g) ** 2 * min(n, b.grams[g]) for g, n in a.grams.items() if g in b.grams)
    norm_a = math.sqrt(sum((_weight(g) ** 2) * n for g, n in a.grams.items()))
    norm_b = math.sqrt(sum((_weight(g) ** 2) * n for g, n in b.grams.items()))
    cosine = dot / (norm_a * norm_b) if norm_a and norm_b else 0.0
    shorter, longer = (a, b) if sum(a.grams.values()) <= sum(b.grams.values()) else (b, a)
    total = sum(_weight(g) ** 2 * n for g, n in shorter.grams.items())
    inside = sum(
        _weight(g) ** 2 * min(n, longer.grams[g]) for g, n in shorter.grams.items() if g in longer.grams
    )
    containment = inside / total if total else 0.0
    return max(cosine, 0.85 * containment)


def _shared(a: Analysis, b: Analysis, *kinds) -> set[str]:
    """Names of these kinds that one text gives and the other contains (a nickname or a passing mention
    counts: 老永固那个厂 contains 永固) — for firms, unless both texts give it trades of different groups."""
    shared = {s for s in a.stems(*kinds) if s in b.text} | {s for s in b.stems(*kinds) if s in a.text}
    if "firm" in kinds:
        shared = {s for s in shared if not _other_trade(s, a, b)}
    return shared


def _text_trades(analysis: Analysis) -> set[int]:
    return {n for n, group in enumerate(named.TRADE_GROUPS) if any(w in analysis.text for w in group)}


def _trades(stem: str, analysis: Analysis) -> set[int]:
    found = {named.trade_group(t.surface) for t in analysis.things if t.kind == "firm" and t.stem == stem}
    if not found:  # named in passing: the trade written right after the name, if any
        at = analysis.text.find(stem)
        found = {named.trade_group(analysis.text[at : at + len(stem) + 4])} if at >= 0 else set()
    return found - {None}


def _other_trade(stem: str, a: Analysis, b: Analysis) -> bool:
    left, right = _trades(stem, a), _trades(stem, b)
    return bool(left and right and not left & right)


def compare(a: Analysis, b: Analysis) -> tuple[float, list[str]]:
    """A score in [0, 1] and the things both name, as the candidate `b` writes them.

    The same firm 0.5, the same village 0.2 (township 0.1), the same road or landmark 0.1, the same
    county 0.1, the wording up to 0.3, 0.1 when a follow-up (再次反映, 还是…) names something both share, and
    0.1 when neither names a firm but both name the same trade in the same village; or, if higher, the
    wording alone (the same text sent twice). Two different firms cap the score at 0.35; two different villages with no firm in common at
    0.4; two different counties at 0.45."""
    firms = _shared(a, b, "firm")
    villages = {s for s in _shared(a, b, "place") if s in a.stems("place") and s in b.stems("place")}
    villages |= _shared(a, b, "place")
    others = _shared(a, b, "road", "landmark")
    wording = _wording(a, b)
    score = 0.5 * bool(firms) + 0.3 * wording + 0.1 * bool(others)
    score += 0.2 if any(len(v) >= 2 and not _is_township(v, a, b) for v in villages) else 0.1 * bool(villages)
    if a.county and a.county == b.county:
        score += 0.1
    if (firms or villages) and (_follows_up(a.text) or _follows_up(b.text)):
        score += 0.1
    if villages and not a.stems("firm") and not b.stems("firm") and _text_trades(a) & _text_trades(b):
        score += 0.1  # no firm named on either side, but the same trade in the same village
    score = max(score, wording)  # the same words sent twice (a call, then the same text online)
    if firms and a.stems("place") and b.stems("place") and not villages:
        score -= 0.15  # the same firm named from two different villages
    if a.stems("firm") and b.stems("firm") and not firms:
        score = min(score, 0.35)
    elif a.stems("place") and b.stems("place") and not villages and not firms:
        score = min(score, 0.4)
    if a.county and b.county and a.county != b.county:
        score = min(score, 0.45)
    stems = firms | villages | others
    surfaces = [t.surface for t in b.things if t.stem in stems]
    surfaces += [s for s in sorted(stems) if not any(s in x for x in surfaces)]
    return round(min(score, 1.0), 2), surfaces


FOLLOW_UP = (
    "再次",
    "又一次",
    "还是",
    "仍然",
    "依然",
    "之前打过",
    "上次反映",
    "已经反映",
    "多次反映",
    "再反映",
    "又来",
)


def _follows_up(text: str) -> bool:
    return any(word in text for word in FOLLOW_UP)


def _is_township(stem: str, a: Analysis, b: Analysis) -> bool:
    return any(t.stem == stem and t.surface.endswith(("镇", "乡", "街道")) for t in a.things + b.things)


def marked(text: str, phrases, width: int = 90) -> str:
    """An excerpt of `text` around the first shared phrase, HTML-escaped, each phrase in <mark>."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    plain = normalise(text)
    phrases = sorted({p for p in phrases if p and p in plain}, key=len, reverse=True)
    first = min((plain.find(p) for p in phrases), default=0)
    start = max(0, first - width // 3)
    excerpt = plain[start : start + width]
    spans, at = [], 0
    while at < len(excerpt):
        hit = next((p for p in phrases if excerpt.startswith(p, at)), None)
        if hit:
            spans.append(f"<mark>{escape(hit)}</mark>")
            at += len(hit)
        else:
            spans.append(escape(excerpt[at]))
            at += 1
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(plain) else ""
    return mark_safe(prefix + "".join(spans) + suffix)


# --- the index ----------------------------------------------------------------------------------


def index(rows, *, fresh: bool = False) -> int:
    """`rows`: (complaint id, inspection id, text, address) tuples. Replaces their keys; returns how many
    keys were written. `fresh`: complaints just inserted in the caller's transaction, which have no keys
    to replace."""
    from screening.models import ComplaintKey

    rows = list(rows)
    if not rows:
        return 0
    from screening.gazetteer import snapshot

    current = snapshot()
    new = []
    for pk, inspection_id, text, address in rows:
        stems = {t.stem for t in analyse(text, address, snapshot=current).things}
        new += [ComplaintKey(inspection_id=inspection_id, key=key_hash(s), complaint_id=pk) for s in stems]
    if fresh:
        ComplaintKey.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        return len(new)
    with transaction.atomic():
        ComplaintKey.objects.filter(complaint_id__in=[r[0] for r in rows]).delete()
        ComplaintKey.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def index_complaints(queryset, *, batch: int = 2000, progress=None) -> int:
    """Index a queryset in batches, streaming it (never the whole table in memory)."""
    written, chunk, done = 0, [], 0
    for row in queryset.values_list("pk", "inspection_id", "text", "address").iterator(chunk_size=batch):
        chunk.append(row)
        if len(chunk) >= batch:
            written, done, chunk = written + index(chunk), done + len(chunk), []
            if progress:
                progress(done)
    return written + index(chunk)


def _pieces(analysis: Analysis) -> set[int]:
    compact = "".join(ch for ch in analysis.text if "\u3400" <= ch <= "\u9fff" or ch.isalnum())
    pieces = {t.stem for t in analysis.things}
    for length in PIECE_LENGTHS:
        pieces.update(compact[i : i + length] for i in range(len(compact) - length + 1))
    return {key_hash(p) for p in pieces}


def candidate_ids(inspection_id: int, analysis: Analysis, *, exclude: int | None = None) -> list[int]:
    """Complaints of the inspection sharing distinctive keys with the text, most keys first."""
    hashes = list(_pieces(analysis))
    if not hashes:
        return []
    marks = ", ".join(["%s"] * len(hashes))
    table = "screening_complaintkey"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, COUNT(*) FROM {table} WHERE inspection_id = %s AND key IN ({marks}) GROUP BY key",
            [inspection_id, *hashes],
        )
        counts = dict(cursor.fetchall())
        usable = [k for k, n in counts.items() if n <= TOO_COMMON]
        if not usable:
            return []
        marks = ", ".join(["%s"] * len(usable))
        cursor.execute(
            f"SELECT complaint_id, key FROM {table} WHERE inspection_id = %s AND key IN ({marks})"
            f" ORDER BY complaint_id DESC LIMIT %s",
            [inspection_id, *usable, PER_KEY * 4],
        )
        rows = cursor.fetchall()
    weight = Counter()
    for complaint_id, key in rows:
        if complaint_id != exclude:
            weight[complaint_id] += 1.0 / math.log(2 + counts[key])
    return [pk for pk, _w in weight.most_common(CANDIDATES)]
