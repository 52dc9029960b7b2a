#!/usr/bin/env python3
"""Draw the sample 'photos' for Leading Across Wyvern Vale, Day 2.

Three flipchart sheets and two graphic recordings, drawn flat, then
"photographed": placed on a wall or an easel, tilted in perspective, unevenly
lit, softened and given sensor noise. Everything is seeded, so every run
writes the same bytes.

    /work/main/.venv/bin/python make_images.py

Needs Pillow, numpy and the DejaVu fonts (Debian package fonts-dejavu-core).
"""
from __future__ import annotations

import math
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold")
QUALITY = 82
INK = {"black": (30, 30, 36), "blue": (28, 64, 158), "red": (196, 34, 44), "green": (24, 120, 62),
       "purple": (106, 48, 142), "orange": (226, 112, 22), "grey": (150, 150, 156), "brown": (120, 72, 40)}
FILL = {"yellow": (255, 226, 90), "pink": (246, 150, 180), "sky": (130, 196, 236), "teal": (110, 200, 190),
        "orange": (250, 170, 90), "red": (236, 96, 96), "green": (150, 214, 130), "grey": (200, 200, 204)}
BRICKS = [(142, 78, 60), (126, 72, 58), (150, 92, 70), (110, 66, 54), (160, 104, 84), (134, 88, 74)]
STICKY = {"yellow": (250, 234, 120), "pink": (248, 170, 198), "blue": (150, 208, 240), "green": (190, 232, 150)}


# --- fonts and handwriting ---------------------------------------------------

def check_fonts() -> None:
    """Stop with a clear message if the DejaVu fonts are not installed."""
    missing = [n for n in FONTS if not (FONT_DIR / f"{n}.ttf").exists()]
    if missing:
        sys.exit(f"make_images.py: missing {', '.join(missing)} in {FONT_DIR}; "
                 "install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core)")


@lru_cache(maxsize=None)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / f"{FONTS[bold]}.ttf"), size)


def text_w(text: str, size: int, bold: bool = False) -> float:
    """Approximate width of handwritten text (matches hand())."""
    return font(bold, size).getlength(text) + len(text) * max(1, round(size / 18)) * 0.8


def hand(img, x, y, text, size, color, rng, bold=False, center=False):
    """Write text glyph by glyph with jittered size, slant, angle and baseline.

    (x, y) is the start of the baseline (or its middle if center). Returns the end x."""
    if center:
        x -= text_w(text, size, bold) / 2
    sw = max(1, round(size / 18))                       # marker thickness
    k = math.tan(math.radians(rng.uniform(0, 8)))       # writer's slant
    rise, x0 = rng.uniform(-0.025, 0.02), x
    for ch in text:
        if ch == " ":
            x += size * rng.uniform(0.26, 0.34)
            continue
        s = max(8, round(size * rng.uniform(0.92, 1.08)))
        f = font(bold, s)
        w, base = f.getlength(ch), int(1.4 * s)
        tile = Image.new("L", (int(w + 2 * s), 2 * s + sw), 0)
        ImageDraw.Draw(tile).text((s, base), ch, font=f, fill=255, anchor="ls",
                                  stroke_width=sw, stroke_fill=255)
        tile = tile.transform(tile.size, Image.AFFINE, (1, k, -k * base, 0, 1, 0), Image.BICUBIC)
        tile = tile.rotate(rng.normal(0, 3), Image.BICUBIC, center=(s + w / 2, base))
        by = y + (x - x0) * rise + rng.normal(0, size * 0.03)
        img.paste(color, (int(x - s), int(by - base)), tile)
        x += w + sw * 0.8 + rng.normal(0, size * 0.02)
    return x


def wobble(img, rng, cell=34, amp=1.5):
    """Warp an image with a jittered mesh so font strokes look hand-drawn."""
    w, h = img.size
    nx, ny = w // cell + 2, h // cell + 2
    dx, dy = rng.normal(0, amp, (ny, nx)), rng.normal(0, amp, (ny, nx))

    def src(i, j):
        return (min(max(i * cell + dx[j, i], 0), w - 1), min(max(j * cell + dy[j, i], 0), h - 1))
    mesh = []
    for j in range(ny - 1):
        for i in range(nx - 1):
            quad = src(i, j) + src(i, j + 1) + src(i + 1, j + 1) + src(i + 1, j)
            mesh.append(((i * cell, j * cell, (i + 1) * cell, (j + 1) * cell), quad))
    return img.transform(img.size, Image.MESH, mesh, Image.BICUBIC)


# --- marker strokes and shapes -----------------------------------------------

def resample(pts, step):
    out = [pts[0]]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return out


def spline(pts, n=20):
    """Catmull-Rom curve through pts."""
    P, out = [pts[0], *pts, pts[-1]], []
    for p0, p1, p2, p3 in zip(P, P[1:], P[2:], P[3:]):
        for t in (k / n for k in range(n)):
            out.append(tuple(0.5 * (2 * p1[j] + (p2[j] - p0[j]) * t + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t
                                    + (3 * p1[j] - p0[j] - 3 * p2[j] + p3[j]) * t ** 3) for j in (0, 1)))
    return out + [pts[-1]]


def stroke(img, pts, color, width, rng, wob=1.0, dash=0):
    """Marker line through pts: slow hand wobble, round ends, optional dashes."""
    d, pts = ImageDraw.Draw(img), resample(pts, 14)
    ox = oy = 0.0
    out = []
    for x, y in pts:
        ox, oy = 0.8 * ox + rng.normal(0, wob), 0.8 * oy + rng.normal(0, wob)
        out.append((x + ox, y + oy))
    runs = [out[i:i + dash] for i in range(0, len(out), 2 * dash)] if dash else [out]
    r = width / 2 - 0.5
    for run in runs:
        if len(run) > 1:
            d.line(run, fill=color, width=width, joint="curve")
        for x, y in (run[0], run[-1]):
            d.ellipse((x - r, y - r, x + r, y + r), fill=color)


def oval(cx, cy, rx, ry, rng, turns=1.0, n=80):
    """Points on a hand-drawn ellipse (turns > 1 overshoots like a real circle)."""
    a0, ph = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    pts = []
    for k in range(n + 1):
        t = 2 * math.pi * turns * k / n
        g = (1 + 0.03 * math.sin(3 * t + ph)) * (1 + 0.05 * k / n * (turns > 1))
        pts.append((cx + rx * g * math.cos(a0 + t), cy + ry * g * math.sin(a0 + t)))
    return pts


def fill(img, pts, color, rng, angle=None):
    """Marker colour fill: streaky strokes clipped to a polygon, multiplied onto the paper."""
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).polygon([(x + rng.normal(0, 2), y + rng.normal(0, 2)) for x, y in pts], fill=255)
    box = mask.getbbox()
    if not box:
        return
    w, h = box[2] - box[0], box[3] - box[1]
    tint = Image.new("RGB", (w, h), color)
    d, a = ImageDraw.Draw(tint), rng.uniform(0.5, 0.8) if angle is None else angle
    light = tuple(int(c + (255 - c) * 0.3) for c in color)
    dark = tuple(int(c * 0.92) for c in color)
    for i, o in enumerate(range(-w - h, w + h, 9)):
        c = (color, light, dark)[int(rng.integers(0, 3))]
        d.line([(o, 0), (o + h / math.tan(a), h)], fill=c, width=11)
    region = img.crop(box)
    img.paste(ImageChops.multiply(region, tint.filter(ImageFilter.GaussianBlur(1.2))), box[:2], mask.crop(box))


def arrow(img, pts, color, rng, width=5, head=22):
    """Curved marker arrow through pts with a two-stroke head."""
    path = spline(pts, 16)
    stroke(img, path, color, width, rng)
    (x0, y0), (x1, y1) = path[-4], path[-1]
    ang = math.atan2(y1 - y0, x1 - x0)
    for s in (-1, 1):
        a = ang + math.pi + s * rng.uniform(0.42, 0.55)
        stroke(img, [(x1, y1), (x1 + head * math.cos(a), y1 + head * math.sin(a))], color, width, rng, 0.3)


def underline(img, x0, x1, y, color, rng, width=5, double=False):
    mid = (x0 + x1) / 2
    for k in range(1 + double):
        yy = y + k * 12
        stroke(img, spline([(x0, yy + rng.normal(0, 2)), (mid, yy + rng.normal(2, 2)), (x1, yy - 3)]),
               color, width, rng, 0.5)


def bullets(img, x, y, items, size, color, rng, gap=1.7, mark="dot", mark_color=None):
    """A handwritten list; mark is dot, dash, tick or num."""
    mc = mark_color or color
    for i, item in enumerate(items):
        bx, by = x + rng.normal(0, 3), y + i * size * gap + rng.normal(0, 2)
        if mark == "dot":
            r = size * 0.13
            ImageDraw.Draw(img).ellipse((bx - r, by - size * 0.35 - r, bx + r, by - size * 0.35 + r), fill=mc)
        elif mark == "dash":
            stroke(img, [(bx - 10, by - size * 0.33), (bx + 8, by - size * 0.36)], mc, 4, rng, 0.3)
        elif mark == "tick":
            stroke(img, [(bx - 10, by - size * 0.35), (bx - 3, by - 4), (bx + 12, by - size * 0.8)], mc, 4, rng, 0.3)
        else:
            hand(img, bx - 16, by, f"{i + 1}.", size, mc, rng, bold=True)
        hand(img, bx + size * 0.75, by, item, size, color, rng)


def text_block(img, cx, cy, lines, size, color, rng, bold=False, gap=1.22):
    """Centred lines of handwriting around (cx, cy)."""
    y = cy - (len(lines) - 1) * size * gap / 2 + size * 0.36
    for ln in lines:
        hand(img, cx, y, ln, size, color, rng, bold=bold, center=True)
        y += size * gap


# --- doodles -----------------------------------------------------------------

def bubble(img, cx, cy, rx, ry, tail, lines, size, rng, fill_c=None, ink=INK["black"], text_c=None):
    """Speech bubble with a tail pointing at `tail`, filled and lettered."""
    ang = math.atan2(tail[1] - cy, tail[0] - cx)
    pts = [(cx + rx * math.cos(ang + t), cy + ry * math.sin(ang + t))
           for t in np.linspace(0.22, 2 * math.pi - 0.22, 60)] + [tail]
    if fill_c:
        fill(img, pts, fill_c, rng)
    stroke(img, pts + [pts[0]], ink, 5, rng, 0.6)
    text_block(img, cx, cy, lines, size, text_c or ink, rng)


def person(img, x, y, h, color, rng, arms="open", body=None):
    """Graphic-recorder 'star person' standing on (x, y), h tall."""
    r = h * 0.12
    if body:
        fill(img, [(x, y - h * 0.78), (x + h * 0.2, y - h * 0.35), (x - h * 0.2, y - h * 0.35)], body, rng)
    stroke(img, oval(x, y - h + r, r, r * 1.05, rng, 1.05), color, 5, rng, 0.2)
    stroke(img, [(x, y - h + 2 * r), (x, y - h * 0.4)], color, 6, rng, 0.3)
    for s in (-1, 1):
        stroke(img, [(x, y - h * 0.4), (x + s * h * 0.16, y)], color, 6, rng, 0.3)
        hy = {"open": y - h * 0.95, "down": y - h * 0.35, "wave": y - h * (0.98 if s > 0 else 0.45)}[arms]
        stroke(img, [(x, y - h * 0.72), (x + s * h * 0.32, hy)], color, 6, rng, 0.3)


def mug(img, x, y, rng):
    """A steaming mug of tea; (x, y) is the bottom-left corner."""
    body = [(x, y - 70), (x + 60, y - 70), (x + 56, y), (x + 4, y)]
    fill(img, body, FILL["orange"], rng)
    stroke(img, body + [body[0]], INK["black"], 5, rng, 0.3)
    stroke(img, oval(x + 66, y - 40, 16, 20, rng), INK["black"], 5, rng, 0.2)
    for k in range(3):
        stroke(img, [(x + 14 + 16 * k + 6 * math.sin(t), y - 85 - 12 * t) for t in np.linspace(0, 4, 8)],
               INK["grey"], 3, rng, 0.1)


def heart(img, cx, cy, size, rng, color=FILL["red"]):
    pts = [(cx + size * 16 * math.sin(t) ** 3 / 32,
            cy - size * (13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)) / 32)
           for t in np.linspace(0, 2 * math.pi, 70)]
    fill(img, pts, color, rng)
    stroke(img, pts, INK["red"], 6, rng, 0.6)


def house(img, x, y, w, rng):
    """House with a filled roof; (x, y) is the bottom-left corner."""
    h = w * 0.75
    fill(img, [(x, y), (x, y - h), (x + w, y - h), (x + w, y)], FILL["yellow"], rng)
    fill(img, [(x - w * 0.12, y - h), (x + w / 2, y - h - w * 0.55), (x + w * 1.12, y - h)], FILL["orange"], rng)
    stroke(img, [(x, y - h), (x, y), (x + w, y), (x + w, y - h)], INK["black"], 6, rng, 0.5)
    stroke(img, [(x - w * 0.12, y - h), (x + w / 2, y - h - w * 0.55), (x + w * 1.12, y - h), (x - w * 0.12, y - h)],
           INK["black"], 6, rng, 0.5)
    stroke(img, [(x + w * 0.4, y), (x + w * 0.4, y - h * 0.5), (x + w * 0.62, y - h * 0.5), (x + w * 0.62, y)],
           INK["black"], 5, rng, 0.3)
    stroke(img, [(x + w * 0.7, y - h * 0.8), (x + w * 0.88, y - h * 0.8), (x + w * 0.88, y - h * 0.62),
                 (x + w * 0.7, y - h * 0.62), (x + w * 0.7, y - h * 0.8)], INK["blue"], 4, rng, 0.3)


def clock(img, cx, cy, r, rng):
    """Alarm clock, the recorder's shorthand for urgency."""
    for s in (-1, 1):
        bell = oval(cx + s * r * 0.7, cy - r * 0.85, r * 0.32, r * 0.22, rng)
        fill(img, bell, FILL["red"], rng)
        stroke(img, bell, INK["black"], 5, rng, 0.3)
    fill(img, oval(cx, cy, r, r, rng), FILL["yellow"], rng)
    stroke(img, oval(cx, cy, r, r, rng, 1.08), INK["black"], 6, rng, 0.3)
    for k in range(12):
        a = k * math.pi / 6
        q = 0.8 if k % 3 else 0.7
        stroke(img, [(cx + r * q * math.cos(a), cy + r * q * math.sin(a)),
                     (cx + r * 0.88 * math.cos(a), cy + r * 0.88 * math.sin(a))], INK["black"], 4, rng, 0.1)
    stroke(img, [(cx, cy), (cx, cy - r * 0.6)], INK["red"], 6, rng, 0.2)
    stroke(img, [(cx, cy), (cx + r * 0.45, cy + r * 0.15)], INK["black"], 6, rng, 0.2)
    for s in (-1, 1):
        stroke(img, [(cx + s * r * 1.2, cy - r * 0.5), (cx + s * r * 1.45, cy - r * 0.65)], INK["black"], 4, rng)


def building(img, x0, y0, x1, y1, label, color, rng):
    """Box 'organisation' with windows and a label."""
    fill(img, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], color, rng)
    stroke(img, [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], INK["black"], 6, rng, 0.5)
    for i in range(3):
        wx = x0 + (x1 - x0) * (0.15 + 0.28 * i)
        stroke(img, [(wx, y0 + 25), (wx + 30, y0 + 25), (wx + 30, y0 + 55), (wx, y0 + 55), (wx, y0 + 25)],
               INK["black"], 3, rng, 0.2)
    hand(img, (x0 + x1) / 2, y1 - 22, label, 30, INK["black"], rng, bold=True, center=True)


def bridge(img, x0, x1, y, rng, gap=False):
    """Arched bridge from x0 to x1 at deck height y; gap=True leaves a break in the middle."""
    span, top = x1 - x0, y - (x1 - x0) * 0.22
    arch = [(x0 + span * t, y - (y - top) * math.sin(math.pi * t)) for t in np.linspace(0, 1, 30)]
    halves = [arch[:13], arch[17:]] if gap else [arch]
    for part in halves:
        fill(img, part + [(part[-1][0], y), (part[0][0], y)], FILL["sky"], rng)
        stroke(img, part, INK["blue"], 6, rng, 0.4)
    for t in np.linspace(0.1, 0.9, 9):
        if not (gap and 0.42 < t < 0.58):
            xx = x0 + span * t
            stroke(img, [(xx, y), (xx, y - (y - top) * math.sin(math.pi * t))], INK["blue"], 3, rng, 0.2)
    deck = [(x0, y), (x0 + span * 0.44, y)], [(x0 + span * 0.56, y), (x1, y)]
    for part in (deck if gap else [[(x0, y), (x1, y)]]):
        stroke(img, part, INK["brown"], 8, rng, 0.4)
    for k in range(4):
        wx = x0 + span * (0.15 + 0.2 * k)
        stroke(img, [(wx + 30 * t, y + 40 + 8 * math.sin(t * 6)) for t in np.linspace(0, 2, 9)], INK["blue"], 3, rng, 0.3)


def banner(img, x0, y0, x1, y1, title, size, color, rng):
    """Ribbon banner with folded tails and a bold title."""
    h, t = y1 - y0, (y1 - y0) * 0.9
    for s, xe in ((-1, x0), (1, x1)):
        tail = [(xe - s * 40, y0 + h * 0.3), (xe + s * t, y0 + h * 0.3), (xe + s * t * 0.65, y1 + h * 0.05 + 8),
                (xe + s * t, y1 + h * 0.3), (xe - s * 40, y1 + h * 0.3)]
        fill(img, tail, tuple(int(c * 0.8) for c in color), rng)
        stroke(img, tail, INK["black"], 5, rng, 0.5)
    body = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    ImageDraw.Draw(img).polygon(body, fill=(246, 244, 236))
    fill(img, body, color, rng)
    stroke(img, body + [body[0]], INK["black"], 6, rng, 0.6)
    hand(img, (x0 + x1) / 2, y0 + h * 0.5 + size * 0.36, title, size, INK["black"], rng, bold=True, center=True)


def sticky(img, cx, cy, lines, color, rng, size=190, tsize=30, ink=INK["black"]):
    """A rotated sticky note with a soft shadow and a short handwritten phrase."""
    note = Image.new("RGB", (size, size), color)
    shade = np.linspace(1.03, 0.92, size, dtype=np.float32)[:, None, None]
    note = Image.fromarray(np.clip(np.asarray(note, np.float32) * shade, 0, 255).astype(np.uint8))
    tsize = min(tsize, int(tsize * (size - 26) / max(text_w(ln, tsize) for ln in lines)))
    text_block(note, size / 2, size / 2, lines, tsize, ink, rng)
    note = wobble(note, rng, 30, 1.0).convert("RGBA").rotate(rng.uniform(-7, 7), Image.BICUBIC, expand=True)
    alpha = note.getchannel("A")
    x, y = int(cx - note.width / 2), int(cy - note.height / 2)
    img.paste((40, 36, 30), (x + 3, y + 7), alpha.filter(ImageFilter.GaussianBlur(6)).point(lambda v: v * 45 // 100))
    img.paste(note, (x, y), alpha)


# --- paper, walls and the camera ---------------------------------------------

def blotches(w, h, rng, scale):
    """Smooth low-frequency noise in roughly [-1, 1]."""
    small = rng.normal(0, 1, (h // scale + 3, w // scale + 3)).astype(np.float32)
    return np.asarray(Image.fromarray(small).resize((w, h), Image.BICUBIC))


def surface(w, h, rng, color, blot=3.0, grain=1.6):
    """A flat painted/paper surface with gentle blotches and grain."""
    a = np.empty((h, w, 3), np.float32)
    a[:] = color
    a += (blotches(w, h, rng, 90) * blot + rng.normal(0, grain, (h, w)))[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def paper(w, h, rng, grid=False):
    """Off-white flipchart paper, optionally with a faint printed grid."""
    img = surface(w, h, rng, (246, 244, 236))
    if grid:
        d = ImageDraw.Draw(img)
        for v in range(25, max(w, h), 50):
            d.line([(v, 0), (v, h)], fill=(226, 230, 232))
            d.line([(0, v), (w, v)], fill=(226, 230, 232))
    return img


def brick_wall(w, h, rng, wash):
    """Old Ropeworks brick; wash blends it toward whitewash."""
    img = Image.new("RGB", (w, h), (150, 144, 134))
    d, bw, bh = ImageDraw.Draw(img), 118, 40
    white = np.array([238, 235, 228])
    for r in range(h // bh + 1):
        for c in range(-1, w // bw + 2):
            base = np.array(BRICKS[int(rng.integers(0, len(BRICKS)))]) * rng.uniform(0.85, 1.1)
            col = base * (1 - wash) + white * wash * rng.uniform(0.96, 1.02)
            x0 = c * bw - (r % 2) * bw // 2
            d.rectangle((x0 + 3, r * bh + 3, x0 + bw - 3, r * bh + bh - 3), fill=tuple(int(v) for v in col))
    a = np.asarray(img, np.float32) + (blotches(w, h, rng, 30) * 6 + rng.normal(0, 9, (h, w)))[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.8))


def coeffs(dst, src):
    """PERSPECTIVE coefficients taking output points dst to input points src."""
    A, b = [], []
    for (x, y), (X, Y) in zip(dst, src):
        A += [[x, y, 1, 0, 0, 0, -X * x, -X * y], [0, 0, 0, x, y, 1, -Y * x, -Y * y]]
        b += [X, Y]
    return tuple(np.linalg.solve(np.array(A, float), np.array(b, float)))


def place(scene, img, quad, shadow=(6, 10), blur=10, strength=0.4):
    """Paste img with its corners at quad (UL, UR, LR, LL), casting a soft shadow."""
    w, h = img.size
    c = coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = img.convert("RGBA").transform(scene.size, Image.PERSPECTIVE, c, Image.BICUBIC)
    alpha = warped.getchannel("A")
    sh = Image.new("L", scene.size, 0)
    sh.paste(alpha.filter(ImageFilter.GaussianBlur(blur)), shadow)
    scene.paste((20, 18, 16), (0, 0), sh.point(lambda v: int(v * strength)))
    scene.paste(warped, (0, 0), alpha)


def tape(scene, cx, cy, angle, rng, length=110):
    """A strip of masking tape with torn ends."""
    pts = [(-length / 2 + rng.normal(0, 3), -16 + 32 * t) for t in np.linspace(0, 1, 6)]
    pts += [(length / 2 + rng.normal(0, 3), 16 - 32 * t) for t in np.linspace(0, 1, 6)]
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]
    mask = Image.new("L", scene.size, 0)
    ImageDraw.Draw(mask).polygon(pts, fill=205)
    scene.paste((226, 208, 160), (0, 0), mask)


def taped_sheet(scene, sheet, cx, cy, angle, rng):
    """Tape a flat sheet to the wall, rotated by angle degrees about (cx, cy)."""
    w, h = sheet.size
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    quad = [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in
            ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]
    shade = (np.linspace(0.96, 1.01, w, dtype=np.float32)[None, :] + 0.02 * blotches(w, h, rng, 150))[..., None]
    sheet = Image.fromarray(np.clip(np.asarray(sheet, np.float32) * shade, 0, 255).astype(np.uint8))
    place(scene, sheet, quad, shadow=(3, 6), blur=7, strength=0.35)
    for (x, y), a in zip(quad, (-40, 40, -40, 40)):
        tape(scene, x + (cx - x) * 0.06, y + (cy - y) * 0.04, a + angle + rng.normal(0, 6), rng)
    return quad


def easel(scene, sheet, x0, y0, rng):
    """A flipchart easel: three legs, backing board, clamp bar, the pad and our sheet on top."""
    w, h = sheet.size
    d = ImageDraw.Draw(scene)
    cx = x0 + w / 2
    legs = [((cx, y0 - 60), (cx + 10, scene.height), 14, (88, 88, 92)),
            ((x0 + 40, y0 + 80), (x0 - 140, scene.height), 20, (160, 160, 166)),
            ((x0 + w - 40, y0 + 80), (x0 + w + 150, scene.height), 20, (160, 160, 166))]
    for (ax, ay), (bx, by), lw, col in legs:
        d.line([(ax, ay), (bx, by)], fill=col, width=lw)
        d.line([(ax - lw / 4, ay), (bx - lw / 4, by)], fill=tuple(min(255, c + 40) for c in col), width=lw // 4)
    pad = Image.new("RGB", (w + 40, h + 70), (74, 74, 78))
    pd = ImageDraw.Draw(pad)
    for k in range(6):                                          # edges of the sheets underneath
        pd.rectangle((20 - k, 40, 20 + w + k, h + 44 + 3 * k), fill=(232 - 6 * k, 230 - 6 * k, 222 - 6 * k))
    pad.paste(sheet, (20, 40))
    grad = Image.linear_gradient("L").resize((w, 30)).point(lambda v: (255 - v) * 70 // 255)
    pad.paste((0, 0, 0), (20, 58), grad)                        # shadow under the clamp bar
    pd.rounded_rectangle((0, 0, w + 40, 58), 14, fill=(32, 32, 36))
    pd.line([(12, 10), (w + 28, 10)], fill=(70, 70, 76), width=3)
    for kx in (w * 0.2, w * 0.8 + 40):
        pd.ellipse((kx - 16, 14, kx + 16, 46), fill=(18, 18, 20))
    place(scene, pad, [(x0 - 20 + 8, y0), (x0 + w + 20 - 8, y0 + 4), (x0 + w + 20, y0 + h + 70), (x0 - 20, y0 + h + 66)],
          shadow=(18, 22), blur=24, strength=0.5)


def photograph(scene, size, quad, rng, light=(0.15, -0.05), glow=(0.3, -0.4), warm=1.0):
    """Shoot the flat scene: perspective crop to size, uneven light, vignette, noise, blur."""
    w, h = size
    img = scene.transform(size, Image.PERSPECTIVE, coeffs([(0, 0), (w, 0), (w, h), (0, h)], quad), Image.BICUBIC)
    yy, xx = np.mgrid[-1:1:h * 1j, -1:1:w * 1j].astype(np.float32)
    gain = (0.97 - 0.3 * (xx ** 2 * 0.7 + yy ** 2)) * (1 + light[0] * xx + light[1] * yy)
    gain += 0.08 * np.exp(-((xx - glow[0]) ** 2 + (yy - glow[1]) ** 2) / 0.25)
    a = np.asarray(img, np.float32) * gain[..., None] * np.array([1.02 * warm, 1.0, 0.95 / warm], np.float32)
    a += rng.normal(0, 3.0, (h, w, 1)) + rng.normal(0, 1.5, (h, w, 3))
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    return img.filter(ImageFilter.UnsharpMask(2, 35, 2))


# --- the five pictures -------------------------------------------------------

def flip_aside(rng, title, lines):
    """A neighbouring sheet, only partly in shot."""
    s = paper(720, 1040, rng)
    hand(s, 50, 110, title, 50, INK["blue"], rng, bold=True)
    bullets(s, 70, 220, lines, 34, INK["black"], rng, mark="dash", mark_color=INK["blue"])
    return wobble(s, rng)


def flip_community(rng):
    """Breakout A: what residents told us."""
    s = paper(720, 1040, rng)
    hand(s, 45, 110, "COMMUNITY VOICE", 50, INK["red"], rng, bold=True)
    underline(s, 40, 570, 132, INK["red"], rng, double=True)
    stroke(s, oval(660, 62, 30, 30, rng, 1.1), INK["green"], 4, rng, 0.3)
    hand(s, 660, 76, "A", 36, INK["green"], rng, bold=True, center=True)
    hand(s, 50, 215, "What residents told us:", 36, INK["blue"], rng)
    bullets(s, 70, 290, ["Tell my story once", "Ask us early, not after", "Someone who knows my name",
                         "Show us what changed", "Plain words, no jargon!"], 33, INK["black"], rng, mark_color=INK["blue"])
    hand(s, 50, 620, "It all comes back to", 32, INK["black"], rng)
    hand(s, 405, 625, "TRUST", 52, INK["green"], rng, bold=True)
    stroke(s, oval(485, 606, 110, 50, rng, 1.12), INK["green"], 5, rng, 0.3)
    arrow(s, [(600, 590), (660, 460), (560, 330)], INK["green"], rng)
    hand(s, 80, 712, "Lived experience = expertise", 34, INK["purple"], rng)
    for x in (50, 600):
        for a in range(0, 360, 72):
            stroke(s, [(x, 700), (x + 16 * math.cos(math.radians(a)), 700 + 16 * math.sin(math.radians(a)))],
                   INK["orange"], 4, rng, 0.2)
    s = wobble(s, rng)
    sticky(s, 140, 880, ["Pay people", "for their", "time"], STICKY["yellow"], rng)
    sticky(s, 365, 900, ["Co-design", "from day 1"], STICKY["pink"], rng)
    sticky(s, 585, 870, ["Youth panel?", "ask Ruth"], STICKY["blue"], rng)
    return s


def flip_courage(rng):
    """Breakout C: what stops us, what helps."""
    s = paper(720, 1040, rng, grid=True)
    hand(s, 45, 60, "Breakout C", 28, INK["green"], rng)
    hand(s, 45, 135, "COURAGE TO INNOVATE", 46, INK["purple"], rng, bold=True)
    stroke(s, [(40 + 10 * t, 158 + 6 * math.sin(t)) for t in np.linspace(0, 55, 80)], INK["purple"], 4, rng, 0.2)
    stroke(s, [(360, 200), (362, 600)], INK["black"], 4, rng, 0.8)
    hand(s, 35, 230, "What stops us?", 33, INK["red"], rng)
    hand(s, 385, 230, "What helps?", 33, INK["green"], rng)
    bullets(s, 50, 300, ["fear of blame", "'no' feels safer", "no time to think", "15 sign-offs!", "data in silos"],
            28, INK["black"], rng, gap=1.85, mark="dash", mark_color=INK["red"])
    bullets(s, 400, 300, ["permission to try", "test small, often", "safe to fail", "leaders go first",
                          "share the data"], 28, INK["black"], rng, gap=1.85, mark="tick", mark_color=INK["green"])
    arrow(s, [(200, 590), (330, 660), (480, 610)], INK["orange"], rng)
    hand(s, 240, 700, "flip it!", 32, INK["orange"], rng, bold=True)
    hand(s, 45, 770, "Start Monday,", 34, INK["blue"], rng)
    hand(s, 70, 815, "not 'someday'", 34, INK["blue"], rng)
    stroke(s, oval(190, 785, 175, 68, rng, 1.1), INK["blue"], 4, rng, 0.3)
    bulb = oval(560, 700, 48, 52, rng)
    fill(s, bulb, FILL["yellow"], rng)
    stroke(s, bulb, INK["black"], 5, rng, 0.3)
    stroke(s, [(540, 752), (543, 785), (577, 785), (580, 752)], INK["black"], 5, rng, 0.3)
    for a in range(200, 350, 35):
        r = math.radians(a)
        stroke(s, [(560 + 65 * math.cos(r), 700 + 68 * math.sin(r)), (560 + 90 * math.cos(r), 700 + 95 * math.sin(r))],
               INK["orange"], 4, rng, 0.2)
    s = wobble(s, rng)
    sticky(s, 130, 945, ["What if we", "just asked?"], STICKY["pink"], rng, size=175)
    sticky(s, 360, 935, ["One shared", "dataset", "by April"], STICKY["blue"], rng, size=175)
    sticky(s, 590, 950, ["Protect Fri", "pm for ideas"], STICKY["yellow"], rng, size=175)
    return s


def flip_commitments(rng):
    """Our story of now: commitments for spring."""
    s = paper(720, 1040, rng)
    hand(s, 45, 100, "OUR STORY OF NOW", 52, INK["blue"], rng, bold=True)
    underline(s, 40, 560, 122, INK["blue"], rng)
    hand(s, 45, 185, "By spring we will...", 38, INK["red"], rng)
    bullets(s, 70, 260, ["Resident voice at every board", "Share data across 3 n'hoods", "Wellbeing check-in, every team",
                         "Neighbourhood team pilot live", "Start on inequalities: Eastgate"],
            30, INK["black"], rng, gap=1.75, mark="num", mark_color=INK["red"])
    clock(s, 590, 610, 55, rng)
    hand(s, 45, 600, "Not 'someday'.", 34, INK["purple"], rng)
    hand(s, 45, 665, "Report back:", 32, INK["black"], rng)
    hand(s, 260, 668, "DAY 3, JUNE", 36, INK["green"], rng, bold=True)
    stroke(s, [(250, 625), (505, 622), (507, 683), (248, 686), (252, 622)], INK["green"], 4, rng, 0.5)
    hand(s, 590, 715, "URGENCY!", 30, INK["red"], rng, bold=True, center=True)
    heart(s, 640, 150, 60, rng)
    s = wobble(s, rng)
    notes = [(["Call the", "PCN lead", "- JT"], "yellow"), (["Buddy up", "w/ council", "- SA"], "pink"),
             (["Ask 5", "residents", "- MK"], "green"), (["Walk Edie's", "journey", "- RB"], "blue")]
    for i, (lines, col) in enumerate(notes):
        sticky(s, 100 + 173 * i, 875 + (i % 2) * 30, lines, STICKY[col], rng, size=165, tsize=32)
    return s


def rec_came_back(rng):
    """Graphic recording of the visiting speaker."""
    s = paper(2200, 1180, rng)
    banner(s, 150, 50, 1010, 170, "WHY I CAME BACK", 80, FILL["teal"], rng)
    hand(s, 120, 250, "Rhiannon Pryce, visiting speaker  *  Day 2: Stories for Change", 30, INK["black"], rng)
    person(s, 260, 900, 330, INK["black"], rng, "open", FILL["sky"])
    bubble(s, 330, 420, 240, 120, (270, 560), ["\"I wrote my", "resignation letter.\""], 36, rng, FILL["yellow"])
    bubble(s, 640, 720, 190, 95, (390, 700), ["A porter: \"You're", "not the only one\""], 30, rng, ink=INK["blue"])
    heart(s, 890, 420, 200, rng)
    hand(s, 890, 580, "WELLBEING", 46, INK["red"], rng, bold=True, center=True)
    hand(s, 890, 632, "IS the work", 38, INK["black"], rng, center=True)
    arrow(s, [(560, 400), (680, 340), (770, 380)], INK["black"], rng)
    hand(s, 1230, 290, "Exhaustion is not a", 36, INK["purple"], rng)
    hand(s, 1230, 340, "personal weakness", 36, INK["purple"], rng)
    underline(s, 1225, 1540, 356, INK["orange"], rng)
    clock(s, 1900, 330, 110, rng)
    hand(s, 1900, 530, "THE TIME IS NOW", 42, INK["red"], rng, bold=True, center=True)
    hand(s, 1900, 578, "by spring, not someday", 30, INK["black"], rng, center=True)
    building(s, 1100, 640, 1330, 860, "HOSPITAL", FILL["grey"], rng)
    building(s, 1730, 640, 1960, 860, "COUNCIL", FILL["green"], rng)
    bridge(s, 1330, 1730, 820, rng)
    person(s, 1490, 815, 110, INK["black"], rng, "down")
    person(s, 1570, 815, 110, INK["black"], rng, "down")
    hand(s, 1530, 960, "TRUST IS THE BRIDGE", 44, INK["blue"], rng, bold=True, center=True)
    hand(s, 1530, 1005, "across organisations, not around them", 28, INK["black"], rng, center=True)
    mug(s, 1070, 510, rng)
    hand(s, 1160, 480, "a wet Tuesday + a cup of tea", 30, INK["brown"], rng)
    hand(s, 70, 1010, "Judge a place by how it", 28, INK["purple"], rng)
    hand(s, 70, 1050, "treats the night shift", 28, INK["purple"], rng)
    house(s, 600, 1090, 150, rng)
    hand(s, 790, 1010, "Care closer to home", 38, INK["green"], rng)
    hand(s, 790, 1058, "prevention starts on the doorstep", 28, INK["black"], rng)
    arrow(s, [(960, 660), (1000, 760), (1090, 760)], INK["black"], rng)
    arrow(s, [(1100, 860), (950, 920), (900, 970)], INK["black"], rng)
    bubble(s, 1900, 1090, 230, 70, (1760, 1000), ["Name one person who", "might be in the car park"], 28, rng, FILL["pink"])
    hand(s, 1860, 60, "#LeadingWyvern", 30, INK["teal"] if "teal" in INK else INK["blue"], rng)
    return wobble(s, rng, 40, 1.8)


def rec_journey(rng):
    """Graphic recording of the system-mapping session."""
    s = paper(2200, 1180, rng)
    banner(s, 560, 45, 1640, 165, "ONE RESIDENT'S JOURNEY", 74, FILL["orange"], rng)
    hand(s, 1100, 240, "System mapping: Edie, 79, Eastgate  *  14 services in 5 months", 32, INK["black"], rng, center=True)
    stops = [(420, 960), (700, 1000), (1000, 860), (1300, 860), (1600, 720)]
    road = spline([(200, 1010), *stops, (1880, 690)], 24)
    left, right = [(x, y - 38) for x, y in road], [(x, y + 38) for x, y in road]
    fill(s, left + right[::-1], FILL["grey"], rng)
    stroke(s, left, INK["black"], 5, rng, 0.4)
    stroke(s, right, INK["black"], 5, rng, 0.4)
    stroke(s, road, INK["orange"], 4, rng, 0.3, dash=2)
    person(s, 110, 1060, 190, INK["black"], rng, "wave", FILL["pink"])
    hand(s, 110, 1112, "Edie", 34, INK["purple"], rng, bold=True, center=True)
    house(s, 1900, 720, 150, rng)
    heart(s, 2125, 560, 60, rng)
    labels = [(0, 1075, "Falls on the way home"), (0, 770, "4 hr wait for an ambulance"),
              (0, 965, "Ward: fit to go on day 3..."), (0, 790, "...home on day 11"), (0, 835, "Home: who calls?")]
    for n, ((x, y), (_, ly, label)) in enumerate(zip(stops, labels), 1):
        fill(s, oval(x, y, 30, 30, rng), FILL["yellow"], rng)
        stroke(s, oval(x, y, 30, 30, rng, 1.1), INK["black"], 5, rng, 0.2)
        hand(s, x, y + 14, str(n), 38, INK["black"], rng, bold=True, center=True)
        hand(s, x, ly, label, 32, INK["blue"], rng, center=True)
    clock(s, 700, 860, 45, rng)
    for x, y, tail, lines in [(560, 560, (640, 700), ["Told her story", "7 times"]),
                              (930, 420, (980, 560), ["Records not", "shared"]),
                              (1110, 650, (1040, 790), ["Nobody knew", "about her dog"])]:
        bubble(s, x, y, 150, 65, tail, lines, 30, rng, FILL["pink"], INK["red"])
    bridge(s, 1340, 1780, 480, rng, gap=True)
    hand(s, 1265, 440, "HOSPITAL", 30, INK["black"], rng, bold=True, center=True)
    hand(s, 1870, 440, "SOCIAL CARE", 30, INK["black"], rng, bold=True, center=True)
    hand(s, 1560, 590, "handover gap", 30, INK["red"], rng, bold=True, center=True)
    hand(s, 1560, 330, "8 days waiting for a care package", 32, INK["red"], rng, center=True)
    for x, y, text in [(150, 400, "Pharmacist knew her name"), (1180, 1090, "Neighbour popped in daily")]:
        for a in range(0, 360, 72):
            r = math.radians(a - 90)
            stroke(s, [(x - 30, y - 12), (x - 30 + 22 * math.cos(r), y - 12 + 22 * math.sin(r))], INK["green"], 5, rng, 0.1)
        hand(s, x, y, text, 32, INK["green"], rng)
    box = [(1640, 900), (2120, 900), (2120, 1130), (1640, 1130)]
    fill(s, box, FILL["sky"], rng)
    stroke(s, box + [box[0]], INK["black"], 5, rng, 0.5)
    hand(s, 1665, 955, "WHAT IF...?", 40, INK["black"], rng, bold=True)
    bullets(s, 1680, 1010, ["one shared record", "one named person", "prevention first"], 30, INK["black"], rng,
            gap=1.3, mark="dot")
    return wobble(s, rng, 40, 1.8)


def scenes():
    """(file name, seed, builder) for every picture."""
    def community(rng):
        scene = brick_wall(1760, 1320, rng, 0.12)
        easel(scene, flip_community(rng), 520, 120, rng)
        return photograph(scene, (1600, 1200), [(70, 50), (1700, 20), (1720, 1300), (50, 1270)], rng,
                          light=(-0.18, -0.05), glow=(-0.5, -0.6))

    def courage(rng):
        scene = brick_wall(1760, 1320, rng, 0.78)
        taped_sheet(scene, flip_aside(rng, "GROUND RULES", ["phones down", "be curious", "no rank in the room",
                                                             "what's said here stays"]), 0, 700, 1.2, rng)
        taped_sheet(scene, flip_courage(rng), 880, 660, -1.4, rng)
        return photograph(scene, (1600, 1200), [(100, 40), (1690, 70), (1700, 1250), (90, 1290)], rng,
                          light=(0.15, -0.1), glow=(0.4, -0.5))

    def commitments(rng):
        scene = surface(1760, 1320, rng, (186, 196, 178), blot=2.5, grain=2)
        taped_sheet(scene, flip_commitments(rng), 860, 670, 0.8, rng)
        taped_sheet(scene, flip_aside(rng, "PARKING LOT", ["Data sharing sign-off?",
                                                            "Estates for hubs?", "Transport to Eastgate"]), 1640, 700, -1.0, rng)
        return photograph(scene, (1600, 1200), [(60, 30), (1640, 60), (1680, 1280), (30, 1300)], rng,
                          light=(-0.1, 0.05), glow=(-0.2, -0.3), warm=1.03)

    def came_back(rng):
        scene = surface(2600, 1500, rng, (214, 210, 200), blot=2.5, grain=2)
        taped_sheet(scene, rec_came_back(rng), 1300, 740, 0.6, rng)
        return photograph(scene, (2000, 1125), [(110, 110), (2500, 170), (2480, 1380), (130, 1420)], rng,
                          light=(0.12, 0.0), glow=(0.3, -0.4))

    def journey(rng):
        scene = brick_wall(2600, 1500, rng, 0.85)
        taped_sheet(scene, rec_journey(rng), 1300, 740, -0.8, rng)
        return photograph(scene, (2000, 1125), [(150, 160), (2480, 90), (2510, 1430), (120, 1360)], rng,
                          light=(-0.14, 0.05), glow=(-0.3, -0.5), warm=1.02)

    return [("flipchart-community-voice.jpg", 101, community), ("flipchart-courage-to-innovate.jpg", 102, courage),
            ("flipchart-commitments.jpg", 103, commitments), ("graphic-recording-why-i-came-back.jpg", 104, came_back),
            ("graphic-recording-residents-journey.jpg", 105, journey)]


def main() -> None:
    check_fonts()
    only = set(sys.argv[1:])
    for name, seed, build in scenes():
        if only and name not in only:
            continue
        img = build(np.random.default_rng(seed))
        img.save(OUT / name, "JPEG", quality=QUALITY, optimize=True)
        print(f"{name}: {img.size[0]}x{img.size[1]}, {(OUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
