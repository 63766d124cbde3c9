#!/bin/sh
# Regenerates the test PDFs of this folder from the groff sources below.
# Needs Debian's groff, ghostscript and qpdf (not needed to build or test
# Dossier: the PDFs are committed). Run from anywhere:
#   sh testdata/pdf/make-pdfs.sh
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1600000000

# PDF without its Info dictionary and XMP metadata (ghostscript always
# writes a CreationDate): edited in qpdf's QDF form, with a deterministic
# file id.
strip_info() {  # in.pdf out.pdf
    qpdf --qdf --object-streams=disable "$1" "$tmp/strip.qdf"
    sed -e '/^  \/Info [0-9]* 0 R$/d' -e 's|^  /Metadata [0-9]* 0 R$||' "$tmp/strip.qdf" > "$tmp/strip2.qdf"
    fix-qdf "$tmp/strip2.qdf" > "$tmp/strip3.qdf"
    qpdf --deterministic-id --compress-streams=y "$tmp/strip3.qdf" "$2"
}

# groff source -> PDF with ghostscript, without Info dictionary, so that the
# only metadata is what the test adds.
to_pdf() {  # name
    groff -Tps "$tmp/$1.tr" > "$tmp/$1.ps"
    ps2pdf "$tmp/$1.ps" "$tmp/$1.raw.pdf"
    strip_info "$tmp/$1.raw.pdf" "$1.pdf"
}

# 1. baltic-report.pdf: three pages with a running header and a page-number
# footer, words hyphenated across lines (one of them written with a hyphen
# elsewhere, so the hyphen stays), ligature glyphs (fi, fl, ff, ffi) and a
# dateline. No Info dictionary.
cat > "$tmp/baltic-report.tr" <<'TR'
.pl 5i
.ll 5.5i
.nf
.de FO
.sp |4.4i
Page \\n%
.bp
..
.wh -0.7i FO
.de HD
.sp 0.3i
Baltic Maritime Review \(em Occasional Paper 7
.sp
..
.wh 0 HD
.HD
Maritime Security in the Baltic Sea: A Report
Stockholm, 12 March 2020

This report examines the maritime secu-
rity of the Baltic Sea after a decade of growing tension.
Sweden and Finland depend on open sea lanes, and the
\[fi]sheries of the region support coastal towns. The Russian
\[fl]eet in Kaliningrad has grown, and Estonia has asked its
partners for more e\[ff]ort in surveillance and cooper-
ation at sea. Nordic self-reliance is no longer enough.
.bp
The second part looks at undersea infrastructure: cables,
pipelines and the sensors that watch them. A policy of
self-
reliance would cost more than shared patrols, and the
authors recommend an e\[Fi]cient division of labour among
the coastal states, with a common picture of traffic.
.bp
The third part concludes. Deterrence at sea rests on
presence, on information and on the readiness of navies
to act together; the report calls this harbourwatch.
TR
to_pdf baltic-report

# 2. info-dictionary.pdf: one page whose Info dictionary gives Title,
# Author and CreationDate (2019-04-02); the text has no date of its own.
cat > "$tmp/info-dictionary.tr" <<'TR'
.nf
Notes on Alliance Logistics
Military mobility across Europe depends on rail gauges,
bridges and permissions granted in advance. These notes
list the bottlenecks that exercises have revealed and
the word infodictword marks this document.
TR
groff -Tps "$tmp/info-dictionary.tr" > "$tmp/info-dictionary.ps"
cat > "$tmp/info.ps" <<'PS'
[ /Title (Notes on Alliance Logistics) /Author (Anna Lindqvist; Piet de Vries)
  /CreationDate (D:20190402093000Z) /ModDate (D:20190402093000Z) /DOCINFO pdfmark
PS
gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile="$tmp/info.raw.pdf" \
   "$tmp/info-dictionary.ps" "$tmp/info.ps"
qpdf --deterministic-id "$tmp/info.raw.pdf" info-dictionary.pdf

# 3. scanned.pdf: a page of drawings and no text at all, as a scanned page
# looks to a text extractor.
cat > "$tmp/scanned.ps" <<'PS'
%!PS
0.5 setgray
72 600 moveto 540 600 lineto 540 700 lineto 72 700 lineto closepath fill
0 setgray 2 setlinewidth
72 100 moveto 540 500 lineto stroke
showpage
PS
ps2pdf "$tmp/scanned.ps" "$tmp/scanned.raw.pdf"
strip_info "$tmp/scanned.raw.pdf" scanned.pdf

# 4. encrypted.pdf: the report locked with a user password.
qpdf --encrypt secret owner-secret 256 -- baltic-report.pdf encrypted.pdf

# 5. corrupt.pdf: the first half of the report.
size=$(wc -c < baltic-report.pdf)
head -c $((size / 2)) baltic-report.pdf > corrupt.pdf

ls -l ./*.pdf
