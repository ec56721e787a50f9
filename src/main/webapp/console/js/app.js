// The console's shell: sign-in, the header, and a hash router over the views.
import {api, session, whenUnauthorized, Problem} from './api.js';
import {h, show} from './dom.js';
import {toast} from './ui.js';
import {fleetView} from './fleet.js';
import {processView} from './process.js';
import {editorView} from './editor.js';
import {deadLettersView} from './dead-letters.js';
import {approvalsView} from './approvals.js';

const main = document.getElementById('main');
let current = null; // the view on screen: {close()}

const routes = [
  [/^#?\/?$/, () => fleetView(main)],
  [/^#\/deploy$/, () => editorView(main, null)],
  [/^#\/processes\/([^/]+)\/edit$/, (name) => editorView(main, decodeURIComponent(name))],
  [/^#\/processes\/([^/]+)$/, (name) => processView(main, decodeURIComponent(name))],
  [/^#\/dead-letters$/, () => deadLettersView(main)],
  [/^#\/approvals$/, () => approvalsView(main)],
];

function route() {
  current?.close?.();
  current = null;
  if (!session.get()) {
    signIn();
    return;
  }
  header();
  for (const [pattern, view] of routes) {
    const match = location.hash.match(pattern);
    if (match) {
      current = view(...match.slice(1));
      main.focus({preventScroll: true});
      return;
    }
  }
  show(main, h('h1', 'Not found'), h('p', h('a', {href: '#/'}, 'Back to the fleet')));
}

function header() {
  const me = session.get();
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = me.name;
  document.getElementById('who-role').textContent = me.role;
  for (const link of document.querySelectorAll('[data-role]')) link.hidden = !session.may(link.dataset.role);
}

function signIn() {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const error = h('p.error#sign-in-error', {role: 'alert'});
  const input = h('input#token', {type: 'password', name: 'token', autocomplete: 'current-password', required: true,
    'aria-describedby': 'token-help sign-in-error'});
  const form = h('form.card.sign-in', {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const me = await api('GET', 'me', {token: input.value.trim()});
        session.set({token: input.value.trim(), name: me.name, role: me.role});
        route();
      } catch (e) {
        error.textContent = e instanceof Problem && e.status === 401 ? 'That token is not valid.' : `Could not sign in: ${e.message}`;
        input.focus();
      }
    },
  },
  h('h1', 'Sign in'),
  h('label', {for: 'token'}, 'API token'),
  input,
  h('p.help#token-help', 'An admin, operator or viewer token. It stays in this tab only (session storage).'),
  error,
  h('button#sign-in', {type: 'submit'}, 'Sign in'));
  show(main, form);
  input.focus();
}

whenUnauthorized(() => {
  session.clear();
  toast('Signed out: the token is no longer valid.', 'error');
  route();
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.clear();
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);
route();
