"""The assessment report (考核结果报告) as Word: to 市委、市政府, copied to 纪委 and 组织部 (seed 003: results
go to them as a reference for evaluating and appointing cadres)."""

from assessments import queries
from ducha.spreadsheets import safe_value
from ducha.word import foot, head, new_document, paragraph, to_bytes


def report(scheme, period: str) -> tuple[str, bytes]:
    rows = queries.report_rows(scheme, period)
    office = f"{scheme.region.name}生态环境保护考核工作领导小组办公室"
    label = f"{period[:4]}年第{period[5]}季度" if len(period) > 4 else f"{period}年度"
    document = new_document()
    head(document, office, f"关于{label}生态环境保护考核结果的报告", "")
    city = scheme.region.name
    paragraph(document, f"中共{city}委、{city}人民政府：", indent=False)
    vetoed = [r["unit"] for r in rows if r["vetoed"]]
    paragraph(
        document,
        f"根据《{scheme.name}》，现将{label}考核结果报告如下：共考核{len(rows)}个单位，"
        f"优秀 {sum(r['grade'] == 'excellent' for r in rows)} 个、良好 {sum(r['grade'] == 'good' for r in rows)} 个、"
        f"合格 {sum(r['grade'] == 'pass' for r in rows)} 个、不合格 {sum(r['grade'] == 'fail' for r in rows)} 个。"
        + (f"{'、'.join(vetoed)}因一票否优情形不得评为优秀。" if vetoed else ""),
    )
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("排名", "单位", "得分", "扣分", "等次"), strict=True):
        cell.text = text
    for r in rows:
        values = (
            r["rank"],
            r["unit"],
            f"{r['score']:.2f}",
            f"{r['deducted']:.2f}",
            r["grade_name"] + ("（一票否优）" if r["vetoed"] else ""),
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = safe_value(str(value))
    paragraph(
        document,
        "扣分均由系统根据督办函、预警、约谈、举报件办理、调度报送、抽查和包联督导等记录自动计算，逐项可查。",
    )
    paragraph(document, "特此报告。")
    from django.utils import timezone

    foot(document, office, timezone.localdate())
    paragraph(document, f"抄送：{city}纪委监委，{city}委组织部。", indent=False, size=14)
    return f"{scheme.region.name}{label}生态环境保护考核结果报告.docx", to_bytes(document)
