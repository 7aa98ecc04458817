"""Who may do what in the team's own work. Scope comes from organisations.scope through
`Inspection.objects.visible_to`; on top of it the team (the inspection's named teams, when it names any)
records and reads what is confidential, the organising side (office) prepares and reviews, and an inspected
unit sees only the requests addressed to it."""

from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import Inspection, InspectionStage


def _sees(user, inspection) -> bool:
    return Inspection.objects.visible_to(user).filter(pk=inspection.pk).exists()


def is_team(user, inspection) -> bool:
    """A member of the inspection's team: role 督察组 (or a duty giving it), in one of its named teams."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.has_role("team"):
        return False
    teams = set(inspection.teams.values_list("pk", flat=True))
    return (not teams or user.unit_id in teams) and _sees(user, inspection)


def is_office(user, inspection) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or (user.has_role("office") and _sees(user, inspection))


def may_view(user, inspection) -> bool:
    """The team's and the office's pages of the work (not the interview notes: `is_team` alone)."""
    return is_team(user, inspection) or is_office(user, inspection)


def require(ok: bool, what: str) -> None:
    if not ok:
        raise PermissionDeniedError(what)


def require_team(by, inspection, what: str) -> None:
    require(is_team(by, inspection), f"只有督察组可以{what}")


def require_either(by, inspection, what: str) -> None:
    require(may_view(by, inspection), f"只有督察组或督察办可以{what}")


def require_open(inspection) -> None:
    """Archived data is read-only (立卷归档)."""
    if inspection.stage == InspectionStage.ARCHIVED:
        raise WorkflowError("该督察已立卷归档，档案数据只读", field="inspection", code="archived")
