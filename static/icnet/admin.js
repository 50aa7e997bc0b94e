/* Repairs for widgets the admin gets from packages:
   - the rich-text editors get the name of their field (the label of the hidden textarea);
   - so do the search boxes of related fields (Django's autocomplete, drawn by Select2);
   - the rich-text toolbar speaks the admin's language: django-prose-editor words its
     buttons in English ("bold", "heading 2"), so they are translated here from the admin's
     JavaScript catalogue (jsi18n, locale/<language>/LC_MESSAGES/djangojs.po);
   - the selector widget's filter icons are named images, and fields a list edits in
     place are named after their column and row;
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

  function translated(text) {
    var heading = /^heading (\d)$/i.exec(text);
    if (heading) {
      return window.interpolate(window.gettext("Heading %s"), [heading[1]]);
    }
    return window.gettext(text);
  }

  function translateToolbars(root) {
    if (typeof window.gettext !== "function" || typeof window.interpolate !== "function") { return; }
    root.querySelectorAll(".prose-menubar [title]").forEach(function (element) {
      var title = element.getAttribute("title");
      if (!title || element.dataset.translatedTitle === title) { return; }
      var text = translated(title);
      element.setAttribute("title", text);
      if (element.hasAttribute("aria-label")) { element.setAttribute("aria-label", text); }
      element.dataset.translatedTitle = text;
    });
    // The block-type menu's choices ("Paragraph", "Heading 2") are words, not icons.
    root.querySelectorAll(".prose-menubar__option > :not(.material-icons)").forEach(function (element) {
      if (element.children.length || element.dataset.translatedText === element.textContent) { return; }
      element.textContent = translated(element.textContent);
      element.dataset.translatedText = element.textContent;
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

  function nameIcons(root) {
    // Django's selector widget labels its filter icons (spans) with aria-label, which a
    // span may not carry: they are images with a name.
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameListFields(root) {
    // The fields a list edits in place (list_editable) get the column's and the row's name.
    var table = root.querySelector("#result_list");
    if (!table) { return; }
    var headers = table.querySelectorAll("thead th");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var rowName = (row.querySelector("th") || {textContent: ""}).textContent.trim();
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        var field = cell.querySelector("input:not([type=hidden]):not(.action-select), select, textarea");
        if (!field || field.hasAttribute("aria-label") || (field.id && root.querySelector('label[for="' + field.id + '"]'))) { return; }
        var column = headers[index] ? headers[index].textContent.trim() : "";
        field.setAttribute("aria-label", rowName ? column + ": " + rowName : column);
      });
    });
  }

  function repair() {
    nameEditors(document);
    nameSearches(document);
    nameListFields(document);
    nameIcons(document);
    translateToolbars(document);
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
