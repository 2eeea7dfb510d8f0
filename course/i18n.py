"""The package's words in the trainee's language: checks, hints, explanations, feedback.

Every sentence a person reads is written as one whole English message, marked with `_()`,
with named placeholders filled in by the same call::

    _ = translator("01-case-data")
    raise CheckFailed(_("`{name}` has {count} rows; the file has {expected}.",
                        name=name, count=len(frame), expected=n))

`course translate extract` collects the marked messages: those of an assignment's checks
module (`course/exercises/<name>.py`) into that module's catalog, beside its notebooks' words,
and those of the shared modules into the `course` catalog. A message that must be marked where
it is defined but translated later (a hint list, a question's title) is marked with `N_()` and
passed through `_()` where it is shown.

The language is the one set by `use()` (a Chinese edition's notebook calls it in its first code
cell), else the `COURSE_LANG` environment variable, else English. An untranslated or fuzzy
message falls back to English, so a missing translation never breaks a check.
"""
from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import Callable

LOCALES = Path(__file__).resolve().parents[1] / "locales"
SHARED = "course"          # the catalog of the words that every module shares
ENGLISH = "en"
_chosen: str | None = None


def use(lang: str | None) -> None:
    """Show the package's words in `lang` from now on in this process (None: back to the
    default). For Chinese, charts get a font that writes it (`course.style`)."""
    global _chosen
    _chosen = lang
    if lang and lang.startswith("zh"):
        from course import style

        style.apply_chinese()


@contextlib.contextmanager
def speaking(lang: str | None):
    """`use(lang)` for the length of a `with` block, then the language as it was."""
    global _chosen
    before = _chosen
    use(lang)
    try:
        yield
    finally:
        _chosen = before


def language() -> str:
    lang = _chosen or os.environ.get("COURSE_LANG", "").strip() or ENGLISH
    return lang.replace("-", "_")


@functools.lru_cache(maxsize=None)
def _table(domain: str, lang: str) -> dict[str, str]:
    """The current translations (no context, not fuzzy) of one catalog, English to `lang`."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == ENGLISH or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    return {m.id: m.string for m in catalog
            if m.id and m.context is None and isinstance(m.id, str) and m.string and not m.fuzzy}


def translate(message: str, domain: str = SHARED, lang: str | None = None) -> str:
    """`message` in `lang` (default: the current language), looked up in `domain`'s catalog
    and then in the shared one; English when neither has a current translation."""
    lang = lang or language()
    if lang == ENGLISH:
        return message
    return _table(domain, lang).get(message) or _table(SHARED, lang).get(message) or message


def translator(domain: str = SHARED, lang: str | None = None) -> Callable[..., str]:
    """The `_()` of one catalog: `_(message, **fields)` translates (into `lang`, by default the
    current language), then fills the named placeholders (only when fields are given, so a
    message without any may hold braces)."""
    def _(message: str, /, **fields) -> str:
        text = translate(message, domain, lang)
        return text.format(**fields) if fields else text
    return _


_SPACE_AFTER_CHINESE_STOP = __import__("re").compile(r"([。！？；：，、）”])[ \t]+(?=\S)")


def tidy(text: str, lang: str | None = None) -> str:
    """`text` as the current language writes it: in Chinese, no space after a full-width stop,
    which two sentences joined with " " leave behind."""
    lang = lang or language()
    return _SPACE_AFTER_CHINESE_STOP.sub(r"\1", text) if lang.startswith("zh") else text


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (it is shown through `_()`)."""
    return message
