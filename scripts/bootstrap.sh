#!/bin/sh
# Make sure a Python >= 3.11 with venv exists, installing it from Debian's packages when
# missing (as root), then create the virtual environment. Usage: bootstrap.sh PYTHON VENV
set -eu
python=${1:-python3}
venv=${2:-.venv}

have_python() {
    command -v "$python" >/dev/null 2>&1 &&
        "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

if ! have_python; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installerar Python 3 med venv från Debians paket …"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip
        python=python3
    fi
fi
if ! have_python; then
    echo "uppsikt behöver Python 3.11 eller senare med modulen venv." >&2
    echo "Installera den (t.ex. 'apt-get install python3 python3-venv') och försök igen." >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
