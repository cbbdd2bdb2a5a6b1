"""The solver package stays free of Django, so it can be tested and benchmarked alone."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import partnerhub.solver

PACKAGE = Path(partnerhub.solver.__file__).parent


def test_importing_and_running_the_solver_loads_no_django():
    # A fresh interpreter (this one has Django loaded by pytest-django already).
    code = """
import sys
from partnerhub.solver import (
    Nominee, Participant, Quotas, Workshop, assign_workshops, select_participants,
)
assign_workshops([Participant(1, "en", "g")], [Workshop("w", 1, 1)], {1: {1: ["w"]}},
                 group_weight=1, seed=1)
select_participants([Nominee(1, "germany", "DE")], Quotas(1, 1), mode="lottery", seed=1)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not loaded, loaded
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    src = str(PACKAGE.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"


def test_no_module_of_the_package_imports_django_or_another_app():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert not name.startswith("django"), (path.name, name)
                assert not name.startswith("partnerhub"), (path.name, name)  # relative only
