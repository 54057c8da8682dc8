#!/usr/bin/env bash
# System packages the PDF report needs, installed only when missing: a CJK font for charts and
# PDFs (Noto Sans CJK SC) and Pango for WeasyPrint; and Chromium, in which tests/test_browser.py
# opens the notebooks (Playwright drives it; it never downloads a browser). Needs root (or sudo) and Debian's apt.
set -euo pipefail

missing=()
fc-list 2>/dev/null | grep -qiE "Noto Sans CJK|WenQuanYi" || missing+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)
command -v fc-list >/dev/null || missing+=(fontconfig)
for_tests=()
command -v chromium >/dev/null || for_tests+=(chromium)  # only tests/test_browser.py needs it

if [ ${#missing[@]} -eq 0 ] && [ ${#for_tests[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    [ ${#for_tests[@]} -eq 0 ] || echo "setup: the browser test needs Chromium; install it with your system's package manager" >&2
    [ ${#missing[@]} -eq 0 ] && exit 0
    echo "setup: please install ${missing[*]} (a CJK font and Pango) with your system's package manager" >&2
    exit 1
fi
missing+=("${for_tests[@]}")
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! sudo -n true 2>/dev/null; then
        echo "setup: not root, so not installing ${missing[*]}; the PDF report needs them" \
             "(patentstats doctor says what is missing; the browser test needs chromium)" >&2
        exit 0
    fi
    sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
