// One process: its actions, a live journal tail, invocations with their steps, state with each
// key's history, its memory, budget with a daily chart, health alerts and mission progress.
import {api, follow, session} from './api.js';
import {badge, duration, h, invocationBadge, json, money, shortId, show, when} from './dom.js';
import {action, describe} from './ui.js';
import {invocationDetail} from './invocation.js';
import {activityChart} from './chart.js';
import {talkPanel} from './talk.js';
import {versionsPanel} from './versions.js';
import {memoryPanel} from './memory.js';

const JOURNAL_KEPT = 500;
// the transitions an operator is offered from each state
const VERBS = {RUNNING: ['pause', 'stop'], PAUSED: ['resume', 'stop'], STOPPED: ['start'], FAILED: ['start', 'stop']};

export function processView(main, name) {
  const path = `processes/${encodeURIComponent(name)}`;
  const versions = versionsPanel(path, () => loadSummary());
  const memory = memoryPanel(path);
  const parts = {
    summary: h('section.card.summary#summary', {'aria-label': 'Process'}),
    invoke: h('section.card#invoke', {'aria-labelledby': 'invoke-title'}),
    // operators talk to it: a message for its inbox, a question
    talk: session.may('operator') ? talkPanel(path) : h('section#talk', {hidden: true}),
    journal: h('section.card.journal#journal', {'aria-labelledby': 'journal-title'}),
    invocations: h('section.card#invocations', {'aria-labelledby': 'invocations-title'}),
    detail: h('section.card#invocation', {'aria-live': 'polite', hidden: true}),
    state: h('section.card#state', {'aria-labelledby': 'state-title'}),
    budget: h('section.card#budget', {'aria-labelledby': 'budget-title'}),
    health: h('section.card#health', {'aria-labelledby': 'health-title'}),
    mission: h('section.card#mission', {'aria-labelledby': 'mission-title', hidden: true}),
    memory: memory.panel,
    versions: versions.panel,
  };
  let chart = null;
  let openInvocation = null;
  let closed = false;

  show(main, h('div.process', Object.values(parts)));

  let hasMission = null;
  async function loadSummary() {
    try {
      const p = await api('GET', path);
      renderSummary(p);
      // a mission is asked for only when the manifest has one: a 404 for each process without one was noise
      const had = hasMission;
      hasMission = /^mission\s*:/m.test(p.manifest || '');
      if (had !== hasMission) loadMission();
    } catch (e) {
      show(parts.summary, h('h1', name), h('p.error', {role: 'alert'}, describe(e)));
      if (e.status === 404) {
        // no such process: nothing to invoke, list or follow
        Object.entries(parts).forEach(([key, part]) => (part.hidden = key !== 'summary'));
        closed = true;
        stream.close();
      }
    }
  }

  let shownSummary = null;
  let shownVersion = null;
  function renderSummary(p) {
    if (p.version !== shownVersion) {
      // a new version (deployed here or anywhere else): its row in the versions panel
      shownVersion = p.version;
      versions.reload();
    }
    // redrawn only when something changed, so the buttons (and the keyboard focus) stay put
    const text = JSON.stringify(p);
    if (text === shownSummary) return;
    shownSummary = text;
    const operator = session.may('operator');
    const transition = (verb) => action(verb[0].toUpperCase() + verb.slice(1),
      async () => renderSummary(await api('POST', `${path}/${verb}`)), {id: `action-${verb}`, done: `${name}: ${verb}`});
    show(parts.summary,
      h('div.bar', h('h1', p.name), h('span#process-state', badge(p.state)),
        p.state_reason ? h('span.sub#state-reason', p.state_reason) : null),
      p.description ? h('p', p.description) : null,
      h('dl.facts',
        h('dt', 'Version'), h('dd', p.version),
        h('dt', 'Model'), h('dd', p.model),
        h('dt', 'Triggers'), h('dd', (p.triggers || []).map((t) => [t.kind, t.schedule || t.path || t.topic || (t.from ? `from ${t.from.join(', ') || 'any process'}` : '')]).map((t) => t.join(' ').trim()).join(', ') || '—'),
        h('dt', 'Running now'), h('dd', p.active_invocation
          ? h('a', {href: '#', onclick: (e) => { e.preventDefault(); openDetail(p.active_invocation); }}, p.active_invocation) : '—'),
        h('dt', 'Failures in a row'), h('dd', p.consecutive_failures)),
      operator ? h('div.actions', (VERBS[p.state] || []).map(transition),
        session.may('admin') ? h('a.button#action-edit', {href: `#/${path}/edit`}, 'Edit manifest') : null,
        session.may('admin') ? action('Delete', async () => {
          if (!confirm(`Delete ${name} with its invocations, journal and state?`)) return false;
          await api('DELETE', path);
          location.hash = '#/';
        }, {id: 'action-delete', kind: 'danger', done: `${name} deleted`}) : null) : null);
  }

  function renderInvoke() {
    if (!session.may('operator')) {
      parts.invoke.hidden = true;
      return;
    }
    const payload = h('textarea#invoke-payload', {rows: 3, spellcheck: 'false', 'aria-describedby': 'invoke-error'});
    payload.value = '{}';
    const error = h('p.error#invoke-error', {role: 'alert'});
    const outcome = h('p#invoke-outcome');
    show(parts.invoke,
      h('h2#invoke-title', 'Invoke'),
      h('label', {for: 'invoke-payload'}, 'Payload (a JSON object: trigger.payload)'),
      payload, error,
      h('div.actions', action('Invoke', async () => {
        error.textContent = '';
        let body;
        try {
          body = JSON.parse(payload.value || '{}');
        } catch (e) {
          error.textContent = `payload: not JSON (${e.message})`;
          payload.setAttribute('aria-invalid', 'true');
          return;
        }
        payload.removeAttribute('aria-invalid');
        try {
          const queued = await api('POST', `${path}/invocations`, {body});
          show(outcome, 'Queued ', h('a', {href: '#', onclick: (e) => { e.preventDefault(); openDetail(queued.id); }}, queued.id));
          refreshSoon('invocations');
        } catch (e) {
          error.textContent = describe(e);
        }
      }, {id: 'invoke-button'})),
      outcome);
  }

  // the live journal: the last entries, then every new one as it commits
  const entries = h('ol.entries#journal-entries', {'aria-live': 'off'});
  const liveStatus = h('span.live#journal-status', {role: 'status'}, 'connecting…');
  let lastSeq = 0;
  show(parts.journal, h('div.bar', h('h2#journal-title', 'Journal'), liveStatus), h('div.tail', entries));

  function onJournal(event) {
    const e = event.data;
    if (e.seq <= lastSeq) return;
    lastSeq = e.seq;
    const tail = entries.parentElement;
    const atBottom = tail.scrollHeight - tail.scrollTop - tail.clientHeight < 40;
    entries.append(h('li', {dataset: {seq: e.seq, type: e.type}},
      h('span.seq', e.seq), h('time', {datetime: e.at}, when(e.at)), h('span.type', e.type),
      e.invocationId ? h('a.inv', {href: '#', onclick: (ev) => { ev.preventDefault(); openDetail(e.invocationId); }}, shortId(e.invocationId)) : null,
      h('code.data', abbreviate(e.data))));
    while (entries.childElementCount > JOURNAL_KEPT) entries.firstElementChild.remove();
    if (atBottom) tail.scrollTop = tail.scrollHeight;
    react(e);
  }

  // what a journal entry changes on screen
  function react(e) {
    if (e.type.startsWith('PROCESS_') || e.type.startsWith('INVOCATION_') || e.type.startsWith('HEALTH_')
      || e.type.startsWith('BUDGET_') || e.type.startsWith('MISSION_')) {
      refreshSoon('summary', 'invocations', 'budget', 'health', 'mission');
    }
    if (e.type === 'TRIGGER_RECEIVED') refreshSoon('invocations');
    if (e.type === 'STATE_CHANGED') refreshSoon('state');
    if (e.type.startsWith('MEMORY_') && e.type !== 'MEMORY_RECALLED') refreshSoon('memory');
    if (openInvocation && e.invocationId === openInvocation) refreshSoon('detail');
  }

  const pending = new Set();
  let timer = null;
  function refreshSoon(...what) {
    what.forEach((w) => pending.add(w));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = [...pending];
      pending.clear();
      if (closed) return;
      const loaders = {summary: loadSummary, invocations: loadInvocations, state: loadState, budget: loadBudget,
        health: loadHealth, mission: loadMission, memory: memory.reload, detail: () => openInvocation && openDetail(openInvocation, false)};
      now.forEach((w) => loaders[w]());
    }, 300);
  }

  async function loadInvocations() {
    try {
      const page = await api('GET', `${path}/invocations?limit=20`);
      show(parts.invocations, h('h2#invocations-title', 'Invocations'),
        page.items.length ? h('div.scroll', h('table#invocation-list',
          h('thead', h('tr', ['Invocation', 'Status', 'Trigger', 'Queued', 'Took'].map((c) => h('th', {scope: 'col'}, c)))),
          h('tbody', page.items.map((i) => h('tr', {dataset: {invocation: i.id, status: i.status}},
            h('td', h('a', {href: '#', onclick: (e) => { e.preventDefault(); openDetail(i.id); }}, shortId(i.id))),
            h('td', invocationBadge(i)),
            h('td', i.trigger?.kind || '—'),
            h('td', when(i.queued_at)),
            h('td.num', duration(i.duration_ms))))))) : h('p.empty', 'No invocations yet.'));
    } catch (e) {
      show(parts.invocations, h('h2#invocations-title', 'Invocations'), h('p.error', describe(e)));
    }
  }

  // the answer being written, read from the invocation's live stream while it runs: kept here, so
  // that a reload of the detail (each journal entry brings one) shows it again
  let live = null;
  function followLive(id) {
    if (live?.id === id) return;
    stopLive();
    live = {id, turn: null, text: ''};
    live.follower = follow(`invocations/${encodeURIComponent(id)}/stream`, {
      onEvent: (event) => {
        if (!live || live.id !== id) return;
        if (event.type === 'token') {
          if (event.data.turn !== live.turn) live.text = '';
          live.turn = event.data.turn;
          live.text += event.data.text;
        } else if (event.type === 'retry' || event.type === 'answer') {
          // a call made again starts over; a whole answer is in the journal, which the detail shows
          live.text = '';
        } else if (event.type === 'end') {
          stopLive();
          refreshSoon('detail');
        }
        paintLive();
      },
    });
  }
  function stopLive() {
    live?.follower?.close();
    live = null;
  }
  function paintLive() {
    const text = parts.detail.querySelector('#invocation-live');
    if (!text) return;
    text.textContent = live?.text || '';
    text.closest('.live').hidden = !live?.text;
  }

  async function openDetail(id, focus = true) {
    openInvocation = id;
    parts.detail.hidden = false;
    try {
      const invocation = await api('GET', `invocations/${encodeURIComponent(id)}`);
      show(parts.detail, invocationDetail(invocation, {
        close: () => {
          openInvocation = null;
          stopLive();
          parts.detail.hidden = true;
        },
        cancel: async () => {
          await api('POST', `invocations/${encodeURIComponent(id)}/cancel`);
          refreshSoon('detail', 'invocations');
        },
      }));
      if (['QUEUED', 'RUNNING', 'WAITING'].includes(invocation.status)) followLive(id);
      else if (live?.id === id) stopLive();
      paintLive();
      if (focus) parts.detail.querySelector('h2')?.focus();
    } catch (e) {
      show(parts.detail, h('p.error', describe(e)));
    }
  }

  // the key whose history is open: a reload of the panel (the journal's backlog at page open, a new
  // value) opens it again instead of wiping what the user clicked
  let historyKey = null;
  async function loadState() {
    try {
      const state = await api('GET', `${path}/state`);
      const history = h('div#state-history');
      if (historyKey !== null) keyHistory(historyKey, history);
      show(parts.state, h('h2#state-title', 'State'),
        state.items.length ? h('div.scroll', h('table#state-keys',
          h('thead', h('tr', ['Key', 'Value', 'Updated'].map((c) => h('th', {scope: 'col'}, c)))),
          h('tbody', state.items.map((s) => h('tr', {dataset: {key: s.key}},
            h('td', h('button.link', {type: 'button', 'aria-label': `History of ${s.key}`,
              onclick: () => keyHistory(s.key, history)}, s.key)),
            h('td', h('code', json(s.value))),
            h('td', when(s.updated_at))))))) : h('p.empty', 'Nothing stored yet.'),
        history);
    } catch (e) {
      show(parts.state, h('h2#state-title', 'State'), h('p.error', describe(e)));
    }
  }

  async function keyHistory(key, into) {
    historyKey = key;
    try {
      const page = await api('GET', `${path}/state/${encodeURIComponent(key)}/history?limit=50`);
      show(into, h('h3', `History of ${key}`), h('ol.history', page.items.map((item) =>
        h('li', h('time', {datetime: item.at}, when(item.at)), ' ', h('code', json(item.value)), ' ', h('span.sub', item.source)))));
    } catch (e) {
      show(into, h('p.error', describe(e)));
    }
  }

  async function loadBudget() {
    try {
      const [budget, activity] = await Promise.all([api('GET', `${path}/budget`), api('GET', `${path}/activity?days=14`)]);
      const cost = budget.cost_usd;
      const calls = budget.invocations;
      const canvas = h('canvas#activity-chart', {role: 'img', 'aria-label': 'Invocations and cost per day, last 14 days'});
      show(parts.budget, h('h2#budget-title', 'Budget and activity'),
        h('dl.facts',
          h('dt', 'Cost today'), h('dd#budget-cost', `${money(cost?.used)}${cost?.limit ? ` of ${money(cost.limit)}` : ' (no limit)'}`),
          h('dt', 'Invocations today'), h('dd#budget-invocations', `${calls?.used ?? 0}${calls?.limit ? ` of ${calls.limit}` : ' (no limit)'}`),
          cost?.limit || calls?.limit ? [h('dt', 'When exceeded'), h('dd', budget.on_exceeded)] : null),
        h('div.chart', canvas),
        h('details', h('summary', 'Per day'), h('table.compact#activity-table',
          h('thead', h('tr', ['Day', 'Invocations', 'Failed', 'Cost'].map((c) => h('th', {scope: 'col'}, c)))),
          h('tbody', activity.days.map((d) => h('tr', h('td', d.date), h('td.num', d.invocations), h('td.num', d.failed), h('td.num', money(d.cost_usd))))))));
      chart?.destroy();
      chart = activityChart(canvas, activity.days);
    } catch (e) {
      show(parts.budget, h('h2#budget-title', 'Budget and activity'), h('p.error', describe(e)));
    }
  }

  async function loadHealth() {
    try {
      const health = await api('GET', `${path}/health`);
      show(parts.health, h('h2#health-title', 'Health'), h('p', badge(health.status)),
        health.alerts?.length ? h('ol.alerts', health.alerts.map((a) => h('li', h('time', {datetime: a.at}, when(a.at)), ' ',
          h('strong', a.details?.detector || 'alert'), ' ', a.details?.description || '', ' ',
          a.invocation ? h('span.sub', `invocation ${shortId(a.invocation)}`) : null))) : h('p.empty', 'No alerts.'));
    } catch (e) {
      show(parts.health, h('h2#health-title', 'Health'), h('p.error', describe(e)));
    }
  }

  async function loadMission() {
    if (!hasMission) {
      parts.mission.hidden = true;
      return;
    }
    parts.mission.hidden = false;
    try {
      const m = await api('GET', `${path}/mission`);
      const last = m.last_evaluation;
      const of = m.max_invocations ? ` of ${m.max_invocations}` : '';
      show(parts.mission, h('h2#mission-title', 'Mission'),
        h('p', m.objective), h('p', badge(m.status)),
        h('dl.facts',
          h('dt', 'Invocations'), h('dd', `${m.invocations}${of}`),
          h('dt', 'Evaluations'), h('dd', m.evaluations),
          h('dt', 'Deadline'), h('dd', when(m.deadline)),
          last ? [h('dt', 'Progress'), h('dd', h('meter#mission-progress', {min: 0, max: 1, value: last.progress ?? 0}),
            ` ${Math.round((last.progress ?? 0) * 100)} %`)] : null,
          last ? [h('dt', 'Confidence'), h('dd', `${last.confidence ?? '—'} (needs ${m.confidence_threshold})`)] : null),
        last?.reasoning ? h('p.sub', last.reasoning) : null);
    } catch (e) {
      if (e.status === 404) parts.mission.hidden = true;
      else show(parts.mission, h('h2#mission-title', 'Mission'), h('p.error', describe(e)));
    }
  }

  loadSummary();
  renderInvoke();
  loadInvocations();
  loadState();
  memory.reload();
  loadBudget();
  loadHealth();
  const stream = follow(`${path}/journal/stream`, {
    onEvent: (event) => event.type === 'journal' && onJournal(event),
    onStatus: (s) => (liveStatus.textContent = s),
  });
  return {
    close() {
      closed = true;
      stream.close();
      stopLive();
      chart?.destroy();
    },
  };
}

function abbreviate(data) {
  if (data === null || data === undefined) return '';
  const text = JSON.stringify(data);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
