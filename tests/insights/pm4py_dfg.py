"""Run by tests/insights/test_journey_pm4py.py in pm4py's own environment (make pm4py-venv):
reads an event log as CSV (case, activity, timestamp) and prints pm4py's directly-follows
graph, its performance (median seconds per arrow), start and end activities and variants as JSON.
"""

import json
import sys

import pandas as pd
import pm4py  # type: ignore[import-not-found]

log = pd.read_csv(sys.argv[1], dtype={"case": str})
log["timestamp"] = pd.to_datetime(log["timestamp"], utc=True)
log = pm4py.format_dataframe(
    log, case_id="case", activity_key="activity", timestamp_key="timestamp"
)
dfg, starts, ends = pm4py.discover_dfg(log)
performance, _, _ = pm4py.discover_performance_dfg(log)
variants = pm4py.get_variants(log)
print(
    json.dumps(
        {
            "arrows": [[a, b, int(n)] for (a, b), n in dfg.items()],
            "medians": [[a, b, float(p["median"])] for (a, b), p in performance.items()],
            "starts": {k: int(v) for k, v in starts.items()},
            "ends": {k: int(v) for k, v in ends.items()},
            "variants": [[list(v), int(n)] for v, n in variants.items()],
        }
    )
)
