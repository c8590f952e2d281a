#!/usr/bin/env bash
# PDF exports (WeasyPrint) need Pango and a sans-serif font from Debian.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" && fc-list 2>/dev/null | grep -qi "sans"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's Pango and fonts for PDF exports..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-dejavu-core >/dev/null
  exit 0
fi
echo "PDF exports need Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2'." >&2
exit 1
