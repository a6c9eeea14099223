// The operator's page: the fleet now (cars by hardware class, eligible and computing over time, the queue by
// model, throughput and online latency), trust (reinstate, revoke), money (ledger health, owners' unpaid credit and
// payouts), and owner accounts (create, revoke, grants).
import { api, el, live, money, section, table, when } from '/console/console.js';
import { lines } from '/console/charts.js';

const HISTORY = 600; // points kept for the chart: ten minutes at one a second

function sum(rows, field) {
  return rows.reduce((total, row) => total + row[field], 0);
}

async function ownersSection(box, made, grant) {
  const owners = (await api('/v1/owners')).data;
  const id = el('input', { id: 'owner-id', name: 'id', required: true, 'aria-describedby': 'owner-id-error' });
  const name = el('input', { id: 'owner-name', name: 'name' });
  const error = el('span', { id: 'owner-id-error', class: 'field-error', role: 'alert' });
  const form = el('form', { id: 'new-owner', onsubmit: async event => {
    event.preventDefault();
    try {
      const created = await api('/v1/owners', { method: 'POST', body: { id: id.value, name: name.value || null } });
      await ownersSection(box, created);
    } catch (e) {
      error.textContent = e.message;
      id.focus();
    }
  } }, el('label', { for: 'owner-id', text: 'Owner id' }), id, error,
    el('label', { for: 'owner-name', text: 'Name' }), name, el('button', { type: 'submit' }, 'Create owner'));
  box.replaceChildren(
    made ? el('p', { class: 'ok', role: 'status' }, 'Owner key for ' + made.id + ' (shown once): ',
      el('span', { class: 'secret', text: made.owner_key })) : '',
    grant ? el('p', { class: 'ok', role: 'status' }, 'Enrollment grant for ' + grant.owner_id + ' (' + grant.max_uses
      + ' cars, shown once): ', el('span', { class: 'secret', id: 'grant-token', text: grant.enrollment_token })) : '',
    table('Owners', [
      ['Owner', o => o.id], ['Name', o => o.name], ['Key', o => o.key_prefix + '…'],
      ['Created', o => when(o.created_at * 1000)],
      ['Grant', o => o.revoked_at ? '' : el('button', { type: 'button', class: 'secondary', 'data-grant': o.id,
        'aria-label': 'Issue an enrollment grant for ' + o.id, onclick: async () => {
          const issued = await api('/v1/enrollment-tokens', { method: 'POST', body: { owner_id: o.id } });
          await ownersSection(box, null, issued);
        } }, 'Issue grant')],
      ['Revoked', o => o.revoked_at ? when(o.revoked_at * 1000) : el('button', { type: 'button', class: 'secondary',
        'aria-label': 'Revoke owner ' + o.id, onclick: async () => {
          await api('/v1/owners/' + encodeURIComponent(o.id) + '/revoke', { method: 'POST' });
          await ownersSection(box);
        } }, 'Revoke')]
    ], owners, 'owners'),
    form);
}

async function ledgerSection(box) {
  const health = await api('/v1/ledger/health');
  box.replaceChildren(
    el('p', { id: 'ledger-health', class: health.healthy ? 'ok' : 'error', role: 'status',
      text: health.healthy ? 'The ledger balances: every entry sums to zero and every check passes.'
        : 'The ledger needs attention: sum of entries ' + health.sumOfAllEntriesMicros + ' micro-units.' }),
    health.violations.length ? el('ul', {}, health.violations.map(v => el('li', { text: v }))) : '',
    table('Owners\' money', [
      ['Currency', m => m.currency], ['Unpaid credit', m => money(m.unpaidMicros), true],
      ['Paid out', m => money(m.paidOutMicros), true], ['In suspense (voided)', m => money(m.suspenseMicros), true]
    ], health.owners || [], 'owner-money'),
    el('button', { type: 'button', class: 'secondary', onclick: () => ledgerSection(box) }, 'Check again'));
}

function trustTable(suspects) {
  return table('Cars on probation or in quarantine', [
    ['Car', t => t.name + ' (' + t.carId + ')'], ['Owner', t => t.ownerId], ['State', t => t.state],
    ['Strikes', t => t.strikes, true], ['Valid results', t => t.validResults, true],
    ['Invalid results', t => t.invalidResults, true], ['Canaries passed', t => t.canariesPassed, true],
    ['Since', t => when(t.updatedAt)],
    ['Actions', t => el('span', { class: 'actions' },
      t.state === 'quarantined' && !t.revoked ? el('button', { type: 'button', class: 'secondary',
        'data-reinstate': t.carId, 'aria-label': 'Reinstate car ' + t.carId,
        onclick: () => act(t.carId, 'reinstate', 'reinstated: it starts again as a new car') }, 'Reinstate') : '',
      ' ',
      t.revoked ? 'revoked' : el('button', { type: 'button', class: 'secondary', 'data-revoke-car': t.carId,
        'aria-label': 'Revoke car ' + t.carId, onclick: () => act(t.carId, 'revoke', 'revoked') }, 'Revoke'))]
  ], suspects, 'trust');
}

const trustStatus = el('p', { id: 'trust-status', role: 'status' });

async function act(carId, action, done) {
  try {
    await api('/v1/cars/' + encodeURIComponent(carId) + '/' + action, { method: 'POST' });
    trustStatus.textContent = 'Car ' + carId + ' ' + done + '. The table catches up within ten seconds.';
  } catch (e) {
    trustStatus.textContent = 'Car ' + carId + ': ' + e.message;
  }
}

export async function render(root) {
  const carsBox = el('div', { 'aria-live': 'polite' });
  const queueBox = el('div');
  const ownersBox = el('div');
  const ledgerBox = el('div');
  const trustBox = el('div');
  let trustShown = '';
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': 'Eligible and computing cars over time' });
  const throughputChart = el('div', { class: 'chart', id: 'throughput-chart', role: 'img',
    'aria-label': 'Units leased and completed per second, and online requests answered per second, over time' });
  const latencyChart = el('div', { class: 'chart', id: 'latency-chart', role: 'img',
    'aria-label': 'Online latency per model over time, in milliseconds' });
  const latencyBox = el('div');
  root.append(section('The fleet now', 'fleet', chart, carsBox, queueBox),
    section('Throughput and latency', 'pulse', throughputChart, latencyChart, latencyBox),
    section('Trust', 'trust-section', trustStatus, trustBox),
    section('Money', 'money', ledgerBox),
    section('Owners', 'owners-section', ownersBox));
  const history = { enrolled: [], eligible: [], computing: [] };
  const throughput = { 'units leased/s': [], 'units completed/s': [], 'online answered/s': [] };
  const latency = {};
  const keep = (series, point) => { series.push(point); if (series.length > HISTORY) series.shift(); };
  live(snapshot => {
    const fleet = snapshot.fleet;
    const now = Date.now();
    for (const series of Object.keys(history)) keep(history[series], [now, sum(fleet.cars, series)]);
    lines(chart, history, 'Cars over time');
    const pulse = fleet.pulse || {};
    if (pulse.unitsLeasedPerSecond !== undefined) {
      keep(throughput['units leased/s'], [pulse.at, pulse.unitsLeasedPerSecond]);
      keep(throughput['units completed/s'], [pulse.at, pulse.unitsCompletedPerSecond]);
      keep(throughput['online answered/s'], [pulse.at, pulse.onlineAnsweredPerSecond]);
      lines(throughputChart, throughput, 'Queue throughput (per second)', false);
    }
    for (const model of pulse.online || []) keep(latency[model.model] ??= [], [pulse.at, model.meanMillis]);
    lines(latencyChart, latency, 'Online latency, moving average (ms)', false);
    latencyBox.replaceChildren(table('Online requests by model', [
      ['Model', m => m.model], ['Answered', m => m.answered, true], ['Latency (ms)', m => m.meanMillis.toFixed(1), true],
      ['Ready cars', m => m.readyCars, true]
    ], pulse.online || [], 'online'));
    carsBox.replaceChildren(table('Cars by hardware class', [
      ['Hardware class', c => c.hardwareClass], ['Enrolled', c => c.enrolled, true], ['Eligible', c => c.eligible, true],
      ['Computing', c => c.computing, true], ['Revoked', c => c.revoked, true]
    ], fleet.cars, 'fleet-cars'));
    queueBox.replaceChildren(table('Queue by model', [
      ['Model', q => q.model], ['State', q => q.state], ['Units', q => q.units, true], ['Inputs', q => q.inputs, true]
    ], fleet.queue, 'queue'));
    const trust = JSON.stringify(fleet.trust);
    if (trust !== trustShown) { // redraw only on change, so keyboard focus stays where it is
      trustShown = trust;
      trustBox.replaceChildren(trustTable(fleet.trust));
    }
  });
  await ownersSection(ownersBox);
  await ledgerSection(ledgerBox);
}
