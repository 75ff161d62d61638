#!/bin/sh
# System packages the tests need, from Debian's archive, installed only when missing:
# Chromium (HTML accessibility tests with axe-core), poppler-utils (PDF pages to PNG),
# LibreOffice Writer (the Word document must open), Node.js and npm (axe-core), a Java
# runtime (the ledger aggregation is also tested on PySpark).
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Installera systempaketen:$missing (t.ex. med apt-get) och försök igen." >&2
    exit 1
fi
echo "Installerar systempaket:$missing"
apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
