"""An Annex A run for the permission matrix and the access sweep."""

from __future__ import annotations

from datetime import date
from typing import Any

from openmash.returns.models import AnnexARun
from openmash.returns.services import annex_a_run_build, annex_a_run_request


def built_run(auditor: Any) -> AnnexARun:
    """A run built (its file kept under MEDIA_ROOT/returns, outside the repository: var/ is
    ignored), so its download answers 200."""
    run = annex_a_run_request(actor=auditor, inspection_date=date(2026, 11, 18))
    return annex_a_run_build(run)


def built_sac_run(auditor: Any) -> Any:
    """A Safeguarding Adults Collection built, its download answering 200."""
    from openmash.returns.sac_services import sac_run_build, sac_run_request

    return sac_run_build(sac_run_request(actor=auditor, period="2025-26"))


def built_cin_run(auditor: Any) -> Any:
    """A CIN census built (its XML kept under MEDIA_ROOT/returns), so its download answers 200."""
    from openmash.returns.cin_services import cin_run_build, cin_run_request

    return cin_run_build(cin_run_request(actor=auditor, label="2025-26"))
