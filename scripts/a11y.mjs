#!/usr/bin/env node
// Accessibility gate: serves a built site folder on a loopback port, opens every HTML page in
// Debian's headless Chromium (driven by playwright-core; never a downloaded browser) and runs
// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, at a desktop width and at 375 and 320 CSS
// pixels. At the narrow widths it also checks that the page reflows without horizontal
// scrolling (WCAG 1.4.10), and at 320 px that no element's content overflows its box where it
// cannot be scrolled to (clipped or sticking out), and that every region that does scroll
// sideways can be reached by keyboard and has a label. Any request to another origin is blocked
// and reported. Exits 1 on any violation.
//
//   node scripts/a11y.mjs DIR [--base /path/] [--chromium /usr/bin/chromium]
//
// The site's path prefix is read from DIR/sitemap.xml when --base is not given.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serveDir } from './serve-dir.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: '375px', width: 375, height: 667 },
  { name: '320px', width: 320, height: 640 },
];
function usage(msg) {
  console.error(`a11y: ${msg}\nusage: node scripts/a11y.mjs DIR [--base /path/] [--chromium PATH]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let dir, base, executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i] === '--chromium') executablePath = args[++i];
  else if (!dir) dir = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) usage(`${dir ?? 'DIR'} is not a folder`);
const root = path.resolve(dir);

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : [path.relative(root, p).split(path.sep).join('/')];
  });
}
const pages = walk(root).filter((f) => f.endsWith('.html')).sort();
if (pages.length === 0) usage(`no HTML files under ${dir}`);

// The folder served at its path prefix, as a host would serve it.
const served = await serveDir(root, base);
const origin = served.origin;
base = served.base;

// Runs in the page: every element whose content is wider than its box (scrollWidth >
// clientWidth) although neither it nor a box around it scrolls sideways, i.e. content that is
// clipped or sticks out where no one can scroll to it; only the innermost such elements are
// named. Scrolling regions are exempt, but each must be focusable and labelled.
function boxOverflow() {
  const out = [];
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += `#${e.id}`;
      else if (e.classList.length) part += `.${[...e.classList].join('.')}`;
      parts.unshift(part);
      if (e.id) break;
    }
    return parts.join(' > ');
  };
  const scrolls = (s) => ['auto', 'scroll'].includes(s.overflowX);
  // Visually hidden text is clipped to one pixel on purpose.
  const hidden = (el, s) => s.clip !== 'auto' || s.clipPath !== 'none' || (s.position === 'absolute' && el.clientWidth <= 1);
  const found = [];
  const visit = (el) => {
    const s = getComputedStyle(el);
    if (s.display === 'none' || hidden(el, s)) return;
    if (scrolls(s)) {
      if (el.scrollWidth > el.clientWidth + 1) {
        const label = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        if (el.tabIndex < 0) out.push(`scroll region not reachable by keyboard (no tabindex="0"): ${name(el)}`);
        if (!label) out.push(`scroll region without a label (aria-label or aria-labelledby): ${name(el)}`);
      }
      return; // what is inside can be scrolled to
    }
    for (const child of el.children) if (child instanceof HTMLElement) visit(child);
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !found.some((f) => el.contains(f.el))) {
      found.push({ el, sw: el.scrollWidth, cw: el.clientWidth, clipped: s.overflowX !== 'visible' });
    }
  };
  visit(document.body);
  for (const f of found) {
    out.push(`content overflows its box at 320 px (${f.clipped ? 'clipped' : 'sticks out'}, not scrollable): ${name(f.el)}: scrollWidth ${f.sw}px > clientWidth ${f.cw}px`
      + ` "${f.el.textContent.replace(/\u00ad/g, '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`);
  }
  return out;
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-chromium-'));
const problems = [];
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  let current = '';
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    problems.push(`${current}: request to another origin blocked: ${url}`);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/404.html') && r.request().resourceType() !== 'document') {
      problems.push(`${current}: ${r.request().resourceType()} ${r.url().slice(origin.length)} answered ${r.status()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`${current}: script error: ${e.message}`));
  let runs = 0;
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    for (const rel of pages) {
      const url = origin + base + (rel === 'index.html' ? '' : rel.replace(/(^|\/)index\.html$/, '$1'));
      current = `${rel} [${vp.name}]`;
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) problems.push(`${current}: ${url} answered ${response?.status()}`);
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        TAGS,
      );
      runs++;
      for (const v of result.violations) {
        for (const n of v.nodes) {
          const detail = (n.any[0] ?? n.all[0] ?? n.none[0])?.message ?? '';
          problems.push(`${current}: ${v.id} (${v.impact}): ${v.help}: ${n.target.join(' ')}${detail ? ` — ${detail}` : ''} <${v.helpUrl.split('?')[0]}>`);
        }
      }
      if (vp.width <= 320) {
        // WCAG 1.4.10 Reflow: no horizontal scrolling at 320 CSS px, except inside scrolling regions.
        const overflow = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          // Whether a scrolling or clipping box contains the element: only boxes on its chain of
          // containing blocks clip it (absolutely positioned text escapes static ancestors).
          const clipped = (el) => {
            let abs = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
            for (let a = el.parentElement; a; a = a.parentElement) {
              const s = getComputedStyle(a);
              const positioned = s.position !== 'static' || s.transform !== 'none';
              if (abs && !positioned) continue;
              if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return true;
              abs = ['absolute', 'fixed'].includes(s.position);
            }
            return false;
          };
          const sticksOut = (el) => el.getBoundingClientRect().right > width + 1 && !clipped(el);
          // The innermost elements that stick out, named by tag, classes and a bit of their text.
          const culprits = [...document.body.querySelectorAll('*')]
            .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
            .map((el) => [el, el.getBoundingClientRect().right]);
          // Words too long for the line stick out of their element without widening it.
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            range.selectNodeContents(t);
            const right = range.getBoundingClientRect().right;
            if (right > width + 1 && !clipped(t.parentElement) && !culprits.some(([el]) => el.contains(t))) culprits.push([t.parentElement, right, t.textContent]);
          }
          const names = culprits.slice(0, 3).map(([el, right, text]) => el.tagName.toLowerCase()
            + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : '')
            + ` "${(text ?? el.textContent).replace(/\u00ad/g, '').trim().slice(0, 40)}" (${Math.round(right)}px)`);
          return `${document.documentElement.scrollWidth}px wide content: ${names.join(', ') || 'unknown'}`;
        });
        if (overflow) problems.push(`${current}: reflow (WCAG 1.4.10): the page scrolls horizontally: ${overflow}`);
      }
      if (vp.width === 320) {
        for (const p of await page.evaluate(boxOverflow)) problems.push(`${current}: ${p}`);
      }
    }
  }
  // Soft hyphens that the build put into long words must not reach the clipboard: copy the
  // first element that holds some, on the first page that has one, and read what was copied.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  let copyChecked = 'no page has soft hyphens';
  for (const rel of pages) {
    const url = origin + base + (rel === 'index.html' ? '' : rel.replace(/(^|\/)index\.html$/, '$1'));
    current = `${rel} [copy]`;
    await page.goto(url, { waitUntil: 'load' });
    const selected = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (!t.textContent.includes('\u00ad') || !t.parentElement.checkVisibility()) continue;
        const range = document.createRange();
        range.selectNodeContents(t.parentElement);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return getSelection().toString();
      }
      return null;
    });
    if (selected === null) continue;
    await page.keyboard.press('Control+C');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied.includes('\u00ad')) problems.push(`${current}: copied text keeps soft hyphens: "${copied.slice(0, 60)}"`);
    else if (copied !== selected.replaceAll('\u00ad', '')) problems.push(`${current}: copied text differs from the selection: "${copied.slice(0, 60)}"`);
    copyChecked = `copy without soft hyphens checked on ${rel}`;
    break;
  }
  for (const p of problems) console.error(`a11y: ${p}`);
  console.log(`a11y: ${dir}: ${pages.length} pages × ${VIEWPORTS.length} widths (${runs} axe runs, rules ${TAGS.join(', ')}; ${copyChecked}): ${problems.length} problems`);
} finally {
  await context?.close();
  served.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(problems.length ? 1 : 0);
