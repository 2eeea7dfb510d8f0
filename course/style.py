"""The course's chart style: a font that can write Chinese.

matplotlib's own default font (DejaVu Sans) has no Chinese characters, so a chart titled in
Chinese shows empty boxes. An edition in Chinese applies this style when it turns its language
on (`course.i18n.use`): matplotlib then takes each character from the first font of the list
that has it. The list names the CJK font each system ships: Noto Sans CJK on Debian and Ubuntu
(package `fonts-noto-cjk`, which `make test` installs as root; matplotlib reads the first face
of its collection file, named "Noto Sans CJK JP", which holds the simplified characters too),
Microsoft YaHei and SimHei on Windows, PingFang SC on macOS.
"""
from __future__ import annotations

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Microsoft YaHei", "SimHei",
             "PingFang SC", "Hiragino Sans GB", "WenQuanYi Zen Hei"]


def chinese_font() -> str | None:
    """The first CJK font of the list that this computer has, or None."""
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in have), None)


def apply_chinese() -> str | None:
    """Make matplotlib write Chinese: Latin letters and digits from DejaVu Sans as before, every
    other character from the first CJK font found; the minus sign as a hyphen, which every font
    has. Returns the CJK font used, or None when the computer has none (then the charts show
    boxes, and `make test`'s system packages or the system's own CJK font are missing)."""
    import matplotlib

    font = chinese_font()
    if font:
        # A list of families, not the generic "sans-serif": only across named families does
        # matplotlib take a missing character from the next font.
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", font]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return font
