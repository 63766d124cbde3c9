#!/usr/bin/env python3
"""Makes scanned PDFs to measure what OCR costs: the text of the given files,
set as A4 pages of Helvetica 10 pt (about 450 words a page), rendered at
300 dpi by pdftoppm and written back as image-only pages, as a scanner
would (testdata/ocr/make-ocr-pdfs.py does the same for the test scans).

    python3 bench/ocr_pages.py --pages 4 --out /tmp/scans FILE...
    OMP_THREAD_LIMIT=1 dossier-index --db /tmp/scans.db /tmp/scans

The summary's "ocr N pages in T s" gives the OCR time (summed over the
threads); the run's wall time gives the throughput. Needs pdftoppm
(poppler-utils).
"""
import argparse
import importlib.util
import os
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "make_ocr_pdfs", os.path.join(HERE, "..", "testdata", "ocr", "make-ocr-pdfs.py"))
scans = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scans)

A4 = (595, 842)
LINES_PER_PAGE = 50


def words_of(paths):
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        # Front matter and markup are not what a scan shows.
        if text.startswith("---"):
            text = text.split("---", 2)[-1]
        for word in text.split():
            yield word.encode("latin-1", "replace").decode("latin-1")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=4, help="pages per PDF")
    parser.add_argument("--files", type=int, default=1, help="PDFs to write")
    parser.add_argument("--out", required=True, help="folder of the PDFs (created)")
    parser.add_argument("text", nargs="+", help="text files giving the words")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    lines = textwrap.wrap(" ".join(words_of(args.text)), 95)
    needed = args.pages * args.files * LINES_PER_PAGE
    while len(lines) < needed:
        lines += lines
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(args.files):
            pages = []
            for p in range(args.pages):
                start = (f * args.pages + p) * LINES_PER_PAGE
                text = lines[start:start + LINES_PER_PAGE]
                pages.append(("scan", scans.scan(text, A4[0], A4[1], 10, tmp, dpi=300)))
            scans.write_pdf(os.path.join(args.out, "scan-%03d.pdf" % f), pages, A4[0], A4[1])


if __name__ == "__main__":
    main()
