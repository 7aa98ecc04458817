"""The fixed cast of every test: Xingtai city with two counties (A: 信都区, B: 任泽区), Handan next door,
an inspection office user, handlers in county A and B, a leader, and a superuser."""

import datetime as dt

import pytest

from accounts.models import Role, RoleCode, User
from organisations.models import Region, Unit, UnitKind


def make_region(code: str, name: str, level: str, parent: Region | None) -> Region:
    return Region.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        full_name=(parent.full_name if parent and parent.level != "country" else "") + name,
    )


def make_user(username: str, unit: Unit, *roles: str, **extra) -> User:
    user = User.objects.create_user(
        username=username, password="secret-pass-1", full_name=username, unit=unit, **extra
    )
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


# The configurable lists that data migrations seed (pollution types and the phrases that suggest them, forms
# of accountability, publication rules, article templates, field-check problem types): a transactional browser test flushes them, so the cast seeds them
# again through the migrations' own idempotent functions.
SEEDS = [
    ("complaints.migrations.0002_pollution_types_and_trigram", "seed"),
    ("screening.migrations.0002_type_rules", "seed"),
    ("accountability.migrations.0004_forms", "add_forms"),
    ("accountability.migrations.0007_publication_rules", "add_rules"),
    ("briefings.migrations.0002_templates", "add"),
    ("briefings.migrations.0003_field_findings", "add"),
    ("fieldchecks.migrations.0002_problem_types", "add"),
    ("complaints.migrations.0014_industry_categories", "add"),
]


def reseed_lists() -> None:
    import importlib

    from django.apps import apps

    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)


class Cast:
    def __init__(self):
        # Seeded by migrations; a transactional browser test before this one may have flushed them.
        for code, label in RoleCode.choices:
            Role.objects.get_or_create(code=code, defaults={"name": label})
        # Likewise the holiday table, which deadlines across National Day depend on.
        from workcalendar.models import CalendarDay, CalendarYear
        from workcalendar.seed import seed_calendar

        if not CalendarYear.objects.exists():
            seed_calendar(CalendarDay, CalendarYear)
        reseed_lists()
        self.country = make_region("000000", "全国", "country", None)
        self.hebei = make_region("130000", "河北省", "province", self.country)
        self.xingtai = make_region("130500", "邢台市", "city", self.hebei)
        self.county_a = make_region("130503", "信都区", "county", self.xingtai)
        self.county_b = make_region("130505", "任泽区", "county", self.xingtai)
        self.handan = make_region("130400", "邯郸市", "city", self.hebei)
        self.congtai = make_region("130403", "丛台区", "county", self.handan)
        self.province_office = Unit.objects.create(
            name="河北省环境保护督察办公室", kind=UnitKind.INSPECTION_BODY, region=self.hebei
        )
        self.team_unit = Unit.objects.create(
            name="第十一督察组", kind=UnitKind.INSPECTION_BODY, region=self.hebei
        )
        self.city_office = Unit.objects.create(
            name="邢台市保障工作组", kind=UnitKind.INSPECTION_BODY, region=self.xingtai
        )
        self.city_gov = Unit.objects.create(
            name="邢台市人民政府", kind=UnitKind.GOVERNMENT, region=self.xingtai
        )
        self.gov_a = Unit.objects.create(
            name="信都区人民政府", kind=UnitKind.GOVERNMENT, region=self.county_a
        )
        self.gov_b = Unit.objects.create(
            name="任泽区人民政府", kind=UnitKind.GOVERNMENT, region=self.county_b
        )
        self.handan_gov = Unit.objects.create(
            name="邯郸市人民政府", kind=UnitKind.GOVERNMENT, region=self.handan
        )
        self.inspector = make_user("inspector", self.team_unit, "team")
        self.province = make_user("province_office", self.province_office, "office")
        self.office = make_user("office", self.city_office, "office", is_staff=True)
        self.handler_a = make_user("handler_a", self.gov_a, "handler")
        self.handler_b = make_user("handler_b", self.gov_b, "handler", is_staff=True)
        self.signer_a = make_user("signer_a", self.gov_a, "signer")
        self.leader = make_user("leader", self.city_gov, "leader")
        self.root = User.objects.create_superuser("root", password="secret-pass-1")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness buys nothing in tests and costs seconds per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test builds its own regions and rolls them back: the processes' caches read them afresh.
    settings.GAZETTEER_VERSION_TTL = 0
    from inspections import cache as inspection_cache
    from organisations import cache as region_cache

    inspection_cache.forget()
    region_cache.forget()


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def make_inspection(cast):
    from inspections import workflow

    def make(code="HB-2018-HTK-11", *, by=None, targets=None, office=None, xingtai_rule=True, **fields):
        """An inspection of Xingtai by default, with Xingtai's own stricter rule (feedback within 3
        days) added by its office, as in seed 004; `xingtai_rule=False` leaves the team's rules alone."""
        values = {
            "name": "河北省环境保护督察“回头看”第十一督察组督察邢台市",
            "level": "provincial",
            "kind": "lookback",
            "team_name": "第十一督察组",
            "stationed_from": dt.date(2026, 11, 15),
            "stationed_until": dt.date(2026, 12, 15),
            "hotline": "0319-1234567",
        }
        values.update(fields)
        inspection = workflow.create_inspection(
            by=by or cast.province,
            code=code,
            office=office or cast.province_office,
            target_regions=targets or [cast.xingtai],
            **values,
        )
        covered = [t.prefix for t in inspection.target_regions.all()]
        if xingtai_rule and any(p.startswith("1305") or "1305".startswith(p) for p in covered):
            workflow.add_local_rule(
                inspection, by=cast.office, region=cast.xingtai, key="feedback_local", amount=3, unit="day"
            )
        return inspection

    return make
