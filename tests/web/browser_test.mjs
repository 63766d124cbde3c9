// Browser test of the dossier-serve page in headless Chromium, driven by
// puppeteer-core: load the page, search, click a facet, check the hits and
// the URL, open a document, go back, and check that a document's title
// holding markup shows as text; compare two communiqués of testdata/series
// and count mentions per year. Screenshots go to the output folder.
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

// A database: the test corpus, the series of communiqués with known edits,
// and a document whose title is markup.
const work = mkdtempSync(path.join(tmpdir(), 'dossier-web-'));
const db = path.join(work, 'db');
mkdirSync(outDir, { recursive: true });
function index(args, input) {
  const r = spawnSync(path.join(binDir, 'dossier-index'), ['--db', db, ...args], { input: input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('dossier-index failed: ' + r.stderr);
}
index([path.join(testdata, 'corpus')]);
index([path.join(testdata, 'series')]);
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

  // Compare: from a document, "Compare with…" lists the other communiqués
  // of its source, the nearest dates first; one click opens the comparison.
  const statuses = () => page.$$eval('#compare-list li', (items) => items.map((li) => li.dataset.status));
  await page.goto(base + '?q=Karsland', { waitUntil: 'networkidle0' });
  await waitForStatus(/match/);
  const tallinnLink = await page.$$eval('#hits .hit h2 a', (links) =>
    links.filter((a) => a.textContent === 'Tallinn Summit Communique').map((a) => new URL(a.href).searchParams.get('doc')));
  check(tallinnLink.length === 1, 'the Tallinn communiqué is a hit for Karsland');
  const tallinn = tallinnLink[0];
  await page.click(`#hits .hit h2 a[href*="doc=${tallinn}"]`);
  await page.waitForSelector('#document:not([hidden]) #compare-button', { timeout: 20000 });
  check(await page.$eval('#compare-button', (b) => b.getAttribute('aria-expanded')) === 'false', '"Compare with…" starts closed');
  await page.click('#compare-button');
  await page.waitForSelector('#compare-choices .compare-choice', { timeout: 20000 });
  const choices = await page.$$eval('#compare-choices .compare-choice', (buttons) => buttons.map((b) => b.textContent));
  check(JSON.stringify(choices) === JSON.stringify(['Oslo Summit Communique (2020-06-09)', 'Helsinki Summit Communique (2022-06-20)',
                                                    'Riga Summit Communique (2019-06-11)']),
        'the other communiqués of the Northern Alliance are offered, the nearest dates first: ' + choices.join('; '));
  check(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('compare-choice')),
        'focus moves to the first document offered');
  const helsinki = await page.$$eval('#compare-choices .compare-choice', (buttons) =>
    buttons.find((b) => b.textContent.startsWith('Helsinki')).dataset.docid);
  await page.click(`#compare-choices .compare-choice[data-docid="${helsinki}"]`);
  await page.waitForSelector('#comparison:not([hidden]) #compare-list', { timeout: 20000 });
  check(params().get('doc') === tallinn && params().get('compare') === helsinki && params().get('q') === 'Karsland',
        'the URL holds the comparison and the query: ' + page.url());
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'compare-title'),
        'focus moves to the comparison heading');
  check(JSON.stringify(await statuses()) === JSON.stringify(['changed', 'added', 'kept']),
        'with the query, only the matching paragraphs show with their statuses: ' + (await statuses()).join(','));
  const insText = await page.$$eval('#compare-list li[data-status="changed"] ins', (n) => n.map((x) => x.textContent));
  check(insText.includes('[added: seriously]'), 'added words are in <ins> with a marker for screen readers: ' + insText.join(' | '));
  check(await page.$$eval('#compare-list li[data-status="changed"] del', (n) => n.map((x) => x.textContent).includes('[removed: seas.]')),
        'removed words are in <del> with a marker');
  check(/1 kept, 1 changed, 1 added, 0 removed, 0 moved/.test(await page.$eval('#compare-summary', (p) => p.textContent)),
        'the summary counts the lines shown');
  const cli = spawnSync(path.join(binDir, 'dossier-search'), ['--db', db, '--compare', tallinn, helsinki, 'Karsland', '--json'], { encoding: 'utf8' });
  check(JSON.parse(cli.stdout).paragraphs.length === (await statuses()).length, 'the page shows the lines of dossier-search --compare');
  await page.screenshot({ path: path.join(outDir, 'compare-query.png'), fullPage: true });

  // Back returns to the document; forward and reload restore the comparison.
  await page.goBack();
  await page.waitForSelector('#document:not([hidden]) #doc-title', { timeout: 20000 });
  check(params().get('doc') === tallinn && !params().has('compare'), 'back returns to the document');
  check(await page.$eval('#comparison', (a) => a.hidden), 'the comparison is hidden again');
  await page.goForward();
  await page.waitForSelector('#comparison:not([hidden]) #compare-list', { timeout: 20000 });
  check((await statuses()).length === 3, 'forward shows the comparison again');

  // Without a query, every paragraph, in reading order, with each status.
  await page.goto(`${base}?doc=${tallinn}&compare=${helsinki}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#comparison:not([hidden]) #compare-list', { timeout: 20000 });
  check(JSON.stringify(await statuses()) ===
        JSON.stringify(['kept', 'kept', 'changed', 'removed', 'added', 'changed', 'changed', 'kept', 'moved', 'kept']),
        'a shared link shows every paragraph with its status: ' + (await statuses()).join(','));
  check(await page.$$eval('#compare-list li[data-status="removed"] del', (n) => n.length) === 1, 'a removed paragraph is marked as removed');
  check(await page.$$eval('#compare-list li[data-status="added"] ins', (n) => n.length) === 1, 'an added paragraph is marked as added');
  check(/4 kept, 3 changed, 1 added, 1 removed, 1 moved, 1 split in two/.test(await page.$eval('#compare-summary', (p) => p.textContent)),
        'the summary counts every status');
  await page.screenshot({ path: path.join(outDir, 'compare.png'), fullPage: true });
  // Swap: the other way round, what was added is removed.
  await page.click('#compare-swap');
  await page.waitForFunction((h) => new URL(location.href).searchParams.get('doc') === h, { timeout: 20000 }, helsinki);
  await page.waitForFunction(() => document.querySelector('#compare-list li[data-status="added"] ins') !== null &&
                                   /Faroe/.test(document.querySelector('#compare-list li[data-status="added"]').textContent),
                             { timeout: 20000 });
  check(params().get('compare') === tallinn, 'swap exchanges the documents in the URL');
  // Bad state in the URL: the API's message shows.
  const errorsBefore = pageErrors.length;
  await page.goto(`${base}?doc=${tallinn}&compare=99999`, { waitUntil: 'networkidle0' });
  await waitForStatus(/no document with docid 99999/);
  check(await page.$eval('#status', (p) => p.classList.contains('error')), 'an unknown document to compare with shows the error');
  // The browser logs the 404 answer itself; that one is expected.
  const expected = pageErrors.splice(errorsBefore).filter((e) => !/status of 404/.test(e));
  pageErrors.push(...expected);

  // Mentions: the toggle turns the chart into mentions per year, in the URL.
  await page.goto(base + '?q=Karsland', { waitUntil: 'networkidle0' });
  await waitForStatus(/match/);
  const bars = () => page.$$eval('#timeline-chart rect.bar', (rects) => rects.map((r) => r.getAttribute('aria-label')));
  const before = await bars();
  check(before.length > 0 && before.every((label) => / match(es)?$/.test(label)), 'the chart counts matches: ' + before.join('; '));
  check(await page.$$eval('#hits .mentions', (n) => n.length) === 0, 'no mention counts before the toggle');
  await page.click('#mentions-toggle');
  await page.waitForSelector('#timeline-chart svg[data-mode="mentions"]', { timeout: 20000 });
  check(params().get('mentions') === '1', 'the URL holds the mentions toggle');
  const after = await bars();
  check(after.length === before.length && after.every((label) => /mentions? in .* per 10,000 words$/.test(label)),
        'the chart shows mentions per year with the rate per 10,000 words: ' + after.join('; '));
  const timeline = await page.evaluate(async () => (await fetch('/api/timeline?q=Karsland&mentions=true')).json());
  const values = await page.$$eval('#timeline-chart rect.bar', (rects) => rects.map((r) => [Number(r.dataset.year), Number(r.dataset.value)]));
  check(JSON.stringify(values) === JSON.stringify(timeline.timeline.years.filter((y) => y.mentions > 0).map((y) => [y.year, y.mentions])),
        'the bars are the mentions of /api/timeline?mentions=true');
  check(await page.$eval('#timeline-title', (h) => h.textContent) === 'Mentions per year', 'the chart says it counts mentions');
  const hitMentions = await page.$$eval('#hits .mentions', (n) => n.map((x) => x.textContent));
  check(hitMentions.length === (await hitTitles()).length && hitMentions.every((t) => /^\d+ mentions? in [\d,]+ words/.test(t)),
        'each hit shows its mention count: ' + hitMentions.join(' | '));
  await page.screenshot({ path: path.join(outDir, 'mentions.png'), fullPage: true });
  // The second mode: bars by mentions per 10,000 words.
  await page.select('#mentions-scale', 'rate');
  await page.waitForSelector('#timeline-chart svg[data-mode="rate"]', { timeout: 20000 });
  check(params().get('mentions') === 'rate', 'the URL holds the rate mode');
  const rates = await page.$$eval('#timeline-chart rect.bar', (rects) => rects.map((r) => [Number(r.dataset.year), Number(r.dataset.value)]));
  check(JSON.stringify(rates) === JSON.stringify(timeline.timeline.years.filter((y) => y.mentions > 0).map((y) => [y.year, y.per_10k_words])),
        'in the rate mode the bars are per_10k_words of /api/timeline');
  await page.goBack();
  await page.waitForSelector('#timeline-chart svg[data-mode="mentions"]', { timeout: 20000 });
  await page.reload({ waitUntil: 'networkidle0' });
  await page.waitForSelector('#timeline-chart svg[data-mode="mentions"]', { timeout: 20000 });
  check(await page.$eval('#mentions-toggle', (t) => t.checked), 'reload keeps the mentions toggle');
  await page.goBack();
  await page.waitForSelector('#timeline-chart svg[data-mode="matches"]', { timeout: 20000 });
  check(!params().has('mentions') && !(await page.$eval('#mentions-toggle', (t) => t.checked)), 'back turns the toggle off again');

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
