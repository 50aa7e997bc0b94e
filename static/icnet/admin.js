/* Accessibility repairs for widgets the admin gets from packages:
   - the rich-text editors get the name of their field (the label of the hidden textarea);
   - so do the search boxes of related fields (Django's autocomplete, drawn by Select2);
   - modeltranslation's language tabs and switch get proper names and no nested links. */
(function () {
  "use strict";

  function labelText(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameEditors(root) {
    root.querySelectorAll(".prose-editor").forEach(function (box) {
      var editor = box.querySelector('[contenteditable="true"][role="textbox"]');
      var field = box.querySelector("textarea");
      if (editor && field && !editor.hasAttribute("aria-label")) {
        var name = labelText(field.id);
        if (name) { editor.setAttribute("aria-label", name); }
      }
    });
  }

  function nameSearches(root) {
    root.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      // Select2 names its box after the box's text, a textbox that has no name of its own.
      var box = document.getElementById("select2-" + select.id + "-container");
      if (box && !box.hasAttribute("aria-label")) {
        var name = labelText(select.id);
        if (name) { box.setAttribute("aria-label", name); }
      }
    });
  }

  function repairTabs() {
    var jq = window.django && window.django.jQuery;
    var tabs = jq && jq.ui && jq.ui.tabs;
    if (!tabs) { return; }
    if (!tabs.prototype._icnetPatched) {
      // A tab whose link has no address is a local panel, not one to fetch.
      var isLocal = tabs.prototype._isLocal;
      tabs.prototype._isLocal = function (anchor) {
        return !anchor.getAttribute("href") || isLocal.call(this, anchor);
      };
      tabs.prototype._icnetPatched = true;
    }
    document.querySelectorAll(".ui-tabs-nav li[role=tab] > a.ui-tabs-anchor[href]").forEach(function (a) {
      // The tab itself (the list item) takes focus and carries the name: a link inside it
      // would nest one control in another.
      a.removeAttribute("href");
      a.removeAttribute("tabindex");
    });
    var main = document.getElementById("modeltranslation-main-switch");
    if (main && !main.hasAttribute("aria-label")) {
      main.setAttribute("aria-label", (document.querySelector("[data-language-switch-label]") || {dataset: {}}).dataset.languageSwitchLabel || "Language");
    }
  }

  function repair() {
    nameEditors(document);
    nameSearches(document);
    repairTabs();
  }

  function start() {
    repair();
    new MutationObserver(repair).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["role"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("load", repair);
})();
