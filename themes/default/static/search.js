// The search page: searches the site's Pagefind index (pagefind/, files of this site, built by
// `roadmap build`) through Pagefind's JavaScript API and lists the results in the page's own
// markup. The form is a plain GET form (?q=…), so a search can be linked and reloaded; the
// page's note that search needs JavaScript stays unless the index loads. Results follow the
// typing and are announced in the page's status region (role="status").
(() => {
  const form = document.querySelector('[data-search]');
  if (!form) return;
  const input = form.querySelector('input[name="q"]');
  const status = document.querySelector('[data-search-status]');
  const section = document.querySelector('[data-search-results]');
  const list = document.querySelector('[data-search-list]');
  const more = document.querySelector('[data-search-more]');
  const note = document.querySelector('[data-search-nojs]');
  const PAGE = 10;
  const say = (key, values) => Object.entries(values).reduce(
    (s, [k, v]) => s.replaceAll(`{${k}}`, v), form.dataset[key] || '');

  // A large site's index comes in parts (`roadmap build` writes one per thousand pages);
  // shards.json lists the parts after the first, which are merged into it. Each part's pages
  // carry the filter PART with the part's number, so that results can be told apart by part.
  const PART = 'roadmap_part';
  let pagefind;
  // How many parts could not be loaded (a site uploaded only in part): the others still
  // answer, and each count of results says that some may be missing.
  let missing = 0;
  const load = () => {
    const index = new URL(form.dataset.index, location.href);
    const options = (n) => ({ excerptLength: 30, mergeFilter: { [PART]: String(n) } });
    pagefind ??= import(new URL('pagefind.js', index).href)
      .then(async (pf) => {
        await pf.options(options(1));
        await pf.init();
        const parts = await fetch(new URL('shards.json', index))
          .then((r) => (r.ok ? r.json() : { shards: [] }));
        let n = 1;
        for (const part of parts.shards ?? []) {
          n += 1;
          // Merged only when its entry file is there: Pagefind keeps a part it failed to load
          // and would fail every search with it.
          const there = await fetch(new URL(`${part}pagefind-entry.json`, index))
            .then((r) => r.ok, () => false);
          if (!there) {
            missing += 1;
            continue;
          }
          await pf.mergeIndex(new URL(part, index).pathname, options(n));
        }
        return pf;
      });
    return pagefind;
  };

  // Pagefind answers a word it does not know with the words that share its first letters,
  // down to one ("blorptastic" finds "B"), and each part of the index does so on its own. So
  // the results of each part count only when one of its first results marks a word of the
  // query (see `matches`).
  const found = async (pf, q, mine) => {
    const all = await pf.search(q);
    const parts = Object.entries(all.filters?.[PART] ?? {}).filter(([, n]) => n > 0);
    const real = async (results) => {
      const first = await Promise.all(results.slice(0, PAGE).map((r) => r.data()));
      return first.some((d) => matches(d.excerpt, q));
    };
    if (parts.length <= 1) return (await real(all.results)) ? all.results : [];
    const kept = [];
    for (const [part] of parts) {
      if (mine !== run) return [];
      const own = await pf.search(q, { filters: { [PART]: part } });
      if (await real(own.results)) kept.push(...own.results);
    }
    return kept.sort((a, b) => b.score - a.score);
  };

  let results = [];
  let shown = 0;
  let run = 0;

  const item = (r) => {
    const li = document.createElement('li');
    const heading = document.createElement('h3');
    const link = document.createElement('a');
    link.href = r.url;
    link.textContent = r.meta?.title || r.url;
    heading.append(link);
    li.append(heading);
    const about = [r.meta?.kind, r.meta?.field].filter(Boolean).join(' · ');
    if (about) {
      const p = document.createElement('p');
      p.className = 'search-about';
      p.textContent = about;
      li.append(p);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'search-excerpt';
    // Pagefind's excerpt: the page's text with < and > escaped and the matches in <mark>.
    excerpt.innerHTML = r.excerpt;
    li.append(excerpt);
    return li;
  };

  const showMore = async (focus) => {
    const mine = run;
    const next = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
    if (mine !== run) return;
    const items = next.map(item);
    list.append(...items);
    shown += next.length;
    more.hidden = shown >= results.length;
    if (focus && items[0]) items[0].querySelector('a').focus();
  };

  // A word as the index compares it: character references decoded (an excerpt escapes < and
  // >), lower case, without accents (the stemmers read "ä" as "a") and without what is not a
  // letter or a digit ("(E-Akte" is "eakte", a quoted "Akte" is "akte").
  const decoder = document.createElement('textarea');
  const plain = (s) => {
    decoder.innerHTML = s;
    return decoder.value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '');
  };
  // Whether an excerpt marks a word of the query: one that begins with at least seven tenths
  // of the query word (a stem, "Fachbereich" for "Fachbereiche"; a slip near its end), and
  // with all of it up to four letters. Pagefind's fallback for a word it does not know, the
  // longest known word it begins with ("Stand" for "Standortakquise"), is not one.
  const matches = (excerpt, q) => {
    const marked = [...excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => plain(m[1]));
    const words = q.split(/\s+/).map(plain).filter(Boolean);
    return marked.some((m) => words.some((w) => {
      let same = 0;
      while (same < m.length && same < w.length && m[same] === w[same]) same += 1;
      return same >= Math.max(Math.min(w.length, 4), Math.ceil(w.length * 0.7));
    }));
  };

  const search = async (query, typing = false) => {
    const mine = ++run;
    const q = query.trim();
    list.replaceChildren();
    more.hidden = true;
    if (!q) {
      section.hidden = true;
      status.textContent = '';
      return;
    }
    if (!typing) status.textContent = say('textRunning', {});
    let hits;
    try {
      hits = await found(await load(), q, mine);
    } catch (e) {
      if (mine !== run) return;
      note.hidden = false;
      note.querySelector('[data-search-problem]').textContent = say('textFailed', {});
      status.textContent = say('textFailed', {});
      return;
    }
    if (mine !== run) return;
    results = hits;
    shown = 0;
    section.hidden = results.length === 0;
    await showMore(false);
    if (mine !== run) return;
    const n = results.length;
    // The count as the page's language writes it ("10.000" in German).
    const count = n.toLocaleString(document.documentElement.lang || undefined);
    status.textContent = say(n === 0 ? 'textNone' : n === 1 ? 'textOne' : 'textMany', { n: count, q })
      + (missing > 0 ? ` ${say('textPartial', {})}` : '');
  };

  // The URL keeps the query: a search can be linked, and Back returns to it.
  const fromUrl = () => {
    const q = new URLSearchParams(location.search).get('q') ?? '';
    input.value = q;
    return search(q);
  };
  let typing; // the timer of the search that follows the typing
  const remember = (push) => {
    const url = new URL(location.href);
    url.searchParams.set('q', input.value.trim());
    if (url.href !== location.href) history[push ? 'pushState' : 'replaceState'](null, '', url);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    remember(true);
    search(input.value);
  });
  // Results follow the typing after a pause; only the count is announced then.
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      remember(false);
      search(input.value, true);
    }, 300);
  });
  // One more page of results at a time, however often the button is pressed meanwhile.
  let adding = false;
  more.addEventListener('click', async () => {
    if (adding) return;
    adding = true;
    try {
      await showMore(true);
    } finally {
      adding = false;
    }
  });
  window.addEventListener('popstate', fromUrl);

  note.hidden = true;
  load().catch(() => {
    note.hidden = false;
    note.querySelector('[data-search-problem]').textContent = say('textFailed', {});
  });
  fromUrl();
})();
