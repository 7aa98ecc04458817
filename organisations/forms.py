from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


class TownshipImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"),
        validators=[FileExtensionValidator(["xlsx"])],
        help_text=_("第一个工作表，表头含 区划代码 · 名称 · 上级区划代码；全部正确才会写入。"),
    )
