"""Run the DfE CIN census rules (csc-validator-be-cin) on one XML file and print what they find
as JSON: {"errors": n, "queries": n, "issues": [...]}. Runs in the validator's own virtual
environment (make cin-validator), never in OpenMASH's: its pins clash with ours.

    .venv-cin-validator/bin/python scripts/cin_validate.py FILE.xml [cin2025_26]
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
import xml.etree.ElementTree as ET


def main() -> int:
    warnings.filterwarnings("ignore")
    path = sys.argv[1]
    ruleset = sys.argv[2] if len(sys.argv) > 2 else "cin2025_26"
    from cin_validator import cin_validator  # type: ignore[import-not-found]

    root = ET.parse(path).getroot()  # noqa: S314 (our own generated file)
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    validator = cin_validator.CinValidator(data, registry)
    issues = validator.full_issue_df
    rows = []
    for record in issues.to_dict("records"):
        rows.append({key: str(value) for key, value in record.items()})
    # A rule whose code ends in Q is a query (fix or explain); the others are errors.
    errors = sum(1 for r in rows if not r.get("rule_code", "").endswith("Q"))
    queries = len(rows) - errors
    print(json.dumps({"ruleset": ruleset, "errors": errors, "queries": queries, "issues": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
