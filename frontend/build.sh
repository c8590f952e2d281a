#!/usr/bin/env bash
# Rebuild OpenMASH's front-end assets into ../static (and axe-core into ../tests/e2e/vendor).
#
# The output is committed, so installing or running OpenMASH never needs Node. Run this only
# after changing frontend/package.json, openmash.scss or anything under frontend/src, then
# commit the changed files under static/ together with the change that caused them:
#
#     cd frontend && ./build.sh
#
# Needs Node 20+ and npm. Versions are pinned exactly in package.json and package-lock.json;
# `npm ci` installs exactly those. Set OPENMASH_SKIP_NPM_CI=1 to reuse an existing node_modules.
# The script is safe to re-run: it replaces the generated directories wholesale.

set -euo pipefail

cd "$(dirname "$0")"
FRONTEND_DIR="$(pwd)"
ROOT_DIR="$(cd .. && pwd)"
STATIC_DIR="$ROOT_DIR/static"
NODE_MODULES="$FRONTEND_DIR/node_modules"

log() { printf '%s\n' "build.sh: $*"; }

# Remove the "//# sourceMappingURL=…" / "/*# sourceMappingURL=… */" comment from a minified file.
# We do not ship source maps, and Django's ManifestStaticFilesStorage fails collectstatic when a
# referenced map is missing.
strip_source_map() {
  sed -i -E -e 's@//# sourceMappingURL=[^ ]*$@@' -e 's@/\*# sourceMappingURL=[^*]*\*/@@' "$1"
}

package_version() {
  node -p "require('$NODE_MODULES/$1/package.json').version"
}

if [[ "${OPENMASH_SKIP_NPM_CI:-}" != "1" || ! -d "$NODE_MODULES" ]]; then
  log "installing pinned packages (npm ci)"
  npm ci --no-audit --no-fund
fi

GOVUK="$NODE_MODULES/govuk-frontend/dist/govuk"
MOJ="$NODE_MODULES/@ministryofjustice/frontend/moj"

# ---------------------------------------------------------------------------------------------
# static/govuk: compiled stylesheet, GOV.UK Frontend JavaScript and the assets the CSS refers to.
# ---------------------------------------------------------------------------------------------
log "compiling openmash.scss"
rm -rf "$STATIC_DIR/govuk"
mkdir -p "$STATIC_DIR/govuk/assets/images"
# MoJ Frontend 11.1 makes GOV.UK Frontend print one deprecation warning (govuk-text-colour);
# it comes from MoJ's own stylesheet, is harmless and cannot be silenced from here.
npx --no-install sass \
  --pkg-importer=node \
  --load-path="$FRONTEND_DIR" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  openmash.scss "$STATIC_DIR/govuk/openmash.css"

# The font is Arial: refuse to ship a stylesheet that still asks for GDS Transport.
if grep -q "GDS Transport" "$STATIC_DIR/govuk/openmash.css"; then
  log "error: openmash.css refers to GDS Transport, which only GOV.UK may use" >&2
  exit 1
fi

cp "$GOVUK/govuk-frontend.min.js" "$STATIC_DIR/govuk/govuk-frontend.min.js"
strip_source_map "$STATIC_DIR/govuk/govuk-frontend.min.js"

# GOV.UK Frontend's images (the stylesheet refers to some of them) and MoJ Frontend's icons.
# The GDS Transport font files are deliberately not copied: they are licensed for GOV.UK only,
# and the stylesheet does not use them.
cp "$GOVUK"/assets/images/* "$STATIC_DIR/govuk/assets/images/"
cp "$MOJ"/assets/images/icon-* "$STATIC_DIR/govuk/assets/images/"
# OpenMASH's own icon and web app manifest (GOV.UK's use the crown, which councils must not use).
cp src/images/favicon.svg "$STATIC_DIR/govuk/assets/images/openmash-icon.svg"
cp src/images/manifest.json "$STATIC_DIR/govuk/assets/manifest.json"

# Every url() in the stylesheet must exist, or collectstatic with a manifest storage fails.
missing=0
while IFS= read -r url; do
  if [[ ! -f "$ROOT_DIR$url" ]]; then
    log "error: openmash.css refers to missing file $url" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$STATIC_DIR/govuk/openmash.css" | sed -E 's/^url\("?//; s/"?\)$//' | sort -u)
[[ $missing == 0 ]] || exit 1

cp licences/govuk-frontend.LICENSE.txt "$STATIC_DIR/govuk/LICENSE-govuk-frontend.txt"
cp licences/moj-frontend.LICENSE.txt "$STATIC_DIR/govuk/LICENSE-moj-frontend.txt"

# ---------------------------------------------------------------------------------------------
# static/vendor: third-party scripts and stylesheets served as they are.
# ---------------------------------------------------------------------------------------------
log "copying vendored libraries"
rm -rf "$STATIC_DIR/vendor"
mkdir -p "$STATIC_DIR/vendor"

cp "$NODE_MODULES/htmx.org/dist/htmx.min.js" "$STATIC_DIR/vendor/htmx.min.js"
cp "$NODE_MODULES/htmx.org/LICENSE" "$STATIC_DIR/vendor/LICENSE-htmx.txt"

cp "$NODE_MODULES/accessible-autocomplete/dist/accessible-autocomplete.min.js" "$STATIC_DIR/vendor/"
cp "$NODE_MODULES/accessible-autocomplete/dist/accessible-autocomplete.min.css" "$STATIC_DIR/vendor/"
cp "$NODE_MODULES/accessible-autocomplete/LICENSE.txt" "$STATIC_DIR/vendor/LICENSE-accessible-autocomplete.txt"

# MoJ Frontend's ES module bundle (it includes the parts of GOV.UK Frontend it needs). Its CSS
# is compiled into openmash.css above, so moj-frontend.min.css is not shipped.
cp "$MOJ/moj-frontend.min.js" "$STATIC_DIR/vendor/moj-frontend.min.js"
cp licences/moj-frontend.LICENSE.txt "$STATIC_DIR/vendor/LICENSE-moj-frontend.txt"

for file in "$STATIC_DIR"/vendor/*.min.js "$STATIC_DIR"/vendor/*.min.css; do
  strip_source_map "$file"
done

cat > "$STATIC_DIR/vendor/VERSIONS.txt" <<EOF
Generated by frontend/build.sh from the npm packages pinned in frontend/package-lock.json.
htmx.org $(package_version htmx.org) (0BSD): htmx.min.js
accessible-autocomplete $(package_version accessible-autocomplete) (MIT): accessible-autocomplete.min.js, accessible-autocomplete.min.css
@ministryofjustice/frontend $(package_version @ministryofjustice/frontend) (MIT): moj-frontend.min.js
EOF

cat > "$STATIC_DIR/govuk/VERSIONS.txt" <<EOF
Generated by frontend/build.sh from the npm packages pinned in frontend/package-lock.json.
govuk-frontend $(package_version govuk-frontend) (MIT): openmash.css, govuk-frontend.min.js, assets/images
@ministryofjustice/frontend $(package_version @ministryofjustice/frontend) (MIT): openmash.css, assets/images/icon-*
sass $(package_version sass): compiler
EOF

# ---------------------------------------------------------------------------------------------
# static/js and static/css: OpenMASH's own sources, copied unchanged (no bundler).
# Only the files that come from frontend/src are replaced.
# ---------------------------------------------------------------------------------------------
log "copying OpenMASH scripts and page stylesheets"
mkdir -p "$STATIC_DIR/js" "$STATIC_DIR/css"
cp src/js/*.mjs "$STATIC_DIR/js/"
cp src/css/*.css "$STATIC_DIR/css/"

# ---------------------------------------------------------------------------------------------
# tests/e2e/vendor: axe-core for the browser accessibility tests (not served to users).
# ---------------------------------------------------------------------------------------------
log "copying axe-core for the accessibility tests"
mkdir -p "$ROOT_DIR/tests/e2e/vendor"
cp "$NODE_MODULES/axe-core/axe.min.js" "$ROOT_DIR/tests/e2e/vendor/axe.min.js"
cp "$NODE_MODULES/axe-core/LICENSE" "$ROOT_DIR/tests/e2e/vendor/LICENSE-axe-core.txt"
printf 'axe-core %s (MPL-2.0), copied by frontend/build.sh\n' "$(package_version axe-core)" \
  > "$ROOT_DIR/tests/e2e/vendor/VERSION.txt"

log "done"
( cd "$ROOT_DIR" && du -sh static/govuk static/vendor static/js static/css tests/e2e/vendor )
