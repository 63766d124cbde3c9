#!/usr/bin/env python3
"""Writes the DOCX, ODT and EPUB test documents of testdata/formats/ from XML
written here, with Python's zipfile (fixed timestamps, so the bytes are the
same on every run). The RTF files are plain text written by hand.

Run from anywhere: python3 testdata/formats/make_formats.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 1, 0, 0, 0)


def write_zip(path, members):
    """members: list of (name, text or bytes); a 'mimetype' member is stored."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


# ---------------------------------------------------------------- DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""


def w_para(text, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def w_table(rows):
    out = "<w:tbl><w:tblPr/>"
    for row in rows:
        out += "<w:tr>" + "".join(f"<w:tc>{w_para(cell)}</w:tc>" for cell in row) + "</w:tr>"
    return out + "</w:tbl>"


def docx_core(title, creator, created, modified):
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{f'<dc:title>{title}</dc:title>' if title else ''}
{f'<dc:creator>{creator}</dc:creator>' if creator else ''}
{f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>' if created else ''}
{f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>' if modified else ''}
</cp:coreProperties>"""


def docx_document(body):
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>{body}<w:sectPr/></w:body></w:document>"""


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Figures of the Coastguard Liaison Office, quoted with its permission; the word quillfeather appears only in this footnote.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

DOCX_BODY = (
    w_para("Harbour Resilience Notes", "Title")
    + w_para("Lisbon, 3 March 2021")
    + w_para("Summary", "Heading1")
    + '<w:p><w:r><w:t xml:space="preserve">Port authorities along the Atlantic coast asked for a shared drill calendar after the </w:t></w:r>'
      '<w:r><w:rPr><w:b/></w:rPr><w:t>zephyrine</w:t></w:r>'
      '<w:r><w:t xml:space="preserve"> exercise showed gaps in radio coverage.</w:t></w:r>'
      '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    + '<w:p><w:r><w:t xml:space="preserve">Deleted words are not read:</w:t></w:r>'
      '<w:del w:id="9" w:author="x" w:date="2021-03-01T00:00:00Z"><w:r><w:delText>strikethroughword</w:delText></w:r></w:del>'
      '<w:r><w:tab/><w:t>the rest of the line stays.</w:t></w:r></w:p>'
    + w_para("Findings", "Heading1")
    + w_para("Three harbours share one tug and no spare pilots; a collision drill would stop traffic for a day.")
    + w_table([["Harbour", "Tugs", "Pilots"], ["Sines", "1", "4"], ["Leixoes", "2", "6"]])
    + w_para("The working group meets again in September to test the tablewordcheck figures above.")
)


def make_docx():
    write_zip(os.path.join(HERE, "harbour-notes.docx"), [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", docx_document(DOCX_BODY)),
        ("word/footnotes.xml", FOOTNOTES),
        ("docProps/core.xml", docx_core("Harbour Resilience Notes", "Ana Ruiz; Ben Okafor",
                                        "2021-03-04T09:30:00Z", "2024-02-01T10:00:00Z")),
        ("word/media/image1.png", b"\x89PNG\r\n\x1a\n not read"),
    ])
    # Without core properties or a Title style: the heading gives the title,
    # and the modification date is never taken for the publication date.
    write_zip(os.path.join(HERE, "plain-heading.docx"), [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", docx_document(
            w_para("Border Crossing Review", "Heading1")
            + w_para("Inspectors counted lorries at the marrowgate checkpoint over one week."))),
        ("docProps/core.xml", docx_core("", "", "", "2023-11-20T08:00:00Z")),
    ])
    broken = os.path.join(HERE, "broken")
    with open(os.path.join(broken, "not-a-zip.docx"), "w") as f:
        f.write("This file is named .docx but holds plain text, not a ZIP archive.\n")
    write_zip(os.path.join(broken, "malformed.docx"), [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", docx_document(w_para("An unclosed <w:p> element follows.")).replace(
            "</w:body>", "<w:p></w:body>")),
    ])


# ---------------------------------------------------------------- ODT

ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"')
ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def odt_meta(title, initial_creator, creator, created, modified):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {ODT_NS}><office:meta>
<meta:generator>make_formats.py</meta:generator>
<dc:title>{title}</dc:title>
<meta:initial-creator>{initial_creator}</meta:initial-creator>
<dc:creator>{creator}</dc:creator>
<meta:creation-date>{created}</meta:creation-date>
<dc:date>{modified}</dc:date>
<dc:language>en-GB</dc:language>
</office:meta></office:document-meta>"""


def odt_content(body):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODT_NS}><office:body><office:text>
<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>
{body}
</office:text></office:body></office:document-content>"""


ODT_BODY = """<text:h text:outline-level="1">Baltic Cable Protection</text:h>
<text:table-of-content text:name="toc"><text:index-body><text:p>Baltic Cable Protection 1</text:p></text:index-body></text:table-of-content>
<text:h text:outline-level="2">Background</text:h>
<text:p>Undersea cables between the islands carry most of the region's data; the <text:span>lanternfish</text:span> survey<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Survey of the Maritime Data Board, second edition; only this note names the word harrowmere.</text:p></text:note-body></text:note> mapped them in 2021.</text:p>
<text:p>Patrol ships<text:s text:c="3"/>and<text:tab/>sensors<text:line-break/>share one watch roster.</text:p>
<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><text:p>erasedwordzz</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:list><text:list-item><text:p>Map every landing station.</text:p></text:list-item><text:list-item><text:p>Share repair ship schedules.</text:p></text:list-item></text:list>
<table:table table:name="Ships"><table:table-column table:number-columns-repeated="2"/>
<table:table-header-rows><table:table-row><table:table-cell><text:p>Ship</text:p></table:table-cell><table:table-cell><text:p>Port</text:p></table:table-cell></table:table-row></table:table-header-rows>
<table:table-row><table:table-cell><text:p>Kestrel</text:p></table:table-cell><table:table-cell><text:p>Tallinn</text:p></table:table-cell></table:table-row>
</table:table>
<text:p>Ministers will review the cable plan at their autumn meeting.</text:p>"""


def make_odt():
    write_zip(os.path.join(HERE, "cable-protection.odt"), [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", odt_content(ODT_BODY)),
        ("meta.xml", odt_meta("Baltic Cable Protection", "Liis Tamm", "Jonas Berg",
                              "2022-03-09T11:00:00", "2024-06-30T16:00:00")),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ])
    # An OpenDocument under a .docx name: the content decides.
    write_zip(os.path.join(HERE, "renamed-odt.docx"), [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", odt_content(
            "<text:p>This OpenDocument was saved under a Word name; it speaks of the brackwater convoy.</text:p>")),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ])
    write_zip(os.path.join(HERE, "broken", "no-content.odt"), [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("meta.xml", odt_meta("No Content", "Nobody", "Nobody", "2022-01-01T00:00:00", "2022-01-02T00:00:00")),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ])


# ---------------------------------------------------------------- EPUB

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def opf(spine_ids, manifest):
    items = "\n".join(f'<item id="{i}" href="{h}" media-type="{t}"/>' for i, h, t in manifest)
    refs = "\n".join(f'<itemref idref="{i}"/>' for i in spine_ids)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" xmlns:opf="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">urn:uuid:00000000-0000-4000-8000-000000000001</dc:identifier>
<dc:title>Arctic Shipping Lanes</dc:title>
<dc:creator opf:role="aut">Marit Olsen</dc:creator>
<dc:creator opf:role="aut">Pavel Novak</dc:creator>
<dc:publisher>Northern Routes Institute</dc:publisher>
<dc:date opf:event="modification">2024-04-01</dc:date>
<dc:date opf:event="publication">2020-11-02</dc:date>
<dc:language>en</dc:language>
</metadata>
<manifest>
{items}
</manifest>
<spine>
{refs}
</spine>
</package>"""


def chapter(title, paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title><link rel="stylesheet" href="style.css"/></head>
<body><h1>{title}</h1>{body}</body></html>"""


CH1 = chapter("Chapter One: Melting Routes", [
    "The northern sea route opened for eleven weeks in the last season.",
    "Insurers priced the passage by the weeks of open water, not by the distance saved.",
])
CH2 = chapter("Chapter Two: Search and Rescue", [
    "Rescue stations are far apart; the frostquill agreement pools helicopters between them.",
])
# Manifest order differs from the spine: the spine gives the reading order.
EPUB_MANIFEST = [
    ("ch2", "text/chapter%202.xhtml", "application/xhtml+xml"),
    ("ch1", "text/chapter1.xhtml", "application/xhtml+xml"),
    ("css", "text/style.css", "text/css"),
    ("cover", "images/cover.jpg", "image/jpeg"),
]


def make_epub():
    write_zip(os.path.join(HERE, "arctic-lanes.epub"), [
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf(["ch1", "ch2"], EPUB_MANIFEST)),
        ("OEBPS/text/chapter1.xhtml", CH1),
        ("OEBPS/text/chapter 2.xhtml", CH2),
        ("OEBPS/text/style.css", "p { margin: 0 }"),
        ("OEBPS/images/cover.jpg", b"\xff\xd8\xff not read"),
    ])
    write_zip(os.path.join(HERE, "broken", "missing-chapter.epub"), [
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf(["ch1", "ch2"], EPUB_MANIFEST)),
        ("OEBPS/text/chapter1.xhtml", CH1),
    ])


if __name__ == "__main__":
    make_docx()
    make_odt()
    make_epub()
