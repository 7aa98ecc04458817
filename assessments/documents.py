"""The assessment report (考核结果报告) in the official format: to 市委、市政府, copied to 纪委 and 组织部 (seed 003:
results go to them as a reference for evaluating and appointing cadres), as Word and PDF."""

from django.utils import timezone

from assessments import queries
from ducha.official import OfficialDocument
from organisations.queries import discipline_name


def report(scheme, period: str) -> OfficialDocument:
    rows = queries.report_rows(scheme, period)
    city = scheme.region.name
    label = f"{period[:4]}年第{period[5]}季度" if len(period) > 4 else f"{period}年度"
    doc = OfficialDocument(
        issuer=f"{city}生态环境保护考核工作领导小组办公室", title=f"关于{label}生态环境保护考核结果的报告",
        date=timezone.localdate(), addressees=[f"中共{city}委", f"{city}人民政府"], cc=[discipline_name(scheme.region), f"{city}委组织部"],
        file_name=f"{city}{label}生态环境保护考核结果报告",
    )  # fmt: skip
    vetoed = [r["unit"] for r in rows if r["vetoed"]]
    counts = {g: sum(r["grade"] == g for r in rows) for g in ("excellent", "good", "pass", "fail")}
    doc.p(
        f"根据《{scheme.name}》，现将{label}考核结果报告如下：共考核{len(rows)}个单位，优秀 {counts['excellent']} 个、"
        f"良好 {counts['good']} 个、合格 {counts['pass']} 个、不合格 {counts['fail']} 个。"
        + (f"{'、'.join(vetoed)}因一票否优情形不得评为优秀。" if vetoed else "")
    )
    doc.table(
        ("排名", "单位", "得分", "扣分", "等次"),
        [
            (
                r["rank"],
                r["unit"],
                f"{r['score']:.2f}",
                f"{r['deducted']:.2f}",
                r["grade_name"] + ("（一票否优）" if r["vetoed"] else ""),
            )
            for r in rows
        ],
    )
    doc.p(
        "扣分均由系统根据督办函、预警、约谈、举报件办理、调度报送、抽查和包联督导等记录自动计算，逐项可查。"
    )
    doc.p("特此报告。")
    return doc
