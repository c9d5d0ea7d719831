/* gateway-docs reference pages.
   - Every field (.gd-fields > div[id]) gets its link icon (<a href="#req-messages-content">#</a>, shown on hover):
     added here rather than written into the page, which keeps 200-field pages within their size budget.
   - A link to a field opens the <details> blocks and selects the variant tabs that hide it, then scrolls to it.
   Works with Material's instant loading (document$) and without it. The variant switcher itself is radio buttons
   and CSS. */
(function () {
  function addLinks() {
    document.querySelectorAll(".gd-fields > div[id] > p:first-child").forEach(function (head) {
      if (head.querySelector(":scope > a.gd-anchor")) return;
      var a = document.createElement("a");
      a.className = "gd-anchor";
      a.href = "#" + head.parentElement.id;
      a.textContent = "#";
      a.setAttribute("aria-label", "Link to this field");
      head.insertBefore(a, head.firstChild);
    });
  }
  function init() {
    // Material's search overlay is a role="dialog" without a name (axe: aria-dialog-name)
    var search = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    if (search) search.setAttribute("aria-label", "Search");
    addLinks();
    reveal();
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target || !target.closest(".gd-fields, .gd-variants")) return;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
      var parent = el.parentElement;
      if (parent && parent.classList.contains("gd-variants")) {
        var panels = Array.prototype.filter.call(parent.children, function (c) {
          return !c.classList.contains("gd-variants__tabs");
        });
        var i = panels.indexOf(el);
        var radios = parent.querySelectorAll(":scope > .gd-variants__tabs > input");
        if (i >= 0 && radios[i]) radios[i].checked = true;
      }
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
