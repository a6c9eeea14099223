// The customer's page: jobs and batches with live progress and their results, usage and cost by day, model and API
// key, and the tenant's API keys (create with a label, revoke).
import { api, download, el, live, money, section, table, when } from '/console/console.js';
import { bars } from '/console/charts.js';

function progress(job) {
  const done = job.completed + job.failed;
  return el('span', {}, el('progress', { max: job.total, value: done, 'aria-label': 'Progress of job ' + job.id }),
    ' ' + done + ' / ' + job.total);
}

async function fetchInto(path, name) {
  download(name, await api(path), 'application/jsonl');
}

function jobsTable(jobs) {
  return table('Latest jobs', [
    ['Job', j => j.id], ['Model', j => j.model],
    ['State', j => el('span', { 'data-job-state': j.id, text: j.state })],
    ['Progress', progress],
    ['Failed', j => j.failed, true],
    ['Created', j => when(j.createdAt)],
    ['Results', j => j.finishedAt ? el('span', {},
      el('button', { type: 'button', class: 'secondary', onclick: () => fetchInto('/v1/jobs/' + j.id + '/results', j.id + '-results.jsonl') }, 'Results'), ' ',
      el('button', { type: 'button', class: 'secondary', onclick: () => fetchInto('/v1/jobs/' + j.id + '/errors', j.id + '-errors.jsonl') }, 'Errors')) : '']
  ], jobs, 'jobs');
}

function batchesTable(batches) {
  return table('Batches', [
    ['Batch', b => b.id], ['Endpoint', b => b.endpoint],
    ['Status', b => el('span', { 'data-batch-status': b.id, text: b.status })],
    ['Progress', b => el('span', {}, el('progress', { max: b.request_counts.total || 1,
      value: b.request_counts.completed + b.request_counts.failed, 'aria-label': 'Progress of batch ' + b.id }),
      ' ' + (b.request_counts.completed + b.request_counts.failed) + ' / ' + b.request_counts.total)],
    ['Output', b => b.output_file_id ? el('button', { type: 'button', class: 'secondary',
      onclick: () => fetchInto('/v1/files/' + b.output_file_id + '/content', b.id + '-output.jsonl') }, 'Output file') : ''],
    ['Errors', b => b.error_file_id ? el('button', { type: 'button', class: 'secondary',
      onclick: () => fetchInto('/v1/files/' + b.error_file_id + '/content', b.id + '-errors.jsonl') }, 'Error file') : '']
  ], batches, 'batches');
}

async function keysSection(box, changed, shown) {
  const keys = (await api('/v1/keys')).data;
  const label = el('input', { id: 'key-label', name: 'label', 'aria-describedby': 'key-label-error' });
  const error = el('span', { id: 'key-label-error', class: 'field-error', role: 'alert' });
  const form = el('form', { id: 'new-key', onsubmit: async event => {
    event.preventDefault();
    try {
      const made = await api('/v1/keys', { method: 'POST', body: label.value ? { label: label.value } : {} });
      await keysSection(box, changed, made);
      changed();
    } catch (e) {
      error.textContent = e.message;
      label.focus();
    }
  } }, el('label', { for: 'key-label', text: 'Label for a new key' }), label, error,
    el('button', { type: 'submit' }, 'Create key'));
  box.replaceChildren(
    shown ? el('p', { class: 'ok', role: 'status' }, 'New key (shown once): ', el('span', { class: 'secret', id: 'new-key-value', text: shown.api_key })) : '',
    table('API keys', [
      ['Key', k => k.prefix + '…'], ['Label', k => k.label || ''], ['Created', k => when(k.createdAt)],
      ['', k => el('button', { type: 'button', class: 'secondary', 'data-revoke': k.prefix,
        'aria-label': 'Revoke key ' + k.prefix, onclick: async () => {
          await api('/v1/keys/' + encodeURIComponent(k.prefix), { method: 'DELETE' });
          await keysSection(box, changed);
          changed(); // the usage names the key as revoked now
        } }, 'Revoke')]
    ], keys, 'keys'),
    form);
}

/** How a charge's key is shown: its label and prefix, "revoked" once it is gone, or "no key". */
function keyName(prefix, labels) {
  if (!prefix) return 'no key';
  if (!labels.has(prefix)) return prefix + '… (revoked)';
  const label = labels.get(prefix);
  return label ? label + ' (' + prefix + '…)' : prefix + '…';
}

function costPerDay(lines, days, by) {
  const names = [...new Set(lines.map(by))];
  return Object.fromEntries(names.map(n => [n, days.map(d => lines
    .filter(l => l.date === d && by(l) === n).reduce((sum, l) => sum + l.amountMicros / 1e6, 0))]));
}

async function usageSection(box, charts, viewer) {
  const [usage, keys] = await Promise.all([api('/v1/usage?customer=' + encodeURIComponent(viewer.id)),
    api('/v1/keys')]);
  const labels = new Map(keys.data.map(k => [k.prefix, k.label]));
  const days = [...new Set(usage.lines.map(l => l.date))];
  bars(charts.model, days, costPerDay(usage.lines, days, l => l.model), 'Cost per day and model');
  bars(charts.key, days, costPerDay(usage.lines, days, l => keyName(l.apiKey, labels)), 'Cost per day and API key');
  box.replaceChildren(table('Usage by day, model and API key', [
    ['Day', l => l.date], ['Model', l => l.model], ['API key', l => keyName(l.apiKey, labels)],
    ['Inputs', l => l.inputs, true],
    ['Tokens', l => (l.promptTokens + l.completionTokens).toLocaleString('en'), true],
    ['Cost', l => money(l.amountMicros) + ' ' + l.currency, true]
  ], usage.lines, 'usage'), table('Cost by API key', [
    ['API key', t => el('span', { 'data-key-cost': t.apiKey || '', text: keyName(t.apiKey, labels) })],
    ['Inputs', t => t.inputs, true],
    ['Tokens', t => (t.promptTokens + t.completionTokens).toLocaleString('en'), true],
    ['Cost', t => money(t.amountMicros) + ' ' + t.currency, true]
  ], usage.byKey, 'usage-keys'));
}

function limitsList(limits) {
  if (!limits) return el('p', { text: 'No limits are set for this account.' });
  return el('dl', { id: 'limits', class: 'limits' },
    el('dt', { text: 'Requests per second' }), el('dd', { text: String(limits.requestsPerSecond) }),
    el('dt', { text: 'Burst (requests at once)' }), el('dd', { text: String(limits.burst) }),
    el('dt', { text: 'Inputs per day' }), el('dd', { text: limits.inputsPerDay.toLocaleString('en') }));
}

export async function render(root, viewer) {
  const jobsBox = el('div', { 'aria-live': 'polite' });
  const batchesBox = el('div');
  const keysBox = el('div');
  const usageBox = el('div');
  const charts = {
    model: el('div', { class: 'chart', id: 'usage-model-chart', role: 'img', 'aria-label': 'Cost per day and model' }),
    key: el('div', { class: 'chart', id: 'usage-key-chart', role: 'img', 'aria-label': 'Cost per day and API key' })
  };
  root.append(section('Jobs', 'jobs-section', jobsBox), section('Batches', 'batches-section', batchesBox),
    section('API keys', 'keys-section', keysBox),
    section('Usage and cost', 'usage-section', charts.model, charts.key, usageBox),
    section('Limits', 'limits-section', limitsList(viewer.limits)));
  let listing = false;
  let finished = -1;
  let lastJobs = '';
  live(async snapshot => {
    const jobs = snapshot.jobs || [];
    const shown = JSON.stringify(jobs);
    if (shown !== lastJobs) { // redraw only on change, so keyboard focus stays where it is
      lastJobs = shown;
      jobsBox.replaceChildren(jobsTable(jobs));
    }
    const ended = jobs.filter(j => j.finishedAt).length;
    if (ended !== finished) { // a job ended: its charges are in the usage now
      finished = ended;
      usageSection(usageBox, charts, viewer).catch(e => console.warn('usage', e));
    }
    if (listing) return;
    listing = true;
    try {
      batchesBox.replaceChildren(batchesTable((await api('/v1/batches?limit=20')).data));
    } finally {
      listing = false;
    }
  });
  await keysSection(keysBox, () => usageSection(usageBox, charts, viewer).catch(e => console.warn('usage', e)));
}
