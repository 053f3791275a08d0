// Opens every page of a built mdBook in headless Chromium and reports what a
// reader would see broken: console errors, images that did not load, mdBook
// markers left in the text, a search box that finds nothing, and an
// allocator playground whose runs differ from the native ones.
//
// Usage: node check-book.mjs <book dir> <screenshot dir> <chromium> <word>...
// with PLAYGROUND_SNAPSHOTS naming the playground's snapshot folder.
// Prints one line per problem; exits 1 if there is any.
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
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
const withPlayground = [];
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
  if (await page.locator('.allocator-playground').count()) withPlayground.push(file);
}

// The playground widgets. Each runs the course's allocators compiled to
// WebAssembly; every preset, shown step by step (driven by the keyboard, as
// a reader without a mouse would), must be exactly the native run that the
// playground crate's tests snapshot.
const snapshotDir = process.env.PLAYGROUND_SNAPSHOTS;
let compared = 0;
let canaryDone = false;

/// A snapshot of `render(&steps)` split back into steps: `== step N: op`,
/// then the log lines (indented three spaces), then the picture.
function nativeRun(name) {
  const file = join(snapshotDir, `presets__${name}.snap`);
  let text;
  try { text = readFileSync(file, 'utf8'); } catch { return null; }
  const body = text.split('\n---\n').slice(1).join('\n---\n');
  const steps = [];
  for (const line of body.split('\n')) {
    const header = /^== step (\d+): (.*)$/.exec(line);
    if (header) steps.push({ op: header[2], log: [], svg: [] });
    else if (!steps.length) continue;
    else if (line.startsWith('   ') && !steps.at(-1).svg.length) steps.at(-1).log.push(line.slice(3));
    else steps.at(-1).svg.push(line);
  }
  return steps.map((s) => ({ op: s.op, log: s.log.join('\n'), svg: s.svg.join('\n').trimEnd() }));
}

/// The first field in which what the widget shows differs from the native step.
async function difference(shown, native) {
  if (shown.op !== native.op) return `the operation (shown "${shown.op}", native "${native.op}")`;
  if (shown.log !== native.log) return `the log (shown ${JSON.stringify(shown.log)}, native ${JSON.stringify(native.log)})`;
  // The browser re-serialises the SVG it shows; the native one goes through
  // the same parser before comparing.
  const svg = await page.evaluate((raw) => {
    const scratch = document.createElement('div');
    scratch.innerHTML = raw;
    return scratch.innerHTML;
  }, native.svg);
  if (shown.svg !== svg) {
    const at = [...shown.svg].findIndex((c, i) => c !== svg[i]);
    return `the picture (from character ${at}: shown ${JSON.stringify(shown.svg.slice(at, at + 60))}, native ${JSON.stringify(svg.slice(at, at + 60))})`;
  }
  return null;
}

for (const file of withPlayground) {
  current = relative(bookDir, file);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page
    .waitForFunction(() => [...document.querySelectorAll('.allocator-playground')].every((w) => w.dataset.state && w.dataset.state !== 'loading'), null, { timeout: 15000 })
    .catch(() => {});
  const widgets = page.locator('.allocator-playground');
  for (let w = 0; w < (await widgets.count()); w++) {
    const widget = widgets.nth(w);
    const state = await widget.getAttribute('data-state');
    if (state !== 'ready') {
      problems.push(`${current}: playground ${w} did not start (${state}): ${(await widget.innerText()).slice(0, 200)}`);
      continue;
    }
    const presets = await widget.locator('select').first().locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    if (!presets.length) problems.push(`${current}: playground ${w} offers no preset`);
    for (const name of presets) {
      const native = nativeRun(name);
      if (!native) {
        problems.push(`${current}: preset ${name} has no native snapshot in ${snapshotDir}`);
        continue;
      }
      await widget.locator('select').first().selectOption(name);
      const steps = Number(await widget.getAttribute('data-steps'));
      if (steps !== native.length) {
        problems.push(`${current}: preset ${name} shows ${steps} step(s), the native run has ${native.length}`);
        continue;
      }
      await widget.focus();
      await page.keyboard.press('Home');
      for (let s = 0; s < steps; s++) {
        if (s > 0) await page.keyboard.press('ArrowRight');
        const shown = await widget.evaluate((el) => ({
          step: el.dataset.step,
          position: el.querySelector('.playground-step').textContent,
          log: el.querySelector('.playground-entry.current .playground-out')?.textContent ?? '',
          entries: el.querySelectorAll('.playground-entry').length,
          svg: el.querySelector('.playground-picture').innerHTML,
        }));
        shown.op = shown.position.replace(/^step \d+ of \d+: /, '');
        const problem =
          shown.step !== String(s) ? `the step (shown ${shown.step})`
          : shown.entries !== s ? `the log's length (${shown.entries} entries)`
          : await difference(shown, native[s]);
        if (problem) {
          problems.push(`${current}: preset ${name}, step ${s}: ${problem} differs from the native run`);
          break;
        }
        // Once: a run that differs must be caught, or this check proves nothing.
        if (!canaryDone && s > 0 && native[s].svg.includes('fill="#')) {
          canaryDone = true;
          const tampered = { ...native[s], svg: native[s].svg.replace(/fill="#[0-9a-f]{6}"/, 'fill="#000001"') };
          if (!(await difference(shown, tampered))) problems.push('the playground comparison did not notice a changed picture');
        }
      }
      compared += 1;
    }
    // A one-click step, pressed from the keyboard: one more line, one more step.
    const before = Number(await widget.getAttribute('data-steps'));
    await widget.locator('button.playground-add', { hasText: 'alloc' }).first().focus();
    await page.keyboard.press('Enter');
    const after = Number(await widget.getAttribute('data-steps'));
    if (after !== before + 1) problems.push(`${current}: the playground's "alloc" button made ${after - before} step(s), not 1`);
    // A script with a mistake: the widget names the line, and stays usable.
    await widget.locator('textarea').fill('alloc 8\nfrobnicate');
    await widget.locator('button.playground-run').click();
    const said = await widget.locator('.playground-log').innerText();
    if (!said.includes('The script has a mistake — line 2')) problems.push(`${current}: a bad script shows "${said.slice(0, 80)}"`);
    mkdirSync(shotDir, { recursive: true });
    await widget.locator('select').first().selectOption(presets[0] ?? '');
    await widget.screenshot({ path: join(shotDir, `playground-${current.split('/')[0]}.png`) });
  }
}
// Without WebAssembly a widget must say so, not break the page.
if (withPlayground.length) {
  current = `${relative(bookDir, withPlayground[0])} without WebAssembly`;
  const bare = await browser.newPage();
  bare.on('pageerror', (error) => problems.push(`${current}: uncaught exception: ${error.message}`));
  await bare.addInitScript(() => { delete window.WebAssembly; });
  await bare.goto(pathToFileURL(withPlayground[0]).href, { waitUntil: 'load' });
  const state = await bare.locator('.allocator-playground').first().getAttribute('data-state');
  const text = await bare.locator('.allocator-playground').first().innerText();
  if (state !== 'unavailable' || !text.includes('WebAssembly')) problems.push(`${current}: the widget says "${text.slice(0, 80)}" (${state})`);
  await bare.close();
}
if (snapshotDir && !compared) problems.push('no playground preset was compared: no widget found, or none started');
if (compared) console.log(`playground: ${compared} preset run(s) shown as natively run, step by step`);
if (compared && !canaryDone) problems.push('the playground comparison was never tried on a changed picture');

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
