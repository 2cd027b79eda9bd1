#!/usr/bin/env node
// Browser gate for search, filter and sort: serves a built site folder on a loopback port and
// drives Debian's headless Chromium (playwright-core; never a downloaded browser) through what a
// reader does, with every request to another origin blocked (and a failure):
//
//   1. types a word of a project's title into the search page, and into the header's search
//      field on another page, and finds the project among the results (a project of the last
//      part when the index comes in parts); a nonsense word finds nothing and says so;
//   2. filters the table of all projects, and the dashboard, by a rating and sees only the rows
//      of that rating, the count in the live region, the state in the URL, kept on reload;
//   3. sorts the table by milestone, both ways, with aria-sort on the column header;
//   4. without JavaScript: the search page says search needs it and links the project list,
//      and the table holds every project;
//   with --missing-part (a site whose index lost a part, e.g. an upload cut short): searches
//   still find projects of the other parts and each count says that results may be missing;
// and runs axe-core (WCAG 2.2 A/AA) on the results and on the filtered and sorted table.
//
// What to expect comes from the site's own data/roadmap.json (titles, URLs, ratings,
// milestones), so any site with project status works. Exits 1 on any failure.
//
//   node scripts/browser-test.mjs DIR [--base /path/] [--chromium PATH] [--screenshots DIR]
//                                     [--missing-part]
//
// --screenshots writes PNGs of the search results, the search page without JavaScript and the
// filtered table and dashboard at 1280 and 375 CSS px, to look at.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serveDir } from './serve-dir.mjs';

function usage(msg) {
  console.error(`browser-test: ${msg}\nusage: node scripts/browser-test.mjs DIR [--base /path/] [--chromium PATH] [--screenshots DIR]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let dir, base, shots, missingPart = false, executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i] === '--chromium') executablePath = args[++i];
  else if (args[i] === '--screenshots') shots = args[++i];
  else if (args[i] === '--missing-part') missingPart = true;
  else if (!dir) dir = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) usage(`${dir ?? 'DIR'} is not a folder`);
const root = path.resolve(dir);
const dataFile = path.join(root, 'data', 'roadmap.json');
if (!fs.existsSync(dataFile)) usage(`${dir} has no data/roadmap.json`);
const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
const projects = data.projects;
if (projects.length === 0) usage(`${dir} has no projects`);
const rated = projects.filter((p) => p.derived.rating_label);
if (rated.length === 0) usage(`${dir} has no project with a rating: filtering by rating cannot be tried`);
if (projects.filter((p) => p.milestone).length < 2) usage(`${dir} has fewer than two milestones: sorting cannot be tried`);
if (shots) fs.mkdirSync(shots, { recursive: true });

// The projects whose pages the given parts of the search index hold (their URLs read from
// the parts' gzipped fragments, "pagefind_dcd" + JSON; a part whose folder is missing holds none).
function heldBy(all, parts) {
  const urls = new Set(parts.flatMap((part) => {
    const dir = path.join(root, 'pagefind', part, 'fragment');
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).map((f) => JSON.parse(
      zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').replace(/^pagefind_dcd/, '')).url);
  }));
  return all.filter((p) => urls.has(new URL(p.url, 'http://localhost').pathname.slice(base.length - 1)));
}
const shards = () => JSON.parse(fs.readFileSync(path.join(root, 'pagefind', 'shards.json'), 'utf8')).shards;
// The projects of the last part of an index in parts; every project when there is one part.
function lastPart(all) {
  const parts = shards();
  if (parts.length === 0) return all;
  const mine = heldBy(all, [parts.at(-1)]);
  if (mine.length === 0) usage(`the last part of the index (${parts.at(-1)}) holds no project page`);
  return mine;
}
// The projects that the index holds in the parts that are there (all of them but with
// --missing-part).
const searchable = (all) => (missingPart ? heldBy(all, ['', ...shards()]) : all);

const served = await serveDir(root, base);
const { origin } = served;
base = served.base;
const pathOf = (url) => new URL(url, 'http://localhost').pathname;
const site = (rel) => origin + base + rel;
const projectsPath = pathOf(projects[0].url).slice(base.length).replace(/[^/]+\/$/, '');

// axe-core on what the script made (results, filter controls, sort buttons), which the
// accessibility gate, loading pages without interaction, does not see.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axe = async (page) => {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  for (const v of result.violations) {
    for (const n of v.nodes) check(false, `axe: ${v.id} (${v.impact}): ${v.help}: ${n.target.join(' ')}`);
  }
};

const failures = [];
let step = '';
const check = (ok, message) => {
  if (!ok) failures.push(`${step}: ${message}`);
  return ok;
};

let browser;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const open = async (options = {}) => {
    const context = await browser.newContext(options);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/')) return route.continue();
      failures.push(`${step}: request to another origin attempted (blocked): ${url}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => failures.push(`${step}: script error: ${e.message}`));
    page.on('response', (r) => {
      // The entry file of the part that is missing answers 404, as it should.
      if (missingPart && r.status() === 404 && r.url().endsWith('/pagefind-entry.json')) return;
      if (r.status() >= 400) failures.push(`${step}: ${r.url().slice(origin.length)} answered ${r.status()}`);
    });
    return { context, page };
  };
  const shoot = async (page, name) => {
    if (!shots) return;
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  const { page } = await open({ viewport: { width: 1280, height: 900 } });
  // Every result listed marks the word `w` (the word, or one that begins with seven tenths of
  // it, as a stem does), not a word that only shares its first letters.
  const unrelated = async (w) => {
    const found = await page.evaluate((q) => [...document.querySelectorAll('[data-search-list] li')]
      .filter((li) => ![...li.querySelectorAll('.search-excerpt mark')].some((m) => {
        const plain = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
        const [a, b] = [plain(m.textContent), plain(q)];
        let same = 0;
        while (same < a.length && same < b.length && a[same] === b[same]) same += 1;
        return same >= Math.max(Math.min(b.length, 4), Math.ceil(b.length * 0.7));
      }))
      .map((li) => li.querySelector('a')?.getAttribute('href')), w);
    check(found.length === 0, `results that do not mark "${w}": ${found.join(', ')}`);
  };

  // 1. Search: a word of a project's title, typed. When the index comes in parts
  // (pagefind/shards.json), a project of the last part, so that merging the parts is tried.
  const target = lastPart(projects).find((p) => /\p{L}{5,}/u.test(p.title)) ?? projects[0];
  const word = target.title.match(/\p{L}{5,}/gu)?.sort((a, b) => b.length - a.length)[0] ?? target.title;
  const found = async () => {
    try {
      await page.waitForFunction((want) => [...document.querySelectorAll('[data-search-list] a')]
        .some((a) => new URL(a.href).pathname === want), pathOf(target.url), { timeout: 15000 });
      return true;
    } catch {
      return false;
    }
  };
  step = `search page, "${word}" typed`;
  await page.goto(site('search/'));
  check(await page.locator('[data-search-nojs]').isHidden(), 'the note that search needs JavaScript shows although it runs');
  await page.locator('#search-q').pressSequentially(word, { delay: 20 });
  await page.keyboard.press('Enter');
  if (check(await found(), `no result leads to ${target.title} (${pathOf(target.url)})`)) {
    const status = await page.locator('[data-search-status]').textContent();
    check(/\d/.test(status) && status.includes(word), `the status region says "${status}"`);
    const partial = await page.locator('[data-search]').getAttribute('data-text-partial');
    check(missingPart === Boolean(partial && status.includes(partial)),
      `the status "${status}" ${missingPart ? 'does not say' : 'says'} that a part of the index is missing`);
    check(new URL(page.url()).searchParams.get('q') === word, `the URL ${page.url()} does not keep the query`);
    await unrelated(word);
    await axe(page);
    await shoot(page, 'search-results');
  }

  // A word that begins with the letter of a category key ("Bauantrag", key "B"): a part of
  // the index without the word answers with the pages that have "B" (Pagefind's fallback to
  // the longest known prefix), which must not be listed.
  const keys = new Set(projects.map((p) => (p.category || '').toLowerCase()).filter(Boolean));
  const lettered = searchable(projects).flatMap((p) => (p.title.match(/\p{L}{5,}/gu) ?? []).map((w) => [p, w]))
    .find(([, w]) => keys.has(w[0].toLowerCase()));
  if (lettered) {
    const [, w] = lettered;
    step = `search page, "${w}" (begins with a category's letter)`;
    await page.goto(site('search/?q=' + encodeURIComponent(w)));
    try {
      // Done when the status names the query and results are listed (its project is among
      // them only when the word is rare: a large site lists the first ten of many).
      await page.waitForFunction((q) => document.querySelector('[data-search-status]').textContent.includes(q)
        && document.querySelectorAll('[data-search-list] li').length > 0, w, { timeout: 15000 });
      await unrelated(w);
    } catch {
      check(false, `"${w}", a word of a project's title, finds nothing`);
    }
  }

  // Text written like markup (the portfolio's street-light project: "\<b\>Lampenwärter\</b\>")
  // stays text in an excerpt, which the page sets as HTML: only <mark> is an element there.
  const markup = projects.find((p) => pathOf(p.url).endsWith('/laternen/'));
  check(Boolean(markup), 'the project with text written like markup (laternen) is missing');
  if (markup && searchable([markup]).length) {
    step = 'search page, "Meldebogen" (beside text written like markup)';
    await page.goto(site('search/?q=' + encodeURIComponent('Meldebogen')));
    await page.waitForFunction(() => document.querySelectorAll('[data-search-list] li').length > 0, null, { timeout: 15000 })
      .catch(() => {});
    const shown = await page.evaluate(() => {
      const excerpts = [...document.querySelectorAll('.search-excerpt')];
      return {
        count: excerpts.length,
        elements: excerpts.flatMap((e) => [...e.querySelectorAll('*')].map((c) => c.tagName)).filter((t) => t !== 'MARK'),
        text: excerpts.map((e) => e.textContent).join(' '),
      };
    });
    check(shown.count > 0 && shown.text.includes('<b>'), `no excerpt shows the text "<b>Lampenwärter</b>": ${shown.text}`);
    check(shown.elements.length === 0, `an excerpt holds elements other than <mark>: ${shown.elements.join(', ')}`);
  }

  // The word in quotation marks: punctuation is no part of a word (an excerpt marks
  // "(E-Akte" for "E-Akte", and a query may be quoted).
  step = `search page, "\u201e${word}\u201c" (quoted)`;
  await page.goto(site('search/?q=' + encodeURIComponent(`\u201e${word}\u201c`)));
  check(await found(), `no result leads to ${target.title} (${pathOf(target.url)})`);

  step = `header search field on the project list, "${word}"`;
  await page.goto(site(projectsPath));
  await page.locator('#site-search-q').fill(word);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === base + 'search/', { timeout: 10000 }).catch(() => {});
  check(pathOf(page.url()) === base + 'search/', `Enter led to ${page.url()}, not the search page`);
  check(await found(), `no result leads to ${target.title}`);

  // A word no page has; and one whose first letter is a word of the site (a category key such
  // as "A": Pagefind falls back to the longest prefix that is a word of the index).
  // And a word of a title followed by many letters no word has (Pagefind answers it with the
  // pages of its longest known prefix, the title's word, in every part of the index).
  const key = (projects.find((p) => p.category) || {}).category || 'a';
  for (const nonsense of ['xqzvwyk', key.toLowerCase() + 'qzxvjkw', word + 'qzxvjkwplmnbvcxz']) {
    step = `search for a word no page has, "${nonsense}"`;
    await page.locator('#search-q').fill(nonsense);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelector('[data-search-status]').textContent.includes(n), nonsense, { timeout: 10000 })
      .catch(() => check(false, 'the status region does not name the query'));
    check(await page.locator('[data-search-list] li').count() === 0, 'results are listed');
    check(await page.locator('[data-search-results]').isHidden(), 'the empty results section shows');
  }

  // 2. Filter by a rating: the table of all projects, then the dashboard.
  const rating = rated[0].derived.rating_label;
  const expected = projects.filter((p) => p.derived.rating_label === rating).map((p) => pathOf(p.url)).sort();
  const visibleRows = (scope) => page.locator(`${scope} tbody > tr:not([hidden])`).evaluateAll((rows) => rows.map((r) => ({
    // The dashboard's rows link to the project's part of the page; they name its page in data-url.
    url: r.dataset.url ? new URL(r.dataset.url, location.href).pathname : new URL(r.querySelector('a').href).pathname,
    rating: r.dataset.filterRating ?? null,
    milestone: r.dataset.sortMilestone ?? null,
  })));
  const checkFiltered = async (scope) => {
    const rows = await visibleRows(scope);
    check(rows.every((r) => r.rating === rating), `rows of another rating show: ${rows.filter((r) => r.rating !== rating).map((r) => r.url).join(', ')}`);
    check(JSON.stringify(rows.map((r) => r.url).sort()) === JSON.stringify(expected), `shows ${rows.map((r) => r.url).sort().join(', ')}; expected ${expected.join(', ')}`);
    const count = await page.locator(`${scope} [role="status"]`).textContent();
    check(count.includes(String(expected.length)), `the live region says "${count}", not ${expected.length}`);
  };
  step = `project list filtered by rating "${rating}"`;
  await page.goto(site(projectsPath));
  await page.locator('select[name="rating"]').selectOption({ label: rating });
  await checkFiltered('.all-projects-tools');
  check(new URL(page.url()).searchParams.get('rating') === rating, `the URL ${page.url()} does not hold the filter`);
  await axe(page);
  await shoot(page, 'projects-filtered');
  step = `project list filtered by rating "${rating}", reloaded`;
  await page.reload();
  check(await page.locator('select[name="rating"]').inputValue() === rating, 'the filter is not restored from the URL');
  await checkFiltered('.all-projects-tools');

  step = `dashboard filtered by rating "${rating}"`;
  await page.goto(site('dashboard/'));
  // The table of all projects sits in a disclosure below the summary.
  await page.locator('details.db-table > summary').click();
  await page.locator('select[name="rating"]').selectOption({ label: rating });
  await checkFiltered('[data-table-tools]');
  await shoot(page, 'dashboard-filtered');

  // 3. Sort by milestone, ascending and descending; rows without one stay last.
  const sorted = (values, descending) => {
    const set = values.filter((v) => v !== null);
    const want = [...set].sort();
    if (descending) want.reverse();
    return JSON.stringify(set) === JSON.stringify(want) && values.slice(set.length).every((v) => v === null);
  };
  for (const [clicks, descending, state] of [[1, false, 'ascending'], [2, true, 'descending']]) {
    step = `project list sorted by milestone, ${state}`;
    await page.goto(site(projectsPath));
    const th = page.locator('.all-projects th[data-sort="milestone"]');
    for (let i = 0; i < clicks; i++) await th.getByRole('button').click();
    check(await th.getAttribute('aria-sort') === state, `aria-sort is ${await th.getAttribute('aria-sort')}`);
    const order = (await visibleRows('.all-projects-tools')).map((r) => r.milestone);
    check(order.length === projects.length, `${order.length} rows show, not ${projects.length}`);
    check(sorted(order, descending), `the order is ${order.join(', ')}`);
    check(new URL(page.url()).searchParams.get('sort') === `${descending ? '-' : ''}milestone`, `the URL ${page.url()} does not hold the order`);
    if (descending) await axe(page);
  }
  step = 'project list sorted by milestone, descending, reloaded';
  await page.reload();
  check(sorted((await visibleRows('.all-projects-tools')).map((r) => r.milestone), true), 'the order is not restored from the URL');

  // 4. Without JavaScript.
  const nojs = await open({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  step = 'search page without JavaScript';
  await nojs.page.goto(site('search/?q=' + encodeURIComponent(word)));
  const note = nojs.page.locator('[data-search-nojs]');
  check(await note.isVisible(), 'does not say that search needs JavaScript');
  const link = await note.locator('a').first().getAttribute('href').catch(() => null);
  check(link && pathOf(new URL(link, nojs.page.url()).href) === base + projectsPath, `links ${link}, not the project list`);
  await shoot(nojs.page, 'search-nojs');
  step = 'project list without JavaScript';
  await nojs.page.goto(site(projectsPath));
  check(await nojs.page.locator('.all-projects tbody > tr').count() === projects.length, 'the table does not hold every project');
  await nojs.context.close();
} finally {
  await browser?.close();
  served.close();
}
for (const f of failures) console.error(`browser-test: ${f}`);
console.log(`browser-test: ${dir}: search, filter by rating, sort by milestone, without JavaScript: ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
