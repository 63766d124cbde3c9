#!/usr/bin/env python3
"""Regenerates the image-only test PDFs of this folder from the text below.

Each scanned page is made the way a scanner would make it: the text is
typeset in a PDF with a text layer (written here by hand, Helvetica), that
page is rendered to grey pixels with pdftoppm (Debian's poppler-utils), and
the pixels become the only content of a new page: one image XObject with
FlateDecode raw grey samples (Python's zlib). Needs python3 and pdftoppm,
only to regenerate: the PDFs are committed. Run from anywhere:
    python3 testdata/ocr/make-ocr-pdfs.py
"""
import os
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DPI = 150  # the scan's resolution


def pdf_bytes(objects):
    """A PDF file from object bodies (bytes), object 1 being the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xbf\xf7\xa2\xfe\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer << /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def pages_pdf(contents, width, height, resources):
    """A PDF with one page per content stream, all width x height points."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (count, kids)]
    for i, (content, size) in enumerate(contents):
        w, h = size if size else (width, height)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 %d %d ] /Contents %d 0 R "
                       b"/Resources %s >>" % (w, h, 4 + 2 * i, resources[i]))
        objects.append(stream(content))
    return objects


def text_page_pdf(lines, width, height, size):
    """A one-page PDF with a text layer: lines of Helvetica at size points."""
    ops = [b"BT /F1 %d Tf %d TL 36 %d Td" % (size, int(size * 1.5), height - 36 - size)]
    for line in lines:
        ops.append(b"(" + escape(line) + b") Tj T*")
    ops.append(b"ET")
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    return pdf_bytes(pages_pdf([(b"\n".join(ops), None)], width, height, [font]))


def scan(lines, width, height, size, tmp, dpi=DPI):
    """Grey pixels (width_px, height_px, bytes) of the text page rendered at dpi."""
    source = os.path.join(tmp, "page.pdf")
    with open(source, "wb") as f:
        f.write(text_page_pdf(lines, width, height, size))
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), source, os.path.join(tmp, "page")], check=True)
    pgm = [name for name in os.listdir(tmp) if name.endswith(".pgm")][0]
    with open(os.path.join(tmp, pgm), "rb") as f:
        data = f.read()
    os.remove(os.path.join(tmp, pgm))
    # Binary PGM: "P5\n<w> <h>\n<max>\n" then the samples.
    parts = data.split(b"\n", 3)
    w, h = (int(x) for x in parts[1].split())
    return w, h, parts[3]


def image_page(pixels, width, height, objects_before):
    """Content and resources of a page showing only the scanned image."""
    w, h, samples = pixels
    number = objects_before + 1
    image = stream(zlib.compress(samples, 9),
                   b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                   b" /BitsPerComponent 8 /Filter /FlateDecode" % (w, h))
    content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (width, height)
    return content, b"<< /XObject << /Im1 %d 0 R >> >>" % number, image


def write_pdf(path, pages, width=432, height=288):
    """pages: list of ('text', lines, size) or ('scan', pixels) or ('huge', pixels);
    width x height points (default 6 x 4 inches)."""
    contents, resources, extra = [], [], []
    first_extra = 2 + 2 * len(pages)
    for page in pages:
        if page[0] == "text":
            ops = [b"BT /F1 %d Tf %d TL 36 %d Td" % (page[2], int(page[2] * 1.5), height - 36 - page[2])]
            ops += [b"(" + escape(line) + b") Tj T*" for line in page[1]] + [b"ET"]
            contents.append((b"\n".join(ops), None))
            resources.append(b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>")
        else:
            # A huge page: 200 x 200 inches (60,000 pixels square at 300 dpi).
            size = (14400, 14400) if page[0] == "huge" else None
            w, h = size if size else (width, height)
            content, res, image = image_page(page[1], w, h, first_extra + len(extra))
            contents.append((content, size))
            resources.append(res)
            extra.append(image)
    objects = pages_pdf(contents, width, height, resources) + extra
    with open(path, "wb") as f:
        f.write(pdf_bytes(objects))


DECLARATION = [
    "JOINT DECLARATION",
    "ON HARBOUR SECURITY",
    "The ministers agree to protect",
    "every harbour and lighthouse",
    "on the northern coast and to",
    "share maritime secu-",
    "rity reports each month.",
]

MIXED_SCAN = [
    "ANNEX ON RIVER PATROLS",
    "Patrol boats will guard",
    "the canal locks at night",
    "from the first of April.",
]

MIXED_TEXT = [
    "Memorandum on inland waterways",
    "This first page has a text layer.",
    "The annex that follows is a scan.",
]

HUGE_SCAN = [
    "NOTE ON COASTAL RADAR",
    "The radar stations report",
    "to the coastguard daily.",
]

def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = lambda name: os.path.join(HERE, name)
        write_pdf(out("scanned-declaration.pdf"), [("scan", scan(DECLARATION, 432, 288, 20, tmp))])
        write_pdf(out("mixed.pdf"), [("text", MIXED_TEXT, 16), ("scan", scan(MIXED_SCAN, 432, 288, 20, tmp))])
        write_pdf(out("huge-page.pdf"), [("scan", scan(HUGE_SCAN, 432, 288, 20, tmp)),
                                         ("huge", scan(["A MAP"], 432, 288, 20, tmp))])


if __name__ == "__main__":
    main()
