// Filter and sort for tables that are complete without JavaScript (README, "Filter and sort").
// Driven by data attributes only, so any template can use it:
//
//   <div data-table-tools data-filters="field rating" data-label-field="…" data-text-all="…" …>
//     <section data-table-group>          (optional: hidden while a filter leaves it no row)
//       <table> <th data-sort="title">…</th> …
//         <tr data-filter-field="…" data-filter-lead="A&#10;B" data-sort-title="…" data-sort-rating="1">
//
// It adds a select per filter key (options: the rows' values, one per line in the attribute,
// ordered by the sort key of the same name where rows have one), a button in each sortable
// column header (aria-sort on the header), a live region with the number of rows shown, and
// keeps the state in the URL query (?rating=…&sort=-milestone), so a filtered view can be linked.
(() => {
  const NONE = '-';
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: 'base' });
  const compare = (a, b) => {
    const x = Number(a);
    const y = Number(b);
    return a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y) ? x - y : collator.compare(a, b);
  };

  document.querySelectorAll('[data-table-tools]').forEach((box, n) => {
    const rows = [...box.querySelectorAll('table > tbody > tr')];
    if (rows.length === 0) return;
    const order = new Map(rows.map((r, i) => [r, i]));
    const text = (name, values = {}) => Object.entries(values).reduce(
      (s, [k, v]) => s.replaceAll(`{${k}}`, v), box.getAttribute(`data-text-${name}`) ?? '');
    const valuesOf = (row, key) => (row.getAttribute(`data-filter-${key}`) ?? '').split('\n').filter(Boolean);
    const sortOf = (row, key) => row.getAttribute(`data-sort-${key}`);

    // The controls: a select per filter key that has at least two choices.
    const form = document.createElement('form');
    form.className = 'table-tools-form';
    form.addEventListener('submit', (e) => e.preventDefault());
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = text('legend');
    fieldset.append(legend);
    const selects = new Map();
    for (const key of (box.dataset.filters ?? '').split(/\s+/).filter(Boolean)) {
      const seen = new Map();
      let none = false;
      for (const row of rows) {
        const values = valuesOf(row, key);
        if (values.length === 0) none = true;
        for (const v of values) if (!seen.has(v)) seen.set(v, sortOf(row, key) ?? v);
      }
      if (seen.size + (none ? 1 : 0) < 2) continue;
      const id = `${box.id || `table-tools-${n + 1}`}-${key}`;
      const wrap = document.createElement('div');
      wrap.className = 'table-tools-filter';
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = box.getAttribute(`data-label-${key}`) ?? key;
      const select = document.createElement('select');
      select.id = id;
      select.name = key;
      const options = [['', text('all')], ...[...seen].sort((a, b) => compare(a[1], b[1]) || collator.compare(a[0], b[0])).map(([v]) => [v, v])];
      if (none) options.push([NONE, text('none')]);
      for (const [value, label] of options) select.add(new Option(label, value));
      select.addEventListener('change', () => update());
      wrap.append(label, select);
      fieldset.append(wrap);
      selects.set(key, select);
    }
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'button-secondary';
    reset.textContent = text('reset');
    reset.addEventListener('click', () => {
      for (const s of selects.values()) s.value = '';
      update();
      selects.values().next().value?.focus();
    });
    fieldset.append(reset);
    form.append(fieldset);
    const count = document.createElement('p');
    count.className = 'table-tools-count';
    count.setAttribute('role', 'status');
    if (selects.size > 0) box.prepend(form, count);

    // The sort buttons, one in each header that names a sort key.
    let sort = null; // { key, descending }
    const headers = [...box.querySelectorAll('th[data-sort]')];
    for (const th of headers) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.append(...th.childNodes);
      const mark = document.createElement('span');
      mark.className = 'sort-mark';
      mark.setAttribute('aria-hidden', 'true');
      button.append(mark);
      th.append(button);
      button.addEventListener('click', () => {
        const key = th.dataset.sort;
        sort = { key, descending: sort?.key === key && !sort.descending };
        update();
      });
    }

    // State from and into the URL query.
    const params = new URLSearchParams(location.search);
    for (const [key, select] of selects) {
      const wanted = params.get(key);
      if (wanted !== null && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
    }
    const wantedSort = params.get('sort');
    if (wantedSort && headers.some((th) => th.dataset.sort === wantedSort.replace(/^-/, ''))) {
      sort = { key: wantedSort.replace(/^-/, ''), descending: wantedSort.startsWith('-') };
    }

    const apply = () => {
      let shown = 0;
      const active = [...selects].filter(([, s]) => s.value !== '');
      for (const row of rows) {
        const visible = active.every(([key, s]) => {
          const values = valuesOf(row, key);
          return s.value === NONE ? values.length === 0 : values.includes(s.value);
        });
        row.hidden = !visible;
        if (visible) shown++;
      }
      for (const group of box.querySelectorAll('[data-table-group]')) {
        group.hidden = active.length > 0 && !group.querySelector('tbody > tr:not([hidden])');
      }
      for (const tbody of new Set(rows.map((r) => r.parentElement))) {
        const mine = rows.filter((r) => r.parentElement === tbody);
        mine.sort((a, b) => {
          if (sort) {
            const x = sortOf(a, sort.key);
            const y = sortOf(b, sort.key);
            // rows without a value last, in either direction
            if (x === null || y === null) {
              if (x !== y) return x === null ? 1 : -1;
            } else {
              const c = compare(x, y);
              if (c !== 0) return sort.descending ? -c : c;
            }
          }
          return order.get(a) - order.get(b);
        });
        // Rows are moved only when their order changes: moving 10,000 rows costs the browser
        // a second of layout, which a filter alone does not need.
        const now = [...tbody.children].filter((r) => order.has(r));
        if (mine.some((r, i) => now[i] !== r)) {
          for (let i = 0; i < mine.length; i += 1000) tbody.append(...mine.slice(i, i + 1000));
        }
      }
      for (const th of headers) {
        if (sort?.key === th.dataset.sort) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
        else th.removeAttribute('aria-sort');
      }
      count.textContent = active.length ? text('count', { shown, total: rows.length }) : text('count-all', { total: rows.length });
    };

    const update = () => {
      apply();
      const url = new URL(location.href);
      for (const [key, s] of selects) {
        if (s.value) url.searchParams.set(key, s.value);
        else url.searchParams.delete(key);
      }
      if (sort) url.searchParams.set('sort', `${sort.descending ? '-' : ''}${sort.key}`);
      else url.searchParams.delete('sort');
      if (url.href !== location.href) history.replaceState(null, '', url);
    };
    apply();
  });
})();
