"""Screening measured on the labelled development set (bench/data/screening_dev.jsonl, written by
bench/screening_set.py) and the documents in bench/data/documents/. Prints figures, asserts nothing.

    .venv/bin/python bench/screening.py                     # accuracy, on a throwaway SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ducha_screening .venv/bin/python bench/screening.py --scale 1000000

County: county@1 is the share of complaints that name a county whose suggested county is right;
coverage the share of those that get a suggestion at all; wrong-where-none counts confident answers for
texts that name no place. Duplicates: every complaint is looked up before it is registered, against the
ones registered before it; a suggested pair is right when both belong to the same matter. Types: micro
precision, recall and F1 over both levels. Documents: character error rate of the cleaned text against
the clean text, and the share of the figures each document states that were extracted. --scale N first
fills the database to N complaints (set-based SQL, with texts and index keys built from the same kind of
names) and times the duplicate suggestion for every text of the set."""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT.parent / 'var' / 'bench_screening.sqlite3'}")
os.environ.setdefault("HUEY_IMMEDIATE", "1")


def load_set():
    lines = (ROOT / "data" / "screening_dev.jsonl").read_text(encoding="utf-8").splitlines()
    places = json.loads(lines[0])["places"]
    return places, [json.loads(line) for line in lines[1:]]


def prepare(places):
    import datetime as dt

    from django.core.management import call_command

    from accounts.models import Role, User
    from inspections import workflow as inspection_workflow
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from organisations.workflow import load_regions
    from screening.models import PlaceAlias

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(level="county").exists():
        load_regions()
    root = Region.objects.get(code="000000")
    unit, _ = Unit.objects.get_or_create(region=root, name="基准测试督察办", defaults={"kind": "inspection"})
    office, created = User.objects.get_or_create(username="bench_screener", defaults={"unit": unit})
    if created:
        office.roles.set(Role.objects.filter(code__in=["office", "team"]))
    for county_code, names in places["townships"].items():
        county = Region.objects.get(code=county_code)
        for serial, name in enumerate(names, start=1):
            Region.objects.get_or_create(
                code=f"{county_code}{900 + serial:03d}",
                defaults={"name": name, "level": "township", "parent": county},
            )
    for name, code, kind in places["aliases"]:
        PlaceAlias.objects.get_or_create(
            name=name, region=Region.objects.get(code=code), defaults={"kind": kind}
        )
    inspections = {}
    today = dt.date.today()
    for province in ("13", "44", "33", "61"):
        code = f"BENCH-SCREEN-{province}"
        inspections[province] = Inspection.objects.filter(code=code).first() or inspection_workflow.create_inspection(
            by=office, code=code, name=f"研判基准 {province}", level="provincial", kind="routine",
            team_name="基准测试组", office=unit, target_regions=[Region.objects.get(code=f"{province}0000")],
            stationed_from=today - dt.timedelta(days=10), stationed_until=today + dt.timedelta(days=20),
        )  # fmt: skip
    return office, inspections


def measure_counties(records, inspections):
    from screening.places import suggest_county

    named = [r for r in records if r["county"]]
    right = covered = 0
    misses = []
    for r in named:
        found = suggest_county(inspections[r["inspection"]], "", r["text"])
        covered += found.region is not None
        if found.region is not None and found.region.code == r["county"]:
            right += 1
        elif len(misses) < 8:
            misses.append((r["text"][:40], r["county"], found.region and found.region.code, found.reason))
    wrong_where_none = sum(
        suggest_county(inspections[r["inspection"]], "", r["text"]).region is not None
        for r in records
        if not r["county"]
    )
    print(
        f"county@1 {right / len(named):.3f} ({right}/{len(named)}); coverage {covered / len(named):.3f}; "
        f"answers where the text names no place: {wrong_where_none}"
    )
    for miss in misses:
        print("   miss:", *miss)


def measure_duplicates(records, office, inspections):
    from complaints import queries
    from complaints.workflow import register_complaint
    from organisations.models import Region

    fallback = {p: Region.objects.filter(prefix__startswith=p, level="county").first() for p in inspections}
    registered, predicted, lookalike_fp, seconds = {}, set(), 0, []
    by_pk = {}
    for r in records:
        inspection = inspections[r["inspection"]]
        started = time.perf_counter()
        found = queries.similar_complaints(r["text"], user=office, inspection=inspection)
        seconds.append(time.perf_counter() - started)
        for c in found:
            other = by_pk[c.pk]
            predicted.add((r["id"], other["id"]))
            if other["group"] != r["group"] and "lookalike" in (r["kind"], other["kind"]):
                lookalike_fp += 1
        region = Region.objects.get(code=r["county"]) if r["county"] else fallback[r["inspection"]]
        complaint, _ = register_complaint(
            inspection=inspection, by=office, channel="D", text=r["text"], region=region
        )
        registered[r["id"]] = complaint
        by_pk[complaint.pk] = r
    gold = {
        (a["id"], b["id"])
        for i, a in enumerate(records)
        for b in records[:i]
        if a["group"] == b["group"] and a["inspection"] == b["inspection"]
    }
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"duplicates: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f} "
        f"({hits} right of {len(predicted)} suggested, {len(gold)} true pairs); false positives on look-alikes "
        f"{lookalike_fp}; lookup p50 {statistics.median(seconds) * 1000:.1f} ms"
    )
    return predicted, gold


def measure_types(records):
    from screening.pollution import suggest

    tp = fp = fn = 0
    for r in records:
        got = {s.name for s in suggest(r["text"])}
        want = set(r["types"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"pollution types: micro precision {precision:.3f}, recall {recall:.3f}, "
        f"F1 {2 * precision * recall / (precision + recall):.3f}"
    )


def measure_documents():
    from screening.figures import extract
    from screening.text import clean_document

    errors = length = stated = found = 0
    folder = ROOT / "data" / "documents"
    for dirty in sorted(folder.glob("*.dirty.txt")):
        clean = (folder / dirty.name.replace(".dirty.", ".clean.")).read_text(encoding="utf-8")
        got = clean_document(dirty.read_text(encoding="utf-8"))
        errors += sum(edit_distance(a, b) for a, b in zip(got.splitlines(), clean.splitlines(), strict=False))
        errors += abs(len(got.splitlines()) - len(clean.splitlines()))
        length += len(clean)
        expected = json.loads((folder / dirty.name.replace(".dirty.txt", ".figures.json")).read_text("utf-8"))
        texts = {f.text for f in extract(got)}
        stated += len(expected)
        found += sum(any(e in t or t in e for t in texts) for e in expected)
    print(
        f"documents: character error rate {errors / length:.4f} ({errors} of {length}); "
        f"figures extracted {found}/{stated} = {found / stated:.3f}"
    )


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=0, help="fill to this many complaints and time lookups")
    args = parser.parse_args()
    import django

    django.setup()
    places, records = load_set()
    from complaints.models import Complaint

    office, inspections = prepare(places)
    Complaint.objects.filter(inspection__in=inspections.values()).exclude(number__startswith="S").delete()
    print(f"set: {len(records)} complaints, {len({r['group'] for r in records})} matters")
    measure_counties(records, inspections)
    measure_types(records)
    measure_documents()
    measure_duplicates(records, office, inspections)
    if args.scale:
        from bench.screening_scale import time_at_scale

        time_at_scale(args.scale, records, office, inspections)


if __name__ == "__main__":
    main()
