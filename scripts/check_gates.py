#!/usr/bin/env python3
"""The access gate, enforced (after zulip's lint rule for streams). Run by `make lint`.

- A gated model is one an app's `permissions.py` guards: the model a `*_get_for_<purpose>` or
  `*_visible_to` function there returns, read from its return annotation (`-> Contact`,
  `-> QuerySet[Contact]`).
- Interfaces (modules matching */views*, */apis* or *forms*) never use `<GatedModel>.objects`:
  they read through the gate or a selector.
- Every such gate function lives in its app's `permissions.py`.

Usage: scripts/check_gates.py [PACKAGE_DIR]  (default: openmash/ beside this script's folder).
Prints one line per offence and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import re
import sys
from fnmatch import fnmatch
from pathlib import Path

GATE_NAME = re.compile(r"^[a-z]\w*(_get_for_[a-z_]+|_visible_to)$")
GATE_DEFINED = re.compile(r"^def [a-z]\w*(_get_for_[a-z_]+|_visible_to)\(", re.MULTILINE)
INTERFACE_PATTERNS = ("*/views*", "*/apis*", "*forms*")
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def _returned_model(annotation: ast.expr | None) -> str | None:
    if isinstance(annotation, ast.Subscript):  # QuerySet[Contact]
        annotation = annotation.slice
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.removeprefix("QuerySet[").removesuffix("]")
    return annotation.id if isinstance(annotation, ast.Name) else None


def _gates(tree: ast.Module) -> list[ast.FunctionDef]:
    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and GATE_NAME.match(node.name)
    ]


def _model_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> imported name, so `from x import Contact as C` still counts."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


def _manager_uses(tree: ast.Module, gated: set[str]) -> list[tuple[int, str]]:
    imported = _model_names(tree)
    uses = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
            continue
        owner = node.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        model = imported.get(name, name) if isinstance(name, str) else None
        if model in gated:
            uses.append((node.lineno, f"{model}.{node.attr}"))
    return uses


def check(package: Path) -> list[str]:
    root = package.parent
    sources = {
        path: path.read_text()
        for path in sorted(package.rglob("*.py"))
        if "migrations" not in path.parts
    }
    gated: set[str] = set()
    problems = []
    for path, source in sources.items():
        if not GATE_DEFINED.search(source):  # most modules: no need to parse them
            continue
        for gate in _gates(ast.parse(source, filename=str(path))):
            if path.name == "permissions.py":
                model = _returned_model(gate.returns)
                if model:
                    gated.add(model)
            else:
                where = f"{path.relative_to(root)}:{gate.lineno}"
                problems.append(f"{where}: the gate {gate.name} belongs in permissions.py")
    for path, source in sources.items():
        relative = path.relative_to(root).as_posix()
        if not any(fnmatch(relative, pattern) for pattern in INTERFACE_PATTERNS):
            continue
        for line, use in _manager_uses(ast.parse(source, filename=str(path)), gated):
            problems.append(
                f"{relative}:{line}: {use} in an interface; read it through its access gate "
                "or a selector"
            )
    return problems


def main(argv: list[str]) -> int:
    package = (
        Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "openmash"
    )
    problems = check(package)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
