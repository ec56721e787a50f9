// What every view shares: notices, problems as text, and buttons that call the API.
import {Problem} from './api.js';
import {h} from './dom.js';

export function toast(message, kind = 'ok') {
  const box = document.getElementById('toast');
  box.dataset.kind = kind;
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.textContent = ''), 6000);
}

/** Takes a message down at once: a newer answer shown in place (field errors) replaces it. */
export function clearToast() {
  clearTimeout(toast.timer);
  document.getElementById('toast').textContent = '';
}

/** A problem as the user should read it: title, detail and each field's reason. */
export function describe(error) {
  if (!(error instanceof Problem)) return error.message;
  const fields = error.errors.map((e) => `${e.field}: ${e.reason}`).join('; ');
  return [error.title, error.detail, fields].filter(Boolean).join(' — ');
}

/** A button that runs an API call, disables itself meanwhile and reports the outcome (none when run returns false: the user backed out). */
export function action(label, run, {id, done, kind} = {}) {
  const button = h('button', {type: 'button', id, dataset: kind ? {kind} : undefined});
  button.textContent = label;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const result = await run();
      if (done && result !== false) toast(typeof done === 'function' ? done(result) : done);
    } catch (e) {
      toast(describe(e), 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
