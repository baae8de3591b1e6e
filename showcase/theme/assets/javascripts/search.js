/*
 * Showcase's search box: Pagefind's search API under a small interface of our own.
 *
 * Nothing of the search bundle loads until the reader focuses the box or presses "/", "s"
 * or "f" (Material's shortcuts). Then search/index.json names the shards; Pagefind's code
 * is imported from the first (the primary) and the others are merged into it.
 *
 * Results are built with DOM methods from text only: a page title, its kind, its line of
 * facts, an excerpt whose hits are <mark>ed, and the sections of the page the hits are in
 * ("transcript 12:40", "slide 4"). Nothing from the index becomes markup, and a link
 * leaves the site never. A bundle that is missing, corrupt or slow makes the box say that
 * search is unavailable; the page keeps working.
 */
(() => {
  "use strict";

  const box = document.querySelector("[data-sc-search]");
  if (!box) return;

  /* The longest query searched; a longer one is cut, and the box says so. */
  const MAX_QUERY = 200;
  /* Results shown at first, and added by "More results". */
  const PAGE = 10;
  /* The most pages whose data one showing loads (each is one request). */
  const CHECK = 40;
  /* Sections listed under one result. */
  const MAX_SECTIONS = 3;
  /* Milliseconds: waiting for the bundle to load, for one search, and for typing to pause. */
  const LOAD_TIMEOUT = 20000;
  const SEARCH_TIMEOUT = 20000;
  const DEBOUNCE = 80;
  /* How much a weight outranks the next lower one (see start()). */
  const TIER = 1e6;

  const input = box.querySelector(".md-search__input");
  const form = box.querySelector("form");
  const status = box.querySelector(".sc-search__status");
  const list = box.querySelector(".sc-search__list");
  const more = box.querySelector(".sc-search__more");
  const toggle = document.getElementById("__search");
  const opener = document.querySelector("[data-sc-search-open]");
  const idleText = status.textContent;

  let engine = null;   /* the promise of the loaded search, once asked for */
  let unavailable = false;
  let latest = 0;      /* the number of the last query; older answers are dropped */
  let timer = 0;
  let hits = [];       /* the hits of the current query, best first */
  let checked = 0;     /* how many of them were looked at */
  let shown = 0;       /* how many are listed */
  let terms = [];      /* the query's words, as Pagefind compares them */

  /* Loading ------------------------------------------------------------------------ */

  function withTimeout(promise, ms, what) {
    return new Promise((resolve, reject) => {
      const clock = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      promise.then(
        (value) => { clearTimeout(clock); resolve(value); },
        (error) => { clearTimeout(clock); reject(error); },
      );
    });
  }

  function load() {
    if (!engine) {
      engine = withTimeout(start(), LOAD_TIMEOUT, "loading the search index");
      engine.catch(() => { unavailable = true; });
    }
    return engine;
  }

  async function start() {
    const bundle = new URL(box.dataset.scBundle, document.baseURI);
    const root = new URL(box.dataset.scRoot || ".", document.baseURI);
    const response = await fetch(new URL("index.json", bundle));
    if (!response.ok) throw new Error(`search/index.json: HTTP ${response.status}`);
    const manifest = await response.json();
    if (!manifest || manifest.generator !== "showcase-search" || !Array.isArray(manifest.shards)) {
      throw new Error("search/index.json is not a search bundle");
    }
    const shards = manifest.shards.map((shard) => ({
      url: inside(bundle, shard.path),
      language: String(shard.language || ""),
      weight: Number(shard.weight) > 0 ? Number(shard.weight) : 1,
    }));
    /* A page of a higher weight comes before any page of a lower one (a talk before the
     * listings that mention it; scores of separate indexes are not comparable enough for
     * a plain factor), and pages of one weight by relevance: Pagefind multiplies each
     * shard's scores by its indexWeight, a step of TIER for each weight. */
    const weights = [...new Set(shards.map((shard) => shard.weight))].sort((a, b) => a - b);
    for (const shard of shards) shard.weight = TIER ** weights.indexOf(shard.weight);
    if (!shards.length) return { search: async () => ({ results: [] }) };
    const [primary, ...others] = shards;
    const pagefind = await import(new URL("pagefind.js", primary.url).href);
    const shared = { baseUrl: root.pathname, metaCacheTag: String(manifest.build || ""), excerptLength: 24 };
    await pagefind.options({ ...shared, indexWeight: primary.weight });
    /* An empty query waits for the primary index to load, and fails if it cannot. */
    await pagefind.search("");
    await Promise.all(others.map((shard) => pagefind.mergeIndex(shard.url.pathname, {
      ...shared, language: shard.language, indexWeight: shard.weight,
    })));
    return pagefind;
  }

  /* The URL of a shard's folder, refused unless it lies inside the bundle. */
  function inside(bundle, path) {
    const url = new URL(String(path), bundle);
    if (url.origin !== bundle.origin || !url.pathname.startsWith(bundle.pathname) || !url.pathname.endsWith("/")) {
      throw new Error(`search/index.json names a shard outside the bundle: ${path}`);
    }
    return url;
  }

  /* Searching ---------------------------------------------------------------------- */

  function query() {
    return input.value.slice(0, MAX_QUERY);
  }

  function schedule() {
    clearTimeout(timer);
    box.classList.toggle("sc-search--filled", input.value.length > 0);
    timer = setTimeout(run, DEBOUNCE);
  }

  async function run() {
    const mine = ++latest;
    const asked = input.value;
    const text = query();
    if (!text.trim()) {
      clear(idleText);
      answered(asked);
      return;
    }
    if (unavailable) {
      clear("Search is unavailable on this site right now.");
      answered(asked);
      return;
    }
    say(engine ? "Searching…" : "Loading search…");
    try {
      const pagefind = await load();
      const answer = await withTimeout(pagefind.search(text), SEARCH_TIMEOUT, "searching");
      if (mine !== latest) return;
      /* A hit that scores nothing matched only a section's label ("slide", "transcript"). */
      hits = (answer && Array.isArray(answer.results) ? answer.results : []).filter((hit) => hit.score > 0);
      terms = queryTerms(text);
      checked = 0;
      shown = 0;
      list.replaceChildren();
      await showMore(mine);
      if (mine === latest) answered(asked);
    } catch (error) {
      if (mine !== latest) return;
      unavailable = true;
      clear("Search is unavailable on this site right now.");
      answered(asked);
      console.warn("Showcase search:", error);
    }
  }

  /* What the box shows now answers: the box's text as it was when that search began.
   * (Typing searches again after each pause: until the last search is answered, what
   * shows may answer an earlier one.) */
  function answered(asked) {
    box.dataset.answered = asked;
  }

  /* Show up to PAGE more results that hold what was asked for, loading at most CHECK
   * pages' data to find them. */
  async function showMore(mine) {
    let added = 0;
    let loaded = 0;
    while (added < PAGE && checked < hits.length && loaded < CHECK) {
      /* As many pages as are missing, a few more once some were left out. */
      const size = loaded === 0 ? PAGE : Math.max(3, PAGE - added);
      const batch = hits.slice(checked, checked + size);
      const pages = await withTimeout(Promise.all(batch.map((hit) => hit.data())), SEARCH_TIMEOUT, "loading results");
      if (mine !== latest) return;
      checked += batch.length;
      loaded += batch.length;
      pages.forEach((page) => {
        const item = holdsTerms(matchedWords(page)) ? result(page) : null;
        if (item) {
          list.append(item);
          added += 1;
        }
      });
    }
    shown = list.children.length;
    more.hidden = checked >= hits.length;
    const count = shown === 0 && more.hidden
      ? "No results"
      : shown === 1 ? "1 result" : `${shown} results`;
    const rest = more.hidden ? "" : ", more below";
    const cut = input.value.length > MAX_QUERY ? ` (only the first ${MAX_QUERY} characters were searched)` : "";
    say(count + rest + cut);
  }

  /* Pagefind answers a word an index does not hold with the longest word it holds that
   * begins it ("the" for "theory", "one" for "onerror", "a" for "apache"). The bundle is
   * several indexes, so a shard without the word answers so even when another holds it:
   * a page is shown only if, for each word of the query, one of the words it matched is
   * that word or a form of it (they share all but its last two letters: "latencies" for
   * "latency"). Chinese, Japanese and Thai words are left to Pagefind. */
  function queryTerms(text) {
    const unspaced = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Thai}/u;
    return plain(text).split(/\s+/).filter((term) => term && !unspaced.test(term));
  }

  function plain(text) {
    return String(text).toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/[\p{P}\p{S}]/gu, " ");
  }

  /* The words of a page a query matched: its words at the matched places, and the words
   * of its title, details and hidden plain-letter forms (metadata matches too). */
  function matchedWords(page) {
    const content = String(page.content || "").split(/\s+/);
    const places = Array.isArray(page.locations) ? page.locations : [];
    const meta = page.meta || {};
    const texts = places.map((at) => content[at] || "");
    texts.push(meta.title || "", meta.details || "", meta.folded || "");
    return plain(texts.join(" ")).split(/\s+/).filter(Boolean);
  }

  function holdsTerms(words) {
    return terms.every((term) => {
      const needed = Math.min(term.length, Math.max(3, term.length - 2));
      return words.some((word) => sharedStart(word, term) >= needed);
    });
  }

  function sharedStart(a, b) {
    let length = 0;
    while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
    return length;
  }

  /* Results ------------------------------------------------------------------------ */

  function result(page) {
    const url = sameSite(page.url);
    if (!url) return null;
    const meta = page.meta || {};
    const subs = Array.isArray(page.sub_results) ? page.sub_results : [];
    const sections = subs.filter((sub) => sub.anchor && sameSite(sub.url)).slice(0, MAX_SECTIONS);
    const before = subs.find((sub) => !sub.anchor);

    const item = element("li", "md-search-result__item sc-hit");
    const link = element("a", "md-search-result__link sc-hit__link");
    link.href = url;
    const kinds = page.filters && Array.isArray(page.filters.kind) ? page.filters.kind : [];
    if (kinds.length) link.append(element("span", "sc-hit__kind", kindName(kinds[0])));
    link.append(element("span", "sc-hit__title", meta.title || url));
    if (meta.details) link.append(element("span", "sc-hit__details", meta.details));
    const excerpt = before ? before.excerpt : sections.length ? "" : page.excerpt;
    if (excerpt) link.append(marked(element("span", "sc-hit__excerpt"), excerpt, ""));
    item.append(link);

    if (sections.length) {
      const places = element("ul", "sc-hit__sections");
      places.setAttribute("aria-label", `Found in ${meta.title || "this page"}`);
      for (const sub of sections) {
        const place = element("li", "sc-hit__section");
        const anchor = element("a", "sc-hit__section-link");
        anchor.href = sameSite(sub.url);
        const label = String(sub.title || "");
        anchor.append(element("span", "sc-hit__where", label));
        anchor.append(marked(element("span", "sc-hit__excerpt"), sub.excerpt || "", label));
        place.append(anchor);
        places.append(place);
      }
      item.append(places);
    }
    return item;
  }

  /* "talk" -> "Talk"; any other kind as it is named. */
  function kindName(kind) {
    const text = String(kind);
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* An excerpt as text nodes, its hits in <mark>: Pagefind escapes "<" and ">" in the
   * page's text and adds <mark> tags; everything else stays text. A sub-result starts
   * with its heading, the section's label, which the result already shows. */
  function marked(target, excerpt, label) {
    const parts = String(excerpt).split(/(<\/?mark>)/);
    let inMark = false;
    let first = true;
    for (const part of parts) {
      if (part === "<mark>") { inMark = true; continue; }
      if (part === "</mark>") { inMark = false; continue; }
      let text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (first && label && !inMark && text.startsWith(label)) {
        text = text.slice(label.length).replace(/^[.:]?\s*/, "");
      }
      first = false;
      if (!text) continue;
      target.append(inMark ? element("mark", "", text) : document.createTextNode(text));
    }
    return target;
  }

  /* A path of this site for a result's URL, or "" for anything else. */
  function sameSite(raw) {
    try {
      const url = new URL(String(raw), location.origin);
      if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return "";
      return url.pathname + url.search + url.hash;
    } catch (error) {
      return "";
    }
  }

  function element(name, className, text) {
    const made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function say(text) {
    status.textContent = text;
  }

  function clear(text) {
    hits = [];
    checked = 0;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    say(text);
  }

  /* Opening, closing, keys --------------------------------------------------------- */

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load().catch(() => {});
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (box.contains(document.activeElement)) document.activeElement.blur();
  }

  function links() {
    return Array.from(list.querySelectorAll("a"));
  }

  function editable(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => { schedule(); input.focus(); }, 0);
  });
  more.addEventListener("click", () => {
    const before = links().length;
    showMore(latest).then(() => {
      const added = links()[before];
      if (added) added.focus();
    }, () => clear("Search is unavailable on this site right now."));
  });

  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
    if (!toggle.checked && document.activeElement === input) input.blur();
  });

  /* The header's button is a label: Space opens it like Enter does. */
  if (opener) {
    opener.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  }

  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (!all.length) return;
    event.preventDefault();
    if (event.key === "ArrowDown") {
      (at < 0 ? all[0] : all[Math.min(at + 1, all.length - 1)]).focus();
    } else if (at <= 0) {
      input.focus();
    } else {
      all[at - 1].focus();
    }
  });

  box.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !box.contains(event.relatedTarget) && event.relatedTarget !== opener) {
      close();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || toggle.checked) return;
    if (editable(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
    }
  });
})();
