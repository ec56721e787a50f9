// Deploy a new manifest or edit a process's: validation errors are listed by field and marked on
// the line where the field is written.
import {api, session} from './api.js';
import {h, show} from './dom.js';
import {clearToast, describe, toast} from './ui.js';
import {lineOf} from './manifest-lines.js';

const EXAMPLE = `# A process: what wakes it, which model it calls, which tools it may use.
name: hello-agent
description: Says hello when invoked
model: scripted          # the deterministic built-in model: plays the script below
script:
  - tool: state_set
    args: {key: greeted, value: "{{trigger.kind}}"}
  - reply: "Hello (woken by {{trigger.kind}})"
tools: [state_get, state_set]
triggers:
  - cron: "0 9 * * *"    # every day at 09:00 UTC
start: true
`;

export function editorView(main, name) {
  const editing = name !== null;
  const text = h('textarea#manifest', {spellcheck: 'false', wrap: 'off', rows: 24, 'aria-describedby': 'manifest-errors',
    'aria-label': 'Manifest (YAML)'});
  const gutter = h('pre.gutter', {'aria-hidden': 'true'});
  const errors = h('ul.errors#manifest-errors', {'aria-live': 'polite'});
  const outcome = h('p#manifest-outcome', {role: 'status'});
  let marked = new Map(); // line → reasons

  function paintGutter() {
    const count = text.value.split('\n').length;
    const lines = [];
    for (let i = 1; i <= count; i++) {
      lines.push(marked.has(i) ? h('span.bad', {title: marked.get(i).join('; ')}, `${i}\n`) : `${i}\n`);
    }
    show(gutter, lines);
    gutter.scrollTop = text.scrollTop;
  }

  function showErrors(problem) {
    clearToast();
    marked = new Map();
    const items = (problem.errors.length ? problem.errors : [{field: null, reason: problem.detail || problem.title}]).map((e) => {
      const line = e.field ? lineOf(text.value, e.field) : null;
      if (line) marked.set(line, [...(marked.get(line) || []), `${e.field} ${e.reason}`]);
      return h('li', {dataset: {field: e.field || ''}},
        e.field ? h('code.field', e.field) : null, ' ', e.reason, ' ',
        line ? h('button.link', {type: 'button', onclick: () => goTo(line)}, `line ${line}`) : null);
    });
    show(errors, items);
    text.setAttribute('aria-invalid', 'true');
    paintGutter();
  }

  function clearErrors() {
    marked = new Map();
    errors.replaceChildren();
    text.removeAttribute('aria-invalid');
    paintGutter();
  }

  function goTo(line) {
    const lines = text.value.split('\n');
    const from = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    text.focus();
    text.setSelectionRange(from, from + lines[line - 1].length);
    const height = text.scrollHeight / lines.length;
    text.scrollTop = Math.max(0, (line - 4) * height);
  }

  async function validate() {
    outcome.textContent = '';
    try {
      const result = await api('POST', 'processes/validate', {body: text.value, type: 'application/yaml'});
      clearErrors();
      outcome.textContent = `Valid: ${result.name}`;
      return true;
    } catch (e) {
      if (e.status === 400) showErrors(e);
      else toast(describe(e), 'error');
      return false;
    }
  }

  async function deploy() {
    outcome.textContent = '';
    try {
      const process = editing
        ? await api('PUT', `processes/${encodeURIComponent(name)}`, {body: text.value, type: 'application/yaml'})
        : await api('POST', 'processes', {body: text.value, type: 'application/yaml'});
      clearErrors();
      sessionStorage.removeItem(draftKey);
      toast(editing ? `${process.name} is now version ${process.version}` : `${process.name} deployed`);
      location.hash = `#/processes/${encodeURIComponent(process.name)}`;
    } catch (e) {
      if (e.status === 400) showErrors(e);
      else if (e.status === 409 && !editing) offerNewVersion(e);
      else toast(describe(e), 'error');
    }
  }

  /**
   * Deploying a manifest whose name is taken: say so in words and offer what `castellan deploy`
   * does (a new version of that process), instead of the API's "use PUT".
   */
  async function offerNewVersion(conflict) {
    let existing;
    try {
      const {name: taken} = await api('POST', 'processes/validate', {body: text.value, type: 'application/yaml'});
      existing = await api('GET', `processes/${encodeURIComponent(taken)}`);
    } catch (e) {
      toast(describe(conflict), 'error');
      return;
    }
    show(outcome,
      h('span#deploy-conflict', `A process named ${existing.name} already exists (version ${existing.version}, ${existing.state}). `),
      h('button#deploy-new-version', {type: 'button', onclick: () => newVersion(existing.name)},
        `Deploy as version ${existing.version + 1} of ${existing.name}`));
  }

  async function newVersion(taken) {
    try {
      const process = await api('PUT', `processes/${encodeURIComponent(taken)}`, {body: text.value, type: 'application/yaml'});
      sessionStorage.removeItem(draftKey);
      toast(`${process.name} is now version ${process.version}`);
      location.hash = `#/processes/${encodeURIComponent(process.name)}`;
    } catch (e) {
      if (e.status === 400) showErrors(e);
      else toast(describe(e), 'error');
    }
  }

  text.addEventListener('scroll', () => (gutter.scrollTop = text.scrollTop));
  text.addEventListener('input', () => {
    if (marked.size) clearErrors();
    else paintGutter();
  });
  const mayDeploy = session.may('admin');
  show(main,
    h('div.bar', h('h1', editing ? `Edit ${name}` : 'Deploy a process')),
    h('p.help', 'Write the manifest in YAML (see docs/manifest.md). Validate checks it without storing anything.',
      mayDeploy ? '' : ' Deploying needs an admin token.'),
    h('div.editor', gutter, text),
    errors,
    h('div.actions',
      session.may('operator') ? h('button#validate', {type: 'button', onclick: validate}, 'Validate') : null,
      mayDeploy ? h('button.primary#deploy', {type: 'button', onclick: deploy}, editing ? 'Save new version' : 'Deploy') : null,
      editing ? h('a.button', {href: `#/processes/${encodeURIComponent(name)}`}, 'Back') : null),
    outcome);

  // what is typed survives leaving the page (Back, the fleet, a reload) until it is deployed
  const draftKey = `castellan.draft.${editing ? name : ''}`;
  const draft = sessionStorage.getItem(draftKey);
  text.addEventListener('input', () => sessionStorage.setItem(draftKey, text.value));
  if (draft !== null) {
    text.value = draft;
  } else if (editing) {
    api('GET', `processes/${encodeURIComponent(name)}`)
      .then((p) => {
        text.value = p.manifest;
        paintGutter();
      })
      .catch((e) => toast(describe(e), 'error'));
  } else {
    text.value = EXAMPLE;
  }
  paintGutter();
  return {close() {}};
}
