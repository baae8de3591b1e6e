/* Showcase: the slide viewer of PDF attachments, and full screen for HTML decks. Plain
 * script; nothing is fetched.
 *
 * The page lists every slide as an image. Without this script they are shown one below
 * the other; with it, one at a time, with Previous/Next buttons, the arrow keys (when the
 * viewer has focus), a page counter and a full-screen button. An address that names a
 * page (``#sc-slide-4``, where a search hit on that slide leads) shows that page, when the
 * page loads and when the address changes.
 *
 * An HTML deck is shown in a sandboxed frame. Its "Full screen" link puts that same frame
 * in full screen, so the deck never leaves its sandbox; without this script, the link
 * stretches the frame over the window instead (CSS ``:target``).
 *
 * A notebook's outputs and tables scroll sideways when they are wider than the page (on a
 * phone): while they do, they take the keyboard's focus, so that the arrow keys scroll
 * them (Material does the same for its code blocks).
 */
(function () {
  "use strict";

  var KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

  function setUp(viewer) {
    if (viewer.getAttribute("data-ready")) return;
    viewer.setAttribute("data-ready", "1");
    var pages = Array.prototype.slice.call(viewer.querySelectorAll(".sc-viewer__page"));
    var controls = viewer.querySelector(".sc-viewer__controls");
    var prev = viewer.querySelector(".sc-viewer__prev");
    var next = viewer.querySelector(".sc-viewer__next");
    var current = viewer.querySelector(".sc-viewer__current");
    if (pages.length < 2 || !controls || !prev || !next || !current) return;
    var index = 0;

    function show(target) {
      index = Math.max(0, Math.min(pages.length - 1, target));
      pages.forEach(function (page, i) {
        page.hidden = i !== index;
      });
      current.textContent = String(index + 1);
      prev.disabled = index === 0;
      next.disabled = index === pages.length - 1;
      // Fetch the following slide now, so that turning to it is instant.
      var ahead = pages[index + 1] && pages[index + 1].querySelector("img");
      if (ahead) ahead.loading = "eager";
    }

    /* The page the address names, if it is one of this viewer's: shown, and scrolled to. */
    function showNamed() {
      var named = location.hash.slice(1);
      if (!named) return;
      for (var i = 0; i < pages.length; i += 1) {
        if (pages[i].id === named) {
          show(i);
          pages[i].scrollIntoView({ block: "center" });
          return;
        }
      }
    }

    prev.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    viewer.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key in KEYS) show(index + KEYS[event.key]);
      else if (event.key === "Home") show(0);
      else if (event.key === "End") show(pages.length - 1);
      else return;
      event.preventDefault();
    });

    if (viewer.requestFullscreen) {
      var full = document.createElement("button");
      full.type = "button";
      full.className = "md-button sc-viewer__full";
      full.textContent = "Full screen";
      full.addEventListener("click", function () {
        if (document.fullscreenElement === viewer) document.exitFullscreen();
        else viewer.requestFullscreen().catch(function () {});
      });
      controls.appendChild(full);
    }

    viewer.classList.add("sc-viewer--paged");
    controls.hidden = false;
    show(0);
    showNamed();
    window.addEventListener("hashchange", function () {
      if (viewer.isConnected) showNamed();
    });
  }

  function setUpDeck(link) {
    if (link.getAttribute("data-ready")) return;
    link.setAttribute("data-ready", "1");
    var block = document.getElementById(link.getAttribute("href").slice(1));
    var frame = block && block.querySelector("iframe");
    if (!frame || !frame.requestFullscreen) return;  // the link stretches the frame instead
    link.addEventListener("click", function (event) {
      event.preventDefault();
      frame.loading = "eager";
      frame.requestFullscreen().then(function () { frame.focus(); }, function () {});
    });
  }

  var SCROLLERS = ".sc-notebook .output_area pre, .sc-notebook__table";

  function markScroller(element) {
    if (element.scrollWidth > element.clientWidth) element.tabIndex = 0;
    else element.removeAttribute("tabindex");
  }

  var resized = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { markScroller(entry.target); });
      })
    : null;

  function setUpScroller(element) {
    markScroller(element);
    if (resized) resized.observe(element);
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sc-viewer]"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll("[data-sc-deck-full]"), setUpDeck);
    Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), setUpScroller);
  }

  // Material's instant navigation swaps pages without a load event: it announces each new
  // page on ``document$``. Without it, the document is ready when this deferred script runs.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
