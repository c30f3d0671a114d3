"""Generated listing images for the demo: a gradient and a motif for the theme (Pillow only)."""

import math
from io import BytesIO

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw

IMAGE_SIZE = (1200, 800)


def draw_picture(spec):
    """A 1200×800 JPEG: a two-colour gradient and a motif for the theme, centred, with no text
    (a banner cropped to any ratio cuts no word, and no picture carries a watermark)."""
    width, height = IMAGE_SIZE
    top, bottom = (ImageColor.getrgb(colour) for colour in spec["colours"])
    mask = PILImage.linear_gradient("L").resize(IMAGE_SIZE)
    picture = PILImage.composite(PILImage.new("RGB", IMAGE_SIZE, bottom), PILImage.new("RGB", IMAGE_SIZE, top), mask)
    draw = ImageDraw.Draw(picture, "RGBA")
    MOTIFS[spec["motif"]](draw, width // 2, height // 2, 190)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    buffer.seek(0)
    return buffer


FILL = (255, 255, 255, 70)
LINE = (255, 255, 255, 210)
STROKE = 8


def ellipse_points(cx, cy, rx, ry, angle, steps=90):
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for step in range(steps):
        t = 2 * math.pi * step / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return points


def motif_planet(draw, cx, cy, r):
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), fill=FILL, outline=LINE, width=STROKE)
    draw.polygon(ellipse_points(cx, cy, r * 1.3, r * 0.35, -0.3), outline=LINE, width=STROKE)
    for x, y in ((-2.4, -1.2), (2.2, -1.5), (2.6, 0.8), (-2.0, 1.1), (-1.2, -1.8), (1.4, 1.6)):
        draw.ellipse((cx + x * r - 7, cy + y * r * 0.5 - 7, cx + x * r + 7, cy + y * r * 0.5 + 7), fill=LINE)


def motif_leaf(draw, cx, cy, r):
    draw.polygon(ellipse_points(cx, cy, r * 1.2, r * 0.55, -0.5), fill=FILL, outline=LINE, width=STROKE)
    dx, dy = math.cos(-0.5) * r * 1.2, math.sin(-0.5) * r * 1.2
    draw.line((cx - dx * 1.25, cy - dy * 1.25, cx + dx, cy + dy), fill=LINE, width=STROKE)


def motif_grid(draw, cx, cy, r):
    size, gap = r * 0.5, r * 0.15
    for row in range(3):
        for col in range(4):
            x = cx - 2 * size - 1.5 * gap + col * (size + gap)
            y = cy - 1.5 * size - gap + row * (size + gap)
            filled = (row + col) % 3 == 0
            draw.rounded_rectangle((x, y, x + size, y + size), radius=12, fill=LINE if filled else FILL,
                                   outline=LINE, width=4)


def motif_cross(draw, cx, cy, r):
    arm = r * 0.35
    draw.rectangle((cx - arm, cy - r, cx + arm, cy + r), fill=FILL, outline=LINE, width=STROKE)
    draw.rectangle((cx - r, cy - arm, cx + r, cy + arm), fill=FILL, outline=LINE, width=STROKE)
    draw.rectangle((cx - arm + STROKE, cy - arm + STROKE, cx + arm - STROKE, cy + arm - STROKE), fill=FILL)


def motif_sun(draw, cx, cy, r):
    draw.ellipse((cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), fill=FILL, outline=LINE, width=STROKE)
    for ray in range(12):
        angle = ray * math.pi / 6
        draw.line((cx + math.cos(angle) * r * 0.7, cy + math.sin(angle) * r * 0.7,
                   cx + math.cos(angle) * r, cy + math.sin(angle) * r), fill=LINE, width=STROKE)
    for wave in range(2):
        y0 = cy + r * 1.25 + wave * 36
        points = [(cx - r * 1.6 + step * 12, y0 + 14 * math.sin(step / 3)) for step in range(int(r * 3.2 / 12) + 1)]
        draw.line(points, fill=LINE, width=6)


def motif_temple(draw, cx, cy, r):
    draw.polygon([(cx - r * 1.2, cy - r * 0.5), (cx, cy - r * 1.1), (cx + r * 1.2, cy - r * 0.5)],
                 fill=FILL, outline=LINE, width=STROKE)
    for column in range(5):
        x = cx - r + column * r * 0.5
        draw.rectangle((x - 14, cy - r * 0.4, x + 14, cy + r * 0.8), fill=FILL, outline=LINE, width=5)
    draw.rectangle((cx - r * 1.3, cy + r * 0.8, cx + r * 1.3, cy + r), fill=FILL, outline=LINE, width=STROKE)


def motif_polygon(draw, cx, cy, r):
    points = [(cx + r * math.cos(math.pi / 2 + 2 * math.pi * k / 5), cy - r * math.sin(math.pi / 2 + 2 * math.pi * k / 5))
              for k in range(5)]
    draw.polygon(points, fill=FILL, outline=LINE, width=STROKE)
    star = [points[(2 * k) % 5] for k in range(5)]
    draw.polygon(star, outline=LINE, width=5)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=LINE, width=4)


def motif_atom(draw, cx, cy, r):
    for angle in (0, math.pi / 3, -math.pi / 3):
        draw.polygon(ellipse_points(cx, cy, r * 1.2, r * 0.4, angle), outline=LINE, width=6)
    draw.ellipse((cx - 28, cy - 28, cx + 28, cy + 28), fill=LINE)


def motif_hexagon(draw, cx, cy, r):
    draw.regular_polygon((cx, cy, r), 6, rotation=30, fill=FILL, outline=LINE, width=STROKE)
    draw.ellipse((cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), outline=LINE, width=6)
    for k in range(6):
        angle = math.pi / 6 + k * math.pi / 3 + math.pi / 6
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        draw.line((x, y, x + r * 0.35 * math.cos(angle), y + r * 0.35 * math.sin(angle)), fill=LINE, width=6)


def motif_strata(draw, cx, cy, r):
    for layer in range(4):
        y0 = cy - r + layer * r * 0.55
        points = [(cx - r * 1.6 + step * 20, y0 + 18 * math.sin(step / 4 + layer)) for step in range(int(r * 3.2 / 20) + 1)]
        polygon = points + [(points[-1][0], y0 + r * 0.5), (points[0][0], y0 + r * 0.5)]
        draw.polygon(polygon, fill=(255, 255, 255, 30 + 25 * layer), outline=LINE, width=4)
    draw.polygon([(cx - 40, cy + 10), (cx + 30, cy - 20), (cx + 60, cy + 40), (cx - 10, cy + 60)], fill=LINE)


MOTIFS = {
    "planet": motif_planet,
    "leaf": motif_leaf,
    "grid": motif_grid,
    "cross": motif_cross,
    "sun": motif_sun,
    "temple": motif_temple,
    "polygon": motif_polygon,
    "atom": motif_atom,
    "hexagon": motif_hexagon,
    "strata": motif_strata,
}
