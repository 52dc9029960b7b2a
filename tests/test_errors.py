"""The catalogue of messages (harvest/errors.py) is complete and consistent.

The source of harvest/ is read with ``ast``: every place that raises a harvest error, adds
an import problem or renders a message names an entry of the catalogue and gives exactly
the fields its template uses; every entry is used somewhere; every template formats.
"""

from __future__ import annotations

import ast
import pickle
import re
import string
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

import harvest
from harvest.errors import (
    MESSAGES,
    ConflictError,
    HarvestError,
    ImportFileError,
    InputError,
    MissingExtraError,
    NotFoundError,
    Problem,
    SchemaError,
    message,
)

ROOT = Path(harvest.__file__).parent
ERRORS_PY = ROOT / "errors.py"


def template_fields(template: str) -> dict[str, str]:
    """field name -> format spec of a template."""
    return {
        name: spec or ""
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    }


@dataclass(frozen=True)
class Use:
    """One place in harvest/ that names a message."""

    file: str
    line: int
    code: ast.expr
    keywords: frozenset[str] | None  # None: fields passed as **mapping

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """HarvestError and every class harvest derives from it (ImportFileError apart)."""
    names = {"HarvestError"}
    grown = True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                    if bases & names:
                        names.add(node.name)
                        grown = True
    return names - {"ImportFileError"}


def uses(trees: dict[str, ast.Module]) -> list[Use]:
    """Every call that names a message, and where its name is among the arguments.

    ``InputError("code", ...)`` (any harvest error class), ``message("code", ...)``,
    ``super().__init__("code", ...)`` in errors.py, ``Problem(where, "code", ...)`` and
    ``problems.add(line, "code", ...)``.
    """
    classes = error_classes(trees)
    found = []
    for file, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            attr = func.attr if isinstance(func, ast.Attribute) else None
            if name in classes or name == "message" or attr in classes:
                index = 0
            elif name == "Problem":
                index = 1
            elif attr == "add" and ast.unparse(func.value).endswith("problems"):
                index = 1
            elif (
                attr == "__init__"
                and file == "errors.py"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                index = 0
            else:
                continue
            if len(node.args) <= index:
                continue
            splat = any(k.arg is None for k in node.keywords)
            keywords = None if splat else frozenset(str(k.arg) for k in node.keywords)
            found.append(Use(file, node.lineno, node.args[index], keywords))
    return found


@pytest.fixture(scope="module")
def trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(ROOT.rglob("*.py"))
    }


@pytest.fixture(scope="module")
def found(trees: dict[str, ast.Module]) -> list[Use]:
    return uses(trees)


def test_the_scan_finds_the_raise_sites(found):
    """A guard on the scan itself: it sees raises, problems and rendered messages."""
    codes = {u.code.value for u in found if isinstance(u.code, ast.Constant)}
    assert {"override-loosens", "csv-too-wide", "agenda-empty", "activity-not-object"} <= codes
    assert {"import-refused", "import-refused-more", "missing-extra", "model-not-found"} <= codes
    assert len(found) >= len(MESSAGES)


def test_every_name_used_in_harvest_is_in_the_catalogue(found):
    unknown = [
        f"{u.where}: {ast.unparse(u.code)}"
        for u in found
        if isinstance(u.code, ast.Constant) and u.code.value not in MESSAGES
    ]
    assert not unknown, "messages written at the raise site, or names not in the catalogue"


def test_names_are_given_as_literals(found):
    """A name is a literal string (greppable). A computed one is only passed on with its
    fields (``**fields``): the plumbing that forwards a message, e.g.
    ``Problem(where, error.code, **error.fields)``."""
    computed = [
        f"{u.where}: {ast.unparse(u.code)}"
        for u in found
        if not isinstance(u.code, ast.Constant) and u.keywords is not None
    ]
    assert not computed


def test_every_use_gives_exactly_the_template_fields(found):
    wrong = []
    for u in found:
        if not isinstance(u.code, ast.Constant) or u.code.value not in MESSAGES:
            continue
        expected = set(template_fields(MESSAGES[u.code.value]))
        if u.keywords is None or set(u.keywords) != expected:
            wrong.append(f"{u.where} {u.code.value}: gives {u.keywords}, needs {expected}")
    assert not wrong


def test_every_catalogue_entry_is_used(found):
    used = {u.code.value for u in found if isinstance(u.code, ast.Constant)}
    assert sorted(set(MESSAGES) - used) == []


def test_no_two_entries_share_a_name_or_a_text():
    tree = ast.parse(ERRORS_PY.read_text(encoding="utf-8"))
    [catalogue] = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "MESSAGES"
    ]
    assert isinstance(catalogue, ast.Dict)
    names = [k.value for k in catalogue.keys if isinstance(k, ast.Constant)]
    assert len(names) == len(catalogue.keys) == len(MESSAGES)
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    texts = list(MESSAGES.values())
    assert len(set(texts)) == len(texts), [t for t in texts if texts.count(t) > 1]


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_template_formats_with_its_fields(name):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), "names are lower-case-with-hyphens"
    fields = template_fields(MESSAGES[name])
    assert all(f.isidentifier() for f in fields), "fields are plain names: {name}, not {a.b}"
    values: dict[str, object] = {}
    for field, spec in fields.items():
        if "%" in spec:
            values[field] = datetime(2026, 3, 12, 9, 30)
        elif spec.endswith("f"):
            values[field] = 2.5
        elif spec.endswith(("d", "X")) or spec == ",":
            values[field] = 1234
        else:
            values[field] = f"<{field}>"
    text = message(name, **values)
    assert text.strip() and "{" not in text and "}" not in text
    for field in fields:
        with pytest.raises(KeyError):
            message(name, **{k: v for k, v in values.items() if k != field})


# -- the exceptions -----------------------------------------------------------------------


def test_error_carries_its_code_fields_and_message():
    error = InputError("override-loosens", current="anonymous", asked="public")
    assert error.code == "override-loosens"
    assert error.fields == {"current": "anonymous", "asked": "public"}
    assert str(error) == (
        "an override may only tighten: this capture is anonymous, so public would publish it "
        "more widely. If the speaker agreed, change the capture itself (an edit, recorded "
        "with your name)"
    )
    assert isinstance(error, ValueError) and isinstance(error, HarvestError)


@pytest.mark.parametrize(
    ("cls", "base"),
    [
        (InputError, ValueError),
        (NotFoundError, LookupError),
        (ConflictError, HarvestError),
        (SchemaError, HarvestError),
        (MissingExtraError, ImportError),
    ],
)
def test_every_class_takes_a_name_and_fields_and_is_caught_by_its_base(cls, base):
    with pytest.raises(base) as caught:
        raise cls("missing-extra", extra="nlp", package="spacy")
    assert caught.value.code == "missing-extra"
    assert str(caught.value) == "this feature needs the 'spacy' package: pip install 'harvest[nlp]'"


def test_errors_survive_pickling_with_code_and_fields():
    """Errors cross process boundaries (the analysis runs in worker processes)."""
    error = MissingExtraError("missing-extra", extra="nlp", package="spacy")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is MissingExtraError
    assert (back.code, back.fields, str(back)) == (error.code, error.fields, str(error))
    problem = Problem("line 3", "csv-broken", error="unexpected end of data")
    failed = pickle.loads(pickle.dumps(ImportFileError("a.csv", [problem])))
    assert failed.problems == ["line 3: broken CSV: unexpected end of data"]
    assert failed.problems[0].code == "csv-broken"
    assert str(failed) == str(ImportFileError("a.csv", [problem]))


@pytest.mark.parametrize("fields", [{}, {"value": 1}])
def test_a_name_not_in_the_catalogue_is_refused(fields):
    """A message written where it is raised is refused at once, not shown as its name."""
    with pytest.raises(KeyError, match="no message 'no such level' in harvest.errors.MESSAGES"):
        InputError("no such level", **fields)
    with pytest.raises(KeyError, match="no message"):
        Problem("line 2", "no such level", **fields)


def test_a_problem_is_its_line_and_carries_its_name():
    problem = Problem("line 4, field 'author'", "posts-author-empty")
    assert problem == "line 4, field 'author': author is empty: expected a handle such as @name"
    assert (problem.code, problem.fields, problem.where) == (
        "posts-author-empty",
        {},
        "line 4, field 'author'",
    )
    inside = problem.inside("day2.csv")
    assert inside == "day2.csv: " + problem
    assert (inside.code, inside.where) == ("posts-author-empty", "day2.csv: line 4, field 'author'")
    bare = Problem("", "notes-folder-empty", suffixes=".md").inside("notes")
    assert bare == "notes: folder has no notes files (.md)"


def test_import_file_error_shows_twenty_problems_and_counts_the_rest():
    problems = [Problem(f"line {n}", "csv-broken", error="x") for n in range(2, 27)]
    error = ImportFileError("quotes.csv", problems)
    assert error.code == "import-refused"
    assert error.fields["count"] == 25
    lines = str(error).splitlines()
    assert lines[0] == "quotes.csv: nothing was imported, 25 problem(s) found:"
    assert lines[1:21] == [f"  line {n}: broken CSV: x" for n in range(2, 22)]
    assert lines[21:] == ["  ... and 5 more", "Fix the file and import it again."]
