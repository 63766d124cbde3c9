#!/usr/bin/env python3
"""Indexing speed per format: the same documents written as .txt, .docx,
.odt, .epub and .rtf, each set indexed into a fresh database by
dossier-index; prints documents per second and MB of text per second.

    python3 /path/to/gen_corpus.py --docs 500 corpus
    python3 bench/formats.py --bin build/bin --corpus corpus --docs 500 --work /tmp/fmt

The text of each document is its .txt/.md file's body (or an HTML file's
visible text, roughly): paragraphs are the blocks separated by blank lines.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

STAMP = (2024, 1, 1, 0, 0, 0)


def paragraphs_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            text = text[end + 4:]
    if path.endswith(".html"):
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"</(p|h[1-6]|div|li)>", "\n\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if p]


def write_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def esc(text):
    return html.escape(text, quote=True)


def write_txt(path, title, paras):
    with open(path + ".txt", "w") as f:
        f.write("Title: " + title + "\n\n" + "\n\n".join(paras) + "\n")


def write_docx(path, title, paras):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{esc(p)}</w:t></w:r></w:p>' for p in paras)
    write_zip(path + ".docx", [
        ("word/document.xml", f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>'),
        ("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
         'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
         f'<dc:title>{esc(title)}</dc:title></cp:coreProperties>'),
    ])


def write_odt(path, title, paras):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    body = "".join(f"<text:p>{esc(p)}</text:p>" for p in paras)
    write_zip(path + ".odt", [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", f'<?xml version="1.0"?><office:document-content {ns}><office:body><office:text>{body}'
         "</office:text></office:body></office:document-content>"),
        ("meta.xml", f'<?xml version="1.0"?><office:document-meta {ns}><office:meta><dc:title>{esc(title)}'
         "</dc:title></office:meta></office:document-meta>"),
    ])


def write_epub(path, title, paras):
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    write_zip(path + ".epub", [
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
         'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/'
         'oebps-package+xml"/></rootfiles></container>'),
        ("content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
         f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{esc(title)}</dc:title></metadata>'
         '<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>'
         '<spine><itemref idref="c1"/></spine></package>'),
        ("c1.xhtml", f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>{esc(title)}'
         f"</title></head><body>{body}</body></html>"),
    ])


def rtf_escape(text):
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch) if ord(ch) < 32768 else ord(ch) - 65536
            out.append(f"\\u{code}\\'3f")
    return "".join(out)


def write_rtf(path, title, paras):
    body = "".join("{\\pard " + rtf_escape(p) + "\\par}\n" for p in paras)
    with open(path + ".rtf", "w") as f:
        f.write("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}{\\info{\\title " + rtf_escape(title) + "}}\n" + body + "}\n")


WRITERS = {"txt": write_txt, "docx": write_docx, "odt": write_odt, "epub": write_epub, "rtf": write_rtf}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="folder of dossier-index")
    ap.add_argument("--corpus", required=True, help="a folder of .txt/.md/.html documents")
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--work", required=True, help="scratch folder (replaced)")
    ap.add_argument("--formats", default="txt,docx,odt,epub,rtf")
    args = ap.parse_args()

    sources = []
    for root, _, files in os.walk(args.corpus):
        for name in sorted(files):
            if name.endswith((".txt", ".md", ".html")):
                sources.append(os.path.join(root, name))
    sources = sorted(sources)[: args.docs]
    shutil.rmtree(args.work, ignore_errors=True)
    text_bytes = 0
    docs = []
    for i, src in enumerate(sources):
        paras = paragraphs_of(src)
        title = paras[0][:120] if paras else "untitled"
        docs.append((f"doc-{i:05d}", title, paras))
        text_bytes += sum(len(p.encode()) for p in paras)
    print(f"{len(docs)} documents, {text_bytes / 1e6:.2f} MB of text")
    print("format  files MB  index s  docs/s  text MB/s")
    for fmt in args.formats.split(","):
        folder = os.path.join(args.work, fmt)
        os.makedirs(folder)
        for name, title, paras in docs:
            WRITERS[fmt](os.path.join(folder, name), title, paras)
        size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
        db = os.path.join(args.work, fmt + ".db")
        start = time.monotonic()
        run = subprocess.run([os.path.join(args.bin, "dossier-index"), "--db", db, folder],
                             capture_output=True, text=True)
        seconds = time.monotonic() - start
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
        print(f"{fmt:6} {size / 1e6:8.2f} {seconds:8.2f} {len(docs) / seconds:7.1f} {text_bytes / 1e6 / seconds:9.2f}"
              f"   {run.stdout.strip()[:60]}")


if __name__ == "__main__":
    main()
