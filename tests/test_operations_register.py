"""Every processing-operation code written anywhere in the code base is in the register
(privacy/operations.py): found by reading the source, not by running it, so a code on a
rarely taken path is checked too."""

import ast
from pathlib import Path

from django.conf import settings

from privacy.operations import OPERATIONS

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "migrations", ".cache"}
# The one operation code built at run time: the versioned texts of step 3.
DYNAMIC_CODES_IN = {"analysis/services.py"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if not SKIPPED_DIRS & set(rel.parts):
            yield rel.as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _scan():
    """(codes: {code: [where]}, dynamic: {files with a code built at run time})."""
    trees = dict(_sources())
    # Functions that pass an operation code on: the position of their `operation` parameter.
    passes_code = {}
    codes: dict[str, list[str]] = {}
    dynamic: set[str] = set()

    def found(node, where):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            codes.setdefault(node.value, []).append(f"{where}:{node.lineno}")
        elif isinstance(node, ast.JoinedStr):
            dynamic.add(where)

    for where, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                params = _params(node)
                if "operation" in params:
                    passes_code[node.name] = params.index("operation")
                # Defaults of an `operation` parameter (positional or keyword-only).
                args = node.args
                positional = args.posonlyargs + args.args
                for arg, default in zip(
                    positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
                ):
                    if arg.arg == "operation":
                        found(default, where)
                for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                    if arg.arg == "operation" and default is not None:
                        found(default, where)
    for where, tree in trees.items():
        expected_to_fail = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.With)
            and any(
                isinstance(i.context_expr, ast.Call) and _callee(i.context_expr) == "raises"
                for i in node.items
            )
            for inner in ast.walk(node)
        }  # a test that shows an unknown code is refused
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in expected_to_fail:
                continue
            for kw in node.keywords:
                if kw.arg == "operation":
                    found(kw.value, where)
            name = _callee(node)
            is_log_helper = (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "log"
                and name in ("read", "write")
            )
            index = 1 if is_log_helper else passes_code.get(name)
            if index is not None and len(node.args) > index:
                found(node.args[index], where)
    return codes, dynamic, trees


def _registered_in_tests(trees) -> set[str]:
    """Codes a test registers for itself (operations.registered(Operation("t.x", ...)))."""
    return {
        node.args[0].value
        for where, tree in trees.items()
        if "tests/" in where or where.startswith("tests")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _callee(node) == "Operation" and node.args
        if isinstance(node.args[0], ast.Constant)
    }


def test_every_operation_code_in_the_code_base_is_registered():
    codes, dynamic, trees = _scan()
    assert len(codes) >= 30, "the scan found too few codes: is it still looking in the right places?"
    allowed = set(OPERATIONS) | _registered_in_tests(trees)
    unknown = {code: where for code, where in codes.items() if code not in allowed}
    assert not unknown, f"not in privacy/operations.py: {unknown}"
    assert dynamic == DYNAMIC_CODES_IN, "an operation code built at run time: register it and test it here"


def test_the_codes_built_at_run_time_are_registered():
    from analysis.models import ConceptPlanVersion, PictureVersion

    for model in (PictureVersion, ConceptPlanVersion):
        assert f"{model._meta.model_name}.save" in OPERATIONS


def test_the_load_generator_writes_registered_operations():
    from loadtest.management.commands.generate_load_data import LOG_OPERATIONS

    for code, action, activity, _per_member in LOG_OPERATIONS:
        assert action in OPERATIONS[code].actions and activity in OPERATIONS[code].activities, code
