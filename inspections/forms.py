from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.models import Inspection
from organisations.models import Region, Unit, UnitKind


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}（{obj.code}）"


class InspectionForm(forms.ModelForm):
    """Input for creating or editing an inspection; the rules live in inspections.workflow."""

    target_regions = RegionChoiceField(
        label=_("被督察区域"), queryset=Region.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    target_units = forms.ModelMultipleChoiceField(
        label=_("被督察单位（市直相关部门等）"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("督察组及工作组"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Inspection
        fields = [
            "code",
            "name",
            "level",
            "kind",
            "round_number",
            "team_name",
            "office",
            "target_regions",
            "target_units",
            "teams",
            "stationed_from",
            "stationed_until",
            "hotline",
            "postal_box",
            "accepting_from",
            "accepting_until",
            "duplicate_threshold",
            "description",
        ]
        widgets = {
            "stationed_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stationed_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accepting_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "accepting_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "code": forms.TextInput(attrs={"placeholder": "HB-2018-HTK-12", "autocapitalize": "characters"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_regions"].queryset = (
            Region.objects.visible_to(user).filter(depth__lte=3).order_by("code")
        )
        units = Unit.objects.visible_to(user).select_related("region")
        self.fields["office"].queryset = units
        self.fields["duplicate_threshold"].required = False
        self.fields["teams"].queryset = units.filter(kind=UnitKind.INSPECTION_BODY)
        self.fields["target_units"].queryset = units.exclude(kind=UnitKind.INSPECTION_BODY).order_by(
            "region__code", "sort_order", "name"
        )
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["office"].disabled = True
            self.initial["target_regions"] = [t.region_id for t in self.instance.targets.all()]
        elif user.unit_id:
            self.initial.setdefault("office", user.unit_id)

    def validate_unique(self):
        """Uniqueness of the code is checked by the workflow, which reports it on the same field."""

    def validate_constraints(self):
        """Date and time order are checked by the workflow, which names the field in plain words."""
