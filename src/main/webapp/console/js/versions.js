// A process's versions: when, by whom and why each was deployed, the diff of one against the one
// before it, and (for operators) a rollback to an earlier one, which deploys it again as a new version.
import {api, session} from './api.js';
import {h, show, when} from './dom.js';
import {action, describe} from './ui.js';

export function versionsPanel(path, onRolledBack) {
  const list = h('table#versions-list');
  const diff = h('pre#version-diff', {hidden: true, 'aria-live': 'polite'});
  const panel = h('section.card#versions', {'aria-labelledby': 'versions-title'},
    h('h2#versions-title', 'Versions'), list, diff);

  async function showDiff(from, to) {
    diff.hidden = false;
    try {
      const d = await api('GET', `${path}/versions/${from}/diff/${to}`);
      diff.textContent = d.diff || `versions ${from} and ${to} are the same`;
    } catch (e) {
      diff.textContent = describe(e);
    }
  }

  async function reload() {
    try {
      const page = await api('GET', `${path}/versions?limit=50`);
      show(list,
        h('thead', h('tr', h('th', 'Version'), h('th', 'Deployed'), h('th', 'By'), h('th', 'Why'), h('th', ''))),
        h('tbody', page.items.map((v) => h('tr', {dataset: {version: String(v.version)}},
          h('td', String(v.version), v.current ? ' (current)' : ''),
          h('td', when(v.created_at)),
          h('td', v.created_by || '—'),
          h('td', v.reason || '—'),
          h('td.actions',
            v.version > 1 ? action(`Diff with ${v.version - 1}`, () => showDiff(v.version - 1, v.version)) : '',
            !v.current && session.may('operator')
              ? action('Roll back to this', async () => {
                  const p = await api('POST', `${path}/versions/${v.version}/rollback`);
                  await reload();
                  onRolledBack();
                  return p;
                }, {done: (p) => `Version ${p.version} deployed with the manifest of version ${v.version}`})
              : '')))));
    } catch (e) {
      show(list, h('tbody', h('tr', h('td.error', describe(e)))));
    }
  }

  return {panel, reload};
}
