"""The demo's accounts and the admin permissions of each duty (the office, and the three administrators
of 等保 level 3 kept apart)."""

from django.contrib.auth.models import Group, Permission

# (username, full name, unit key or county code + suffix, roles, note for README)
ACCOUNTS = [
    ("hb_office", "河北督察办", "hb_office", ["office"]),
    ("hb_team11", "第十一督察组", "hb_team11", ["team"]),
    ("hb_team12", "第十二督察组", "hb_team12", ["team"]),
    # The three administrator duties (等保三级 三员分立): one person each, none holds another's.
    ("hb_sysadmin", "系统管理员", "hb_it", ["sysadmin"]),
    ("hb_secadmin", "安全管理员", "hb_it", ["secadmin"]),
    ("hb_auditadmin", "审计管理员", "hb_it", ["auditadmin"]),
    ("xt_office", "邢台保障组", "xt_office", ["office"]),
    ("xt_leader", "邢台市领导", "xt_gov", ["leader"]),
    ("xt_discipline", "邢台纪委监委", "xt_discipline", ["discipline"]),
    ("xt_xindu_handler", "信都区承办人", "130503:gov", ["handler"]),
    ("xt_xindu_signer", "信都区主要领导", "130503:gov", ["signer"]),
    ("xt_renze_handler", "任泽区承办人", "130505:gov", ["handler"]),
    ("xt_renze_signer", "任泽区主要领导", "130505:gov", ["signer"]),
    ("hd_office", "邯郸督察整改办", "hd_office", ["office"]),
    ("hd_congtai_handler", "丛台区承办人", "130403:gov", ["handler"]),
    ("hd_congtai_signer", "丛台区主要领导", "130403:gov", ["signer"]),
    ("zjk_office", "张家口督察整改办", "zjk_office", ["office"]),
    ("zjk_leader", "张家口市领导", "zjk_gov", ["leader"]),
    ("zjk_discipline", "张家口纪委监委", "zjk_discipline", ["discipline"]),
    ("zjk_chicheng_handler", "赤城县承办人", "130732:gov", ["handler"]),
    ("gd_team", "中央第四督察组", "gd_team", ["team"]),
    ("qy_office", "清远市创模办", "qy_office", ["office"]),
    ("qy_liaison", "清远市督察协调联络组", "qy_liaison", ["office"]),
    ("qy_leader", "清远市领导", "qy_gov", ["leader"]),
    ("qy_assessor", "华南环科所考核组", "qy_institute", ["assessor"]),
    ("qy_qingcheng_handler", "清城区承办人", "441802:gov", ["handler"]),
    ("qy_qingcheng_signer", "清城区主要领导", "441802:gov", ["signer"]),
    ("sx_team", "山西省督察组", "sx_team", ["team"]),
    ("sx_leader", "山西省督察组组长", "sx_team", ["team"]),  # signs the feedback report the team drafted
    ("lf_office", "临汾市环保领导小组办", "lf_office", ["office"]),
    ("lf_leader", "临汾市领导", "lf_gov", ["leader"]),
    ("lf_discipline", "临汾市纪委", "lf_discipline", ["discipline"]),
    ("lf_yaodu_handler", "尧都区承办人", "141002:gov", ["handler"]),
    ("lf_yaodu_signer", "尧都区主要领导", "141002:gov", ["signer"]),
    ("sn_team", "陕西省第三督察组", "sn_team", ["team"]),
    ("sn_office", "陕西省整改办", "sn_office", ["office"]),
    ("ak_office", "安康市整改办", "ak_office", ["office"]),
    ("ak_leader", "安康市领导", "ak_gov", ["leader"]),
    ("ak_discipline", "安康纪委监委", "ak_discipline", ["discipline"]),
    ("ak_hanbin_handler", "汉滨区承办人", "610902:gov", ["handler"]),
    ("ak_hanbin_signer", "汉滨区主要领导", "610902:gov", ["signer"]),
    ("ls_office", "丽水协调联络组", "ls_office", ["office"]),
    ("ls_team", "丽水综合巡查组", "ls_patrol", ["team"]),
    # No role granted: their groups' duties give them theirs (信访督办 → team, 督办监察 → discipline).
    ("ls_petition", "丽水信访督办组", "ls_petition", []),
    ("ls_discipline", "丽水督办监察组", "ls_supervision", []),
    ("ls_leader", "丽水市领导", "ls_gov", ["leader"]),
    ("ls_liandu_handler", "莲都区承办人", "331102:gov", ["handler"]),
    ("ls_liandu_signer", "莲都区主要领导", "331102:gov", ["signer"]),
]

OFFICE_PERMISSIONS = [
    ("organisations", "region", ("add", "change", "view")),
    ("organisations", "unit", ("add", "change", "view")),
    ("organisations", "person", ("add", "change", "view")),
    ("organisations", "post", ("add", "change", "delete", "view")),
    ("accounts", "user", ("add", "change", "view")),
    ("workcalendar", "calendarday", ("add", "change", "delete", "view")),
    ("workcalendar", "calendaryear", ("add", "change", "view")),
    ("inspections", "inspection", ("view",)),
    ("audit", "event", ("view",)),
    ("rectification", "feedbackreport", ("view",)),
    ("rectification", "task", ("view",)),
    ("rectification", "action", ("view",)),
    ("accountability", "record", ("add", "change", "view")),
]


# Admin permissions of each duty: (role, group name, [(app, model, actions)]).
ADMIN_GROUPS = [
    ("office", "督察办", OFFICE_PERMISSIONS),
    (
        "sysadmin",
        "系统管理员",
        [
            ("organisations", "region", ("add", "change", "view")),
            ("organisations", "unit", ("add", "change", "view")),
            ("organisations", "person", ("add", "change", "view")),
            ("organisations", "post", ("add", "change", "delete", "view")),
            ("workcalendar", "calendarday", ("add", "change", "delete", "view")),
            ("workcalendar", "calendaryear", ("add", "change", "view")),
            ("complaints", "pollutiontype", ("add", "change", "view")),
        ],
    ),
    (
        "secadmin",
        "安全管理员",
        [
            ("accounts", "user", ("add", "change", "view")),
            ("accounts", "apitoken", ("view", "delete")),
            # To pick an account's unit and person in the form (autocomplete needs view).
            ("organisations", "unit", ("view",)),
            ("organisations", "person", ("view",)),
            ("axes", "accessattempt", ("view", "delete")),
        ],
    ),
    ("auditadmin", "审计管理员", [("audit", "event", ("view",)), ("audit", "chaincheck", ("view",))]),
]


def admin_groups_by_role() -> dict[str, Group]:
    """Each admin group with exactly its duty's permissions, by the role that brings it."""
    groups = {}
    for role, name, permissions in ADMIN_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        perms = []
        for app, model, actions in permissions:
            codenames = [f"{action}_{model}" for action in actions]
            perms += Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
        group.permissions.set(perms)
        groups[role] = group
    return groups
