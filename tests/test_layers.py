"""The floors of the house: core → ingest → retriever → assistant → app / CLI / MCP.

Every import of a project module (at module level or inside a function) is checked: a module may import its own
floor or a lower one, never a higher one, and nothing outside eval/ and tests/ imports eval/.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"core": 0, "ingest": 1, "retriever": 2, "assistant": 3, "ui": 4, "cli": 4, "app": 4, "mcp_server": 4}


def _module_floor(path: Path) -> tuple[str, int] | None:
    top = path.relative_to(ROOT).parts[0].removesuffix(".py")
    return (top, FLOORS[top]) if top in FLOORS else None


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value.split(".")[0]


def _product_files():
    for top in FLOORS:
        p = ROOT / top
        if p.is_dir():
            yield from sorted(p.rglob("*.py"))
        elif p.with_suffix(".py").is_file():
            yield p.with_suffix(".py")


def test_every_floor_is_known():
    files = list(_product_files())
    assert any(f.parts[-2] == "core" for f in files), "the ground floor core/ exists"
    assert (ROOT / "cli.py").is_file() and (ROOT / "app.py").is_file()


def test_no_floor_imports_a_higher_one():
    violations = []
    for path in _product_files():
        top, floor = _module_floor(path)
        for line, name in _imports(path):
            if name in FLOORS and FLOORS[name] > floor:
                violations.append(f"{path.relative_to(ROOT)}:{line} ({top}, floor {floor}) imports {name} "
                                  f"(floor {FLOORS[name]})")
    assert not violations, "\n".join(violations)


def test_the_product_never_imports_eval_statically():
    offenders = []
    for path in _product_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "eval" for a in node.names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "eval":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_the_checker_sees_an_upward_import(tmp_path):
    """The walk must catch imports inside functions too, or the two tests above would pass vacuously."""
    f = tmp_path / "probe.py"
    f.write_text("def f():\n    from assistant.models import X\n    import retriever.search\n", encoding="utf-8")
    assert sorted(n for _, n in _imports(f)) == ["assistant", "retriever"]
