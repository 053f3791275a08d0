// Opens every page of a built mdBook in headless Chromium and reports what a
// reader would see broken: console errors, images that did not load, mdBook
// markers left in the text, and a search box that finds nothing.
//
// Usage: node check-book.mjs <book dir> <screenshot dir> <chromium> <word>...
// Prints one line per problem; exits 1 if there is any.
import { chromium } from 'playwright-core';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bookDir, shotDir, executablePath, ...searchWords] = process.argv.slice(2);

function htmlPages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlPages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

// The flags this workplace's closed network needs (no background fetches).
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
let current = '';
page.on('console', (message) => {
  if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
});
page.on('pageerror', (error) => problems.push(`${current}: uncaught exception: ${error.message}`));

const pages = htmlPages(bookDir).sort();
for (const file of pages) {
  current = relative(bookDir, file);
  // The print page repeats every chapter; 404 links relative to the deployed site root.
  if (current === 'print.html' || current === '404.html') continue;
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const broken = await page.evaluate(() =>
    [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute('src')));
  for (const src of broken) problems.push(`${current}: image did not load: ${src}`);
  const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? '');
  const marker = text.indexOf('{{#');
  if (marker >= 0) problems.push(`${current}: unresolved mdBook marker: ${text.slice(marker, marker + 60).split('\n')[0]}`);
}

// Search, as a reader would: open the search box, type, wait for results.
const index = pathToFileURL(join(bookDir, 'index.html')).href;
for (const word of searchWords) {
  current = `search "${word}"`;
  await page.goto(index, { waitUntil: 'load' });
  await page.click('#mdbook-search-toggle');
  // The index loads when the search box first opens; typing before it is
  // there searches nothing.
  await page
    .waitForFunction(
      () => window.search !== undefined && !document.querySelector('#mdbook-searchbar-outer').classList.contains('searching'),
      null,
      { timeout: 10000 },
    )
    .catch(() => {});
  // Typed key by key: mdBook searches on key-up, not on `input`.
  await page.locator('#mdbook-searchbar').pressSequentially(word);
  const hits = await page
    .waitForFunction(() => document.querySelectorAll('#mdbook-searchresults li').length, null, { timeout: 10000 })
    .then((handle) => handle.jsonValue())
    .catch(() => 0);
  if (!hits) problems.push(`search for "${word}" found nothing`);
  else console.log(`search "${word}": ${hits} result(s)`);
}

// Screenshots of a few key pages, for a person to look at.
mkdirSync(shotDir, { recursive: true });
for (const [name, path] of [['title', 'index.html'], ['diagram', '05-fixed-buffer/bump.html']]) {
  const file = join(bookDir, path);
  try { statSync(file); } catch { continue; }
  current = path;
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // The diagram page: the first generated picture itself, else the page.
  const diagram = page.locator('main svg[role="img"]').first();
  const target = name === 'diagram' && (await diagram.count()) ? diagram : page;
  await target.screenshot({ path: join(shotDir, `${name}.png`) });
}

await browser.close();
console.log(`${pages.length} page(s) opened in Chromium, ${problems.length} problem(s)`);
for (const problem of problems) console.log(`problem: ${problem}`);
process.exit(problems.length ? 1 : 0);
