/* The menu button of the header on narrow screens: a disclosure button (aria-expanded,
   aria-controls) that shows and hides the navigation below it. Escape closes it and gives
   the focus back to the button. Without JavaScript the stylesheet shows the navigation
   and hides the button (@media (scripting: none)). */
(function () {
  "use strict";

  function setup(button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("expanded", open);
    }

    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { set(false); }
    });
  }

  function init() {
    document.querySelectorAll("button[aria-controls].menu-button").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
