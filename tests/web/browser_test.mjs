// Browser test of the dossier-serve page in headless Chromium, driven by
// puppeteer-core: load the page, search, click a facet, check the hits and
// the URL, open a document, go back, and check that a document's title
// holding markup shows as text. Screenshots go to the output folder.
//
// node browser_test.mjs BIN_DIR TESTDATA_DIR OUTPUT_DIR
// Prints "SKIPPED: ..." and exits 0 when puppeteer-core or Chromium is missing.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const [binDir, testdata, outDir] = process.argv.slice(2);
if (!binDir || !testdata || !outDir) {
  console.error('usage: node browser_test.mjs BIN_DIR TESTDATA_DIR OUTPUT_DIR');
  process.exit(2);
}

let puppeteer;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch (e) {
  console.log('SKIPPED: puppeteer-core is not installed (run scripts/install-deps)');
  process.exit(0);
}
const chromium = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) {
  console.log('SKIPPED: no Chromium at /usr/bin/chromium (set CHROMIUM)');
  process.exit(0);
}

let failures = 0;
function check(condition, what) {
  if (condition) {
    console.log('ok - ' + what);
  } else {
    ++failures;
    console.log('FAILED - ' + what);
  }
}

// A database: the test corpus plus a document whose title is markup.
const work = mkdtempSync(path.join(tmpdir(), 'dossier-web-'));
const db = path.join(work, 'db');
mkdirSync(outDir, { recursive: true });
function index(args, input) {
  const r = spawnSync(path.join(binDir, 'dossier-index'), ['--db', db, ...args], { input: input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('dossier-index failed: ' + r.stderr);
}
index([path.join(testdata, 'corpus')]);
const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
index(['--stdin-jsonl'], JSON.stringify({
  id: 'hostile', title: hostile, date: '2020-01-01', type: 'report', source: 'Quokka Institute',
  text: 'The quokka memorandum <b>bold</b> & <i>markup</i> stays text.\n\nA second quokka paragraph.' }) + '\n');

// The server, on a free port.
const server = spawn(path.join(binDir, 'dossier-serve'), ['--db', db, '--listen', '127.0.0.1:0'],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: server.stdout });
  lines.once('line', (line) => resolve(line.trim()));
  server.once('exit', (code) => reject(new Error('dossier-serve exited with ' + code)));
});
console.log('serving ' + base);

const args = ['--headless=new', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'];
// Chromium refuses to run as root with its sandbox (CI runs as root).
if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: args });
const page = await browser.newPage();
const pageErrors = [];
const dialogs = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

const hitTitles = () => page.$$eval('#hits .hit h2 a', (links) => links.map((a) => a.textContent));
const params = () => new URL(page.url()).searchParams;
const waitForStatus = (pattern) => page.waitForFunction(
  (source) => new RegExp(source).test(document.getElementById('status').textContent), { timeout: 20000 },
  pattern.source);

try {
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(base, { waitUntil: 'networkidle0' });
  check((await page.title()) === 'Dossier', 'the page loads');

  // "/" focuses the search box.
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'), '/ focuses the search box');
  await page.keyboard.type('China');
  await page.keyboard.press('Enter');
  await waitForStatus(/27 matches/);
  check((await hitTitles()).length === 10, 'a search shows 10 hits of 27');
  check(params().get('q') === 'China', 'the URL holds the query');
  check(await page.$$eval('#hits mark', (marks) => marks.length > 0), 'passages have highlights');
  check(await page.$eval('#timeline', (t) => !t.hidden), 'the timeline shows');
  await page.screenshot({ path: path.join(outDir, 'search.png'), fullPage: true });

  // Paging.
  await page.click('#pager button:last-child');
  await waitForStatus(/showing 11–20/);
  check(params().get('offset') === '10', 'the next page is in the URL');

  // A facet: the counts say how many hits the filter leaves.
  const facet = await page.$eval('#facet-type + ul button', (b) => ({ value: b.dataset.value, count: b.querySelector('.count').textContent }));
  await page.click('#facet-type + ul button');
  await waitForStatus(new RegExp('^' + facet.count + ' match'));
  check(params().getAll('type').includes(facet.value), 'a facet click puts the filter in the URL');
  check(params().get('offset') === null, 'a facet click goes back to the first page');
  const api = await page.evaluate(async (type) => (await fetch('/api/search?q=China&type=' + encodeURIComponent(type))).json(), facet.value);
  check(api.total === Number(facet.count), 'the facet count is the number of hits with the filter');
  check(await page.$$eval('#chips .chip', (chips) => chips.length) === 1, 'the active filter shows as a chip');
  check((await hitTitles()).length === Math.min(10, Number(facet.count)), 'the hits are those of the filter');

  // A second click on the facet removes it.
  await page.click(`#facet-type + ul button[data-value="${facet.value}"]`);
  await waitForStatus(/^27 matches/);
  check(params().getAll('type').length === 0, 'a second facet click removes the filter');

  // A year on the timeline sets since and until.
  await page.click('#timeline-chart rect.bar');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('since'), { timeout: 20000 });
  await waitForStatus(/match/);
  check(params().get('since') === params().get('until'), 'a timeline bar sets since and until to its year');
  await page.goBack();
  await waitForStatus(/^27 matches/);
  check(!params().has('since'), 'back removes the year again');

  // A document, then back.
  // A hit whose passages hold the query's words (some match by title alone).
  const first = await page.$eval('#hits .hit:has(mark) h2 a', (a) => a.textContent);
  await page.click('#hits .hit:has(mark) h2 a');
  await page.waitForSelector('#document:not([hidden]) #doc-title', { timeout: 20000 });
  check(params().has('doc'), 'the open document is in the URL');
  check(await page.$eval('#doc-title', (h) => h.textContent) === first, 'the document view shows the hit clicked');
  check(await page.$$eval('.doc-text mark', (marks) => marks.length > 0), 'the document text has the query marked');
  check(await page.$$eval('.jump-list a', (links) => links.length > 0), 'the document lists the paragraphs to jump to');
  check(await page.$eval('#document dl', (dl) => /Why this date/.test(dl.textContent)), 'the document says where its date came from');
  await page.screenshot({ path: path.join(outDir, 'document.png'), fullPage: false });
  await page.goBack();
  await page.waitForSelector('#document[hidden]', { timeout: 20000 });
  await waitForStatus(/^27 matches/);
  check(params().get('q') === 'China' && !params().has('doc'), 'back returns to the results');

  // Reload keeps the state.
  await page.goto(base + '?q=China&type=' + encodeURIComponent(facet.value), { waitUntil: 'networkidle0' });
  await waitForStatus(new RegExp('^' + facet.count + ' match'));
  check(await page.$eval('#q', (q) => q.value) === 'China', 'a shared link restores the query');

  // "Did you mean" offers the spelling the index knows, and searches it.
  await page.goto(base + '?q=Chna', { waitUntil: 'networkidle0' });
  await page.waitForSelector('#suggestion:not([hidden]) a', { timeout: 20000 });
  check(await page.$eval('#suggestion a', (a) => a.textContent) === 'China', '"Did you mean" offers China for Chna');
  await page.click('#suggestion a');
  await waitForStatus(/^27 matches/);
  check(params().get('q') === 'China', 'the suggestion becomes the query');

  // A document whose title and text are markup shows them as text.
  await page.goto(base + '?q=quokka', { waitUntil: 'networkidle0' });
  await waitForStatus(/1 match/);
  check((await hitTitles())[0] === hostile, 'a title holding <script> shows as text in the hits');
  check(await page.$$eval('#hits script, #hits img', (n) => n.length) === 0, 'no element is made from the title');
  await page.click('#hits .hit h2 a');
  await page.waitForSelector('#document:not([hidden]) #doc-title', { timeout: 20000 });
  check(await page.$eval('#doc-title', (h) => h.textContent) === hostile, 'the title shows as text in the document');
  check(await page.$$eval('#document script, #document img, #document b', (n) => n.length) === 0,
        'no element is made from the document text');
  check(dialogs.length === 0, 'no script of a document ran');

  // A phone-sized window: everything in one column, no horizontal scroll.
  await page.setViewport({ width: 375, height: 740 });
  await page.goto(base + '?q=China', { waitUntil: 'networkidle0' });
  await waitForStatus(/27 matches/);
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scroll on a phone');
  await page.screenshot({ path: path.join(outDir, 'phone.png'), fullPage: false });

  check(pageErrors.length === 0, 'no script error or CSP violation: ' + pageErrors.join(' | '));
} catch (e) {
  ++failures;
  console.log('FAILED - ' + (e && e.stack ? e.stack : e));
  try { await page.screenshot({ path: path.join(outDir, 'failure.png'), fullPage: true }); } catch (ignored) {}
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? failures + ' check(s) failed' : 'all checks passed; screenshots in ' + outDir);
process.exit(failures ? 1 : 0);
