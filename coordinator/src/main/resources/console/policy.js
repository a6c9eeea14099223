// The owner's policy editor for one car: every field of the policy file, checked by the coordinator with the same
// parser as the car's policy file; an error is shown next to its field and takes the focus. Saved versions are
// listed with who set them and when; the car applies the newest at once over its online channel, else on its next
// report.
import { api, el, table, when } from '/console/console.js';

// [field, label, kind, hint]; kinds: bool, number (null when empty), required number, text, windows, json.
const FIELDS = [
  ['optedIn', 'Let the car compute', 'bool'],
  ['requirePluggedIn', 'Only while plugged in', 'bool'],
  ['minStateOfChargePercent', 'Lowest state of charge (%)', 'required', '0 to 100'],
  ['chargeByDeparture', 'Charged by the next departure', 'bool'],
  ['departureMarginMinutes', 'Stop before departure (minutes)', 'required', '0 to 1440'],
  ['maxPackTemperatureC', 'Highest battery temperature (°C)', 'required'],
  ['maxComputeTemperatureC', 'Highest computer temperature (°C)', 'required'],
  ['thermalHysteresisC', 'Cool down by (°C) before computing again', 'required'],
  ['maxComputePowerWatts', 'Highest compute power (W)', 'required'],
  ['dailyEnergyBudgetKwh', 'Energy per day (kWh, empty: no limit)', 'number'],
  ['zone', 'Time zone', 'text', 'e.g. Europe/Berlin'],
  ['allowedWindows', 'Allowed hours (empty: any time)', 'windows', 'e.g. 22:00-07:00, 12:00-14:00'],
  ['tariff', 'Electricity tariff (JSON, empty: none)', 'json', '{"basePricePerKwh": 0.32, "bands": []}'],
  ['maxPricePerKwh', 'Highest price per kWh (empty: no limit)', 'number'],
  ['solarSurplusOnly', 'Only on solar surplus', 'bool'],
  ['wifiOnlyTransfers', 'Transfers over Wi-Fi only', 'bool'],
  ['monthlyCellularCapBytes', 'Cellular bytes per month (empty: no limit)', 'number']
];

function input(field, kind, value, hint) {
  const id = 'policy-' + field;
  const common = { id, name: field, 'aria-describedby': id + '-error' + (hint ? ' ' + id + '-hint' : '') };
  if (kind === 'bool') return el('input', { ...common, type: 'checkbox', checked: value === true });
  if (kind === 'json') return el('textarea', { ...common, rows: 3, spellcheck: 'false' },
    value === null || value === undefined ? '' : JSON.stringify(value));
  const shown = kind === 'windows' ? (value || []).join(', ') : (value ?? '');
  return el('input', { ...common, type: 'text', value: String(shown),
    inputmode: kind === 'required' || kind === 'number' ? 'decimal' : null });
}

// What the form says, as the policy file would: numbers where they read as numbers, else the text as typed, so
// the coordinator's error names the field and what it was.
function value(kind, node) {
  if (kind === 'bool') return node.checked;
  const text = node.value.trim();
  if (kind === 'windows') return text === '' ? [] : text.split(',').map(w => w.trim());
  if (kind === 'json') {
    if (text === '') return null;
    try { return JSON.parse(text); } catch (e) { return text; }
  }
  if (kind === 'text') return text;
  if (text === '') return null;
  return text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
}

function history(versions, applied) {
  return table('Saved versions, newest first', [
    ['Version', v => v.version, true],
    ['Set by', v => v.setBy],
    ['Set at', v => when(v.setAt)],
    ['On the car', v => el('span', { 'data-policy-version': v.version, text: applied === v.version ? 'applied' : '' })],
    ['Policy', v => el('details', {}, el('summary', { text: 'Show' }), el('pre', { text: JSON.stringify(v.policy, null, 1) }))]
  ], versions, 'policy-history');
}

function applying(version) {
  return 'The car applies ' + (version === null || version === undefined ? 'the policy file it was started with.'
    : 'version ' + version + '.');
}

/** Shows, without redrawing the form, which version the car reports it applies (from the live feed). */
export function showApplied(box, car) {
  if (box.dataset.car !== car.id) return;
  const version = car.report ? car.report.policyVersion : null;
  const line = box.querySelector('#policy-applied');
  if (line && line.textContent !== applying(version)) line.textContent = applying(version);
  for (const cell of box.querySelectorAll('[data-policy-version]')) {
    cell.textContent = Number(cell.dataset.policyVersion) === version ? 'applied' : '';
  }
}

/** Draws the editor for one car into box. */
export async function editor(box, ownerId, car) {
  const path = '/v1/owners/' + encodeURIComponent(ownerId) + '/cars/' + encodeURIComponent(car.id) + '/policy';
  const state = await api(path);
  const policy = state.current ? state.current.policy : state.defaults;
  const nodes = {};
  const errors = {};
  const status = el('p', { id: 'policy-status', role: 'status' });
  const rows = FIELDS.map(([field, label, kind, hint]) => {
    nodes[field] = input(field, kind, policy[field], hint);
    errors[field] = el('span', { id: 'policy-' + field + '-error', class: 'field-error', role: 'alert' });
    const labelled = el('label', { for: 'policy-' + field, text: label });
    const hinted = hint ? el('span', { id: 'policy-' + field + '-hint', class: 'hint', text: hint }) : null;
    return el('div', { class: kind === 'bool' ? 'field check' : 'field' },
      kind === 'bool' ? [nodes[field], labelled] : [labelled, nodes[field]], hinted, errors[field]);
  });
  const formError = el('p', { id: 'policy-policy-error', class: 'field-error', role: 'alert' });
  const form = el('form', { id: 'policy-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    Object.values(errors).forEach(e => { e.textContent = ''; });
    Object.values(nodes).forEach(n => n.removeAttribute('aria-invalid'));
    formError.textContent = '';
    const body = Object.fromEntries(FIELDS.map(([field, , kind]) => [field, value(kind, nodes[field])]));
    try {
      const saved = await api(path, { method: 'PUT', body });
      await editor(box, ownerId, car);
      box.querySelector('#policy-status').textContent = 'Saved as version ' + saved.version
        + '. The car applies it at once if it is online, else on its next report.';
    } catch (e) {
      const at = nodes[e.field];
      (at ? errors[e.field] : formError).textContent = e.message;
      if (at) { at.setAttribute('aria-invalid', 'true'); at.focus(); }
    }
  } }, el('fieldset', {}, el('legend', { text: 'Policy of ' + car.name }), rows), formError,
  el('button', { type: 'submit' }, 'Save policy'));
  box.dataset.car = car.id;
  box.replaceChildren(
    el('p', {}, state.current ? 'Version ' + state.current.version + ' set by ' + state.current.setBy + ' at '
      + when(state.current.setAt) + '. ' : 'No policy set here yet; the form shows the defaults. ',
      el('span', { id: 'policy-applied', role: 'status', text: applying(state.appliedVersion) })),
    form, status, state.history.length ? history(state.history, state.appliedVersion) : '');
}
