/* Showcase: a talk's recording and transcript. Plain script; nothing is fetched.
 *
 * - A time (a chapter beside the player, a passage of the transcript) is a link to the
 *   recording at that time: without this script it opens the file there (``#t=760``) or
 *   the hosted video at that time. With it, a page that plays its recording itself seeks
 *   its player to that time and plays from there.
 * - A hosted video is a card that links to it. Its player, on the provider's site, is
 *   loaded into the page only when the reader clicks the card: until then the page makes
 *   no request to another host.
 * - The transcript is folded under the player. An address that names a passage in it
 *   (``#sc-t-760``, where a search hit in the transcript leads) unfolds it and scrolls
 *   there, when the page loads and when the address changes.
 * - While the recording plays, the passage being said is marked in the transcript.
 */
(function () {
  "use strict";

  function player() {
    return document.querySelector("[data-sc-player]");
  }

  function seek(link) {
    var media = player();
    var at = parseFloat(link.getAttribute("data-sc-seek"));
    if (!media || !isFinite(at)) return false;
    media.currentTime = at;
    var playing = media.play();
    if (playing && playing.catch) playing.catch(function () {});
    media.scrollIntoView({ block: "nearest" });
    return true;
  }

  function embed(card) {
    var address = card.getAttribute("data-sc-embed");
    if (!address || address.indexOf("https://") !== 0) return false;
    var frame = document.createElement("iframe");
    frame.src = address;
    frame.title = card.getAttribute("data-sc-title") || "Recording";
    frame.className = "sc-hosted__frame";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.setAttribute("allowfullscreen", "");
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    card.replaceChildren(frame);
    card.classList.add("sc-hosted--playing");
    frame.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var target = event.target;
    if (!target || !target.closest) return;
    var time = target.closest("[data-sc-seek]");
    if (time && seek(time)) {
      event.preventDefault();
      return;
    }
    var card = target.closest("[data-sc-embed]");
    if (card && embed(card)) event.preventDefault();
  });

  /* The passage an address names: its folded transcript unfolded, and scrolled to. */
  function showNamed() {
    var named = location.hash.slice(1);
    if (!named) return;
    try {
      named = decodeURIComponent(named);
    } catch (error) {
      return; /* not valid percent-encoding (#%E0): it names no passage */
    }
    var target = document.getElementById(named);
    if (!target) return;
    var folded = target.closest("details");
    if (folded && !folded.open) {
      folded.open = true;
      target.scrollIntoView();
    }
  }

  /* The passage being said, marked while the recording plays. */
  function follow(media) {
    var passages = Array.prototype.slice.call(
      document.querySelectorAll(".sc-transcript [data-sc-start]")
    );
    if (!passages.length) return;
    var starts = passages.map(function (passage) {
      return parseFloat(passage.getAttribute("data-sc-start"));
    });
    var current = null;
    media.addEventListener("timeupdate", function () {
      var now = media.currentTime;
      var found = null;
      for (var i = 0; i < starts.length && starts[i] <= now; i++) found = passages[i];
      if (found === current) return;
      if (current) current.classList.remove("sc-transcript__passage--now");
      if (found) found.classList.add("sc-transcript__passage--now");
      current = found;
    });
  }

  function setUp() {
    var media = player();
    if (media && !media.getAttribute("data-ready")) {
      media.setAttribute("data-ready", "1");
      follow(media);
    }
    showNamed();
  }

  window.addEventListener("hashchange", showNamed);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
