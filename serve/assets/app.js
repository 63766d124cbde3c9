// The Dossier search page. The URL holds the whole state; every render reads
// it. Text from documents only ever reaches the page through textContent
// and text nodes, never as HTML.
'use strict';

const kPageSize = 10;
const kFacets = ['year', 'type', 'source', 'country'];
const kFilters = ['type', 'source', 'country', 'year'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ------------------------------------------------------------ small helpers

function $(id) { return document.getElementById(id); }

/// An element with attributes and children (strings become text nodes).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

/// Text with its (byte offset, byte length) highlights as <mark>s, in a
/// fragment. Offsets are in UTF-8 bytes, as the API gives them.
function highlighted(text, highlights) {
  const fragment = document.createDocumentFragment();
  const bytes = encoder.encode(text || '');
  let pos = 0;
  for (const [offset, length] of highlights || []) {
    if (offset < pos || offset + length > bytes.length) continue;
    if (offset > pos) fragment.append(decoder.decode(bytes.subarray(pos, offset)));
    fragment.append(el('mark', {}, decoder.decode(bytes.subarray(offset, offset + length))));
    pos = offset + length;
  }
  if (pos < bytes.length) fragment.append(decoder.decode(bytes.subarray(pos)));
  return fragment;
}

function whereIn(paragraph, page) {
  const parts = [];
  if (page) parts.push('page ' + page);
  if (paragraph) parts.push('¶ ' + paragraph);
  return parts.join(', ');
}

// ------------------------------------------------------------------ state

/// The state the URL holds: query, filters, sort, offset, whether mentions
/// are counted ('' no, 'sum' the bars show mentions, 'rate' mentions per
/// 10,000 words), the open document and the one it is compared with.
function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: params.get('q') || '', sort: params.get('sort') || 'relevance',
                  offset: Number(params.get('offset')) || 0, doc: params.get('doc') || '',
                  compare: params.get('compare') || '', mentions: { 1: 'sum', rate: 'rate' }[params.get('mentions')] || '',
                  since: params.get('since') || '', until: params.get('until') || '', filters: {} };
  for (const name of kFilters) state.filters[name] = params.getAll(name);
  return state;
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of kFilters) for (const value of state.filters[name]) params.append(name, value);
  if (state.since) params.set('since', state.since);
  if (state.until) params.set('until', state.until);
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.offset) params.set('offset', String(state.offset));
  if (state.mentions) params.set('mentions', state.mentions === 'rate' ? 'rate' : '1');
  if (state.doc) params.set('doc', state.doc);
  if (state.doc && state.compare) params.set('compare', state.compare);
  const query = params.toString();
  return '/' + (query ? '?' + query : '');
}

/// Moves to a new state: a new history entry, then a render.
function go(state) {
  window.history.pushState(null, '', stateUrl(state));
  render();
}

function hasSearch(state) {
  return state.q !== '' || state.since !== '' || state.until !== '' ||
         kFilters.some((name) => state.filters[name].length > 0);
}

/// The API request of a state: the same parameters as the URL, plus facets,
/// passages and the timeline.
function apiParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of kFilters) for (const value of state.filters[name]) params.append(name, value);
  if (state.since) params.set('since', state.since);
  if (state.until) params.set('until', state.until);
  return params;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error('the server answered HTTP ' + response.status);
  }
  if (!response.ok) throw new Error(body.error || 'the server answered HTTP ' + response.status);
  return body;
}

// ----------------------------------------------------------------- render

let renderCount = 0;

async function render() {
  const state = readState();
  const mine = ++renderCount;
  $('q').value = state.q;
  $('sort').value = state.sort;
  renderChips(state);
  $('mentions-toggle').checked = state.mentions !== '';
  $('mentions-toggle').disabled = !state.q;
  $('mentions-scale').value = state.mentions === 'rate' ? 'rate' : 'sum';
  $('mentions-scale-bar').hidden = !countsMentions(state);
  if (state.doc && state.compare) return renderComparison(state, mine);
  $('comparison').hidden = true;
  if (state.doc) return renderDocument(state, mine);
  $('document').hidden = true;
  $('hits').hidden = false;
  if (!hasSearch(state)) {
    clearResults();
    $('status').textContent = 'Type a query and press Enter. Press / to come back to the search box.';
    return;
  }
  $('status').textContent = 'Searching…';
  const params = apiParams(state);
  params.set('facets', kFacets.join(','));
  params.set('passages', '2');
  params.set('timeline', 'true');
  params.set('limit', String(kPageSize));
  if (state.offset) params.set('offset', String(state.offset));
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  // Mentions need query words; counted, they would sort by date unless told.
  if (countsMentions(state)) {
    params.set('mentions', 'true');
    params.set('sort', state.sort);
  }
  let results;
  try {
    results = await getJson('/api/search?' + params.toString());
  } catch (e) {
    if (mine !== renderCount) return;
    clearResults();
    showError(e.message);
    return;
  }
  if (mine !== renderCount) return;
  renderResults(state, results);
}

function countsMentions(state) { return state.mentions !== '' && state.q !== ''; }

function clearResults() {
  $('hits').replaceChildren();
  $('facets').replaceChildren();
  $('pager').replaceChildren();
  $('timeline').hidden = true;
  $('sort-bar').hidden = true;
  $('suggestion').hidden = true;
  $('status').classList.remove('error');
}

function showError(message) {
  $('status').textContent = message;
  $('status').classList.add('error');
}

function renderResults(state, results) {
  clearResults();
  const total = results.total;
  const first = results.hits.length ? state.offset + 1 : 0;
  const last = state.offset + results.hits.length;
  $('status').textContent = (results.total_exact ? '' : 'about ') + total + (total === 1 ? ' match' : ' matches') +
      (results.hits.length ? ', showing ' + first + '–' + last : '');
  if (results.suggestion) {
    const link = el('a', { href: stateUrl({ ...state, q: results.suggestion, offset: 0 }) }, results.suggestion);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      go({ ...state, q: results.suggestion, offset: 0 });
    });
    $('suggestion').replaceChildren('Did you mean: ', link, '?');
    $('suggestion').hidden = false;
  }
  $('sort-bar').hidden = total === 0;
  for (const hit of results.hits) $('hits').append(renderHit(state, hit));
  renderPager(state, total);
  renderFacets(state, results.facets || {});
  renderTimeline(state, results.timeline);
}

function renderHit(state, hit) {
  const link = el('a', { href: stateUrl({ ...state, doc: String(hit.docid) }) }, hit.title || '(untitled)');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    go({ ...state, doc: String(hit.docid) });
  });
  const meta = [hit.date || 'undated', hit.type, hit.source].filter((x) => x).join(' · ');
  const item = el('li', { class: 'hit' }, el('h2', {}, link), el('div', { class: 'meta' }, meta));
  if (typeof hit.mentions === 'number') {
    item.append(el('div', { class: 'mentions' }, plural(hit.mentions, 'mention') + ' in ' +
                   plural(hit.words || 0, 'word') + ' (' + per10k(hit.mentions, hit.words) + ' per 10,000 words)'));
  }
  const passages = el('ul', { class: 'passages' });
  if (hit.passages && hit.passages.length) {
    for (const p of hit.passages) {
      passages.append(el('li', {}, el('span', { class: 'where' }, whereIn(p.paragraph, p.page)),
                         highlighted(p.text, p.highlights)));
    }
  } else if (hit.snippet) {
    passages.append(el('li', {}, el('span', { class: 'where' }, whereIn(hit.paragraph, hit.page)),
                       highlighted(hit.snippet, hit.highlights)));
  }
  item.append(passages);
  return item;
}

function renderPager(state, total) {
  const pager = $('pager');
  if (total <= kPageSize) return;
  const page = Math.floor(state.offset / kPageSize) + 1;
  const pages = Math.ceil(total / kPageSize);
  const button = (label, offset, disabled) => {
    const b = el('button', { type: 'button', disabled: disabled }, label);
    b.addEventListener('click', () => {
      go({ ...state, offset: offset });
      $('results').focus();
    });
    return b;
  };
  pager.append(button('← Previous', Math.max(0, state.offset - kPageSize), page <= 1),
               el('span', {}, 'page ' + page + ' of ' + pages),
               button('Next →', state.offset + kPageSize, page >= pages));
}

/// Facet counts as lists of buttons: a click sets the filter, a second
/// click removes it.
function renderFacets(state, facets) {
  const names = kFacets.concat(Object.keys(facets).filter((name) => !kFacets.includes(name)));
  for (const name of names) {
    const counts = facets[name];
    if (!counts || Object.keys(counts).length === 0) continue;
    let entries = Object.entries(counts);
    if (name === 'year') entries.sort((a, b) => b[0].localeCompare(a[0]));
    else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const list = el('ul', {});
    const filterable = kFilters.includes(name);
    for (const [value, count] of entries.slice(0, 30)) {
      const active = filterable && state.filters[name].includes(value);
      const button = el('button', { type: 'button', 'aria-pressed': active ? 'true' : 'false',
                                    'data-facet': name, 'data-value': value, disabled: !filterable },
                        el('span', {}, value), el('span', { class: 'count' }, String(count)));
      button.addEventListener('click', () => toggleFilter(state, name, value));
      list.append(el('li', {}, button));
    }
    const id = 'facet-' + name;
    $('facets').append(el('section', { class: 'facet', 'aria-labelledby': id },
                          el('h3', { id: id }, name[0].toUpperCase() + name.slice(1)), list));
  }
}

function toggleFilter(state, name, value) {
  const values = state.filters[name];
  const next = values.includes(value) ? values.filter((v) => v !== value) : values.concat([value]);
  go({ ...state, offset: 0, filters: { ...state.filters, [name]: next } });
}

/// The active filters as chips; each removes its filter.
function renderChips(state) {
  const chips = [];
  const chip = (label, remove) => {
    const b = el('button', { type: 'button', class: 'chip', 'aria-label': 'Remove filter ' + label }, label + ' ×');
    b.addEventListener('click', remove);
    chips.push(b);
  };
  for (const name of kFilters) {
    for (const value of state.filters[name]) chip(name + ': ' + value, () => toggleFilter(state, name, value));
  }
  if (state.since) chip('since: ' + state.since, () => go({ ...state, since: '', offset: 0 }));
  if (state.until) chip('until: ' + state.until, () => go({ ...state, until: '', offset: 0 }));
  $('chips').replaceChildren(...chips);
}

function plural(n, word) { return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's'); }

/// Mentions per 10,000 words, as the API rounds them.
function per10k(mentions, words) { return words ? (Math.round((mentions * 1e6) / words) / 100).toString() : '0'; }

/// Matches per year as SVG bars, or mentions per year when they are
/// counted; a click on a year sets since and until.
function renderTimeline(state, timeline) {
  if (!timeline || !timeline.years || timeline.years.length === 0) return;
  const years = timeline.years;
  const mentions = countsMentions(state) && years.every((y) => typeof y.mentions === 'number');
  const rate = mentions && state.mentions === 'rate';
  const valueOf = (y) => (rate ? y.per_10k_words : mentions ? y.mentions : y.count);
  const firstYear = years[0].year, lastYear = years[years.length - 1].year;
  const byYear = new Map(years.map((y) => [y.year, y]));
  const span = lastYear - firstYear + 1;
  const top = Math.max(1, ...years.map(valueOf));
  const width = 240, height = 90, base = 76;
  const step = width / span;
  const what = rate ? 'Mentions per 10,000 words, per year' : mentions ? 'Mentions per year' : 'Matches per year';
  $('timeline-title').textContent = what;
  $('timeline-note').textContent = mentions
      ? (rate ? 'Bar height: mentions per 10,000 words of the year\'s matches.'
              : 'Bar height: mentions of the query in the text. Hover or focus a bar for the rate per 10,000 words.') +
        (timeline.mentions_partial ? ' Counted in the oldest matches only.' : '')
      : '';
  const mode = rate ? 'rate' : mentions ? 'mentions' : 'matches';
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'data-mode': mode,
                             'aria-label': what + ', ' + firstYear + ' to ' + lastYear });
  for (let year = firstYear; year <= lastYear; ++year) {
    const entry = byYear.get(year);
    const count = entry ? valueOf(entry) : 0;
    if (count === 0) continue;
    const label = mentions
        ? year + ': ' + plural(count, 'mention') + ' in ' + plural(entry.documents || entry.count, 'document') +
          ', ' + entry.per_10k_words + ' per 10,000 words'
        : year + ': ' + count + (count === 1 ? ' match' : ' matches');
    const barHeight = Math.max(2, (count / top) * (base - 4));
    const bar = svg('rect', { class: 'bar', x: (year - firstYear) * step + 0.5, y: base - barHeight,
                              width: Math.max(1, step - 1), height: barHeight, tabindex: 0, role: 'button',
                              'data-year': year, 'data-value': count, 'aria-label': label });
    const title = svg('title', {});
    title.textContent = label;
    bar.append(title);
    const pick = () => go({ ...state, since: String(year), until: String(year), offset: 0 });
    bar.addEventListener('click', pick);
    bar.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        pick();
      }
    });
    chart.append(bar);
  }
  for (const [year, anchor] of [[firstYear, 'start'], [lastYear, 'end']]) {
    const label = svg('text', { x: anchor === 'start' ? 0 : width, y: height - 2, 'text-anchor': anchor });
    label.textContent = String(year);
    chart.append(label);
  }
  $('timeline-chart').replaceChildren(chart);
  $('timeline').hidden = false;
}

// --------------------------------------------------------------- document

/// The words of a query worth marking in a document: no operators, field
/// names, quotes or wildcards.
function queryWords(q) {
  const words = [];
  for (let token of q.split(/[\s"()]+/)) {
    token = token.replace(/^[+-]/, '');
    if (/^(AND|OR|NOT|NEAR|XOR)$/.test(token)) continue;
    const colon = token.indexOf(':');
    if (colon >= 0) {
      if (!/^(title|author)$/.test(token.slice(0, colon))) continue;
      token = token.slice(colon + 1);
    }
    token = token.replace(/\*$/, '').toLowerCase();
    if (token.length >= 2) words.push(token);
  }
  return words;
}

/// A word's stem, roughly: enough to mark "sanctions" for "sanction".
function roughStem(word) {
  return word.length > 5 ? word.replace(/(ing|ed|es|s|e|y|ies|ion|ions)$/, '') : word;
}

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

async function renderDocument(state, mine) {
  clearResults();
  $('hits').hidden = true;
  const article = $('document');
  article.hidden = false;
  article.replaceChildren();
  $('status').textContent = 'Loading document…';
  let doc;
  try {
    doc = await getJson('/api/doc/' + encodeURIComponent(state.doc));
  } catch (e) {
    if (mine !== renderCount) return;
    showError(e.message);
    article.append(backLink(state));
    return;
  }
  if (mine !== renderCount) return;
  $('status').textContent = '';
  const origin = doc.origin || {};
  const rows = [
    ['Date', (doc.date || 'undated') + (doc.date_precision && doc.date ? ' (' + doc.date_precision + ')' : '')],
    ['Why this date', origin.explanation || doc.date_source],
    ['Type', doc.type + (doc.type_source ? ' (from ' + doc.type_source + ')' : '')],
    ['Title from', doc.title_source],
    ['Source', doc.source],
    ['Authors', (doc.authors || []).join('; ')],
    ['Countries', (doc.countries || []).join('; ') + (doc.countries_source ? ' (from ' + doc.countries_source + ')' : '')],
    ['Docid', String(doc.docid)],
  ];
  const dl = el('dl', {});
  for (const [name, value] of rows) {
    if (!value || !String(value).trim()) continue;
    dl.append(el('dt', {}, name), el('dd', {}, value));
  }
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    dl.append(el('dt', {}, 'URL'), el('dd', {}, el('a', { href: doc.url, rel: 'noopener noreferrer' }, doc.url)));
  }
  const heading = el('h2', { id: 'doc-title', tabindex: '-1' }, doc.title || '(untitled)');
  article.append(backLink(state), heading, dl, compareAction(state, doc));

  // The text by paragraphs, the query's words marked, with a list of the
  // paragraphs that hold them.
  const words = queryWords(state.q).map(roughStem);
  const pattern = words.length
      ? new RegExp('(?<![\\p{L}\\p{N}])(' + words.map(escapeRegExp).join('|') + ')[\\p{L}\\p{N}]*', 'giu')
      : null;
  const text = el('div', { class: 'doc-text' });
  const jumps = [];
  (doc.text || '').split(/\n\s*\n/).forEach((paragraph, index) => {
    const p = el('p', { id: 'p-' + (index + 1) });
    let found = 0;
    if (pattern) {
      let pos = 0;
      for (const match of paragraph.matchAll(pattern)) {
        if (match.index > pos) p.append(paragraph.slice(pos, match.index));
        p.append(el('mark', {}, match[0]));
        pos = match.index + match[0].length;
        ++found;
      }
      if (pos < paragraph.length) p.append(paragraph.slice(pos));
    } else {
      p.append(paragraph);
    }
    if (found) jumps.push({ index: index + 1, found: found, preview: paragraph.slice(0, 90) });
    text.append(p);
  });
  if (jumps.length) {
    const list = el('ol', { class: 'jump-list' });
    for (const jump of jumps.slice(0, 50)) {
      const link = el('a', { href: '#p-' + jump.index }, '¶ ' + jump.index + ' (' + jump.found + '): ' + jump.preview + '…');
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const target = $('p-' + jump.index);
        for (const other of text.querySelectorAll('p.target')) other.classList.remove('target');
        target.classList.add('target');
        target.scrollIntoView({ block: 'center' });
      });
      list.append(el('li', {}, link));
    }
    article.append(el('section', { 'aria-labelledby': 'jump-title' },
                      el('h3', { id: 'jump-title' }, 'Paragraphs with matches'), list));
  }
  article.append(el('section', { 'aria-label': 'Full text' }, text));
  heading.focus();
}

// ---------------------------------------------------------------- compare

/// Days between two ISO dates (YYYY, YYYY-MM or YYYY-MM-DD); a number
/// larger than any when one is missing.
function daysApart(a, b) {
  const day = (d) => Date.parse((d + '-01-01').slice(0, 10));
  const days = a && b ? Math.abs(day(a) - day(b)) / 86400000 : NaN;
  return Number.isFinite(days) ? days : 1e9;
}

/// Documents of the same source and type as doc, the nearest dates first:
/// the latest up to its date and the earliest from it (all dates when it
/// has none), without doc itself.
async function sameKind(doc, count) {
  const ask = (extra) => {
    const params = new URLSearchParams();
    if (doc.source) params.set('source', doc.source);
    if (doc.type) params.set('type', doc.type);
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    params.set('limit', String(count + 1));
    return getJson('/api/search?' + params.toString());
  };
  const answers = doc.date
      ? await Promise.all([ask({ until: doc.date, sort: '-date' }), ask({ since: doc.date, sort: 'date' })])
      : [await ask({ sort: '-date' })];
  const seen = new Set([String(doc.docid)]);
  const hits = [];
  for (const answer of answers) {
    for (const hit of answer.hits) {
      if (seen.has(String(hit.docid))) continue;
      seen.add(String(hit.docid));
      hits.push(hit);
    }
  }
  hits.sort((x, y) => daysApart(x.date, doc.date) - daysApart(y.date, doc.date) || x.docid - y.docid);
  return hits.slice(0, count);
}

/// "Compare with…": a button that lists the other documents of the same
/// source and type, the nearest dates first; picking one opens the
/// comparison, the older document first.
function compareAction(state, doc) {
  const choices = el('div', { id: 'compare-choices', hidden: true });
  const button = el('button', { type: 'button', id: 'compare-button', 'aria-expanded': 'false',
                                'aria-controls': 'compare-choices' }, 'Compare with…');
  const section = el('section', { class: 'compare-action', 'aria-label': 'Compare with another document' },
                     button, choices);
  let loaded = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    choices.hidden = !open;
    if (!open || loaded) return;
    loaded = true;
    const what = [doc.type, doc.source].filter((x) => x).join(', ');
    choices.replaceChildren(el('p', { role: 'status' }, 'Looking for other documents…'));
    let others;
    try {
      if (!doc.source && !doc.type) throw new Error('This document has no source or type to find others by.');
      others = await sameKind(doc, 20);
    } catch (e) {
      loaded = false;
      choices.replaceChildren(el('p', { class: 'error', role: 'status' }, e.message));
      return;
    }
    if (others.length === 0) {
      choices.replaceChildren(el('p', { role: 'status' }, 'No other document of ' + (what || 'this kind') + '.'));
      return;
    }
    const list = el('ul', { class: 'compare-list-choices' });
    for (const hit of others) {
      const pick = el('button', { type: 'button', class: 'compare-choice', 'data-docid': hit.docid },
                      (hit.title || '(untitled)') + ' (' + (hit.date || 'undated') + ')');
      pick.addEventListener('click', () => {
        // The older document is a, so that "added" means added later.
        const older = (hit.date || '') < (doc.date || '') ? String(hit.docid) : String(doc.docid);
        const newer = older === String(doc.docid) ? String(hit.docid) : String(doc.docid);
        go({ ...state, doc: older, compare: newer });
      });
      list.append(el('li', {}, pick));
    }
    choices.replaceChildren(el('h3', { id: 'compare-choices-title' }, 'Other documents: ' + what + ', nearest dates first'),
                            list);
    list.setAttribute('aria-labelledby', 'compare-choices-title');
    list.querySelector('button').focus();
  });
  return section;
}

const kStatusHelp = {
  kept: 'the same in both',
  changed: 'words added or removed',
  added: 'only in the second document',
  removed: 'only in the first document',
  moved: 'moved to another place',
};

/// Words added or removed, marked with <ins> or <del> and, for screen
/// readers, words saying so (the marks are not colour alone either: the
/// page underlines and strikes them through).
function marked(tag, text) {
  const what = tag === 'ins' ? 'added' : 'removed';
  return el(tag, {}, el('span', { class: 'visually-hidden' }, '[' + what + ': '), text,
            el('span', { class: 'visually-hidden' }, ']'));
}

function changeText(line) {
  const p = el('p', { class: 'change-text' });
  if (line.status === 'added') {
    p.append(marked('ins', line.b.text));
  } else if (line.status === 'removed') {
    p.append(marked('del', line.a.text));
  } else if (line.diff) {
    line.diff.forEach((run, i) => {
      if (i > 0) p.append(' ');
      if (run.op === 'added') p.append(marked('ins', run.text));
      else if (run.op === 'removed') p.append(marked('del', run.text));
      else p.append(run.text);
    });
  } else {
    p.append((line.b || line.a).text);
  }
  return p;
}

function documentLine(label, d) {
  return [el('dt', {}, label), el('dd', {}, (d.title || '(untitled)') + ' (' + (d.date || 'undated') + '), docid ' + d.docid)];
}

/// Two documents compared paragraph by paragraph (GET /api/compare), in
/// the reading order of the second; with a query, only the paragraphs
/// that match it.
async function renderComparison(state, mine) {
  clearResults();
  $('hits').hidden = true;
  $('document').hidden = true;
  const article = $('comparison');
  article.hidden = false;
  article.replaceChildren();
  $('status').textContent = 'Comparing…';
  const params = new URLSearchParams({ a: state.doc, b: state.compare });
  if (state.q) params.set('q', state.q);
  let c;
  try {
    c = await getJson('/api/compare?' + params.toString());
  } catch (e) {
    if (mine !== renderCount) return;
    showError(e.message);
    article.append(backLink(state, 'compare'));
    return;
  }
  if (mine !== renderCount) return;
  $('status').textContent = '';
  const heading = el('h2', { id: 'compare-title', tabindex: '-1' },
                     'Changes from ' + (c.a.title || '(untitled)') + ' to ' + (c.b.title || '(untitled)'));
  const dl = el('dl', {}, ...documentLine('First (a)', c.a), ...documentLine('Second (b)', c.b));
  const swap = el('button', { type: 'button', id: 'compare-swap' }, 'Swap the two documents');
  swap.addEventListener('click', () => go({ ...state, doc: state.compare, compare: state.doc }));
  const s = c.summary;
  const counts = ['kept', 'changed', 'added', 'removed', 'moved'].map((name) => s[name] + ' ' + name).join(', ') +
      (s.split ? ', ' + s.split + ' split in two' : '') + (s.joined ? ', ' + s.joined + ' joined from two' : '');
  const summary = el('p', { id: 'compare-summary' }, 'Paragraphs: ' + counts + '.');
  article.append(backLink(state, 'compare'), heading, dl, swap, summary);
  if (c.query) article.append(el('p', { class: 'compare-query' }, 'Only the paragraphs matching “' + c.query + '”, and their counterparts.'));
  article.append(el('p', { class: 'compare-legend' }, 'Added words are underlined, removed words struck through.'));
  if (c.truncated) article.append(el('p', { class: 'compare-query' }, 'Only the first 1,000 paragraphs of a long text were compared.'));
  if (c.paragraphs.length === 0) {
    article.append(el('p', {}, 'No paragraph matches the query in either document.'));
  } else {
    const list = el('ol', { id: 'compare-list', 'aria-label': 'Paragraphs in reading order' });
    for (const line of c.paragraphs) {
      const where = [line.a ? 'a ¶' + line.a.index : '', line.b ? 'b ¶' + line.b.index : ''].filter((x) => x).join(' → ');
      const extra = line.split ? ' (split in two)' : line.joined ? ' (joined from two)' : '';
      const head = el('div', { class: 'change-head' },
                      el('span', { class: 'badge', title: kStatusHelp[line.status] || '' }, line.status + extra),
                      el('span', { class: 'where' }, where));
      list.append(el('li', { class: 'change status-' + line.status, 'data-status': line.status }, head, changeText(line)));
    }
    article.append(list);
  }
  heading.focus();
}

function backLink(state, from) {
  if (from === 'compare') {
    const link = el('a', { href: stateUrl({ ...state, compare: '' }), id: 'back' }, '← Back');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      window.history.back();
    });
    return link;
  }

  const link = el('a', { href: stateUrl({ ...state, doc: '' }), id: 'back' }, '← Back to the results');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.history.back();
  });
  return link;
}

// ------------------------------------------------------------------ start

document.addEventListener('DOMContentLoaded', () => {
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const state = readState();
    go({ ...state, q: $('q').value.trim(), offset: 0, doc: '', compare: '' });
  });
  $('sort').addEventListener('change', () => go({ ...readState(), sort: $('sort').value, offset: 0 }));
  $('home').addEventListener('click', (event) => {
    event.preventDefault();
    go({ q: '', sort: 'relevance', offset: 0, doc: '', compare: '', mentions: '', since: '', until: '',
         filters: { type: [], source: [], country: [], year: [] } });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement || (target && target.isContentEditable)) return;
    event.preventDefault();
    $('q').focus();
    $('q').select();
  });
  $('mentions-toggle').addEventListener('change', () => go({ ...readState(), mentions: $('mentions-toggle').checked ? 'sum' : '' }));
  $('mentions-scale').addEventListener('change', () => go({ ...readState(), mentions: $('mentions-scale').value }));
  window.addEventListener('popstate', render);
  render();
});
