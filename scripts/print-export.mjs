#!/usr/bin/env node
// Print gate for `roadmap export`: opens each exported HTML file from disk (file://) in Debian's
// headless Chromium (driven by playwright-core; never a downloaded browser) with every request
// blocked and recorded, asserts that none was attempted but the document itself (no other
// file://, no network, no data the page fetches), prints the document to PDF on A4 with the
// page sizes of its CSS (the canvas pages are landscape), and asserts with poppler's pdfinfo
// that it has at least one page per project plus the front matter (title page, contents), and
// with pdftotext that each project starts a page.
// Exits 1 on any problem.
//
//   node scripts/print-export.mjs FILE.html [FILE.html...] [--pdf-dir DIR] [--chromium PATH]
//
// The PDFs are written beside the files (or into --pdf-dir) as NAME.pdf, to look at.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

function usage(msg) {
  console.error(`print-export: ${msg}\nusage: node scripts/print-export.mjs FILE.html [FILE.html...] [--pdf-dir DIR] [--chromium PATH]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const files = [];
let pdfDir, executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--pdf-dir') pdfDir = args[++i];
  else if (args[i] === '--chromium') executablePath = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) usage('no file given');
for (const f of files) {
  if (!fs.statSync(f, { throwIfNoEntry: false })?.isFile()) usage(`${f} is not a file`);
}
if (pdfDir) fs.mkdirSync(pdfDir, { recursive: true });

/** The number of pages of a PDF, and the size of each (pdfinfo from poppler-utils). */
function pdfPages(pdf) {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '100000', pdf], { encoding: 'utf8' });
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1] ?? 0);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  return { pages, sizes };
}

/** The text of each page of a PDF (pdftotext from poppler-utils). */
function pdfText(pdf) {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
}

/** Text as words for comparing: hyphenation at line ends and runs of spaces undone. */
const words = (s) => s.replace(/[\u00ad]/g, '').replace(/-\s+/g, '-').replace(/\s+/g, ' ').trim();

const problems = [];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'print-export-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    offline: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  for (const file of files) {
    const url = pathToFileURL(path.resolve(file)).href;
    // Every request but the document's own, seen by the router (which blocks it) or as an event.
    const requests = new Set();
    await context.route('**/*', (route) => {
      const r = route.request().url();
      if (r === url) return route.continue();
      requests.add(r);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${file}: script error: ${e.message}`));
    page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) requests.add(r.url()); });
    await page.goto(url, { waitUntil: 'load' });
    for (const r of requests) problems.push(`${file}: request attempted: ${r.slice(0, 160)}`);
    const counts = await page.evaluate(() => ({
      projects: document.querySelectorAll('.export-project').length,
      titles: [...document.querySelectorAll('.export-project h2')].map((h) => h.textContent),
      h1: document.querySelectorAll('h1').length,
    }));
    if (counts.h1 !== 1) problems.push(`${file}: ${counts.h1} h1 elements, expected exactly one`);
    const pdf = path.join(pdfDir ?? path.dirname(file), path.basename(file).replace(/\.html?$/i, '') + '.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    await page.close();
    await context.unroute('**/*');
    const { pages, sizes } = pdfPages(pdf);
    const landscape = sizes.filter(([w, h]) => w > h).length;
    // Title page and contents, then each project on a page of its own at least.
    const least = counts.projects + 2;
    if (pages < least) problems.push(`${file}: ${pages} PDF pages, expected at least ${least} (${counts.projects} projects + title page + contents)`);
    // Each project starts a page: its title stands in the first lines under the running head.
    // Compared without spaces and hyphens: a long title breaks over lines, at soft hyphens too.
    const squash = (s) => words(s).replace(/[\s-]/g, '');
    const tops = pdfText(pdf).map((t) => squash(t.split('\n').filter((l) => l.trim()).slice(1, 6).join(' ')));
    for (const title of counts.titles) {
      const start = squash(title).slice(0, 20);
      if (!tops.some((t) => t.includes(start))) problems.push(`${file}: the project "${title}" does not start a page`);
    }
    console.log(`print-export: ${file}: ${requests.size} requests; ${pages} pages (${landscape} landscape) for ${counts.projects} projects -> ${pdf}`);
  }
} finally {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
for (const p of problems) console.error(`print-export: ${p}`);
process.exit(problems.length ? 1 : 0);
