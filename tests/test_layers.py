"""The floors and the access gate are enforced by `make lint`: import-linter's contracts in
pyproject.toml and scripts/check_gates.py. These tests prove each rule bites: on a copy of the
code, the lint fails with one offending module added and passes again without it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code as it is, in a folder of its own, so probes never touch the working tree."""
    folder = tmp_path_factory.mktemp("layers")
    for package in ("openmash", "config"):
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", folder)
    return folder


def lint_imports(folder: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    chosen = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", *chosen],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_check_gates() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gates", ROOT / "scripts/check_gates.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(copy: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text(source)


def remove(copy: Path, files: dict[str, str]) -> None:
    for name in files:
        (copy / name).unlink()
        if name.endswith("__init__.py"):
            shutil.rmtree((copy / name).parent)


def test_the_code_keeps_every_import_contract(copy: Path) -> None:
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("contract", "files", "named"),
    [
        pytest.param(
            "floors",
            {"openmash/core/probe.py": "def f():\n    from openmash.contacts import models\n"},
            "openmash.core.probe -> openmash.contacts.models",
            id="the kernel imports a domain app, inside a function",
        ),
        pytest.param(
            "floors",
            {"openmash/people/probe.py": "from openmash.frontdoor.panels import *\n"},
            "openmash.people.probe -> openmash.frontdoor.panels",
            id="people imports frontdoor",
        ),
        pytest.param(
            "floors",
            {"openmash/newapp/__init__.py": ""},
            "openmash.newapp",
            id="a new app without a floor",
        ),
        pytest.param(
            "demo",
            {"config/probe.py": "import openmash.demo.work\n"},
            "config.probe -> openmash.demo.work",
            id="the wiring imports the demo app",
        ),
        pytest.param(
            "synthetic",
            {"config/probe.py": "from openmash.synthetic import loader\n"},
            "config.probe -> openmash.synthetic.loader",
            id="production code imports the synthetic generator",
        ),
        pytest.param(
            "config",
            {"openmash/core/probe.py": "def f():\n    import config.urls\n"},
            "openmash.core.probe -> config.urls",
            id="an app imports the wiring",
        ),
    ],
)
def test_each_import_contract_bites(
    copy: Path, contract: str, files: dict[str, str], named: str
) -> None:
    write(copy, files)
    try:
        broken = lint_imports(copy, contract)
    finally:
        remove(copy, files)
    assert broken.returncode == 1, broken.stdout
    assert named in broken.stdout
    assert lint_imports(copy, contract).returncode == 0


@pytest.mark.parametrize(
    ("files", "named"),
    [
        pytest.param(
            {
                "openmash/contacts/views/probe.py": (
                    "from openmash.contacts.models import Contact\n\n"
                    "def probe(pk):\n    return Contact.objects.get(pk=pk)\n"
                )
            },
            "openmash/contacts/views/probe.py:4: Contact.objects",
            id="a view reads contacts past the gate",
        ),
        pytest.param(
            {
                "openmash/frontdoor/apis/probe.py": (
                    "from openmash.people.models import Person as P\n\n"
                    "def probe():\n    return P._default_manager.all()\n"
                )
            },
            "openmash/frontdoor/apis/probe.py:4: Person._default_manager",
            id="an API view reads people past the gate, under another name",
        ),
        pytest.param(
            {
                "openmash/frontdoor/forms/probe.py": (
                    "from openmash.frontdoor import models\n\n"
                    "CHOICES = models.InformationRequest.objects.all()\n"
                )
            },
            "openmash/frontdoor/forms/probe.py:3: InformationRequest.objects",
            id="a form reads information requests past the gate",
        ),
        pytest.param(
            {
                "openmash/people/probe.py": (
                    "def persons_probe_visible_to(user) -> QuerySet[Person]:\n    ...\n"
                )
            },
            "openmash/people/probe.py:1: the gate persons_probe_visible_to",
            id="an access gate outside permissions.py",
        ),
    ],
)
def test_the_gate_check_bites(copy: Path, files: dict[str, str], named: str) -> None:
    check_gates = load_check_gates()
    assert check_gates.check(copy / "openmash") == []
    write(copy, files)
    try:
        problems = check_gates.check(copy / "openmash")
    finally:
        remove(copy, files)
    assert len(problems) == 1
    assert problems[0].startswith(named)
    assert check_gates.check(copy / "openmash") == []
