// Triggers that could not be run: listed oldest first, replayed or discarded by an operator.
import {api, session} from './api.js';
import {h, json, show, when} from './dom.js';
import {action, describe} from './ui.js';

export function deadLettersView(main) {
  const list = h('div#dead-letters');
  show(main, h('div.bar', h('h1', 'Dead letters')), list);

  async function load() {
    try {
      const page = await api('GET', 'dead-letters?limit=200');
      const operator = session.may('operator');
      show(list, page.items.length ? h('div.scroll', h('table',
        h('thead', h('tr', ['Process', 'Reason', 'Attempts', 'When', 'Trigger', ''].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', page.items.map((d) => h('tr', {dataset: {deadLetter: d.id}},
          h('td', d.process && d.process_exists ? h('a', {href: `#/processes/${encodeURIComponent(d.process)}`}, d.process)
            : d.process ? [d.process, h('div.sub', 'deleted')] : '—'),
          h('td', d.reason),
          h('td.num.attempts', d.attempts ?? '—'),
          h('td', when(d.at)),
          h('td', h('code', json(d.trigger))),
          h('td.actions', operator ? [
            // a deleted process's trigger has nowhere to run: it can only be discarded
            !d.process_exists ? null : action('Replay', async () => {
              await api('POST', `dead-letters/${encodeURIComponent(d.id)}/replay`);
              load();
            }, {done: 'Replayed: a new invocation is queued'}),
            action('Discard', async () => {
              await api('DELETE', `dead-letters/${encodeURIComponent(d.id)}`);
              load();
            }, {kind: 'danger', done: 'Discarded'}),
          ] : null)))))) : h('p.empty', 'No dead letters.'));
    } catch (e) {
      show(list, h('p.error', describe(e)));
    }
  }

  load();
  return {close() {}};
}
