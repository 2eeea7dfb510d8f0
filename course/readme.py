"""The README in the editions' languages: its sections for trainees and instructors, translated.

`README.md` stays the one source. `course translate extract readme` collects its words into the
`readme` catalog; `course translate build readme` writes `README.<lang>.md` from the catalog.
What is a message and what stays:

- each block of prose (a paragraph, a list, a heading) is a message, with the context
  `README:<section heading>`;
- each fenced code block is a message too, whole, so that the edition's commands can name its
  own course (`grading/zh_CN`, `procuratorial-data-zh`, `COURSE_LANG=zh_CN`) and its comments
  can speak the language; a test runs the edition's marked blocks as it runs the English ones;
- markers (`<!-- ... -->` lines) stay as they are;
- the module table between the syllabus markers is not translated by hand: it is generated in
  the edition's language from the syllabus (`course.syllabus.markdown_table`);
- the language line under the title names the other editions;
- the sections for the course's developers (`DEVELOPER_SECTIONS`) are left out, with a sentence
  that sends the reader to the English README.
"""
from __future__ import annotations

import re
from pathlib import Path

from course import i18n
from course.i18n import N_

SOURCE = "README.md"
DEVELOPER_SECTIONS = ("How it is built", "Benchmarks")
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}   # each edition's name in its own language
_TABLE = re.compile(r"<!-- syllabus-table:start -->\n.*?<!-- syllabus-table:end -->", re.S)
_MARKERS_ONLY = re.compile(r"^(\s*<!--.*?-->\s*)+$", re.S)
_LANGUAGE_LINE = "<!-- languages -->"
_FENCE = re.compile(r"^\s*(```|~~~)")
LEFT_OUT = N_("The sections for the course's developers (how it is built, the benchmarks) are in "
              "the English README, README.md, and in CONTRIBUTING.md.")


def file_name(lang: str) -> str:
    return SOURCE if lang == i18n.ENGLISH else f"README.{lang}.md"


def language_line(lang: str) -> str:
    """The line under the title that names every edition, this one in bold."""
    return _LANGUAGE_LINE + "\n" + " · ".join(
        f"**{name}**" if code == lang else f"[{name}]({file_name(code)})" for code, name in LANGUAGES.items())


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, text) of each `## ` section, the part before the first one with heading ""."""
    parts = re.split(r"(?m)^(?=## )", text)
    return [(re.match(r"## (.*)", p).group(1).strip() if p.startswith("## ") else "", p) for p in parts]


def pieces(section: str) -> list[tuple[bool, str]]:
    """A section as (is_message, piece); joined, the pieces give it back."""
    from course.translate import markdown_pieces

    out = []
    for is_message, piece in markdown_pieces(section):
        if _FENCE.match(piece):
            is_message = True                     # a command block: the edition runs its own
        elif _TABLE.search(piece) or piece.startswith(_LANGUAGE_LINE) or _MARKERS_ONLY.match(piece):
            is_message = False
        out.append((is_message, piece))
    return out


def messages(root: Path):
    from course.translate import Message

    text = (root / SOURCE).read_text(encoding="utf-8")
    out = []
    for heading, section in sections(text):
        if heading in DEVELOPER_SECTIONS:
            continue
        out += [Message(f"README:{heading}", piece, f"{SOURCE} ({heading or 'title'})")
                for is_message, piece in pieces(section) if is_message]
    return out


def build(lang: str, root: Path, table: dict[tuple[str, str], str], strict: bool = True) -> str:
    """The README of `lang`, from README.md and the catalog's current translations `table`."""
    from course import syllabus
    from course.translate import TranslationMissing

    text = (root / SOURCE).read_text(encoding="utf-8")
    missing, out, left_out = [], [], False
    for heading, section in sections(text):
        if heading in DEVELOPER_SECTIONS:
            if not left_out:
                out.append(i18n.translate(LEFT_OUT, i18n.SHARED, lang) + "\n\n")
                left_out = True
            continue
        for is_message, piece in pieces(section):
            if is_message:
                got = table.get((f"README:{heading}", piece))
                if got is None:
                    missing.append(piece[:70])
                out.append(piece if got is None else got)
            elif _TABLE.search(piece):
                out.append(_TABLE.sub(lambda m: "<!-- syllabus-table:start -->\n"
                                      + syllabus.markdown_table(lang) + "\n<!-- syllabus-table:end -->", piece))
            elif piece.startswith(_LANGUAGE_LINE):
                out.append(language_line(lang))
            else:
                out.append(piece)
    if strict and missing:
        raise TranslationMissing(f"{len(missing)} blocks of the README have no current {lang} translation, "
                                 f"for example {missing[0]!r}. Run `course translate --lang {lang} status readme`.")
    return "".join(out).rstrip("\n") + "\n"
