// The console's shell: sign-in (the key lives in this tab's sessionStorage only), calls to the JSON API with the
// key as a bearer, and the live feed (server-sent events read through fetch, which can send the key).
const KEY = 'terafleet.key';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A table with a caption; columns are [header, cell(row), numeric?]. */
export function table(caption, columns, rows, id) {
  return el('div', { class: 'table-wrap' }, el('table', { id },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, columns.map(([head, , num]) => el('th', { scope: 'col', class: num ? 'num' : null, text: head })))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(([head, cell, num]) => {
      const value = cell(row);
      // data-label: on a phone each row is drawn as a card, every cell with its column's name
      return el('td', { class: num ? 'num' : null, 'data-label': head || null },
        value instanceof Node ? value : String(value ?? ''));
    }))))));
}

export function section(title, id, ...children) {
  return el('section', { 'aria-labelledby': id + '-title', id }, el('h2', { id: id + '-title', text: title }), ...children);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.error?.message || ('HTTP ' + status));
    this.status = status;
    this.field = problem.field || problem.error?.param || null;
  }
}

export async function api(path, options = {}) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), ...(options.headers || {}) };
  if (options.body && typeof options.body !== 'string') {
    options = { ...options, body: JSON.stringify(options.body) };
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') && !type.includes('jsonl') ? response.json() : response.text();
}

/** Calls onState with every snapshot the coordinator pushes; reconnects when a stream ends. */
export function live(onState) {
  let stopped = false;
  async function connect() {
    while (!stopped) {
      try {
        const response = await fetch('/v1/console/live', {
          headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
        if (!response.ok) { stopped = response.status === 401; throw new Error('HTTP ' + response.status); }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done || stopped) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
            if (data) onState(JSON.parse(data));
          }
        }
      } catch (e) {
        console.warn('live feed', e);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
  connect();
  return () => { stopped = true; };
}

/** Offers text as a file to save (CSV exports). */
export function download(name, text, type = 'text/csv') {
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

export function money(micros) {
  return (micros / 1e6).toFixed(6);
}

export function when(epoch) {
  if (epoch === null || epoch === undefined) return '';
  const date = typeof epoch === 'number' ? new Date(epoch) : new Date(epoch);
  return date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

const PAGES = { owner: '/console/owner.js', tenant: '/console/customer.js', operator: '/console/operator.js' };

async function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('key')) {
    sessionStorage.setItem(KEY, hash.get('key'));
    history.replaceState(null, '', location.pathname + location.search); // the key leaves the address bar
  }
  const form = document.getElementById('sign-in');
  form.addEventListener('submit', async event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, document.getElementById('key').value.trim());
    await show();
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    location.reload();
  });
  await show();
}

async function show() {
  const form = document.getElementById('sign-in');
  const error = document.getElementById('sign-in-error');
  if (!sessionStorage.getItem(KEY)) {
    form.hidden = false;
    return;
  }
  let viewer;
  try {
    viewer = await api('/v1/console/whoami');
  } catch (e) {
    sessionStorage.removeItem(KEY);
    form.hidden = false;
    error.textContent = e.status === 401 ? 'That key is not valid here.' : e.message;
    document.getElementById('key').focus();
    return;
  }
  form.hidden = true;
  error.textContent = '';
  document.getElementById('who').textContent = 'Signed in as ' + viewer.name + ' (' + (viewer.role === 'tenant' ? 'customer' : viewer.role) + ')';
  document.getElementById('sign-out').hidden = false;
  const page = await import(PAGES[viewer.role]);
  const root = document.getElementById('page');
  root.replaceChildren();
  document.body.dataset.role = viewer.role;
  await page.render(root, viewer);
  // Milliseconds from the start of navigation to the role's page drawn: what the browser test records.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
}

start();
