"""Fill locale/en/LC_MESSAGES/django.po from the table below (run after `manage.py makemessages -l en`).

The interface is written in Simplified Chinese; this table is its English second language.
"""

import re
import sys
from pathlib import Path

EN = {
    "身份": "Identity", "权限": "Permissions", "时间": "Dates", "账户": "Accounts", "督察办": "Inspection office",
    "督察组": "Inspection team", "承办人": "Handler", "签字领导": "Signing leader", "纪检监察": "Discipline",
    "领导（只读）": "Leader (read-only)", "代码": "Code", "名称": "Name", "说明": "Description", "角色": "Role",
    "姓名": "Name", "所属单位": "Unit", "对应人员": "Person", "手机": "Mobile", "用户": "User", "用途": "Purpose",
    "创建时间": "Created", "最近使用": "Last used", "过期时间": "Expires", "API 令牌": "API token",
    "操作记录": "Activity", "对象类型": "Subject type", "对象编号": "Subject id", "区域前缀": "Region prefix",
    "动作": "Action", "原状态": "From", "新状态": "To", "数据": "Data", "操作人": "By", "事件": "Event",
    "督察系统": "Inspection system", "账户已锁定": "Account locked", "返回登录": "Back to sign-in", "登录": "Sign in",
    "登录 ducha 环保督察系统": "Sign in to ducha", "用户名": "Username", "密码": "Password",
    "连续输错密码 5 次，账户将锁定 30 分钟。": "Five wrong passwords in a row lock the account for 30 minutes.",
    "修改密码": "Change password", "保存": "Save", "密码已修改": "Password changed", "返回工作台": "Back to workbench",
    "工作台": "Workbench", "环保督察": "Environmental inspections", "督察": "Inspections", "组织机构": "Organisation",
    "系统管理": "Administration", "退出": "Sign out",
    "%(years)s 年的节假日与调休安排尚未录入，工作日期限暂按周一至周五计算。":
        "The official holiday arrangement for %(years)s has not been entered; working-day deadlines count Monday to Friday.",
    "去录入": "Enter it", "待我处理": "Needs me", "暂无需要您处理的事项。": "Nothing needs you right now.",
    "我的区域": "My region", "省级": "Province", "地级": "City", "县级": "County", "乡级": "Township",
    "全国": "Nation", "个单位": "units", "您的账户尚未关联单位，请联系管理员。":
        "Your account is not attached to a unit yet; ask an administrator.",
    "正在进驻的督察": "Inspections stationed now", "编号": "Code", "进驻期": "Stationing", "剩余": "Left",
    "目前没有在您辖区进驻的督察组。": "No team is stationed in your area.", "我的督察": "My inspections", "全部": "All",
    "上一页": "Previous", "第 %(n)s / %(total)s 页，共 %(c)s 项": "Page %(n)s of %(total)s, %(c)s items",
    "下一页": "Next", "共 %(counter)s 项": "%(counter)s items", "时限": "Limit", "单位": "Unit", "启用": "Active",
    "层级": "Level", "被督察区域": "Regions inspected", "阶段": "Stage", "进驻中": "stationed",
    "没有符合条件的督察。": "No matching inspection.", "编辑": "Edit", "进入“%(s)s”": "Move to “%(s)s”",
    "退回“%(s)s”": "Back to “%(s)s”", "退回理由": "Reason", "退回": "Move back", "基本信息": "Details",
    "层级 / 类型": "Level / kind", "第%(n)s轮": "round %(n)s", "督察组及工作组": "Teams and working groups",
    "组织单位": "Organising office", "值班电话": "Hotline", "邮政信箱": "Postal box", "受理时间": "Accepting hours",
    "每天 %(a)s—%(b)s": "daily %(a)s–%(b)s", "时限规则": "Deadline rules", "规则": "Rule", "起算": "Starts at",
    "创建了督察": "created the inspection", "修改了": "changed", "调整时限": "changed a deadline",
    "暂无记录": "Nothing yet", "新建督察": "New inspection", "编辑督察": "Edit inspection", "取消": "Cancel",
    "按名称或编号搜索": "Search by name or code", "搜索": "Search", "全部层级": "All levels", "全部阶段": "All stages",
    "筛选": "Filter", "展开": "Expand", "%(n)s 个单位": "%(n)s units", "没有下级区域。": "No subordinate regions.",
    "乡镇（街道）可由督察办导入。": "An inspection office can import townships.",
    "导入乡镇（街道）": "Import townships", "在本区域及下级中搜索单位": "Search units here and below",
    "单位搜索：“%(q)s”": "Units matching “%(q)s”", "没有找到": "Nothing found", "下级区域": "Subordinate regions",
    "本级单位": "Units at this level", "类型": "Kind", "负责人": "Heads",
    "本级暂无登记的单位。": "No unit registered at this level.", "领导与职务": "Leaders and posts", "职务": "Post",
    "主要领导": "principal", "涉及本区域的督察": "Inspections of this region", "导入": "Import",
    "发现 %(n)s 处错误，未导入任何数据：": "%(n)s errors found; nothing was imported:",
    "所属区域": "Region", "上级单位": "Parent unit", "联系电话": "Phone", "地址": "Address", "下属单位": "Sub-units",
    "暂无登记。": "None registered.", "本单位账户": "Accounts of this unit", "中央": "Central", "市级": "Municipal",
    "例行督察": "Routine", "专项督察": "Special", "“回头看”": "Look-back", "综合督查": "Comprehensive",
    "督察准备": "Preparation", "督察进驻": "Stationed", "督察报告": "Report", "督察反馈": "Feedback",
    "移交移送": "Handover", "督察整改": "Rectification", "立卷归档": "Archived",
    "简短唯一编号，如 HB-2018-HTK-12（字母、数字、连字符）": "Short unique code such as HB-2018-HTK-12 (letters, digits, hyphens)",
    "轮次": "Round", "如 中央第四环境保护督察组": "e.g. Central 4th Environmental Protection Inspection Team",
    "负责本次督察的督察办或协调联络组": "The office or liaison group in charge",
    "进驻开始": "Stationed from", "进驻结束": "Stationed until", "受理开始时间": "Accepting from",
    "受理结束时间": "Accepting until", "创建人": "Created by", "更新时间": "Updated", "收到举报": "Complaint received",
    "批次交办": "Batch issued", "转办至承办单位": "Forwarded to handler", "督察反馈意见送达": "Feedback report received",
    "批准延期": "Extension granted", "转办至县（市、区）": "Forward to the county", "向督察组反馈": "Feedback to the team",
    "本地从严反馈": "Stricter local feedback", "报送整改方案": "Rectification plan", "12369 受理": "12369 acceptance",
    "12369 办结": "12369 closure", "12369 延期": "12369 extension", "起算事件": "Start event", "Excel 文件": "Excel file",
    "区划代码": "Division code", "深度": "Depth", "代码前缀": "Code prefix", "上级": "Parent", "全称": "Full name",
    "经度": "Longitude", "纬度": "Latitude", "数据来源": "Source", "行政区域": "Region", "党委": "Party committee",
    "政府": "Government", "部门": "Department", "开发区管委会": "Development zone", "纪委监委": "Discipline commission",
    "督察机构": "Inspection body", "其他": "Other", "单位名称": "Unit name", "简称": "Short name", "有效": "Active",
    "排序": "Order", "备注": "Note", "人员": "People", "任职日期": "Since", "离任日期": "Until",
    "工作日历": "Working calendar", "小时": "hours", "自然日": "days", "工作日": "working days", "月": "months",
    "放假": "Holiday", "调休上班": "Make-up workday", "日期": "Date", "节日": "Festival",
    "节假日与调休": "Holidays and make-up days", "年份": "Year", "来源": "Source", "已录入年份": "Years entered",
    "党委书记、政府主要负责人等，可签字把关": "Party secretary, head of government …: may sign",
    "第一个工作表，表头含 区划代码 · 名称 · 上级区划代码；全部正确才会写入。":
        "First sheet, header 区划代码 · 名称 · 上级区划代码; written only if every row is right.",
}

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+))(msgid_plural ((?:"(?:[^"\\]|\\.)*"\s*)+))?'
                   r'((?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\s*)+)+)')


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def fill(match: re.Match) -> str:
    msgid = unquote(match.group(2))
    english = EN.get(msgid)
    if not msgid or english is None:
        return match.group(0)
    english = english.replace('"', '\\"')
    if match.group(3):
        return f'{match.group(1)}{match.group(3)}msgstr[0] "{english}"\nmsgstr[1] "{english}"\n\n'
    return f'{match.group(1)}msgstr "{english}"\n\n'


def main(path: str) -> None:
    po = Path(path)
    text = ENTRY.sub(fill, po.read_text())
    text = text.replace("#, fuzzy\n", "", 1)
    po.write_text(text)
    missing = [m for m in (unquote(g) for g in re.findall(r'msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', text)) if m and m not in EN]
    print(f"{len(EN)} translations; untranslated: {len(missing)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "locale/en/LC_MESSAGES/django.po")
