// A process's long-term memory: its memories, newest first, or those nearest in meaning to a search
// (with their scores); operators store one and forget one.
import {api, session} from './api.js';
import {h, show, when} from './dom.js';
import {action, describe} from './ui.js';

export function memoryPanel(path) {
  const query = h('input#memory-query', {type: 'search', placeholder: 'Search by meaning', 'aria-label': 'Search the memories'});
  const list = h('table#memory-list');
  const text = h('textarea#memory-text', {rows: 2, 'aria-label': 'A memory to store'});
  let searched = '';
  const panel = h('section.card#memory', {'aria-labelledby': 'memory-title'},
    h('h2#memory-title', 'Memory'),
    h('form.actions', {onsubmit: (e) => { e.preventDefault(); searched = query.value.trim(); reload(); }},
      query, h('button#memory-search', {type: 'submit'}, 'Search')),
    list,
    session.may('operator') ? h('div', text, h('div.actions', action('Remember', async () => {
      const stored = await api('POST', `${path}/memories`, {body: {text: text.value}});
      text.value = '';
      await reload();
      return stored;
    }, {id: 'memory-store', done: (m) => `Remembered ${m.id}`}))) : null);

  async function reload() {
    try {
      const page = await api('GET', searched ? `${path}/memories?q=${encodeURIComponent(searched)}&limit=20` : `${path}/memories?limit=100`);
      if (!page.items.length) {
        show(list, h('tbody', h('tr', h('td', searched ? 'No memory matches.' : 'No memories yet.'))));
        return;
      }
      show(list,
        h('thead', h('tr', searched ? h('th', 'Score') : null, h('th', 'Memory'), h('th', 'Tags'), h('th', 'Stored'), h('th', 'By'), h('th', ''))),
        h('tbody', page.items.map((m) => h('tr', {dataset: {memory: m.id}},
          searched ? h('td', m.score.toFixed(3)) : null,
          h('td.memory-text', m.text),
          h('td', (m.tags || []).join(', ') || '—'),
          h('td', when(m.at)),
          h('td', m.source),
          h('td.actions', session.may('operator') ? action('Forget', async () => {
            await api('DELETE', `${path}/memories/${encodeURIComponent(m.id)}`);
            await reload();
          }, {done: 'Forgotten'}) : '')))));
    } catch (e) {
      show(list, h('tbody', h('tr', h('td.error', describe(e)))));
    }
  }

  return {panel, reload};
}
