"""Editions in other languages, built from the English notebooks and gettext catalogs (Babel).

The English source notebooks stay the only source. Their words go into one catalog per module
and language, ``locales/<lang>/LC_MESSAGES/<module>.po``, from the template
``locales/templates/<module>.pot``:

- each block of a Markdown cell (a paragraph, a list, a table, a heading), and
- each comment of a code cell, and the docstring that opens a check cell;
- each string a code cell prints or writes on a chart (`print(...)`, `ax.set_title(...)`,
  `label=...`; in a lecture also a table's row or column label that the notebook never uses
  again), with its `{fields}` kept: the build checks them and that the cell still compiles;
- each sentence of the module's checks and hints, marked with `_()` or `N_()` in its checks
  module (`course/exercises/<name>.py`, see `course.i18n`), without a context.

The words that every module shares (explanations of errors, the check and hint frames, the
feedback page, the command line) form one more catalog, ``course``, extracted the same way from
the rest of the package.

A message's context is ``<notebook>:<cell id>``, so one sentence in two cells may be translated
two ways. Code (but for the strings it shows), fenced code blocks and nbgrader's markers are never
messages: they are the same in every edition, and so are the cells, their ids, grade ids and points.

``course translate extract`` writes the templates, ``update`` merges them into a language's
catalogs (a changed English block becomes fuzzy, a new one untranslated) and ``build`` writes
the translated notebooks. A build refuses a module whose catalog has a fuzzy or untranslated
message, unless told to keep the English words where a translation is missing.
"""
from __future__ import annotations

import copy
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "locales"
NOTEBOOKS = ("1-lecture.ipynb", "2-exercises.ipynb")
# nbgrader's markers and the solution placeholders stay in English: nbgrader reads them.
_MARKER = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b|^#\s*YOUR CODE HERE\b")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LETTER = re.compile(r"[A-Za-z]")


class TranslationMissing(Exception):
    """A strict build met English words without a current translation."""


# --- what a cell holds: the pieces that are messages and those that stay ----------------------

def markdown_pieces(text: str) -> list[tuple[bool, str]]:
    """The Markdown `text` as (is_message, piece) in order; joined, the pieces give `text` back.
    A message is a block between blank lines; blank lines, fenced code and blocks without a
    letter stay as they are."""
    pieces: list[tuple[bool, str]] = []
    block: list[str] = []
    fence: list[str] | None = None

    def close_block() -> None:
        if block:
            body = "".join(block)
            core = body.rstrip("\n")
            pieces.append((bool(_LETTER.search(core)), core))
            if len(body) > len(core):
                pieces.append((False, body[len(core):]))
            block.clear()

    for line in text.splitlines(keepends=True):
        if fence is not None:
            fence.append(line)
            if _FENCE.match(line):
                pieces.append((False, "".join(fence)))
                fence = None
            continue
        if _FENCE.match(line):
            close_block()
            fence = [line]
        elif not line.strip():
            close_block()
            pieces.append((False, line))
        else:
            block.append(line)
    if fence is not None:
        pieces.append((False, "".join(fence)))
    close_block()
    return pieces


def code_messages(source: str) -> list[tuple[tuple[int, int], tuple[int, int], str, str]]:
    """The comments and the opening docstring of a code cell: (start, end, kind, text), with
    tokenize's (row, column) positions; kind is "comment" (text without the "# ") or
    "docstring" (text between the quotes). A cell tokenize cannot read (IPython magics, an
    unfinished answer) gives its comments line by line."""
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return _comments_by_line(source)
    first = next((t for t in tokens if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                                                       tokenize.ENCODING, tokenize.INDENT)), None)
    for t in tokens:
        if t.type == tokenize.COMMENT and not _MARKER.match(t.string):
            text = t.string.lstrip("#").strip()
            if _LETTER.search(text):
                found.append((t.start, t.end, "comment", text))
        elif t is first and t.type == tokenize.STRING and t.string.startswith(('"""', "'''")):
            inner = t.string[3:-3]
            if _LETTER.search(inner):
                found.append((t.start, t.end, "docstring", inner))
    return found


# What a notebook shows a trainee from its code: the words it prints and the words of its charts.
# Only these string literals are messages; every other string is code (a column, a value, a path).
_SHOWN_BY = {"print"}
_CHART_CALLS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel"}
_CHART_KEYWORDS = {"title", "xlabel", "ylabel", "label"}
_LITERAL = re.compile(r'^([fF]?)("|\')(.*)\2$', re.S)


def labels_used_once(sources: list[str]) -> set[str]:
    """The quoted texts that occur once in all of a notebook's code: a table's label written only
    where the table is made is shown, never looked up, so it may be translated."""
    found: dict[str, int] = {}
    for source in sources:
        for m in re.finditer(r'"([^"\\\n]*)"|\'([^\'\\\n]*)\'', source):
            text = m.group(1) if m.group(1) is not None else m.group(2)
            found[text] = found.get(text, 0) + 1
    attributes = set()     # a label read as `table.start` is used again, though not quoted
    for source in sources:
        attributes |= set(re.findall(r"\.([A-Za-z_]\w*)", source))
    # a one-word label (`diagnosis`) reads as a column's name, which the prose names in code too
    return {text for text, n in found.items() if n == 1 and text not in attributes and " " in text.strip()}


def _has_words(text: str) -> bool:
    """Whether a literal's text holds a letter outside its `{fields}`."""
    return bool(_LETTER.search(re.sub(r"\{[^{}]*\}", "", text)))


def _is_test(cell: dict) -> bool:
    """A graded test cell: its words are the package's (a check's), never the notebook's."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def shown_strings(source: str, labels: set[str] = frozenset()) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """The string literals that a code cell prints or writes on a chart: (start, end, text), with
    (row, column) positions of the text between the quotes. Only one-line literals, plain or
    f-strings (an f-string's fields stay in the message, to be kept as they are). With `labels`
    (`labels_used_once`, a lecture's), also the keys of its dicts that the notebook never uses
    again: the labels of the rows and columns of the tables it shows, or of the rules it compares."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines(keepends=True)
    found = []

    def column(row: int, offset: int) -> int:          # ast counts columns in UTF-8 bytes
        return len(lines[row - 1].encode("utf-8")[:offset].decode("utf-8"))

    def literal(node):
        if not isinstance(node, (ast.Constant, ast.JoinedStr)):
            return
        if isinstance(node, ast.Constant) and not isinstance(node.value, str):
            return
        start, end = column(node.lineno, node.col_offset), column(node.end_lineno, node.end_col_offset)
        if node.lineno == node.end_lineno:
            m = _LITERAL.match(lines[node.lineno - 1][start:end])
            if m and _has_words(m.group(3)):
                skip = len(m.group(1)) + 1
                found.append(((node.lineno, start + skip), (node.lineno, end - 1), m.group(3)))
            return
        # Literals written next to each other over several lines are one message, whole (the
        # build writes its translation back as one literal): the pieces' texts joined.
        joined = _joined_literal(_segment(source, (node.lineno, start), (node.end_lineno, end)))
        if joined and _has_words(joined[1]):
            found.append(((node.lineno, start), (node.end_lineno, end), joined[1]))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name in _SHOWN_BY or name in _CHART_CALLS:
            for arg in node.args:
                literal(arg)
        for kw in node.keywords:
            if kw.arg in _CHART_KEYWORDS or (name in _SHOWN_BY and kw.arg is None):
                literal(kw.value)
    if labels:   # a lecture: the keys of its dicts that label what it shows (rows, columns, rules)
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and key.value in labels:
                        literal(key)
    return sorted(set(found))


def _labels(nb: dict) -> set[str]:
    """A lecture's table labels that may be translated; none in a graded notebook, where a
    trainee's answer may look a given table's label up."""
    if any(_is_test(c) for c in nb["cells"]):
        return set()
    return labels_used_once(["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"])


_PIECE = re.compile(r'([fF]?)("|\')((?:\\.|(?!\2)[^\\\n])*)\2')


def _joined_literal(segment: str) -> tuple[bool, str] | None:
    """(is an f-string, joined text) of literals written next to each other, or None when the
    segment holds anything else (a comment, a raw string) or mixes braces of a plain piece into
    an f-string."""
    pieces, at = [], 0
    for m in _PIECE.finditer(segment):
        if segment[at:m.start()].strip():
            return None
        pieces.append((bool(m.group(1)), m.group(3)))
        at = m.end()
    if not pieces or segment[at:].strip():
        return None
    is_f = any(f for f, _ in pieces)
    if is_f and any(not f and ("{" in text or "}" in text) for f, text in pieces):
        return None
    return is_f, "".join(text for _, text in pieces)


def fields(text: str) -> list[str]:
    """The `{...}` fields of a format string or f-string, in order (`{{` is a brace, not a field)."""
    return sorted(re.findall(r"(?<!\{)\{(?!\{)[^{}]*\}", text.replace("{{", "").replace("}}", "")))


def _comments_by_line(source: str):
    found = []
    for row, line in enumerate(source.splitlines(), start=1):
        m = re.match(r"^(\s*)(#+\s?)(.*)$", line)
        if m and not _MARKER.match(line.strip()) and _LETTER.search(m.group(3)):
            found.append(((row, len(m.group(1))), (row, len(line)), "comment", m.group(3).strip()))
    return found


def _position(source: str):
    """The function from a (row, column) position of `source` to its offset in the text."""
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return lambda pos: offsets[pos[0] - 1] + pos[1]


def _replace_code(source: str, replacements: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    at = _position(source)
    out = source
    for start, end, new in sorted(replacements, key=lambda r: at(r[0]), reverse=True):
        out = out[:at(start)] + new + out[at(end):]
    return out


# --- catalogs -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    context: str | None   # None for the package's words
    text: str
    where: str


SHARED = "course"   # the catalog of the package's shared words (course.i18n.SHARED)
# A module's words go to the catalog it names: `ASSIGNMENT = "<module>"` (a checks module) or
# `CATALOG = "<name>"` (the data cards' words, say); all others to the shared catalog.
_ASSIGNMENT = re.compile(r'^(?:ASSIGNMENT|CATALOG) = "([^"]+)"', re.M)
DATASETS = "datasets"   # the catalog of the data cards (course.data.card.CATALOG)
README = "readme"       # the catalog of the README's sections for trainees and instructors
WITHOUT_NOTEBOOKS = (SHARED, DATASETS, README)   # catalogs that are not a module's


def package_files(domain: str, root: Path = REPO) -> list[Path]:
    """The package's files whose marked words belong to `domain`: an assignment's checks
    modules (those that say `ASSIGNMENT = "<module>"`, and the hidden checks beside one,
    `course/hidden/<name>.py`, which may not define that name itself), or for the shared
    catalog every other file of the package."""
    out = []
    for path in sorted((root / "course").rglob("*.py")):
        found = _ASSIGNMENT.search(path.read_text(encoding="utf-8"))
        visible = root / "course" / "exercises" / path.name
        if not found and path.parent == root / "course" / "hidden" and visible.is_file():
            found = _ASSIGNMENT.search(visible.read_text(encoding="utf-8"))
        if (found.group(1) if found else SHARED) == domain:
            out.append(path)
    return out


def _marker_inside_fstring(path: Path) -> int | None:
    """The line of the first f-string that calls `_()` or `N_()` in its fields, or None."""
    text = path.read_text(encoding="utf-8")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    for t in tokens:
        # Python 3.12 splits an f-string into FSTRING_* tokens, older ones keep one STRING token
        name = tokenize.tok_name.get(t.type, "")
        is_f = (t.type == tokenize.STRING and re.match(r"^[rRbB]*[fF]", t.string)) or name == "FSTRING_MIDDLE"
        if is_f and re.search(r"\{[^{}]*\bN?_\(", t.string):
            return t.start[0]
    if sys.version_info >= (3, 12):   # the fields of an f-string are ordinary tokens there
        depth, line = 0, None
        for t in tokens:
            name = tokenize.tok_name.get(t.type, "")
            if name == "FSTRING_START":
                depth += 1
            elif name == "FSTRING_END":
                depth -= 1
            elif depth and t.type == tokenize.NAME and t.string in ("_", "N_"):
                return t.start[0]
    return None


def package_messages(domain: str, root: Path = REPO) -> list[Message]:
    """The messages marked with `_()` or `N_()` in the package's files of `domain`."""
    import contextlib
    from babel.messages.extract import extract_from_file

    out: list[Message] = []
    for path in package_files(domain, root):
        rel = path.relative_to(root).as_posix()
        said = io.StringIO()
        with contextlib.redirect_stderr(said):
            found = list(extract_from_file("python", str(path), keywords={"_": None, "N_": None},
                                           comment_tags=("TRANSLATORS:",), strip_comment_tags=True))
        hidden = _marker_inside_fstring(path)
        if hidden:
            raise ValueError(f"{rel}:{hidden}: `_()` inside an f-string is never extracted, so its words "
                             "would never be translated: compute the message before the f-string.")
        if "f-string" in said.getvalue():
            # Babel skips an f-string in a call of `_()`: its words could not be translated (and
            # one among the fields is a trap for the next author). Fail, and say where.
            raise ValueError(f"{said.getvalue().strip()}\nAn f-string inside `_()`: write the message "
                             "with named placeholders and compute each field before the call.")
        for lineno, text, comments, _context in found:
            if isinstance(text, str) and text:
                # the file, not the line: a template that changed with every edited line
                # would go stale with no word changed
                out.append(Message(None, text, rel + "".join(f" ({c})" for c in comments)))
    if domain == DATASETS:
        # What the generators say of their data: collected from the generators themselves, so
        # a card holds no sentence the catalog lacks.
        from course.data import build as data_build, card

        out += [Message(None, text, where) for text, where in card.generator_messages(data_build.DATASETS)]
    syllabus_file = root / "course" / "syllabus.toml"
    if domain == SHARED and syllabus_file.is_file():
        # The course's and the modules' titles: feedback pages and reports are headed by them.
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        plan = tomllib.loads(syllabus_file.read_text(encoding="utf-8"))
        for title in [plan["course"]["title"]] + [m["title"] for m in plan["module"]]:
            out.append(Message(None, title, "course/syllabus.toml (title)"))
        # ... and the skills of the README's module table (course.syllabus.markdown_table)
        out += [Message(None, m["skills"], "course/syllabus.toml (skills)") for m in plan["module"]]
    return out


def messages(module: str, root: Path = REPO) -> list[Message]:
    """Every message of a module's two source notebooks, in order, then its checks' words."""
    out: list[Message] = []
    if module == README:
        from course import readme

        return readme.messages(root)
    for name in (NOTEBOOKS if module not in WITHOUT_NOTEBOOKS else ()):
        nb = json.loads((root / "notebooks" / module / name).read_text(encoding="utf-8"))
        labels = _labels(nb)
        for cell in nb["cells"]:
            context = f"{Path(name).stem}:{cell['id']}"
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                out += [Message(context, piece, f"{name} cell {cell['id']}")
                        for is_message, piece in markdown_pieces(source) if is_message]
            elif cell["cell_type"] == "code":
                out += [Message(context, text, f"{name} cell {cell['id']} ({kind})")
                        for _, _, kind, text in code_messages(source)]
                if not _is_test(cell):
                    out += [Message(context, text, f"{name} cell {cell['id']} (printed)")
                            for _, _, text in shown_strings(source, labels)]
    return out + package_messages(module, root)


def template(module: str, root: Path = REPO):
    """The module's catalog template (a Babel Catalog without translations)."""
    from babel.messages.catalog import Catalog

    cat = Catalog(project="procuratorial-course", domain=module, header_comment=(
        f"# Messages of module {module}: generated by `course translate extract`; do not edit.\n"
        "# Translate in locales/<lang>/LC_MESSAGES/ (see CONTRIBUTING.md)."))
    for m in messages(module, root):
        existing = cat.get(m.text, context=m.context)
        if existing is not None:   # a sentence used twice in the package is one message
            if m.where not in existing.auto_comments:
                existing.auto_comments.append(m.where)
            continue
        cat.add(m.text, context=m.context, auto_comments=[m.where])
    return cat


def template_path(module: str, locales: Path = LOCALES) -> Path:
    return locales / "templates" / f"{module}.pot"


def catalog_path(module: str, lang: str, locales: Path = LOCALES) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{module}.po"


def _read(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _write(path: Path, catalog, **kw) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=False, **kw)
    # Babel writes the creation time into the header: keep the file unchanged when nothing
    # else changed, so that `extract` on an unchanged course leaves git clean.
    new = buf.getvalue()
    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(new):
        return
    path.write_bytes(new)


def _without_dates(po: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', b"", po)


def extract(module: str, root: Path = REPO, locales: Path = LOCALES) -> Path:
    """Write the module's template; return its path."""
    path = template_path(module, locales)
    _write(path, template(module, root))
    return path


def update(module: str, lang: str, root: Path = REPO, locales: Path = LOCALES) -> Path:
    """Merge the current template into the language's catalog (created if missing). A changed
    English block keeps its old translation marked fuzzy; a removed one goes to the obsolete
    end of the file."""
    from babel.messages.catalog import Catalog

    tmpl = template(module, root)
    path = catalog_path(module, lang, locales)
    cat = _read(path, lang) if path.is_file() else Catalog(locale=lang, domain=module, project=tmpl.project)
    cat.update(tmpl, update_creation_date=False)
    # Without the previous English of a fuzzy message: Babel wraps a long `#| msgid` over lines
    # it then reads back as translators' comments, which pile up with every update.
    for msg in cat:
        msg.previous_id = []
    _write(path, cat, ignore_obsolete=False)
    return path


def status(module: str, lang: str, root: Path = REPO, locales: Path = LOCALES) -> dict:
    """How far the language's catalog is: counts and the messages still to do."""
    path = catalog_path(module, lang, locales)
    todo = {(m.context, m.text): m for m in messages(module, root)}
    done, fuzzy = 0, []
    if path.is_file():
        cat = _read(path, lang)
        for msg in cat:
            if not msg.id or (msg.context, msg.id) not in todo:
                continue
            if msg.fuzzy and msg.string:
                fuzzy.append(todo.pop((msg.context, msg.id)))
            elif msg.string:
                todo.pop((msg.context, msg.id))
                done += 1
    return {"translated": done, "fuzzy": fuzzy, "untranslated": list(todo.values())}


def _translations(module: str, lang: str, locales: Path) -> dict[tuple[str, str], str]:
    path = catalog_path(module, lang, locales)
    if not path.is_file():
        return {}
    return {(m.context, m.id): m.string for m in _read(path, lang)
            if m.id and m.string and not m.fuzzy}


# --- the edition -----------------------------------------------------------------------------

def translate_notebook(nb: dict, stem: str, table: dict, strict: bool = True) -> tuple[dict, list[str]]:
    """A translated copy of notebook `nb` (its file stem `stem`) and the messages left in
    English. With `strict`, any such message raises TranslationMissing."""
    out = copy.deepcopy(nb)
    missing: list[str] = []
    labels = _labels(nb)

    def word(context: str, text: str) -> str:
        got = table.get((context, text))
        if got is None:
            missing.append(f"{context}: {text[:70]}")
            return text
        return got

    for cell in out["cells"]:
        context = f"{stem}:{cell['id']}"
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            new = "".join(word(context, piece) if is_message else piece for is_message, piece in markdown_pieces(source))
        elif cell["cell_type"] == "code":
            repl = []
            lines = source.splitlines()
            for start, end, kind, text in code_messages(source):
                translated = word(context, text)
                if kind == "comment":   # keep the comment's own "#", "##" or "#:" and its spacing
                    prefix = re.match(r"#+\s*", lines[start[0] - 1][start[1]:]).group(0)
                    repl.append((start, end, prefix + translated))
                else:
                    repl.append((start, end, '"""' + translated.replace('"""', "'''") + '"""'))
            if not _is_test(cell):
                for start, end, text in shown_strings(source, labels):
                    translated = word(context, text)
                    if fields(translated) != fields(text):
                        raise TranslationMissing(f"{context}: the translation of {text!r} must keep its fields "
                                                 f"{fields(text)} exactly, not {fields(translated)}.")
                    if translated == text:
                        continue    # kept as written, over its lines
                    if start[0] == end[0]:
                        quote = lines[start[0] - 1][start[1] - 1]
                        repl.append((start, end, _escape_quote(translated, quote)))
                    else:   # pieces over several lines: written back as one literal
                        prefix = "f" if _joined_literal(_segment(source, start, end))[0] else ""
                        repl.append((start, end, prefix + '"' + _escape_quote(translated, '"') + '"'))
            new = _replace_code(source, repl)
            if new != source:
                try:
                    compile(new, context, "exec")
                except SyntaxError as exc:
                    try:
                        compile(source, context, "exec")
                    except SyntaxError:
                        pass            # an unfinished answer cell: it did not compile in English either
                    else:
                        raise TranslationMissing(f"{context}: the translated cell is no longer valid Python "
                                                 f"({exc.msg}, line {exc.lineno}).") from None
        else:
            continue
        cell["source"] = new.splitlines(keepends=True)
    if strict and missing:
        raise TranslationMissing(f"{len(missing)} messages of {stem} have no current translation, "
                                 f"for example {missing[0]!r}. Run `course translate status`.")
    return out, missing


def _segment(source: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    at = _position(source)
    return source[at(start):at(end)]


def _escape_quote(text: str, quote: str) -> str:
    """`text` inside a literal delimited by `quote`: the quote escaped outside `{...}` fields."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}" and depth > 0
        out.append("\\" + ch if ch == quote and depth == 0 else ch)
    return "".join(out)


_IMPORTS_COURSE = re.compile(r"^(?:from course\b|import course\b).*$", re.M)


def speak(nb: dict, lang: str) -> None:
    """Make the package speak `lang` in notebook `nb`: after the last line that imports the
    course in the first cell that does, `course.i18n.use(lang)`. From there on the checks, hints
    and explanations of errors are in the edition's language, in the trainee's kernel and when
    the notebook is graded, since both run that cell first. A notebook that never imports the
    course shows none of its words."""
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        found = list(_IMPORTS_COURSE.finditer(source)) if cell["cell_type"] == "code" else []
        if found:
            at = found[-1].end()
            line = f'\nimport course.i18n\ncourse.i18n.use("{lang}")'
            cell["source"] = (source[:at] + line + source[at:]).splitlines(keepends=True)
            return


def build_readme(lang: str, root: Path = REPO, locales: Path = LOCALES, strict: bool = True) -> Path:
    """Write `README.<lang>.md` beside README.md (see course.readme)."""
    from course import readme

    target = root / readme.file_name(lang)
    target.write_text(readme.build(lang, root, _translations(README, lang, locales), strict=strict), encoding="utf-8")
    return target


def build(module: str, lang: str, out_dir: Path, root: Path = REPO, locales: Path = LOCALES,
          strict: bool = True) -> list[Path]:
    """Write the module's translated source notebooks into `out_dir/<module>/`."""
    table = _translations(module, lang, locales)
    written = []
    for name in NOTEBOOKS:
        nb = json.loads((root / "notebooks" / module / name).read_text(encoding="utf-8"))
        translated, _ = translate_notebook(nb, Path(name).stem, table, strict=strict)
        speak(translated, lang)
        translated.setdefault("metadata", {})["course_edition"] = lang
        target = out_dir / module / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(translated, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
