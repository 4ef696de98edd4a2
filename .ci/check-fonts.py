#!/usr/bin/env python3
"""Check that a plan's base font and size hold in what readers show.

usage: check-fonts.py FONT POINTS FILE.docx [FILE.pdf]

  - python-docx: styles['Normal'] has FONT at POINTS, and so do the
    document defaults (docDefaults), and there is exactly one Normal style.
  - PyMuPDF (the PDF LibreOffice made from the DOCX): every page's text is
    set in FONT, and the body text (the size most characters of the document
    are set in) is at POINTS. Tables (the evidence checklist) are set a
    little smaller, so a page of table alone is not held to POINTS. Calibri is
    not on Linux; LibreOffice substitutes Carlito, its metric-compatible twin
    (same widths, so the same line breaks and pages), which counts as Calibri.
Exit status 1 on any mismatch.
"""
import collections
import sys

import docx
from docx.oxml.ns import qn

TWINS = {"calibri": {"calibri", "carlito"}, "cambria": {"cambria", "caladea"}}


def check_docx(path, font, points):
    bad = []
    d = docx.Document(path)
    normals = [s for s in d.styles.element.findall(qn("w:style"))
               if s.get(qn("w:styleId")) == "Normal"]
    if len(normals) != 1:
        bad.append(f"{len(normals)} Normal styles")
    from docx.enum.style import WD_STYLE_TYPE
    default = d.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    if default is None or default.name != "Normal":
        bad.append("Normal is not the default paragraph style")
    normal = d.styles["Normal"].font
    if normal.name != font or normal.size is None or normal.size.pt != points:
        bad.append(f"Normal is {normal.name} {normal.size and normal.size.pt} pt")
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    size = rpr.find(qn("w:sz"))
    lang = rpr.find(qn("w:lang"))
    if fonts is None or fonts.get(qn("w:ascii")) != font:
        bad.append("docDefaults lack the font")
    if size is None or int(size.get(qn("w:val"))) != int(points * 2):
        bad.append("docDefaults lack the size")
    if lang is None:
        bad.append("docDefaults lack the language")
    print(f"python-docx {path}: Normal = {normal.name} {normal.size.pt if normal.size else None} pt, "
          f"one Normal: {len(normals) == 1}, lang {lang.get(qn('w:val')) if lang is not None else None}")
    return bad


def check_pdf(path, font, points):
    import pymupdf
    bad = []
    accepted = TWINS.get(font.lower(), {font.lower()})
    doc = pymupdf.open(path)
    sizes = collections.Counter()
    for number, page in enumerate(doc, 1):
        chars = collections.Counter()
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    name = span["font"].split("+")[-1].split("-")[0].lower()
                    n = len(span["text"].strip())
                    chars[name] += n
                    sizes[round(span["size"], 1)] += n
        if not chars:
            continue
        name, _ = chars.most_common(1)[0]
        if name.replace(" ", "") not in {a.replace(" ", "") for a in accepted}:
            bad.append(f"page {number}: text is set in {name}")
    if sizes:
        size, _ = sizes.most_common(1)[0]
        if abs(size - points) > 0.1:
            bad.append(f"body text is {size} pt")
    print(f"PyMuPDF {path}: {len(doc)} pages, body text {'/'.join(sorted(accepted))} {points} pt "
          f"{'holds' if not bad else 'does not hold'}")
    return bad


def main():
    font, points, docx_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    bad = check_docx(docx_path, font, points)
    if len(sys.argv) > 4:
        bad += check_pdf(sys.argv[4], font, points)
    for b in bad:
        print(f"error: {b}", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
