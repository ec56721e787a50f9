// Every process at a glance, live from /fleet/stream; filter by name or state, sort by any column.
import {follow, session} from './api.js';
import {badge, duration, h, money, show, when} from './dom.js';

const COLUMNS = [
  ['name', 'Process', (p) => p.name],
  ['state', 'State', (p) => p.state],
  ['triggers', 'Triggers', (p) => (p.triggers || []).join(',')],
  ['last', 'Last invocation', (p) => p.last_invocation?.queued_at || ''],
  ['today', 'Today', (p) => p.invocations_today],
  ['cost', 'Cost today', (p) => Number(p.cost_today_usd || 0)],
  ['health', 'Health', (p) => p.health || ''],
];

export function fleetView(main) {
  const processes = new Map();
  const drawnRows = new Map(); // name → {text: the entry as JSON, el: its row}
  let sortKey = 'name';
  let ascending = true;

  const status = h('span.live', {role: 'status'}, 'connecting…');
  const filter = h('input#fleet-filter', {type: 'search', placeholder: 'name contains…', 'aria-label': 'Filter by name'});
  const stateFilter = h('select#fleet-state', {'aria-label': 'Filter by state'},
    ['', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED'].map((s) => h('option', {value: s}, s || 'any state')));
  const body = h('tbody');
  const heads = COLUMNS.map(([key, label]) => {
    const button = h('button.sort', {type: 'button', onclick: () => {
      ascending = sortKey === key ? !ascending : true;
      sortKey = key;
      render();
    }}, label);
    return h('th', {scope: 'col', dataset: {key}}, button);
  });
  const empty = h('p.empty', 'No processes yet.', session.may('admin') ? [' ', h('a', {href: '#/deploy'}, 'Deploy one')] : null);

  filter.addEventListener('input', render);
  stateFilter.addEventListener('change', render);

  function render() {
    const text = filter.value.trim().toLowerCase();
    const column = COLUMNS.find(([key]) => key === sortKey);
    const rows = [...processes.values()]
      .filter((p) => !text || p.name.toLowerCase().includes(text))
      .filter((p) => !stateFilter.value || p.state === stateFilter.value)
      .sort((a, b) => {
        const x = column[2](a);
        const y = column[2](b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
    for (const th of heads) th.setAttribute('aria-sort', th.dataset.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none');
    // rows are rebuilt only when their process changed and moved only when the order did, so
    // live updates do not take the keyboard focus away from a link in the table
    const wanted = rows.map((p) => {
      const text = JSON.stringify(p);
      let drawn = drawnRows.get(p.name);
      if (!drawn || drawn.text !== text) {
        const fresh = row(p);
        drawn?.el.replaceWith(fresh);
        drawn = {text, el: fresh};
        drawnRows.set(p.name, drawn);
      }
      return drawn.el;
    });
    for (const name of drawnRows.keys()) if (!processes.has(name)) drawnRows.delete(name);
    const same = wanted.length === body.children.length && wanted.every((el, i) => body.children[i] === el);
    if (!same) body.replaceChildren(...wanted);
    empty.hidden = processes.size > 0;
  }

  show(main,
    h('div.bar', h('h1', 'Fleet'), status),
    h('div.filters', filter, stateFilter),
    h('div.scroll', h('table#fleet', h('thead', h('tr', heads)), body)),
    empty);
  render();

  const stream = follow('fleet/stream', {
    onStatus: (s) => (status.textContent = s),
    onEvent: (event) => {
      if (event.type === 'process') processes.set(event.data.name, event.data);
      else if (event.type === 'removed') processes.delete(event.data.name);
      render();
    },
  });
  return stream;
}

function row(p) {
  const last = p.last_invocation;
  const budget = p.daily_cost_limit ? ` / ${money(p.daily_cost_limit)}` : '';
  const calls = p.daily_invocation_limit ? ` / ${p.daily_invocation_limit}` : '';
  return h('tr', {dataset: {process: p.name}},
    h('th', {scope: 'row'}, h('a', {href: `#/processes/${encodeURIComponent(p.name)}`}, p.name),
      p.mission ? h('div.sub', `mission: ${p.mission}`) : null),
    h('td', badge(p.state), p.state_reason ? h('div.sub', p.state_reason) : null,
      p.active_invocation ? h('div.sub', 'running now') : null),
    h('td', (p.triggers || []).join(', ') || '—'),
    h('td', last ? [badge(last.status), ' ', when(last.queued_at), ' · ', duration(last.duration_ms)] : '—'),
    h('td.num', `${p.invocations_today}${calls}`),
    h('td.num', `${money(p.cost_today_usd)}${budget}`),
    h('td', p.health ? badge(p.health) : '—'));
}
