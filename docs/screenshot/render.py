#!/usr/bin/env python3
"""Renders a terminal capture (`tmux capture-pane -e -p`, with ANSI colours) to a PNG, cell by cell.
Usage: render.py CAPTURE.ansi OUT.png   (needs Pillow and the DejaVu Sans Mono font)."""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
DEFAULT_FG, DEFAULT_BG = (208, 208, 208), (28, 28, 28)
BASIC = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229)]
BRIGHT = [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]


def color256(n):
    if n < 8:
        return BASIC[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    level = 8 + (n - 232) * 10
    return level, level, level


def cells(line):
    """Yields (char, fg, bg, bold) for one line of the capture."""
    fg, bg, bold, reverse = DEFAULT_FG, DEFAULT_BG, False, False
    for token in re.split(r"(\x1b\[[0-9;]*m)", line):
        if token.startswith("\x1b["):
            codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, bold, reverse = DEFAULT_FG, DEFAULT_BG, False, False
                elif c == 1:
                    bold = True
                elif c == 22:
                    bold = False
                elif c == 7:
                    reverse = True
                elif c == 27:
                    reverse = False
                elif c in (38, 48) and i + 1 < len(codes):
                    if codes[i + 1] == 2 and i + 4 < len(codes):
                        value = tuple(codes[i + 2:i + 5])
                        i += 4
                    elif codes[i + 1] == 5 and i + 2 < len(codes):
                        value = color256(codes[i + 2])
                        i += 2
                    else:
                        value = None
                    if value is not None:
                        fg, bg = (value, bg) if c == 38 else (fg, value)
                elif c == 39:
                    fg = DEFAULT_FG
                elif c == 49:
                    bg = DEFAULT_BG
                elif 30 <= c <= 37:
                    fg = BASIC[c - 30]
                elif 40 <= c <= 47:
                    bg = BASIC[c - 40]
                elif 90 <= c <= 97:
                    fg = BRIGHT[c - 90]
                elif 100 <= c <= 107:
                    bg = BRIGHT[c - 100]
                i += 1
            continue
        for ch in token:
            yield ch, (bg if reverse else fg), (fg if reverse else bg), bold


def main(capture, out):
    lines = open(capture, encoding="utf-8").read().rstrip("\n").split("\n")
    font, bold_font = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    width = round(font.getlength("M"))
    height = SIZE + 5
    columns = max(sum(1 for _ in cells(l)) for l in lines)
    image = Image.new("RGB", (columns * width + 16, len(lines) * height + 16), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for col, (ch, fg, bg, bold) in enumerate(cells(line)):
            x, y = 8 + col * width, 8 + row * height
            draw.rectangle([x, y, x + width, y + height], fill=bg)
            if ch != " ":
                draw.text((x, y + 2), ch, font=bold_font if bold else font, fill=fg)
    image.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
