"""bench/screening.py --scale N: fill PostgreSQL to N complaints and time the duplicate suggestion.

The filler writes complaints spread over twenty inspections of Hebei (the set's own Hebei inspection is
one of them), each text naming a village and a firm drawn from a few thousand made-up names, as callers
do, and writes their index keys the way screening.duplicates.index would (the same hashes, computed once
per name here and joined in SQL), so that lookups meet realistic numbers of candidates."""

import datetime as dt
import random
import statistics
import time

CHUNK = 200_000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟"
FIRST = "永鑫宏金华恒兴盛天瑞利昌富润博隆聚泰嘉新东德广中万福祥宝顺汇长锦伟亿腾开众协卓鸿三正凯冀荣"
SECOND = "固达远龙泰昌旺源成丰民盛泽通和禾华升隆兴鼎青程业飞元诚越运友大宇润海石阳晖河星光鹰信方明"
TRADES = ["化工", "新型建材", "养殖", "石料", "铸造", "表面处理", "塑料制品", "煤业", "家具", "纸业"]
TROUBLES = ["晚上偷排废水，河水发黑", "烟囱冒黑烟", "粉尘很大", "散发刺鼻臭味", "机器噪声扰民", "粪水直排"]


def _vocabulary(rng):
    from screening.duplicates import key_hash

    villages = sorted({rng.choice(SURNAMES) + rng.choice("家庄屯湾营寨沟坡") for _ in range(6000)})
    villages = sorted({v + c for v in villages for c in "东西南北"[: rng.randint(1, 2)]})[:5000]
    firms = sorted({a + b for a in FIRST for b in SECOND})
    return villages, firms, [key_hash(v) for v in villages], [key_hash(f) for f in firms]


def _array(values, kind="text"):
    if kind == "text":
        return "(ARRAY[" + ",".join("'" + v + "'" for v in values) + "])"
    return "(ARRAY[" + ",".join(str(v) for v in values) + "]::bigint[])"


def fill(connection, inspections, counties, rows, offset):
    rng = random.Random(7)
    villages, firms, village_keys, firm_keys = _vocabulary(rng)
    ids = ",".join(str(i.pk) for i in inspections)
    county_ids = ",".join(str(c.pk) for c in counties)
    prefixes = ",".join(f"'{c.prefix}'" for c in counties)
    with connection.cursor() as cursor:
        for start in range(offset, offset + rows, CHUNK):
            stop = min(start + CHUNK, offset + rows)
            cursor.execute(
                f"""
                WITH src AS (
                  SELECT g, (ARRAY[{ids}])[1 + g % {len(inspections)}] AS inspection_id,
                         1 + (g * 7) % {len(counties)} AS county_index,
                         1 + (g * 7919) % {len(villages)} AS village_index,
                         1 + (g * 104729) % {len(firms)} AS firm_index
                  FROM generate_series({start}::bigint, {stop - 1}::bigint) AS g)
                INSERT INTO complaints_complaint (
                  inspection_id, number, tracking_code, channel, received_at, text, address, region_id, region_prefix,
                  is_anonymous, reporter_name_secret, reporter_phone_secret, reporter_name_masked, reporter_phone_masked,
                  status, is_key_case, rejection_reason, referral, due_state, phone_answered_by, receipt_scan,
                  findings, verdict, measures, accountability, handling_state, rating_comment, created_at, updated_at,
                  ordered_firms, penalised_firms, fines_yuan, criminal_cases, administrative_detentions,
                  criminal_detentions, interviewed_people, accountable_people)
                SELECT inspection_id, 'S' || lpad(g::text, 12, '0'), 'U' || lpad(g::text, 11, '0'), 'D',
                       now() - (g % 30) * interval '1 day',
                       {_array(villages)}[village_index] || '村的' || {_array(firms)}[firm_index]
                         || {_array(TRADES)}[1 + g % {len(TRADES)}] || '有限公司'
                         || {_array(TROUBLES)}[1 + g % {len(TROUBLES)}] || '，群众反映多次',
                       '', (ARRAY[{county_ids}])[county_index], (ARRAY[{prefixes}])[county_index],
                       true, '', '', '', '', 'registered', false, '', '', '', '', '',
                       '', '', '', '', '', '', now(), now(), 0, 0, 0, 0, 0, 0, 0, 0
                FROM src
                """
            )
            cursor.execute(
                f"""
                INSERT INTO screening_complaintkey (inspection_id, key, complaint_id)
                SELECT c.inspection_id, k.key, c.id
                FROM complaints_complaint c
                CROSS JOIN LATERAL (VALUES
                  ({_array(village_keys, "int")}[1 + (substr(c.number, 2)::bigint * 7919) %% {len(villages)}]),
                  ({_array(firm_keys, "int")}[1 + (substr(c.number, 2)::bigint * 104729) %% {len(firms)}])
                ) AS k(key)
                WHERE c.number >= %s AND c.number <= %s AND c.number LIKE 'S%%'
                ON CONFLICT DO NOTHING
                """,
                ["S" + str(start).zfill(12), "S" + str(stop - 1).zfill(12)],
            )
            print(f"  filled {stop - offset:,}/{rows:,}", flush=True)


def time_at_scale(total, records, office, inspections):
    from django.db import connection

    from complaints import queries
    from complaints.models import Complaint
    from inspections import workflow as inspection_workflow
    from inspections.models import Inspection
    from organisations.models import Region

    if connection.vendor != "postgresql":
        print("--scale needs PostgreSQL (DATABASE_URL=postgresql://…)")
        return
    hebei = Region.objects.get(code="130000")
    counties = list(Region.objects.filter(prefix__startswith="13", level="county"))
    today = dt.date.today()
    group = [inspections["13"]]
    for n in range(19):
        code = f"BENCH-SCREEN-13-{n:02d}"
        group.append(
            Inspection.objects.filter(code=code).first()
            or inspection_workflow.create_inspection(
                by=office, code=code, name=f"研判基准 河北 {n}", level="provincial", kind="routine",
                team_name="基准测试组", office=office.unit, target_regions=[hebei],
                stationed_from=today - dt.timedelta(days=10), stationed_until=today + dt.timedelta(days=20),
            )
        )  # fmt: skip
    existing = Complaint.objects.count()
    if existing < total:
        started = time.perf_counter()
        last = (
            Complaint.objects.filter(number__startswith="S")
            .order_by("-number")
            .values_list("number", flat=True)
        )
        offset = int(last[0][1:]) + 1 if last else 0
        fill(connection, group, counties, total - existing, offset)
        print(
            f"filled {total - existing:,} complaints and their keys in {time.perf_counter() - started:.0f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
        cursor.execute("ANALYZE screening_complaintkey")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('screening_complaintkey'))")
        size = cursor.fetchone()[0]
    inspection = inspections["13"]
    print(
        f"complaints {Complaint.objects.count():,}; in the set's Hebei inspection "
        f"{Complaint.objects.filter(inspection=inspection).count():,}; index {size}"
    )
    texts = [r["text"] for r in records if r["inspection"] == "13"]
    samples, suggested = [], 0
    for text in texts * 2:
        started = time.perf_counter()
        found = queries.similar_complaints(text, user=office, inspection=inspection)
        samples.append((time.perf_counter() - started) * 1000)
        suggested += len(found)
    samples = samples[len(texts) :]  # the first pass warms the caches
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"duplicate suggestion at {Complaint.objects.count():,} complaints: {len(samples)} lookups, "
        f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms"
    )
