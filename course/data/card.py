"""Data cards: one Markdown page per dataset and language, written from the generator and the data.

Nothing in a card is typed by hand: column meanings, dirt and planted anomalies come from
the generator module, counts from the generated tables. A test regenerates the cards and
compares them with the committed ones.

The card's words are translated through the `datasets` catalog: the frame's sentences below
are marked with `_()`, and every text a generator describes its data with (title, description,
tables, columns, dirt, planted anomalies) is collected from the generator itself by
`generator_messages()`, so that no sentence of a card can miss the catalog. `README.md` is the
English card, `README.<lang>.md` the card of each language that has a `datasets` catalog.
"""
from __future__ import annotations

from pathlib import Path

from course import i18n

CATALOG = "datasets"   # the catalog of the data cards' words (course.translate reads this line)


def languages() -> list[str]:
    """The languages a card is written in besides English: those with a datasets catalog."""
    return sorted(p.parent.parent.name for p in i18n.LOCALES.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


def file_name(lang: str = i18n.ENGLISH) -> str:
    return "README.md" if lang == i18n.ENGLISH else f"README.{lang}.md"


def words(lang: str):
    """The `_()` of a card in `lang` (a card is written in every language, whatever the current one)."""
    return i18n.translator(CATALOG, lang)


def generator_messages(generators: dict) -> list[tuple[str, str]]:
    """(text, where) of every sentence the generators describe their data with, in card order."""
    out = []
    for name, gen in generators.items():
        where = gen.__name__.replace(".", "/") + ".py"
        for attr in ("TITLE", "DESCRIPTION", "HOW"):
            if getattr(gen, attr, None):
                out.append((getattr(gen, attr), f"{where} {attr}"))
        for t in getattr(gen, "TABLES", []):
            out += [(t.title, f"{where} table {t.name} (title)"), (t.source, f"{where} table {t.name} (source)")]
            if t.layout:
                out.append((t.layout, f"{where} table {t.name} (layout)"))
            for c in t.columns:
                out += [(c.dtype, f"{where} column {t.name}.{c.name} (type)"),
                        (c.meaning, f"{where} column {t.name}.{c.name} (meaning)")]
            out += [(d, f"{where} table {t.name} (dirt)") for d in t.dirt]
        out += [(text, f"{where} PLANTED {truth}") for truth, text in getattr(gen, "PLANTED", {}).items()]
    return [(text, where) for text, where in out if text]


def _table_section(t, df, withhold: bool = False, lang: str = i18n.ENGLISH) -> list[str]:
    _ = words(lang)
    lines = [_("### `{name}` — {title}", name=t.name, title=_(t.title)), ""]
    if withhold:
        size = _("Size: withheld.")
    elif isinstance(df, str):
        count = f"{len(df.splitlines()):,}"
        size = _("Lines: {count}.", count=count)
    elif isinstance(df, dict):
        count = f"{len(df):,}"
        size = _("Files: {count}.", count=count)
    else:
        count = f"{len(df):,}"
        size = _("Rows: {count}.", count=count)
    where = (_("Folder: `{path}`.", path=t.relpath) if isinstance(df, dict) and not withhold
             else _("File: `{path}`.", path=t.relpath))
    lines.append(i18n.tidy(" ".join([_("From: {source}.", source=_(t.source)), size, where]), lang))
    if t.layout:
        lines += ["", _(t.layout)]
    if t.columns:
        lines += ["", _("| column | type | meaning |"), "|---|---|---|"]
        lines += ["| `{}` | {} | {} |".format(c.name, _(c.dtype), _(c.meaning)) for c in t.columns]
    if t.dirt:
        lines += ["", _("Deliberately dirty:"), ""] + ["- " + _(d) for d in t.dirt]
    lines.append("")
    return lines


def render(dataset: str, gen, tables: dict, seed: int | None, lang: str = i18n.ENGLISH) -> str:
    """The card of `dataset` in `lang`; `seed` None for a class's build, whose seed and truth are secret."""
    _ = words(lang)
    if seed is None:
        made = _("Generator version {version}, built from this class's own key, which only its "
                 "instructors hold. The data differ from the published ones, and the truth's "
                 "sizes are not shown here. Only an instructor can rebuild them.", version=gen.VERSION)
    else:
        made = _("Generator version {version}, seed {seed}. Rebuild with `course data build`; "
                 "the same seed gives byte-identical files. The CSV files are not kept in git: any "
                 "notebook that needs them rebuilds them from the seed.", version=gen.VERSION, seed=seed)
    how_to_read = _("Every column is stored as text; read with `course.data.load(name)` or "
                    "`pd.read_csv(course.data.path(name), dtype=str)` so that IDs keep their exact form.")
    if any(t.file for t in gen.TABLES):
        how_to_read = i18n.tidy(how_to_read + " " + _(
            "`course.data.path(name)` gives the path of a text file or folder, to open as it is."), lang)
    lines = [
        _("# Data card: {title}", title=_(gen.TITLE)),
        "",
        "<!-- " + _("Generated by `course data build`; do not edit by hand.") + " -->",
        "",
        _(gen.DESCRIPTION),
        "",
        _("## How it is made"),
        "",
        made,
        "",
        _(gen.HOW),
        "",
        _("## Tables"),
        "",
        how_to_read,
        "",
    ]
    for t in gen.TABLES:
        if not t.truth:
            lines += _table_section(t, tables[t.name], lang=lang)
    lines += [
        _("## Planted anomalies (ground truth)"),
        "",
        _("The `truth/` folder lists what was planted, so a model's clue list can be scored "
          "for precision and recall. It is for measuring a model, never an input to one."),
        "",
        _("| truth table | rows | what was planted |"),
        "|---|---|---|",
    ]
    for t in gen.TABLES:
        if t.truth:
            rows = _("withheld") if seed is None else f"{len(tables[t.name]):,}"
            lines.append("| `{}` | {} | {} |".format(t.name, rows, _(gen.PLANTED[t.name])))
    lines.append("")
    for t in gen.TABLES:
        if t.truth:
            lines += _table_section(t, tables[t.name], withhold=seed is None, lang=lang)
    lines += [
        _("## Use and limits"),
        "",
        _("Synthetic teaching data. The rates are chosen so that each exercise has something to "
          "find, not to mirror any real county; do not quote them as facts. Treat the files as "
          "if they were real personal information all the same: the habits (minimum necessary "
          "columns, no copies outside the course folder) are the lesson."),
        "",
    ]
    return "\n".join(lines)


def write(folder: Path, dataset: str, gen, tables: dict, seed: int | None, write_file) -> None:
    """Write the dataset's card in English and in every language with a catalog."""
    for lang in [i18n.ENGLISH] + languages():
        write_file(Path(folder) / file_name(lang), render(dataset, gen, tables, seed, lang).encode("utf-8"))
