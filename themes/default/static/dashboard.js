// The dashboard's fields as tabs (WAI-ARIA Authoring Practices, "Tabs with automatic
// activation"). Without this script the field links jump to sections that all show, one after
// the other. With it, one field shows at a time: the links become tabs (arrow keys, Home and End
// move between them, one tab in the tab order), and the address keeps the shown field's #id, so
// that it can be bookmarked and shared; a link to a project (#db-…) opens that project's field.
(() => {
  const nav = document.querySelector('[data-db-tabs]');
  if (!nav) return;
  const list = nav.querySelector('ul');
  const tabs = Array.from(nav.querySelectorAll('a[href^="#"]'));
  const panels = tabs.map((tab) => document.getElementById(decodeURIComponent(tab.hash.slice(1))));
  if (!list || tabs.length < 2 || panels.some((panel) => !panel)) return;

  list.setAttribute('role', 'tablist');
  list.setAttribute('aria-label', nav.getAttribute('aria-label') || '');
  nav.classList.add('db-tabs-active');
  tabs.forEach((tab, i) => {
    tab.parentElement.setAttribute('role', 'presentation');
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', panels[i].id);
    panels[i].setAttribute('role', 'tabpanel');
    panels[i].setAttribute('aria-labelledby', tab.id);
    panels[i].tabIndex = -1;
  });

  // Shows panel `index`; moves focus to its tab when `focus`; writes its id into the address
  // when `remember` (replacing the entry, so that Back leaves the page rather than the tab).
  const select = (index, focus, remember) => {
    tabs.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) tabs[index].focus();
    if (remember && location.hash !== tabs[index].hash) {
      history.replaceState(null, '', tabs[index].hash);
    }
  };

  // The panel that holds the element the address names, if any.
  const fromHash = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return null;
    const index = panels.findIndex((panel) => panel.contains(target));
    return index < 0 ? null : { index, target };
  };

  const follow = () => {
    const found = fromHash();
    if (!found) return false;
    select(found.index, false, false);
    if (found.target !== panels[found.index]) found.target.scrollIntoView();
    return true;
  };

  tabs.forEach((tab, i) => {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      select(i, true, true);
    });
  });

  list.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const last = tabs.length - 1;
    const next = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next, true, true);
  });

  window.addEventListener('hashchange', follow);
  if (!follow()) select(0, false, false);
})();
