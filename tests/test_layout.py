"""The layout rules of docs/architecture.md, checked on the source tree."""

import ast
from pathlib import Path

import pytest

from iso_qms import FEATURES, create_app

PACKAGE = Path(__file__).resolve().parent.parent / "iso_qms"
OPERATIONS = Path(__file__).resolve().parent / "api" / "openapi_operations.txt"


def _modules(folder: Path):
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def _imported_packages(path: Path) -> set[str]:
    """The iso_qms sub-packages a module imports (relative and absolute imports alike)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - node.level])
                target = base + (node.module.split(".") if node.module else [])
            else:
                target = (node.module or "").split(".")
            if target and target[0] == "iso_qms" and len(target) > 1:
                found.add(target[1])
            elif target and target[0] == "iso_qms" and not node.module.startswith("iso_qms."):
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "iso_qms" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_core_imports_no_feature_but_accounts():
    features = set(FEATURES) - {"accounts"}
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(_imported_packages(path) & features)
        for path in _modules(PACKAGE / "core")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_shared_api_package_knows_no_feature():
    features = set(FEATURES)
    for path in _modules(PACKAGE / "api"):
        assert not (_imported_packages(path) & (features - {"accounts"})), path


@pytest.mark.parametrize("path", _modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_source_file_passes_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 500, f"{path.relative_to(PACKAGE)} has {lines} lines: split it by concept"


def _operations(spec: dict) -> list[str]:
    lines = []
    for path, operations in sorted(spec["paths"].items()):
        for method, operation in sorted(operations.items()):
            if method in ("get", "post", "put", "patch", "delete"):
                tags = ",".join(operation.get("tags", []))
                responses = " ".join(sorted(operation.get("responses", {})))
                lines.append(f"{method.upper()} {path} [{tags}] {responses}")
    return lines


def test_openapi_document_has_the_same_paths_and_operations_as_before_the_move():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True, "SECRET_KEY": "x"})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    expected = [
        line for line in OPERATIONS.read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    ]
    assert _operations(spec) == expected
