// Approval requests: what agents wait for a person to decide. Pending ones first; an operator
// approves or rejects each with a comment the agent reads (a rejection must say why).
import {api, session} from './api.js';
import {h, json, show, when} from './dom.js';
import {action, describe, toast} from './ui.js';

export function approvalsView(main) {
  const list = h('div#approvals');
  const state = h('select#approval-state', {'aria-label': 'Which requests'},
    ['pending', 'approved', 'rejected', 'expired', 'withdrawn', 'all'].map((s) => h('option', {value: s}, s)));
  state.addEventListener('change', load);
  show(main, h('div.bar', h('h1', 'Approvals'), state), list);

  async function load() {
    try {
      const query = state.value === 'all' ? '' : `&state=${state.value}`;
      const page = await api('GET', `approvals?limit=200${query}`);
      show(list, page.items.length ? page.items.map(card) : h('p.empty', state.value === 'pending' ? 'Nothing waits for a decision.' : 'None.'));
    } catch (e) {
      show(list, h('p.error', describe(e)));
    }
  }

  function card(a) {
    const comment = h('textarea', {id: `comment-${a.id}`, rows: 2, maxlength: 4000, placeholder: 'Comment (required to reject)'});
    const decide = (verb) => action(verb === 'approve' ? 'Approve' : 'Reject', async () => {
      const text = comment.value.trim();
      if (verb === 'reject' && !text) {
        toast('Say why in the comment: the agent reads it.', 'error');
        comment.focus();
        return false;
      }
      await api('POST', `approvals/${encodeURIComponent(a.id)}/${verb}`, {body: text ? {comment: text} : {}});
      load();
    }, {kind: verb === 'reject' ? 'danger' : undefined, done: verb === 'approve' ? 'Approved: the agent goes on' : 'Rejected'});
    return h('section.card', {dataset: {approval: a.id}},
      h('h2', a.summary),
      h('p.sub',
        h('a', {href: `#/processes/${encodeURIComponent(a.process)}`}, a.process), ' · ',
        a.tool ? ['before ', h('code', a.tool), ' · '] : null,
        'asked ', when(a.requested_at), ' · ',
        a.state === 'pending' ? ['expires ', when(a.expires_at)] : [h('span.state', a.state), a.decided_by ? ` by ${a.decided_by}` : '',
          a.decided_via ? ` (${a.decided_via})` : '', ' ', when(a.decided_at)]),
      a.arguments ? [h('h3', 'Arguments'), h('pre', json(a.arguments))] : null,
      a.details ? [h('h3', 'Details'), h('pre', json(a.details))] : null,
      a.comment ? h('p', h('strong', 'Comment: '), a.comment) : null,
      a.state === 'pending' && session.may('operator') ? h('div.decide', comment, h('div.actions', decide('approve'), decide('reject'))) : null);
  }

  load();
  return {close() {}};
}
