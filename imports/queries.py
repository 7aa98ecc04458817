from django.shortcuts import get_object_or_404

from imports.models import ImportJob


def job_for(user, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.visible_to(user).select_related("created_by"), pk=pk)
