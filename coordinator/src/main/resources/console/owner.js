// The owner's page: my cars (live: every reason each may not compute now, its battery), each car's policy (edit,
// history), and my earnings by day as a table, a chart and a CSV file.
import { api, download, el, live, money, section, table, when } from '/console/console.js';
import { bars } from '/console/charts.js';
import { editor, showApplied } from '/console/policy.js';

function state(car) {
  if (car.revoked) return 'revoked';
  if (car.eligible === null) return 'not reported yet';
  if (car.eligible) return car.computing.length ? 'computing' : 'may compute now';
  return 'may not compute: ' + car.reason + (car.detail ? ' (' + car.detail + ')' : '');
}

// Every reason the car's policy gives now, from its latest report (the same list as `agent explain`).
function reasons(car) {
  const report = car.report;
  if (!report) return 'not reported yet';
  if (!report.reasons.length) return 'none: it may compute';
  return el('ul', { class: 'reasons', 'data-car-reasons': car.id },
    report.reasons.map(r => el('li', {}, el('code', { text: r.reason }), ' ' + (r.detail || ''))));
}

function battery(car) {
  const r = car.report;
  if (!r || r.stateOfChargePercent === null) return 'unknown';
  return el('span', { 'data-car-battery': car.id }, Math.round(r.stateOfChargePercent) + ' %'
    + (r.pluggedIn ? ', plugged in' : ', unplugged') + (r.charging ? ', charging' : ''));
}

function carsTable(cars) {
  return table('My cars, as each last reported', [
    ['Car', c => c.name],
    ['Hardware', c => c.hardwareClass],
    ['State', c => el('span', { 'data-car-state': c.id, text: state(c) })],
    ['Why not now', reasons],
    ['Battery', battery],
    ['Policy', c => c.report && c.report.policyVersion !== null ? 'version ' + c.report.policyVersion : 'own file'],
    ['Computing', c => c.computing.join(', ') || 'nothing'],
    ['Energy today (Wh)', c => c.energyTodayWh.toFixed(2), true],
    ['Last seen', c => when(c.lastSeenAt)]
  ], cars, 'cars');
}

const COLUMNS = [
  ['Day', l => l.date], ['Currency', l => l.currency], ['Verified inputs', l => l.verifiedInputs, true],
  ['Energy (kWh)', l => l.energyKwh.toFixed(4), true], ['Energy cost', l => money(l.energyCostMicros), true],
  ['Gross', l => money(l.grossMicros), true], ['Net', l => money(l.netMicros), true]
];

function csv(lines) {
  const head = 'date,currency,verified_inputs,energy_kwh,energy_cost,gross,net';
  return [head, ...lines.map(l => [l.date, l.currency, l.verifiedInputs, l.energyKwh, money(l.energyCostMicros),
    money(l.grossMicros), money(l.netMicros)].join(','))].join('\n') + '\n';
}

export async function render(root, viewer) {
  const carsBox = el('div', { 'aria-live': 'polite' });
  const policyBox = el('div');
  const choose = el('select', { id: 'policy-car', name: 'car' });
  const chooser = el('div', { class: 'field' }, el('label', { for: 'policy-car', text: 'Car' }), choose);
  const statementBox = el('div');
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': 'Net earnings per day' });
  root.append(section('My cars', 'my-cars', carsBox),
    section('Car policy', 'policy-section', chooser, policyBox),
    section('Earnings', 'earnings', chart, statementBox));
  let shown = '';
  let known = [];
  live(snapshot => {
    const cars = JSON.stringify(snapshot.cars || []);
    if (cars !== shown) { // redraw only on change, so keyboard focus stays where it is
      shown = cars;
      carsBox.replaceChildren(carsTable(snapshot.cars || []));
    }
    (snapshot.cars || []).forEach(c => showApplied(policyBox, c));
    const ids = (snapshot.cars || []).map(c => c.id);
    if (ids.join() !== known.map(c => c.id).join()) { // a car came or went: offer it in the policy editor
      const first = !known.length;
      known = snapshot.cars || [];
      const selected = choose.value;
      choose.replaceChildren(...known.map(c => el('option', { value: c.id, text: c.name + ' (' + c.id + ')' })));
      if (ids.includes(selected)) choose.value = selected;
      if (first && known.length) editor(policyBox, viewer.id, known[0]).catch(e => console.warn('policy', e));
    }
  });
  choose.addEventListener('change', () => {
    const car = known.find(c => c.id === choose.value);
    if (car) editor(policyBox, viewer.id, car).catch(e => console.warn('policy', e));
  });
  const statement = await api('/v1/owners/' + encodeURIComponent(viewer.id) + '/statement');
  const unpaid = statement.unpaid.map(m => money(m.micros) + ' ' + m.currency).join(', ');
  statementBox.append(
    el('p', { text: 'From ' + statement.from + ' to ' + statement.to + ' (UTC days). Unpaid: ' + (unpaid || 'nothing') + '.' }),
    table('Statement by day', COLUMNS, statement.days, 'statement'),
    table('Totals', COLUMNS, statement.totals, 'totals'),
    el('button', { type: 'button', id: 'export-csv', class: 'secondary',
      onclick: () => download('statement-' + viewer.id + '.csv', csv(statement.days)) }, 'Export CSV'));
  bars(chart, statement.days.map(l => l.date), {
    'net': statement.days.map(l => l.netMicros / 1e6),
    'energy cost': statement.days.map(l => l.energyCostMicros / 1e6)
  }, 'Earnings per day');
}
