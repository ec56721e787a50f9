// One invocation: each model turn (tokens, cost), and under it each step as the model's intent
// beside what the host's execution gave; with plan_act_reflect, the plan, each step's expectation
// beside its result, and the reflection.
import {session} from './api.js';
import {badge, duration, h, invocationBadge, json, money, shortId, when} from './dom.js';
import {action} from './ui.js';

export function invocationDetail(inv, {close, cancel}) {
  const running = inv.status === 'QUEUED' || inv.status === 'RUNNING' || inv.status === 'WAITING';
  const turns = new Map();
  for (const call of inv.model_calls || []) turns.set(call.turn, {call, steps: []});
  for (const step of inv.steps || []) {
    if (!turns.has(step.turn)) turns.set(step.turn, {call: null, steps: []});
    turns.get(step.turn).steps.push(step);
  }
  // plan_act_reflect: what the model expected of each side effect, beside what happened
  const expecting = (inv.steps || []).some((s) => s.expected);
  const rows = [];
  for (const [turn, {call, steps}] of [...turns.entries()].sort((a, b) => a[0] - b[0])) {
    rows.push(h('tr.turn', h('th', {colspan: expecting ? 5 : 4, scope: 'rowgroup'}, `Turn ${turn}`, call ? modelLine(call) : null)));
    for (const step of steps) {
      rows.push(h('tr.step', {dataset: {step: step.index}},
        h('td', h('strong', step.intent?.tool || '?'), h('pre', json(step.intent?.args ?? {}))),
        expecting ? h('td.expected', step.expected || '—') : null,
        h('td', step.error ? h('pre.error', step.error) : h('pre', json(step.result ?? null))),
        h('td.num', duration(step.duration_ms)),
        h('td', step.error ? badge('failed') : badge('ok'))));
    }
  }
  return [
    h('div.bar', h('h2#invocation-title', {tabindex: -1}, `Invocation ${shortId(inv.id)}`), invocationBadge(inv),
      inv.cancel_requested ? h('span.sub', 'cancel requested') : null,
      h('div.actions', running && session.may('operator') ? action('Cancel', cancel, {id: 'action-cancel', done: 'Cancel requested'}) : null,
        h('button', {type: 'button', onclick: close}, 'Close'))),
    h('dl.facts',
      h('dt', 'Id'), h('dd', h('code', inv.id)),
      h('dt', 'Trigger'), h('dd', inv.trigger?.kind || '—', inv.trigger?.payload ? [' ', h('code', json(inv.trigger.payload))] : null),
      h('dt', 'Queued'), h('dd', when(inv.queued_at)),
      h('dt', 'Took'), h('dd', duration(inv.duration_ms)),
      h('dt', 'Manifest version'), h('dd', inv.version ?? '—')),
    inv.plan ? h('div.plan', h('h3', 'Plan'), h('ol#invocation-plan', inv.plan.map((step) => h('li', step)))) : null,
    rows.length ? h('div.scroll', h('table.steps#steps',
      h('thead', h('tr', ['Intent: the model asked for', expecting ? 'Expected' : null, 'Execution: the host gave', 'Took', '']
        .filter((c) => c !== null).map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', rows))) : h('p.empty', 'No steps yet.'),
    running ? h('div.reply.live', {hidden: true}, h('h3', 'Being written'), h('p#invocation-live', {'aria-live': 'polite'})) : null,
    inv.reply ? h('div.reply', h('h3', 'Reply'), h('p#invocation-reply', inv.reply)) : null,
    inv.error ? h('div.reply', h('h3', 'Error'), h('p.error#invocation-error', inv.error)) : null,
    inv.reflection ? h('div.reply', h('h3', 'Reflection'), h('p#invocation-reflection', inv.reflection)) : null,
  ];
}

function modelLine(call) {
  const u = call.usage;
  const said = call.tool_calls ? `${call.tool_calls} tool call${call.tool_calls > 1 ? 's' : ''}` : 'a reply';
  const tokens = u ? ` · ${u.input_tokens} in / ${u.output_tokens} out tokens · ${money(u.cost_usd)}` : '';
  return h('span.sub', ` — ${u?.model || 'scripted'} asked for ${said}${tokens}`);
}
