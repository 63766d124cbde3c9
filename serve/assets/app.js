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

/// The state the URL holds: query, filters, sort, offset, open document.
function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: params.get('q') || '', sort: params.get('sort') || 'relevance',
                  offset: Number(params.get('offset')) || 0, doc: params.get('doc') || '',
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
  if (state.doc) params.set('doc', state.doc);
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

/// Matches per year as SVG bars; a click on a year sets since and until.
function renderTimeline(state, timeline) {
  if (!timeline || !timeline.years || timeline.years.length === 0) return;
  const years = timeline.years;
  const firstYear = years[0].year, lastYear = years[years.length - 1].year;
  const byYear = new Map(years.map((y) => [y.year, y.count]));
  const span = lastYear - firstYear + 1;
  const top = Math.max(...years.map((y) => y.count));
  const width = 240, height = 90, base = 76;
  const step = width / span;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group',
                             'aria-label': 'Matches per year, ' + firstYear + ' to ' + lastYear });
  for (let year = firstYear; year <= lastYear; ++year) {
    const count = byYear.get(year) || 0;
    if (count === 0) continue;
    const barHeight = Math.max(2, (count / top) * (base - 4));
    const bar = svg('rect', { class: 'bar', x: (year - firstYear) * step + 0.5, y: base - barHeight,
                              width: Math.max(1, step - 1), height: barHeight, tabindex: 0, role: 'button',
                              'data-year': year, 'aria-label': year + ': ' + count + (count === 1 ? ' match' : ' matches') });
    const title = svg('title', {});
    title.textContent = year + ': ' + count;
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
  article.append(backLink(state), heading, dl);

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

function backLink(state) {
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
    go({ ...state, q: $('q').value.trim(), offset: 0, doc: '' });
  });
  $('sort').addEventListener('change', () => go({ ...readState(), sort: $('sort').value, offset: 0 }));
  $('home').addEventListener('click', (event) => {
    event.preventDefault();
    go({ q: '', sort: 'relevance', offset: 0, doc: '', since: '', until: '', filters: { type: [], source: [], country: [], year: [] } });
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
  window.addEventListener('popstate', render);
  render();
});
