"""Pages of assessment: the schemes, a scheme's period with its ranking and charts, one unit's indicators
and deductions (each opening the record that caused it), scores, vetoes, publication and objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import compute, documents, periods, queries, workflow
from assessments.models import (
    Frequency,
    IndicatorKind,
    Objection,
    Publication,
    Result,
    SubjectKind,
    Veto,
    VetoCondition,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.official import respond
from ducha.pages import attempt
from organisations.models import Region


def _period(request, scheme) -> str:
    choices = periods.periods_of(scheme.year, scheme.frequency == Frequency.QUARTERLY)
    period = (request.GET.get("period") or request.POST.get("period") or "").upper()
    return period if period in choices else choices[-1]


@login_required
def scheme_list(request):
    user = request.user
    if request.method == "POST":
        region = get_object_or_404(Region.objects.visible_to(user), code=request.POST.get("region", ""))
        year = request.POST.get("year", "")
        scheme = attempt(
            request,
            lambda: workflow.create_scheme(
                by=user, region=region, code=request.POST.get("code", ""), name=request.POST.get("name", ""),
                year=int(year) if year.isdigit() else 0, subject_kind=request.POST.get("subject_kind", ""),
                frequency=request.POST.get("frequency", Frequency.ANNUAL),
            ),
            done="已制定考核方案",
        )  # fmt: skip
        if scheme is not None:
            return redirect("assessment_scheme", scheme.pk)
    return render(
        request,
        "assessments/list.html",
        {
            "schemes": queries.schemes_for(user)
            .select_related("region")
            .order_by("-year", "code", "-version")[:100],
            "is_office": user.has_role("office"),
            "cities": Region.objects.visible_to(user).filter(level="city").order_by("code")[:50],
            "kinds": SubjectKind.choices,
            "frequencies": Frequency.choices,
        },
    )


@login_required
def scheme_detail(request, pk):
    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    period = _period(request, scheme)
    results = list(queries.results(user, scheme, period))
    publication = Publication.objects.filter(scheme=scheme, period=period).first()
    indicators = scheme.indicators.select_related("parent", "assessor").prefetch_related("rules")
    return render(
        request,
        "assessments/scheme.html",
        {
            "scheme": scheme,
            "period": period,
            "periods": periods.periods_of(scheme.year, scheme.frequency == Frequency.QUARTERLY),
            "results": results,
            "chart": [
                {"name": r.subject.unit.name, "score": float(r.score), "vetoed": r.vetoed} for r in results
            ],
            "publication": publication,
            "indicators": indicators,
            "is_office": user.has_role("office"),
            "is_overseer": queries.is_overseer(user),
            "vetoes": Veto.objects.filter(scheme=scheme).select_related(
                "subject__unit", "proposed_by", "approved_by"
            ),
            "objections": Objection.objects.filter(
                result__scheme=scheme, result__period=period
            ).select_related("result__subject__unit")
            if queries.is_overseer(user)
            else [],
            "conditions": VetoCondition.choices,
            "subjects": queries.visible_subjects(user, scheme),
            "versions": scheme.__class__.objects.filter(code=scheme.code).order_by("version"),
        },
    )


@login_required
@require_POST
def scheme_action(request, pk, action):
    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    period = _period(request, scheme)
    data = request.POST
    back = f"{reverse('assessment_scheme', args=[scheme.pk])}?period={period}"
    if action == "compute":
        if not user.has_role("office") and not user.is_superuser:
            raise PermissionDenied("只有督察（考核）办可以计算考核结果")
        outcome = compute.recompute(scheme, period)
        messages.success(request, f"已计算 {outcome['results']} 个单位的 {period} 考核结果")
    elif action == "publish":
        attempt(request, lambda: workflow.publish(scheme, by=user, period=period), done="已在门户公布排名")
    elif action == "veto":
        subject = get_object_or_404(scheme.subjects, pk=data.get("subject") or 0)
        attempt(request, lambda: workflow.propose_veto(
            by=user, scheme=scheme, subject=subject, period=period, condition=data.get("condition", ""),
            description=data.get("description", ""), evidence=request.FILES.get("evidence"),
        ), done="已提出一票否优，待另一位督察办负责人批准")  # fmt: skip
    elif action == "approve":
        veto = get_object_or_404(Veto.objects.filter(scheme=scheme), pk=data.get("veto") or 0)
        attempt(request, lambda: workflow.approve_veto(veto, by=user), done="已批准一票否优；重新计算后生效")
    elif action == "score":
        subject = get_object_or_404(queries.visible_subjects(user, scheme), pk=data.get("subject") or 0)
        indicator = get_object_or_404(
            scheme.indicators.exclude(kind__in=[IndicatorKind.GROUP, IndicatorKind.AUTOMATIC]),
            pk=data.get("indicator") or 0,
        )
        attempt(request, lambda: workflow.enter_score(
            by=user, indicator=indicator, subject=subject, period=period, points=data.get("points", ""),
            note=data.get("note", ""), evidence=request.FILES.get("evidence"),
        ), done="已录入得分")  # fmt: skip
        back = f"{reverse('assessment_subject', args=[scheme.pk, subject.pk])}?period={period}"
    elif action == "object":
        result = get_object_or_404(
            Result.objects.filter(scheme=scheme, period=period), pk=data.get("result") or 0
        )
        attempt(
            request,
            lambda: workflow.raise_objection(result, by=user, reason=data.get("reason", "")),
            done="已提出异议",
        )
    elif action == "decide":
        objection = get_object_or_404(
            Objection.objects.filter(result__scheme=scheme), pk=data.get("objection") or 0
        )
        attempt(request, lambda: workflow.decide_objection(
            objection, by=user, upheld=data.get("upheld") == "1", decision=data.get("decision", "")
        ), done="已处理异议")  # fmt: skip
    elif action == "revise":
        revised = attempt(
            request,
            lambda: workflow.revise_scheme(scheme, by=user, starts_with=data.get("starts_with", "")),
            done="已生成新版本",
        )
        if revised is not None:
            return redirect("assessment_scheme", revised.pk)
    else:
        raise PermissionDenied("未知操作")
    return redirect(back)


@login_required
def subject_detail(request, pk, subject):
    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    target = queries.subject_for(user, scheme, subject)
    period = _period(request, scheme)
    result = Result.objects.filter(scheme=scheme, period=period, subject=target).first()
    rows = [(d, queries.link_of(d)) for d in queries.deductions(scheme, period, target)]
    scores = {s.indicator_id: s for s in target.scores.filter(period=period).select_related("entered_by")}
    indicators = []
    for indicator in scheme.indicators.exclude(kind=IndicatorKind.GROUP).prefetch_related("rules"):
        lost = sum((d.points for d, _ in rows if d.indicator_id == indicator.pk), start=0)
        indicators.append({
            "indicator": indicator, "lost": lost, "capped": min(lost, indicator.deduction_cap) if lost else 0,
            "score": scores.get(indicator.pk), "may_score": workflow.may_score(user, indicator),
        })  # fmt: skip
    return render(
        request,
        "assessments/subject.html",
        {
            "scheme": scheme, "subject": target, "period": period, "result": result, "rows": rows,
            "indicators": indicators, "trend": queries.trend(scheme, target),
            "periods": periods.periods_of(scheme.year, scheme.frequency == Frequency.QUARTERLY),
            "may_object": result is not None and user.unit_id == target.unit_id
            and Publication.objects.filter(scheme=scheme, period=period).exists(),
        },
    )  # fmt: skip


@login_required
def score_import(request, pk):
    from imports.models import JobStatus
    from imports.workflow import start_import
    from organisations.forms import TownshipImportForm

    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    if not user.has_role("office", "assessor"):
        raise PermissionDenied("督察办或第三方考核机构可以导入得分")
    form = TownshipImportForm(request.POST or None, request.FILES or None)
    form.fields[
        "file"
    ].help_text = (
        "第一个工作表，表头含 考核期 · 被考核单位 · 指标编号 · 得分（可加 评分说明）；全部正确才会写入。"
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import("assessment_scores", subject=scheme, upload=form.cleaned_data["file"], by=user)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from None
        except WorkflowError as error:
            form.add_error("file", error.message)
        else:
            if job.status == JobStatus.DONE:
                messages.success(request, job.message)
                return redirect("assessment_scheme", scheme.pk)
            if job.finished and not job.errors:
                form.add_error("file", job.message)
            elif job.finished:
                errors = job.errors
            else:
                return redirect("import_job", job.pk)
    return render(request, "assessments/import.html", {"form": form, "errors": errors, "scheme": scheme})


@login_required
def report_document(request, pk):
    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    if not queries.is_overseer(user):
        raise PermissionDenied("考核报告供督察（考核）办和领导使用")
    return respond(documents.report(scheme, _period(request, scheme)), request)
