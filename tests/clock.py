"""The fixed "now" every test runs at, and the awkward nows CI runs the clock tests at again.

No test reads the real calendar: `tests/conftest.py` moves the clock to `OPENMASH_TEST_NOW` (an ISO
date and time with its offset), or to `DEFAULT_NOW`, before each test, and lets it tick from there.
`make test-clocks` (and CI) runs the tests marked `clock` once at each of `AWKWARD_NOWS`, so a test
that only passes on an ordinary weekday shows itself before the calendar reaches the day it fails.
Mark a test module `pytestmark = pytest.mark.clock` when what it checks depends on "now".
"""

from __future__ import annotations

import os
from datetime import datetime

# An ordinary working morning: Wednesday 18 November 2026, 10:30 in London (GMT).
DEFAULT_NOW = "2026-11-18T10:30:00+00:00"

AWKWARD_NOWS = {
    # Saturday night: nothing is a working hour until Monday 09:00.
    "saturday-night": "2026-11-21T23:30:00+00:00",
    # 16:59 on Christmas Eve 2026 (a Thursday): the 25th, the weekend and the substitute Boxing Day
    # (Monday 28th) follow, so the next working minute is Tuesday 29 December.
    "bank-holiday-eve": "2026-12-24T16:59:00+00:00",
    # 01:30 BST on Sunday 25 October 2026: at 02:00 BST the clocks go back and 01:00-02:00 repeats.
    "clocks-go-back": "2026-10-25T00:30:00+00:00",
}


def fixed_now() -> datetime:
    """The instant this test run starts each test at."""
    return datetime.fromisoformat(os.environ.get("OPENMASH_TEST_NOW") or DEFAULT_NOW)
