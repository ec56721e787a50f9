// Talking to a running process: a message for its inbox (its model reads it at the start of its
// next turn, highest priority first, once) and a question it answers (an invocation of kind ask).
import {api} from './api.js';
import {h, json, show} from './dom.js';
import {action, describe} from './ui.js';

export function talkPanel(path) {
  const panel = h('section.card#talk', {'aria-labelledby': 'talk-title'});
  const text = h('textarea#message-text', {rows: 2, maxlength: 262144, 'aria-describedby': 'message-error'});
  const priority = h('select#message-priority', ['normal', 'high', 'low'].map((p) => h('option', {value: p}, p)));
  const ttl = h('input#message-ttl', {placeholder: '24h', size: 6, 'aria-describedby': 'message-error'});
  const messageError = h('p.error#message-error', {role: 'alert'});
  const pending = h('ol#inbox-pending');
  const question = h('textarea#ask-question', {rows: 2, 'aria-describedby': 'ask-answer'});
  const answer = h('div#ask-answer', {'aria-live': 'polite'});

  async function loadPending() {
    try {
      const page = await api('GET', `${path}/inbox`);
      show(pending, page.items.map((m) => h('li', h('span.badge', m.priority), ' ', m.message)));
    } catch (e) {
      show(pending, h('li.error', describe(e)));
    }
  }

  show(panel,
    h('h2#talk-title', 'Talk to it'),
    h('label', {for: 'message-text'}, 'Message (read at its next turn)'), text,
    h('div.actions',
      h('label', {for: 'message-priority'}, 'Priority'), priority,
      h('label', {for: 'message-ttl'}, 'Expires after'), ttl,
      action('Send', async () => {
        messageError.textContent = '';
        const body = {message: text.value, priority: priority.value};
        if (ttl.value.trim()) body.ttl = ttl.value.trim();
        try {
          await api('POST', `${path}/inbox`, {body});
        } catch (e) {
          messageError.textContent = describe(e);
          return false;
        }
        text.value = '';
        loadPending();
      }, {id: 'message-send', done: 'Sent: it reads it at its next turn'})),
    messageError,
    h('h3', 'Waiting to be read'), pending,
    h('label', {for: 'ask-question'}, 'Question (it answers with an invocation of kind ask)'), question,
    h('div.actions', action('Ask', async () => {
      show(answer, h('p.sub', 'asking…'));
      try {
        const reply = await api('POST', `${path}/ask`, {body: {question: question.value, timeout: '30s'}});
        if (!reply.invocation) {
          show(answer, h('p', `No answer within 30 s: invocation ${reply.id} (${reply.status}) answers later.`));
        } else if (reply.error) {
          show(answer, h('p.error', reply.error));
        } else {
          show(answer, typeof reply.answer === 'string' ? h('p', reply.answer) : h('pre', json(reply.answer)));
        }
      } catch (e) {
        show(answer, h('p.error', describe(e)));
      }
    }, {id: 'ask-button'})),
    answer);
  loadPending();
  return panel;
}
