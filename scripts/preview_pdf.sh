#!/bin/sh
# Build the PDF of the bundled example and write PNG previews of some of its pages.
#
#   sh scripts/preview_pdf.sh OUT_DIR
#
# Writes OUT_DIR/arsberattelse-2020.pdf and OUT_DIR/pdf-NN.png: the cover, the contents, the
# first pages of text, pages with tables of figures and charts, and the last page. Needs
# pdftoppm (poppler-utils). The PNGs are for looking at, not for git.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
out=$1
here=$(cd "$(dirname "$0")/.." && pwd)
python=$here/.venv/bin/python
[ -x "$python" ] || python=python3

if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "$0: pdftoppm is missing (install poppler-utils)" >&2
    exit 1
fi

mkdir -p "$out"
pdf=$out/arsberattelse-2020.pdf
"$python" - "$pdf" <<'EOF'
import sys
import time
from pathlib import Path

from uppsikt.examples import bundled_example
from uppsikt.pipeline import load_report
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.pdf.document import render_pdf

report, diagnostics = load_report(bundled_example())
if report is None:
    sys.exit("\n".join(d.format() for d in diagnostics))
start = time.perf_counter()
data = render_pdf(report, ChartImages())
print(f"PDF: {len(data) // 1024} kB in {time.perf_counter() - start:.2f} s -> {sys.argv[1]}")
Path(sys.argv[1]).write_bytes(data)
EOF

pages=$("$python" -c "import sys, pypdf; print(len(pypdf.PdfReader(sys.argv[1]).pages))" "$pdf")
for number in 1 2 3 4 7 8 11 24 25 "$pages"; do
    [ "$number" -le "$pages" ] || continue
    pdftoppm -r 60 -f "$number" -l "$number" -png -singlefile "$pdf" "$out/pdf-$(printf %02d "$number")"
done
echo "PNG: $(ls "$out"/pdf-*.png | wc -l) pages in $out"
