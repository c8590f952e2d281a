"""Background jobs of the statutory returns (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from openmash.returns.cin_services import cin_run_build
from openmash.returns.models import AnnexARun, CinCensusRun
from openmash.returns.services import annex_a_run_build


@task()
def annex_a_run_task(run_id: int) -> str:
    run = AnnexARun.objects.select_related("requested_by").get(pk=run_id)
    return annex_a_run_build(run).status


@task()
def sac_run_task(run_id: int) -> str:
    from openmash.returns.models import SacRun
    from openmash.returns.sac_services import sac_run_build

    run = SacRun.objects.select_related("requested_by").get(pk=run_id)
    return sac_run_build(run).status


@task()
def cin_run_task(run_id: int) -> str:
    run = CinCensusRun.objects.select_related("requested_by").get(pk=run_id)
    return cin_run_build(run).status
