// OpenMASH front-end entry point, loaded by templates/base.html as <script type="module">.
//
// Copied unchanged into static/js/ by frontend/build.sh. Everything works without JavaScript;
// this file only enhances pages. It runs under a strict Content Security Policy
// (script-src 'self' + nonce, style-src 'self'), so it never evaluates strings, injects inline
// <style> or sets style="" attributes.
//
// Enhancements:
// - GOV.UK Frontend components (data-module="govuk-…"): always.
// - MoJ Frontend components (data-module="moj-…", e.g. sortable table, multi-select, filter):
//   the MoJ bundle is fetched only on pages that contain one.
// - accessible-autocomplete: <select data-openmash-autocomplete> becomes a type-ahead; the
//   library and its stylesheet are fetched only on pages that contain one. Optional attributes:
//   data-show-all-values (show every option on focus), data-autoselect.
// - htmx: content swapped in by htmx is initialised the same way.

import { initAll as initGovuk } from "../govuk/govuk-frontend.min.js";

const STATIC_ROOT = new URL("../", import.meta.url);

// Initialising a scope twice is harmless but GOV.UK Frontend reports it; stay quiet about that.
function reportError(error) {
  if (error && error.name === "InitError") {
    return;
  }
  console.error(error);
}

let mojFrontend = null;
function initMoj(scope) {
  if (!scope.querySelector('[data-module^="moj-"]')) {
    return;
  }
  mojFrontend ??= import(new URL("vendor/moj-frontend.min.js", STATIC_ROOT).href);
  mojFrontend
    .then((moj) => moj.initAll({ scope, onError: reportError }))
    .catch(reportError);
}

let autocompleteLibrary = null;
function loadAutocomplete() {
  if (!autocompleteLibrary) {
    const stylesheet = document.createElement("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = new URL("vendor/accessible-autocomplete.min.css", STATIC_ROOT).href;
    document.head.append(stylesheet);
    // The library is a UMD bundle: importing it defines self.accessibleAutocomplete.
    autocompleteLibrary = import(
      new URL("vendor/accessible-autocomplete.min.js", STATIC_ROOT).href
    ).then(() => self.accessibleAutocomplete);
  }
  return autocompleteLibrary;
}

function initAutocomplete(scope) {
  const selects = Array.from(
    scope.querySelectorAll("select[data-openmash-autocomplete]:not([data-openmash-init])"),
  );
  if (selects.length === 0) {
    return;
  }
  loadAutocomplete()
    .then((accessibleAutocomplete) => {
      for (const selectElement of selects) {
        selectElement.setAttribute("data-openmash-init", "");
        accessibleAutocomplete.enhanceSelectElement({
          selectElement,
          defaultValue: "",
          showAllValues: selectElement.hasAttribute("data-show-all-values"),
          // With autoselect the library adds an unlabelled "hint" <input>, which axe reports
          // (WCAG 4.1.2), so it is off unless the page asks for it.
          autoselect: selectElement.hasAttribute("data-autoselect"),
        });
      }
    })
    .catch(reportError);
}

function enhance(scope) {
  initGovuk({ scope, onError: reportError });
  initMoj(scope);
  initAutocomplete(scope);
}

enhance(document);

// htmx 4 fires htmx:after:process on each root it has processed, including swapped-in content.
// Initialise from the parent so a component that is itself the swapped root is found too.
document.addEventListener("htmx:after:process", (event) => {
  const root = event.target;
  if (!(root instanceof Element) || root === document.body) {
    return;
  }
  enhance(root.parentElement ?? root);
});
