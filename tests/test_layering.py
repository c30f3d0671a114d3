"""Models at the bottom: the lower layers import no view, API, search or social code.

The page models (content_types/*/models*, home/models*) and what every content type shares
(content_types/core) are imported by everything above them; if they imported the layers
above, a change there would ripple down and the import cycles would come back. What an
upper app adds to them (e.g. the comment count on cards) it registers from its
AppConfig.ready() (see content_types/core/cards.py). Every import is read, function-local
ones included (a function-local import hides a cycle, it does not remove it), and followed
through the project's own modules (a model importing a helper that imports a view
imports the view).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
# Top-level apps a lower module must never import.
UPPER_APPS = {"search", "social"}
# Modules named like these, anywhere in the project, are views or the API.
UPPER_MODULE_NAMES = {"views", "api", "api_errors", "urls"}


def lower_modules():
    paths = [
        *ROOT.glob("content_types/models*.py"),
        *ROOT.glob("content_types/*/models*.py"),
        *ROOT.glob("content_types/*/models/*.py"),
        *ROOT.glob("content_types/core/**/*.py"),
        *ROOT.glob("home/models*.py"),
        *ROOT.glob("home/models/*.py"),
    ]
    return sorted(set(paths))


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every module `path` imports (absolute names), with the line of each import."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            source = source_of(base)
            if not is_upper(base) and (source is None or source.name == "__init__.py"):
                for alias in node.names:  # `from content_types import api` imports a module too
                    yield f"{base}.{alias.name}", node.lineno


def source_of(module):
    """The project file defining `module`, or None (a library, or a name inside a module)."""
    path = ROOT.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def upward_imports(path):
    """Upper modules `path` imports, directly or through the project modules it imports,
    each with the chain of imports that leads to it."""
    found, seen, todo = [], set(), [(path, [module_name(path)])]
    while todo:
        current, chain = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for module, line in imported_modules(current):
            if is_upper(module):
                found.append(" -> ".join([*chain, f"{module} (line {line})"]))
                continue
            source = source_of(module)
            if source is not None and source not in seen:
                todo.append((source, [*chain, module_name(source)]))
    return sorted(set(found))


def is_upper(module):
    parts = module.split(".")
    if parts[0] not in PROJECT_PACKAGES:
        return False  # Django's or Wagtail's own modules are libraries, below everything
    return parts[0] in UPPER_APPS or any(part in UPPER_MODULE_NAMES for part in parts[1:])


def test_the_lower_modules_are_found():
    names = {module_name(path) for path in lower_modules()}
    assert {"content_types.core.cards", "content_types.events.models", "home.models"} <= names


@pytest.mark.parametrize("path", lower_modules(), ids=module_name)
def test_lower_module_imports_nothing_above_it(path):
    upward = upward_imports(path)
    assert not upward, "imports upward:\n" + "\n".join(upward)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from social.counts import comment_count", True),
        ("def f():\n    from search import query", True),
        ("from .views import thing", True),  # relative, resolved within content_types.core
        ("from content_types import api", True),
        ("from content_types.api.features import build_features", True),
        ("from members.views import profile", True),
        ("from django.views.generic import View", False),
        ("from wagtail.api import APIField", False),
        ("from content_types.core.geo import parse_point", False),
    ],
)
def test_the_check_recognises_upward_imports(tmp_path, monkeypatch, source, expected):
    """The rule above would pass vacuously if it recognised nothing: it does recognise them."""
    core = tmp_path / "content_types" / "core"
    core.mkdir(parents=True)
    module = core / "sample.py"
    module.write_text(source + "\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert any(is_upper(name) for name, _line in imported_modules(module)) is expected


def test_the_check_follows_imports_through_project_modules(tmp_path, monkeypatch):
    core = tmp_path / "content_types" / "core"
    core.mkdir(parents=True)
    (tmp_path / "content_types" / "__init__.py").write_text("")
    (core / "__init__.py").write_text("")
    (core / "helper.py").write_text("def count():\n    from social.counts import comment_count\n")
    (core / "sample.py").write_text("from .helper import count\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports(core / "sample.py") == [
        "content_types.core.sample -> content_types.core.helper -> social.counts (line 2)"
    ]
