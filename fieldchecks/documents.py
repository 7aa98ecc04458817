"""The field check's 督办函 in the official format: the check, its window and teams, and every problem, to the
city's government, copied to the inspection's office."""

from ducha.official import OfficialDocument
from fieldchecks.models import FieldCheck, Problem


def letter(check: FieldCheck) -> OfficialDocument:
    inspection = check.inspection
    problems = list(
        Problem.objects.filter(site__field_check=check).select_related("site__region", "kind", "complaint")
    )
    office = inspection.office.name if inspection.office_id else ""
    doc = OfficialDocument(
        issuer=inspection.team_name, number=check.letter_number, title=f"关于{check.get_kind_display()}发现问题的督办函",
        date=check.day, addressees=[check.letter_to.name] if check.letter_to_id else [], cc=[office] if office else [],
        file_name=f"{check.letter_number or check}督办函",
    )  # fmt: skip
    teams = "；".join(f"{row[0]}（{row[1]}带队）" if len(row) > 1 else row[0] for row in check.team_rows)
    if check.context:
        doc.p(check.context)
    doc.p(
        f"{check.day.year}年{check.day.month}月{check.day.day}日{check.starts_at:%H:%M}至{check.ends_at:%H:%M}，"
        f"{inspection.team_name}组织开展{check.get_kind_display()}，{teams}，随机检查{check.sites.count()}个点位，"
        f"共发现问题{len(problems)}个。"
    )
    doc.table(
        ("序号", "检查点", "所在地", "问题类型", "问题描述", "交办编号"),
        [
            (
                i,
                p.site.name,
                p.site.region.name,
                p.kind.name,
                p.description,
                p.complaint.number if p.complaint_id else "",
            )
            for i, p in enumerate(problems, start=1)
        ],
    )
    doc.p(
        "请你市对存在问题进行认真整改，查清责任，依法依规严肃处理，同时举一反三，切实加大工作力度；"
        "各问题已随交办批次转办，请按交办时限反馈查处整改情况。"
    )
    return doc
