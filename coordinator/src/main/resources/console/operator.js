// The operator's page: the fleet now (cars by hardware class, eligible and computing over time, the queue by
// model), and owner accounts (create, revoke).
import { api, el, live, section, table, when } from '/console/console.js';
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
    el('button', { type: 'button', class: 'secondary', onclick: () => ledgerSection(box) }, 'Check again'));
}

function trustTable(suspects) {
  return table('Cars on probation or in quarantine', [
    ['Car', t => t.name + ' (' + t.carId + ')'], ['Owner', t => t.ownerId], ['State', t => t.state],
    ['Strikes', t => t.strikes, true], ['Valid results', t => t.validResults, true],
    ['Invalid results', t => t.invalidResults, true], ['Canaries passed', t => t.canariesPassed, true],
    ['Since', t => when(t.updatedAt)],
    ['', t => t.revoked ? 'revoked' : el('button', { type: 'button', class: 'secondary',
      'aria-label': 'Revoke car ' + t.carId, onclick: () => api('/v1/cars/' + encodeURIComponent(t.carId) + '/revoke',
        { method: 'POST' }) }, 'Revoke')]
  ], suspects, 'trust');
}

export async function render(root) {
  const carsBox = el('div', { 'aria-live': 'polite' });
  const queueBox = el('div');
  const ownersBox = el('div');
  const ledgerBox = el('div');
  const trustBox = el('div');
  let trustShown = '';
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': 'Eligible and computing cars over time' });
  root.append(section('The fleet now', 'fleet', chart, carsBox, queueBox), section('Trust', 'trust-section', trustBox),
    section('Money', 'money', ledgerBox),
    section('Owners', 'owners-section', ownersBox));
  const history = { enrolled: [], eligible: [], computing: [] };
  live(snapshot => {
    const fleet = snapshot.fleet;
    const now = Date.now();
    for (const series of Object.keys(history)) {
      history[series].push([now, sum(fleet.cars, series)]);
      if (history[series].length > HISTORY) history[series].shift();
    }
    lines(chart, history, 'Cars over time');
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
