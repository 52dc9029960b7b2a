#!/usr/bin/env python3
"""Draw the sample photos for Leading Across Wyvern Vale, Day 2.

Three flipchart sheets and two graphic recordings are drawn flat in marker,
then "photographed": put on an easel or taped to a wall, tilted in
perspective, unevenly lit, softened and given sensor noise. All randomness
comes from fixed seeds, so every run writes the same bytes.

    /work/main/.venv/bin/python make_images.py [file.jpg ...]

Needs Pillow, numpy and the DejaVu fonts (Debian package fonts-dejavu-core).
"""

from __future__ import annotations

import math
import sys
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSans", "DejaVuSans-Bold")  # both ship in fonts-dejavu-core
SQUEEZE = 0.86  # marker lettering is narrower than the font
PAPER = (246, 244, 236)
INK = {
    "black": (30, 30, 36),
    "blue": (28, 64, 158),
    "red": (196, 34, 44),
    "grey": (150, 150, 156),
    "green": (24, 120, 62),
    "purple": (106, 48, 142),
    "orange": (226, 112, 22),
    "brown": (120, 72, 40),
}
FILL = {
    "yellow": (255, 226, 90),
    "pink": (246, 150, 180),
    "sky": (130, 196, 236),
    "teal": (110, 200, 190),
    "orange": (250, 170, 90),
    "red": (236, 96, 96),
    "green": (150, 214, 130),
    "grey": (200, 200, 204),
}
STICKY = {
    "yellow": (250, 234, 120),
    "pink": (248, 170, 198),
    "blue": (150, 208, 240),
    "green": (190, 232, 150),
}
BRICKS = [(142, 78, 60), (126, 72, 58), (150, 92, 70), (110, 66, 54), (160, 104, 84)]
R = np.random.default_rng(0)  # reseeded for every picture in main()


def check_fonts() -> None:
    """Stop with a clear message if the DejaVu fonts are not installed."""
    missing = [f"{n}.ttf" for n in FONTS if not (FONT_DIR / f"{n}.ttf").exists()]
    if missing:
        sys.exit(
            f"make_images.py: {', '.join(missing)} not found in {FONT_DIR}; install the "
            "Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core)"
        )


@cache
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / f"{FONTS[bold]}.ttf"), size)


def to_image(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def blotches(w, h, scale):
    """Smooth low-frequency noise, roughly in [-1, 1]."""
    small = R.normal(0, 1, (h // scale + 3, w // scale + 3)).astype(np.float32)
    return np.asarray(Image.fromarray(small).resize((w, h), Image.BICUBIC))


# --- handwriting and marker strokes -----------------------------------------


def text_w(text, size, bold=False):
    """Width of a line of handwriting (as hand() draws it)."""
    return font(bold, size).getlength(text) * SQUEEZE + len(text) * max(1, round(size / 18)) * 0.8


def hand(img, x, y, text, size, color="black", style=""):
    """Letter text glyph by glyph with jittered size, slant, angle and baseline.

    (x, y) starts the baseline; style may hold "b" (bold) and "c" (x is the centre)."""
    bold, color = "b" in style, INK.get(color, color)
    x -= text_w(text, size, bold) / 2 if "c" in style else 0
    sw = max(1, round(size / 18))  # marker tip
    k, rise, x0 = math.tan(math.radians(R.uniform(0, 8))), R.uniform(-0.025, 0.02), x
    for ch in text:
        if ch == " ":
            x += size * R.uniform(0.26, 0.34)
            continue
        s = max(8, round(size * R.uniform(0.92, 1.08)))
        f = font(bold, s)
        w, base = f.getlength(ch) * SQUEEZE, int(1.4 * s)
        tile = Image.new("L", (int(w / SQUEEZE + 2 * s), 2 * s + sw), 0)
        ImageDraw.Draw(tile).text(
            (s, base), ch, font=f, fill=255, anchor="ls", stroke_width=sw, stroke_fill=255
        )
        shear = (1 / SQUEEZE, k, s - s / SQUEEZE - k * base, 0, 1, 0)  # narrow and slant
        tile = tile.transform(tile.size, Image.AFFINE, shear, Image.BICUBIC)
        tile = tile.rotate(R.normal(0, 3), Image.BICUBIC, center=(s + w / 2, base))
        by = y + (x - x0) * rise + R.normal(0, size * 0.03)
        img.paste(color, (int(x - s), int(by - base)), tile)
        x += w + sw * 0.8 + R.normal(0, size * 0.02)
    return x


def write(img, rows):
    """Several hand() calls: rows of (x, y, text, size, color, style)."""
    for row in rows:
        hand(img, *row)


def lines_at(img, cx, cy, lines, size, color="black", style="", gap=1.22):
    """Centred lines of handwriting around (cx, cy)."""
    y = cy - (len(lines) - 1) * size * gap / 2 + size * 0.36
    for i, ln in enumerate(lines):
        hand(img, cx, y + i * size * gap, ln, size, color, style + "c")


def wobble(img, cell=34, amp=1.5):
    """Warp an image through a jittered mesh so font strokes look hand-drawn."""
    w, h = img.size
    nx, ny = w // cell + 2, h // cell + 2
    dx, dy = R.normal(0, amp, (ny, nx)), R.normal(0, amp, (ny, nx))

    def src(i, j):
        return (min(max(i * cell + dx[j, i], 0), w - 1), min(max(j * cell + dy[j, i], 0), h - 1))

    mesh = [
        (
            (i * cell, j * cell, (i + 1) * cell, (j + 1) * cell),
            src(i, j) + src(i, j + 1) + src(i + 1, j + 1) + src(i + 1, j),
        )
        for j in range(ny - 1)
        for i in range(nx - 1)
    ]
    return img.transform(img.size, Image.MESH, mesh, Image.BICUBIC)


def spline(pts, n=20):
    """Catmull-Rom curve through pts."""
    p, out = np.array([pts[0], *pts, pts[-1]], float), []
    for i in range(len(pts) - 1):
        p0, p1, p2, p3 = p[i : i + 4]
        for t in np.arange(n) / n:
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1
                        + (p2 - p0) * t
                        + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                        + (3 * p1 - p0 - 3 * p2 + p3) * t**3
                    )
                )
            )
    return out + [pts[-1]]


def stroke(img, pts, color="black", width=5, wob=0.6, dash=0):
    """Marker line through pts with a slow hand wobble, round ends and optional dashes."""
    color, out, ox, oy = INK.get(color, color), [], 0.0, 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / 14))
        for t in np.arange(n) / n:
            ox, oy = 0.8 * ox + R.normal(0, wob), 0.8 * oy + R.normal(0, wob)
            out.append((x0 + (x1 - x0) * t + ox, y0 + (y1 - y0) * t + oy))
    out.append(pts[-1])
    d, r = ImageDraw.Draw(img), width / 2 - 0.5
    for run in [out[i : i + dash] for i in range(0, len(out), 2 * dash)] if dash else [out]:
        d.line(run, fill=color, width=width, joint="curve")
        for x, y in (run[0], run[-1]):
            d.ellipse((x - r, y - r, x + r, y + r), fill=color)


def oval(cx, cy, rx, ry, turns=1.0, n=80):
    """Points on a hand-drawn ellipse; turns > 1 overshoots like a real circled word."""
    a0, ph = R.uniform(0, 2 * math.pi), R.uniform(0, 2 * math.pi)
    ts = 2 * math.pi * turns * np.arange(n + 1) / n
    g = (1 + 0.03 * np.sin(3 * ts + ph)) * (1 + 0.05 * (turns > 1) * np.arange(n + 1) / n)
    return list(zip(cx + rx * g * np.cos(a0 + ts), cy + ry * g * np.sin(a0 + ts), strict=True))


def fill(img, pts, color):
    """Marker colour fill: streaky strokes clipped to a polygon, multiplied onto the paper."""
    color = FILL.get(color, color)
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).polygon([(x + R.normal(0, 2), y + R.normal(0, 2)) for x, y in pts], 255)
    box = mask.getbbox()
    w, h = box[2] - box[0], box[3] - box[1]
    tint, slope = Image.new("RGB", (w, h), color), 1 / math.tan(R.uniform(0.5, 0.8))
    shades = [
        color,
        tuple(int(c + (255 - c) * 0.22) for c in color),
        tuple(int(c * 0.92) for c in color),
    ]
    for o in range(-w - h, w + h, 9):  # overlapping passes of the marker
        ImageDraw.Draw(tint).line([(o, 0), (o + h * slope, h)], shades[R.integers(3)], 11)
    tint = ImageChops.multiply(img.crop(box), tint.filter(ImageFilter.GaussianBlur(1.2)))
    img.paste(tint, box[:2], mask.crop(box))


def shape(img, pts, color=None, ink="black", width=5, closed=True):
    """A filled (optional) and outlined polygon."""
    if color:
        fill(img, pts, color)
    stroke(img, pts + pts[:1] if closed else pts, ink, width)


def arrow(img, pts, color="black", width=5, head=22):
    """Curved marker arrow through pts with a two-stroke head."""
    path = spline(pts, 16)
    stroke(img, path, color, width)
    (x0, y0), (x1, y1) = path[-4], path[-1]
    for s in (-1, 1):
        a = math.atan2(y1 - y0, x1 - x0) + math.pi + s * R.uniform(0.42, 0.55)
        stroke(img, [(x1, y1), (x1 + head * math.cos(a), y1 + head * math.sin(a))], color, width)


def underline(img, x0, x1, y, color, double=False):
    for yy in (y, y + 12)[: 1 + double]:
        mid = [((x0 + x1) / 2, yy + R.normal(2, 2))]
        stroke(img, spline([(x0, yy + R.normal(0, 2)), *mid, (x1, yy - 3)]), color, 5, 0.5)


def bullets(img, x, y, items, size, color="black", mark="dot", mark_color=None, gap=1.7):
    """A handwritten list; mark is dot, dash, tick or num."""
    mc = mark_color or color
    for i, item in enumerate(items):
        bx, by = x + R.normal(0, 3), y + i * size * gap + R.normal(0, 2)
        my = by - size * 0.35
        if mark == "dot":
            ImageDraw.Draw(img).ellipse((bx - 4, my - 4, bx + 4, my + 4), fill=INK.get(mc, mc))
        elif mark == "dash":
            stroke(img, [(bx - 10, my), (bx + 8, my - 1)], mc, 4, 0.3)
        elif mark == "tick":
            stroke(img, [(bx - 10, my), (bx - 3, by - 4), (bx + 12, by - size * 0.8)], mc, 4, 0.3)
        else:
            hand(img, bx - 16, by, f"{i + 1}.", size, mc, "b")
        hand(img, bx + size * 0.75, by, item, size, color)


# --- doodles ----------------------------------------------------------------


def bubble(img, cx, cy, rx, ry, tail, lines, size, color=None, ink="black"):
    """Speech bubble with a tail pointing at `tail`, filled and lettered."""
    ang = math.atan2(tail[1] - cy, tail[0] - cx)
    pts = [
        (cx + rx * math.cos(ang + t), cy + ry * math.sin(ang + t))
        for t in np.linspace(0.22, 2 * math.pi - 0.22, 60)
    ]
    shape(img, pts + [tail], color, ink)
    lines_at(img, cx, cy, lines, size, ink)


def person(img, x, y, h, arms="open", body=None):
    """Graphic-recorder stick person standing on (x, y), h tall."""
    r, hip, sh = h * 0.12, y - h * 0.4, y - h * 0.72
    if body:
        fill(
            img, [(x, y - h * 0.78), (x + h * 0.2, y - h * 0.35), (x - h * 0.2, y - h * 0.35)], body
        )
    stroke(img, oval(x, y - h + r, r, r * 1.05, 1.05), "black", 5)
    stroke(img, [(x, y - h + 2 * r), (x, hip)], "black", 6)
    for s in (-1, 1):
        hand_y = {
            "open": y - h * 0.95,
            "down": y - h * 0.35,
            "wave": y - h * (0.45 + 0.5 * (s > 0)),
        }
        stroke(img, [(x, hip), (x + s * h * 0.16, y)], "black", 6)
        stroke(img, [(x, sh), (x + s * h * 0.32, hand_y[arms])], "black", 6)


def heart(img, cx, cy, size):
    t = np.linspace(0, 2 * math.pi, 70)
    xs = cx + size * 16 * np.sin(t) ** 3 / 32
    ys = cy - size * (13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)) / 32
    shape(img, list(zip(xs, ys, strict=True)), "red", "red", 6)


def house(img, x, y, w):
    """House with a filled roof; (x, y) is the bottom-left corner."""
    h = w * 0.75
    shape(img, [(x, y - h), (x, y), (x + w, y), (x + w, y - h)], "yellow", width=6)
    shape(
        img,
        [(x - w * 0.12, y - h), (x + w / 2, y - h - w * 0.55), (x + w * 1.12, y - h)],
        "orange",
        width=6,
    )
    shape(
        img,
        [(x + w * 0.4, y), (x + w * 0.4, y - h / 2), (x + w * 0.62, y - h / 2), (x + w * 0.62, y)],
        closed=False,
    )
    box(img, x + w * 0.7, y - h * 0.8, x + w * 0.88, y - h * 0.62, ink="blue", width=4)


def box(img, x0, y0, x1, y1, color=None, ink="black", width=5):
    shape(img, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], color, ink, width)


def clock(img, cx, cy, r):
    """Alarm clock, the recorder's shorthand for urgency."""
    for s in (-1, 1):
        shape(img, oval(cx + s * r * 0.7, cy - r * 0.85, r * 0.32, r * 0.22), "red")
        stroke(img, [(cx + s * r * 1.2, cy - r * 0.5), (cx + s * r * 1.45, cy - r * 0.65)], width=4)
    fill(img, oval(cx, cy, r, r), "yellow")
    stroke(img, oval(cx, cy, r, r, 1.08), width=6)
    for a in np.arange(12) * math.pi / 6:
        q = 0.7 if round(a / math.pi * 6) % 3 == 0 else 0.8
        stroke(
            img,
            [
                (cx + r * q * math.cos(a), cy + r * q * math.sin(a)),
                (cx + r * 0.88 * math.cos(a), cy + r * 0.88 * math.sin(a)),
            ],
            width=4,
            wob=0.1,
        )
    stroke(img, [(cx, cy), (cx, cy - r * 0.6)], "red", 6, 0.2)
    stroke(img, [(cx, cy), (cx + r * 0.45, cy + r * 0.15)], "black", 6, 0.2)


def mug(img, x, y):
    """A steaming mug of tea; (x, y) is the bottom-left corner."""
    shape(img, [(x, y - 70), (x + 60, y - 70), (x + 56, y), (x + 4, y)], "orange")
    stroke(img, oval(x + 66, y - 40, 16, 20))
    for k in range(3):
        steam = [(x + 14 + 16 * k + 6 * math.sin(t), y - 85 - 12 * t) for t in np.linspace(0, 4, 8)]
        stroke(img, steam, "grey", 3, 0.1)


def building(img, x0, y0, x1, y1, label, color):
    """An organisation: a box with windows and a label."""
    box(img, x0, y0, x1, y1, color, width=6)
    for i in range(3):
        wx = x0 + (x1 - x0) * (0.15 + 0.28 * i)
        box(img, wx, y0 + 25, wx + 30, y0 + 55, width=3)
    hand(img, (x0 + x1) / 2, y1 - 22, label, 30, "black", "bc")


def bridge(img, x0, x1, y, gap=False):
    """Arched bridge from x0 to x1 with its deck at y; gap=True breaks it in the middle."""
    span, rise = x1 - x0, (x1 - x0) * 0.22
    arch = [(x0 + span * t, y - rise * math.sin(math.pi * t)) for t in np.linspace(0, 1, 30)]
    for part in [arch[:13], arch[17:]] if gap else [arch]:
        fill(img, part + [(part[-1][0], y), (part[0][0], y)], "sky")
        stroke(img, part, "blue", 6)
        stroke(img, [(part[0][0], y), (part[-1][0], y)], "brown", 8)
    for t in np.linspace(0.1, 0.9, 9):
        if not (gap and 0.42 < t < 0.58):
            xx = x0 + span * t
            stroke(img, [(xx, y), (xx, y - rise * math.sin(math.pi * t))], "blue", 3, 0.2)
    for k in range(4):
        wx = x0 + span * (0.15 + 0.2 * k)
        stroke(
            img,
            [(wx + 30 * t, y + 40 + 8 * math.sin(t * 6)) for t in np.linspace(0, 2, 9)],
            "blue",
            3,
        )


def banner(img, x0, y0, x1, y1, title, size, color):
    """Ribbon banner with folded tails and a bold title."""
    h, t = y1 - y0, (y1 - y0) * 0.9
    for s, xe in ((-1, x0), (1, x1)):
        shape(
            img,
            [
                (xe - s * 40, y0 + h * 0.3),
                (xe + s * t, y0 + h * 0.3),
                (xe + s * t * 0.65, y1 + h * 0.05 + 8),
                (xe + s * t, y1 + h * 0.3),
                (xe - s * 40, y1 + h * 0.3),
            ],
            tuple(int(c * 0.8) for c in FILL[color]),
        )
    ImageDraw.Draw(img).rectangle((x0, y0, x1, y1), fill=PAPER)  # tails go behind the body
    box(img, x0, y0, x1, y1, color, width=6)
    hand(img, (x0 + x1) / 2, y0 + h * 0.5 + size * 0.36, title, size, "black", "bc")


def star(img, x, y, color="green", r=22):
    for a in np.radians(np.arange(-90, 270, 72)):
        stroke(img, [(x, y), (x + r * math.cos(a), y + r * math.sin(a))], color, 5, 0.1)


def sticky(img, cx, cy, lines, color, size=190, tsize=30):
    """A rotated sticky note with a soft shadow and a short handwritten phrase."""
    shade = np.linspace(1.03, 0.92, size, dtype=np.float32)[:, None, None]
    note = to_image(np.full((size, size, 3), STICKY[color], np.float32) * shade)
    tsize = min(tsize, int(tsize * (size - 26) / max(text_w(ln, tsize) for ln in lines)))
    lines_at(note, size / 2, size / 2, lines, tsize)
    note = wobble(note, 30, 1.0).convert("RGBA")
    note = note.rotate(R.uniform(-7, 7), Image.BICUBIC, expand=True)
    alpha = note.getchannel("A")
    x, y = int(cx - note.width / 2), int(cy - note.height / 2)
    shadow = alpha.filter(ImageFilter.GaussianBlur(6)).point(lambda v: v * 45 // 100)
    img.paste((40, 36, 30), (x + 3, y + 7), shadow)
    img.paste(note, (x, y), alpha)


# --- paper, walls and the camera -------------------------------------------


def surface(w, h, color, blot=3.0, grain=1.6):
    """A flat painted or paper surface with gentle blotches and grain."""
    a = np.full((h, w, 3), color, np.float32)
    return to_image(a + (blotches(w, h, 90) * blot + R.normal(0, grain, (h, w)))[..., None])


def paper(w, h, grid=False):
    """Off-white flipchart paper, optionally with a faint printed grid."""
    img = surface(w, h, PAPER)
    d = ImageDraw.Draw(img)
    for v in range(25, max(w, h), 50) if grid else []:
        d.line([(v, 0), (v, h)], fill=(226, 230, 232))
        d.line([(0, v), (w, v)], fill=(226, 230, 232))
    return img


def brick_wall(w, h, wash):
    """Old Ropeworks brick; wash blends it toward whitewash."""
    img, bw, bh = Image.new("RGB", (w, h), (150, 144, 134)), 118, 40
    for r in range(h // bh + 1):
        for c in range(-1, w // bw + 2):
            col = np.array(BRICKS[R.integers(len(BRICKS))]) * R.uniform(0.85, 1.1) * (1 - wash)
            col += np.array([238, 235, 228]) * wash * R.uniform(0.96, 1.02)
            x0 = c * bw - (r % 2) * bw // 2
            ImageDraw.Draw(img).rectangle(
                (x0 + 3, r * bh + 3, x0 + bw - 3, r * bh + bh - 3), fill=tuple(int(v) for v in col)
            )
    texture = blotches(w, h, 30) * 6 + R.normal(0, 9, (h, w))
    return to_image(np.asarray(img, np.float32) + texture[..., None]).filter(
        ImageFilter.GaussianBlur(1.8)
    )


def coeffs(dst, src):
    """PERSPECTIVE coefficients taking output points dst to input points src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    return tuple(np.linalg.solve(np.array(rows, float), np.array(rhs, float)))


def place(scene, img, quad, shadow=(6, 10), blur=10, strength=0.4):
    """Paste img with its corners at quad (UL, UR, LR, LL), casting a soft shadow."""
    w, h = img.size
    c = coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = img.convert("RGBA").transform(scene.size, Image.PERSPECTIVE, c, Image.BICUBIC)
    alpha, sh = warped.getchannel("A"), Image.new("L", scene.size, 0)
    sh.paste(alpha.filter(ImageFilter.GaussianBlur(blur)), shadow)
    scene.paste((20, 18, 16), (0, 0), sh.point(lambda v: int(v * strength)))
    scene.paste(warped, (0, 0), alpha)


def rotated(cx, cy, angle, pts):
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


def tape(scene, cx, cy, angle, length=110):
    """A strip of masking tape with torn ends."""
    ends = [
        (s * length / 2 + R.normal(0, 3), s * (16 - 32 * t))
        for s in (-1, 1)
        for t in np.linspace(0, 1, 6)
    ]
    mask = Image.new("L", scene.size, 0)
    ImageDraw.Draw(mask).polygon(rotated(cx, cy, angle, ends), fill=205)
    scene.paste((226, 208, 160), (0, 0), mask)


def taped_sheet(scene, sheet, cx, cy, angle):
    """Tape a sheet to the wall, rotated by angle degrees about (cx, cy), a little cockled."""
    w, h = sheet.size
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    quad = rotated(cx, cy, angle, corners)
    shade = np.linspace(0.96, 1.01, w, dtype=np.float32)[None, :] + 0.02 * blotches(w, h, 150)
    place(scene, to_image(np.asarray(sheet, np.float32) * shade[..., None]), quad, (3, 6), 7, 0.35)
    for (x, y), a in zip(quad, (-40, 40, -40, 40), strict=True):
        tape(scene, x + (cx - x) * 0.06, y + (cy - y) * 0.04, a + angle + R.normal(0, 6))


def easel(scene, sheet, x0, y0):
    """A flipchart easel: three legs, backing board, clamp bar, the pad with our sheet on top."""
    w, h = sheet.size
    d, cx = ImageDraw.Draw(scene), x0 + w / 2
    legs = [
        ((cx, y0 - 60), (cx + 10, scene.height), 14, 90),
        ((x0 + 40, y0 + 80), (x0 - 140, scene.height), 20, 162),
        ((x0 + w - 40, y0 + 80), (x0 + w + 150, scene.height), 20, 162),
    ]
    for (ax, ay), (bx, by), lw, col in legs:
        d.line([(ax, ay), (bx, by)], fill=(col, col, col + 4), width=lw)
        d.line([(ax - lw / 4, ay), (bx - lw / 4, by)], fill=(col + 40,) * 3, width=lw // 4)
    pad = Image.new("RGB", (w + 40, h + 70), (74, 74, 78))
    pd = ImageDraw.Draw(pad)
    for k in range(6):  # edges of the sheets underneath
        pd.rectangle((20 - k, 40, 20 + w + k, h + 44 + 3 * k), fill=tuple(c - 6 * k for c in PAPER))
    pad.paste(sheet, (20, 40))
    grad = Image.linear_gradient("L").resize((w, 30)).point(lambda v: (255 - v) * 70 // 255)
    pad.paste((0, 0, 0), (20, 58), grad)  # shadow under the clamp bar
    pd.rounded_rectangle((0, 0, w + 40, 58), 14, fill=(32, 32, 36))
    pd.line([(12, 10), (w + 28, 10)], fill=(70, 70, 76), width=3)
    for kx in (w * 0.2, w * 0.8 + 40):
        pd.ellipse((kx - 16, 14, kx + 16, 46), fill=(18, 18, 20))
    quad = [
        (x0 - 12, y0),
        (x0 + w + 12, y0 + 4),
        (x0 + w + 20, y0 + h + 70),
        (x0 - 20, y0 + h + 66),
    ]
    place(scene, pad, quad, (18, 22), 24, 0.5)


def photograph(scene, size, quad, light=(0.15, -0.05), glow=(0.3, -0.4), warm=1.0):
    """Shoot the flat scene: perspective crop, uneven light, vignette, noise, soft focus."""
    w, h = size
    c = coeffs([(0, 0), (w, 0), (w, h), (0, h)], quad)
    img = scene.transform(size, Image.PERSPECTIVE, c, Image.BICUBIC)
    yy, xx = np.mgrid[-1 : 1 : h * 1j, -1 : 1 : w * 1j].astype(np.float32)
    gain = (0.97 - 0.3 * (xx**2 * 0.7 + yy**2)) * (1 + light[0] * xx + light[1] * yy)
    gain += 0.08 * np.exp(-((xx - glow[0]) ** 2 + (yy - glow[1]) ** 2) / 0.25)
    a = np.asarray(img, np.float32) * gain[..., None] * np.array([1.02 * warm, 1, 0.95 / warm])
    a += R.normal(0, 3.0, (h, w, 1)) + R.normal(0, 1.5, (h, w, 3))
    img = to_image(a).filter(ImageFilter.GaussianBlur(0.7))
    return img.filter(ImageFilter.UnsharpMask(2, 35, 2))


# --- the five pictures ------------------------------------------------------


def flip_aside(title, items):
    """A neighbouring sheet, only partly in shot."""
    s = paper(720, 1040)
    hand(s, 50, 110, title, 50, "blue", "b")
    bullets(s, 70, 220, items, 34, mark="dash", mark_color="blue")
    return wobble(s)


def flip_community():
    """Breakout A: what residents told us."""
    s = paper(720, 1040)
    write(
        s,
        [
            (45, 110, "COMMUNITY VOICE", 50, "red", "b"),
            (660, 76, "A", 36, "green", "bc"),
            (50, 215, "What residents told us:", 36, "blue"),
            (50, 620, "It all comes back to", 32),
            (405, 625, "TRUST", 52, "green", "b"),
            (80, 712, "Lived experience = expertise", 34, "purple"),
        ],
    )
    underline(s, 40, 570, 132, "red", double=True)
    stroke(s, oval(660, 62, 30, 30, 1.1), "green", 4)
    said = [
        "Tell my story once",
        "Ask us early, not after",
        "Someone who knows my name",
        "Show us what changed",
        "Plain words, no jargon!",
    ]
    bullets(s, 70, 290, said, 33, mark_color="blue")
    stroke(s, oval(485, 606, 110, 50, 1.12), "green", 5)
    arrow(s, [(600, 590), (660, 460), (560, 330)], "green")
    star(s, 50, 700, "orange", 16)
    star(s, 600, 700, "orange", 16)
    s = wobble(s)
    sticky(s, 140, 880, ["Pay people", "for their", "time"], "yellow")
    sticky(s, 365, 900, ["Co-design", "from day 1"], "pink")
    sticky(s, 585, 870, ["Youth panel?", "ask Ruth"], "blue")
    return s


def flip_courage():
    """Breakout C: what stops us, what helps."""
    s = paper(720, 1040, grid=True)
    write(
        s,
        [
            (45, 60, "Breakout C", 28, "green"),
            (45, 135, "COURAGE TO INNOVATE", 46, "purple", "b"),
            (35, 230, "What stops us?", 33, "red"),
            (385, 230, "What helps?", 33, "green"),
            (240, 700, "flip it!", 32, "orange", "b"),
            (45, 770, "Start Monday,", 34, "blue"),
            (70, 815, "not 'someday'", 34, "blue"),
        ],
    )
    stroke(s, [(40 + 10 * t, 158 + 6 * math.sin(t)) for t in np.linspace(0, 55, 80)], "purple", 4)
    stroke(s, [(360, 200), (362, 600)], "black", 4, 0.8)
    bullets(
        s,
        50,
        300,
        ["fear of blame", "'no' feels safer", "no time to think", "15 sign-offs!", "data in silos"],
        28,
        mark="dash",
        mark_color="red",
        gap=1.85,
    )
    helps = [
        "permission to try",
        "test small, often",
        "safe to fail",
        "leaders go first",
        "share the data",
    ]
    bullets(s, 400, 300, helps, 28, mark="tick", mark_color="green", gap=1.85)
    arrow(s, [(200, 590), (330, 660), (480, 610)], "orange")
    stroke(s, oval(190, 785, 175, 68, 1.1), "blue", 4)
    shape(s, oval(560, 700, 48, 52), "yellow")  # light bulb
    stroke(s, [(540, 752), (543, 785), (577, 785), (580, 752)])
    for a in np.radians(np.arange(200, 350, 35)):
        stroke(
            s,
            [
                (560 + 65 * math.cos(a), 700 + 68 * math.sin(a)),
                (560 + 90 * math.cos(a), 700 + 95 * math.sin(a)),
            ],
            "orange",
            4,
        )
    s = wobble(s)
    sticky(s, 130, 945, ["What if we", "just asked?"], "pink", 175)
    sticky(s, 360, 935, ["One shared", "dataset", "by April"], "blue", 175)
    sticky(s, 590, 950, ["Protect Fri", "pm for ideas"], "yellow", 175)
    return s


def flip_commitments():
    """Our story of now: commitments for spring."""
    s = paper(720, 1040)
    write(
        s,
        [
            (45, 100, "OUR STORY OF NOW", 52, "blue", "b"),
            (45, 185, "By spring we will...", 38, "red"),
            (45, 600, "Not 'someday'.", 34, "purple"),
            (45, 665, "Report back:", 32),
            (260, 668, "DAY 3, JUNE", 36, "green", "b"),
            (590, 715, "URGENCY!", 30, "red", "bc"),
        ],
    )
    underline(s, 40, 560, 122, "blue")
    pledges = [
        "Resident voice at every board",
        "Share data across 3 n'hoods",
        "Wellbeing check-in, every team",
        "Neighbourhood team pilot live",
        "Start on inequalities: Eastgate",
    ]
    bullets(s, 70, 260, pledges, 30, mark="num", mark_color="red", gap=1.75)
    box(s, 250, 624, 506, 684, ink="green", width=4)
    clock(s, 590, 610, 55)
    heart(s, 640, 150, 60)
    s = wobble(s)
    notes = [
        (["Call the", "PCN lead", "- JT"], "yellow"),
        (["Buddy up", "w/ council", "- SA"], "pink"),
        (["Ask 5", "residents", "- MK"], "green"),
        (["Walk Edie's", "journey", "- RB"], "blue"),
    ]
    for i, (lines, color) in enumerate(notes):
        sticky(s, 100 + 173 * i, 875 + (i % 2) * 30, lines, color, 165, 32)
    return s


def rec_came_back():
    """Graphic recording of the visiting speaker, Rhiannon Pryce."""
    s = paper(2200, 1180)
    banner(s, 150, 50, 1010, 170, "WHY I CAME BACK", 80, "teal")
    person(s, 260, 900, 330, "open", "sky")
    bubble(s, 330, 420, 240, 120, (270, 560), ['"I wrote my', 'resignation letter."'], 36, "yellow")
    porter = ["A porter: \"You're", 'not the only one"']
    bubble(s, 640, 720, 190, 95, (390, 700), porter, 30, ink="blue")
    heart(s, 890, 420, 200)
    arrow(s, [(560, 400), (680, 340), (770, 380)])
    underline(s, 1225, 1540, 356, "orange")
    mug(s, 1070, 510)
    clock(s, 1900, 330, 110)
    building(s, 1100, 640, 1330, 860, "HOSPITAL", "grey")
    building(s, 1730, 640, 1960, 860, "COUNCIL", "green")
    bridge(s, 1330, 1730, 820)
    person(s, 1490, 815, 110, "down")
    person(s, 1570, 815, 110, "down")
    house(s, 600, 1090, 150)
    arrow(s, [(960, 660), (1000, 760), (1090, 760)])
    arrow(s, [(1100, 860), (950, 920), (900, 970)])
    ask = ["Name one person who", "might be in the car park"]
    bubble(s, 1900, 1090, 230, 70, (1760, 1000), ask, 28, "pink")
    write(
        s,
        [
            (120, 250, "Rhiannon Pryce, visiting speaker  *  Day 2: Stories for Change", 30),
            (1860, 60, "#LeadingWyvern", 30, "blue"),
            (890, 580, "WELLBEING", 46, "red", "bc"),
            (890, 632, "IS the work", 38, "black", "c"),
            (1230, 290, "Exhaustion is not a", 36, "purple"),
            (1230, 340, "personal weakness", 36, "purple"),
            (1160, 480, "a wet Tuesday + a cup of tea", 30, "brown"),
            (1900, 530, "THE TIME IS NOW", 42, "red", "bc"),
            (1900, 578, "by spring, not someday", 30, "black", "c"),
            (1530, 960, "TRUST IS THE BRIDGE", 44, "blue", "bc"),
            (1530, 1005, "across organisations, not around them", 28, "black", "c"),
            (70, 1010, "Judge a place by how it", 28, "purple"),
            (70, 1050, "treats the night shift", 28, "purple"),
            (790, 1010, "Care closer to home", 38, "green"),
            (790, 1058, "prevention starts on the doorstep", 28),
        ],
    )
    return wobble(s, 40, 1.8)


def rec_journey():
    """Graphic recording of the system-mapping session: Edie's journey."""
    s = paper(2200, 1180)
    banner(s, 560, 45, 1640, 165, "ONE RESIDENT'S JOURNEY", 74, "orange")
    stops = [(420, 960), (700, 1000), (1000, 860), (1300, 860), (1600, 720)]
    road = spline([(200, 1010), *stops, (1880, 690)], 24)
    fill(s, [(x, y - 38) for x, y in road] + [(x, y + 38) for x, y in road[::-1]], "grey")
    stroke(s, [(x, y - 38) for x, y in road], width=5, wob=0.4)
    stroke(s, [(x, y + 38) for x, y in road], width=5, wob=0.4)
    stroke(s, road, "orange", 4, 0.3, dash=2)
    person(s, 110, 1060, 190, "wave", "pink")
    house(s, 1900, 720, 150)
    heart(s, 2125, 560, 60)
    labels = [
        (1075, "Falls on the way home"),
        (770, "4 hr wait for an ambulance"),
        (985, "Ward: fit to go on day 3..."),
        (790, "...home on day 11"),
        (835, "Home: who calls?"),
    ]
    for n, ((x, y), (ly, label)) in enumerate(zip(stops, labels, strict=True), 1):
        fill(s, oval(x, y, 30, 30), "yellow")
        stroke(s, oval(x, y, 30, 30, 1.1), width=5, wob=0.2)
        write(s, [(x, y + 14, str(n), 38, "black", "bc"), (x, ly, label, 32, "blue", "c")])
    clock(s, 700, 860, 45)
    for x, y, tail, lines in [
        (560, 560, (640, 700), ["Told her story", "7 times"]),
        (930, 420, (980, 560), ["Records not", "shared"]),
        (1110, 650, (1040, 790), ["Nobody knew", "about her dog"]),
    ]:
        bubble(s, x, y, 150, 65, tail, lines, 30, "pink", "red")
    bridge(s, 1340, 1780, 480, gap=True)
    star(s, 120, 388)
    star(s, 1150, 1078)
    box(s, 1640, 900, 2120, 1130, "sky")
    bullets(
        s, 1680, 1010, ["one shared record", "one named person", "prevention first"], 30, gap=1.3
    )
    subtitle = "System mapping: Edie, 79, Eastgate  *  14 services in 5 months"
    write(
        s,
        [
            (1100, 240, subtitle, 32, "black", "c"),
            (110, 1112, "Edie", 34, "purple", "bc"),
            (1265, 440, "HOSPITAL", 30, "black", "bc"),
            (1870, 440, "SOCIAL CARE", 30, "black", "bc"),
            (1560, 590, "handover gap", 30, "red", "bc"),
            (1560, 330, "8 days waiting for a care package", 32, "red", "c"),
            (150, 400, "Pharmacist knew her name", 32, "green"),
            (1180, 1090, "Neighbour popped in daily", 32, "green"),
            (1665, 955, "WHAT IF...?", 40, "black", "b"),
        ],
    )
    return wobble(s, 40, 1.8)


def shoot_community():
    scene = brick_wall(1760, 1320, 0.12)
    easel(scene, flip_community(), 520, 120)
    quad = [(70, 50), (1700, 20), (1720, 1300), (50, 1270)]
    return photograph(scene, (1600, 1200), quad, (-0.18, -0.05), (-0.5, -0.6))


def shoot_courage():
    scene = brick_wall(1760, 1320, 0.78)
    rules = ["phones down", "be curious", "no rank in the room", "what's said here stays"]
    taped_sheet(scene, flip_aside("GROUND RULES", rules), 0, 700, 1.2)
    taped_sheet(scene, flip_courage(), 880, 660, -1.4)
    quad = [(100, 40), (1690, 70), (1700, 1250), (90, 1290)]
    return photograph(scene, (1600, 1200), quad, (0.15, -0.1), (0.4, -0.5))


def shoot_commitments():
    scene = surface(1760, 1320, (186, 196, 178), blot=2.5, grain=2)
    taped_sheet(scene, flip_commitments(), 860, 670, 0.8)
    parked = ["Data sharing sign-off?", "Estates for hubs?", "Transport to Eastgate"]
    taped_sheet(scene, flip_aside("PARKING LOT", parked), 1640, 700, -1.0)
    quad = [(60, 30), (1640, 60), (1680, 1280), (30, 1300)]
    return photograph(scene, (1600, 1200), quad, (-0.1, 0.05), (-0.2, -0.3), warm=1.03)


def shoot_came_back():
    scene = surface(2600, 1500, (214, 210, 200), blot=2.5, grain=2)
    taped_sheet(scene, rec_came_back(), 1300, 740, 0.6)
    quad = [(110, 110), (2500, 170), (2480, 1380), (130, 1420)]
    return photograph(scene, (2000, 1125), quad, (0.12, 0.0), (0.3, -0.4))


def shoot_journey():
    scene = brick_wall(2600, 1500, 0.85)
    taped_sheet(scene, rec_journey(), 1300, 740, -0.8)
    quad = [(150, 160), (2480, 90), (2510, 1430), (120, 1360)]
    return photograph(scene, (2000, 1125), quad, (-0.14, 0.05), (-0.3, -0.5), warm=1.02)


PICTURES = [
    ("flipchart-community-voice.jpg", 101, shoot_community),
    ("flipchart-courage-to-innovate.jpg", 102, shoot_courage),
    ("flipchart-commitments.jpg", 103, shoot_commitments),
    ("graphic-recording-why-i-came-back.jpg", 104, shoot_came_back),
    ("graphic-recording-residents-journey.jpg", 105, shoot_journey),
]


def main() -> None:
    global R
    check_fonts()
    for name, seed, shoot in PICTURES:
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        R = np.random.default_rng(seed)
        shoot().save(OUT / name, "JPEG", quality=82, optimize=True)
        print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
