"""The day's slide deck, step two: draw a :class:`DeckSpec` with python-pptx.

A thin layer over python-pptx's proxies (``shapes.add_textbox``, ``text_frame``,
``add_chart``, ``add_picture``). The plan is already measured; this only places it. With a
user's template, its "Title Only" layout and theme give the look; without one, the
default template is made 16:9 and given harvest's own colours.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from harvest.errors import InputError
from harvest.export.deck import Box, Chart, DeckSpec, Frame, Picture, Text

__all__ = ["frame_of", "render_pptx"]

COLOURS = {
    "navy": "1F2A44",
    "teal": "0F6E6E",
    "coral": "C8502D",
    "mist": "EEF2F4",
    "ink": "1B1F24",
    "muted": "4A5561",
    "paper": "FFFFFF",
}
WIDE = (12192000, 6858000)  # 13.333 × 7.5 inches, in EMU


def _presentation(template: Path | None) -> Any:
    from pptx import Presentation
    from pptx.util import Emu

    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(WIDE[0]), Emu(WIDE[1])
        return prs
    if not template.is_file():
        raise InputError("template-missing", path=template)
    try:
        return Presentation(str(template))
    except Exception as error:  # python-pptx raises several kinds for a bad package
        raise InputError("template-unreadable", path=template, error=str(error)) from None


def _layout(prs: Any) -> Any:
    """The template's "Title Only" layout, else the one with a title and fewest others."""
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.strip().casefold() == "title only":
            return layout
    with_title = [
        lay for lay in layouts if any(ph.placeholder_format.type == 1 for ph in lay.placeholders)
    ]
    if not with_title:
        raise InputError("template-no-title-layout")
    return min(with_title, key=lambda lay: len(lay.placeholders))


def frame_of(template: Path | None) -> Frame:
    """Slide size and title box of ``template`` (or the default 16:9 frame)."""
    if template is None:
        return Frame()
    prs = _presentation(template)
    emu = 914400
    width, height = prs.slide_width / emu, prs.slide_height / emu
    title = next((ph for ph in _layout(prs).placeholders if ph.placeholder_format.type == 1), None)
    if title is None or title.width is None:
        box = (0.6, 0.4, width - 1.2, 0.95)
    else:
        box = (title.left / emu, title.top / emu, title.width / emu, title.height / emu)
    return Frame(width, height, box, own_look=False)


def render_pptx(spec: DeckSpec, path: Path, *, template: Path | None = None) -> Path:
    """Write the deck to ``path``.

    :param template: a user's .pptx whose layouts and theme to use (its slides are kept)
    """
    from pptx.util import Inches

    prs = _presentation(template)
    layout = _layout(prs)
    for plan in spec.slides:
        slide = prs.slides.add_slide(layout)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type != 1:
                ph._element.getparent().remove(ph._element)  # unused body placeholders
        if plan.dark and spec.frame.own_look:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb("navy")
        elements = list(plan.elements)
        title_text = next((e for e in elements if isinstance(e, Text)), None)
        title = slide.shapes.title
        if plan.kind in ("title", "close") and title_text is not None:
            elements.remove(title_text)
            _title(title, title_text, spec.frame)
        else:
            x, y, w, h = spec.frame.title
            _title(
                title,
                Text(x, y, w, h, plan.title, plan.title_size, "bold", "navy"),
                spec.frame,
            )
        for element in elements:
            if isinstance(element, Box):
                if spec.frame.own_look and not (element.w >= spec.frame.width - 0.01):
                    _box(slide, element)
            elif isinstance(element, Text):
                _text(slide.shapes.add_textbox(0, 0, 1, 1), element, spec.frame)
            elif isinstance(element, Picture):
                pic = slide.shapes.add_picture(
                    io.BytesIO(_picture_bytes(element.data)),
                    Inches(element.x),
                    Inches(element.y),
                    Inches(element.w),
                    Inches(element.h),
                )
                pic._element.nvPicPr.cNvPr.set("descr", element.alt[:1000])
            elif isinstance(element, Chart):
                _chart(slide, element, spec.frame)
        if not plan.dark and spec.frame.own_look:
            footer = Text(
                0.6,
                spec.frame.height - 0.5,
                spec.frame.width - 1.2,
                0.3,
                spec.footer,
                10,
                "regular",
                "muted",
            )
            _text(slide.shapes.add_textbox(0, 0, 1, 1), footer, spec.frame)
        slide.notes_slide.notes_text_frame.text = plan.notes
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def _rgb(name: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(COLOURS[name])  # type: ignore[no-untyped-call]


def _picture_bytes(data: bytes) -> bytes:
    """PowerPoint takes JPEG, PNG and GIF; anything else (WebP) becomes PNG."""
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[:4] == b"GIF8":
        return data
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, "PNG")
    return out.getvalue()


def _box(slide: Any, box: Box) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(box.color)
    shape.line.fill.background()
    shape.shadow.inherit = False
    for child in list(shape._element):  # the default style's effects draw a shadow in Impress
        if child.tag.endswith("}style"):
            shape._element.remove(child)


def _title(shape: Any, text: Text, frame: Frame) -> None:
    from pptx.enum.text import MSO_ANCHOR

    _text(shape, text, frame)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP if text.h > 1.2 else MSO_ANCHOR.MIDDLE


def _text(shape: Any, text: Text, frame: Frame) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    shape.left, shape.top = Inches(text.x), Inches(text.y)
    shape.width, shape.height = Inches(text.w), Inches(text.h)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    paragraphs = text.text.split("\n")
    tf.text = ""
    for i, line in enumerate(paragraphs):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = PP_ALIGN.CENTER if text.align == "center" else PP_ALIGN.LEFT
        para.line_spacing = 1.0
        run = para.add_run()
        run.text = line
        font = run.font
        font.size = Pt(text.size)
        font.bold = text.style == "bold"
        font.italic = text.style == "italic"
        if frame.own_look:
            font.name = frame.font_name
            font.color.rgb = _rgb(text.color)


def _chart(slide: Any, chart: Chart, frame: Frame) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt

    data = CategoryChartData()  # type: ignore[no-untyped-call]
    cats, values = list(chart.categories), list(chart.values)
    if chart.kind == "bar":  # bar charts draw the first category at the bottom
        cats, values = cats[::-1], values[::-1]
    data.categories = cats
    data.add_series(chart.title, values)  # type: ignore[no-untyped-call]
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame_shape = slide.shapes.add_chart(
        kind, Inches(chart.x), Inches(chart.y), Inches(chart.w), Inches(chart.h), data
    )
    c = frame_shape.chart
    c.has_legend = False
    c.has_title = True
    c.chart_title.text_frame.text = chart.title
    title_font = c.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size = Pt(14)
    title_font.bold = True
    c.font.size = Pt(11)
    if frame.own_look:
        c.font.name = frame.font_name
    plot = c.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.font.size = Pt(11)
    labels.number_format = "0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(chart.color)
    value_axis = c.value_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = max(values + [1.0]) * 1.15
    c.category_axis.tick_labels.font.size = Pt(11 if chart.kind == "bar" else 14)
    c.category_axis.format.line.fill.background()
