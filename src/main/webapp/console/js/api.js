// The REST API with the signed-in token; errors arrive as RFC 9457 problems.

const KEY = 'castellan.session';
const BASE = new URL('../api/v1/', document.baseURI).pathname;

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.title = body?.title || `HTTP ${status}`;
    this.detail = body?.detail || '';
    this.errors = body?.errors || [];
  }
}

export const session = {
  get() {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  },
  set(value) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
  /** viewer < operator < admin */
  may(role) {
    const order = ['viewer', 'operator', 'admin'];
    const mine = session.get()?.role;
    return mine !== undefined && order.indexOf(mine) >= order.indexOf(role);
  },
};

let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

function headers(token, extra) {
  // the console names itself, so a decision taken here is journaled as taken "via console"
  return {Authorization: `Bearer ${token ?? session.get()?.token}`, 'X-Castellan-Client': 'console', ...extra};
}

/** api('GET', 'processes/x') → parsed JSON (null for 204); throws a Problem. */
export async function api(method, path, {body, type = 'application/json', token} = {}) {
  const init = {method, headers: headers(token, {Accept: 'application/json'})};
  if (body !== undefined) {
    init.headers['Content-Type'] = type;
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(BASE + path, init);
  const text = await response.text();
  const parsed = text ? safeJson(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !token) onUnauthorized();
    throw new Problem(response.status, parsed);
  }
  return parsed;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {detail: text};
  }
}

/**
 * Follows a Server-Sent Events endpoint over fetch (EventSource cannot send a bearer token).
 * Reconnects with a growing pause and sends Last-Event-ID, so the server resumes right after
 * the last event seen. Returns {close()}.
 */
export function follow(path, {onEvent, onStatus = () => {}, lastId = null}) {
  let stopped = false;
  let controller = null;
  let last = lastId;

  async function connect() {
    let pause = 500;
    while (!stopped) {
      controller = new AbortController();
      try {
        const extra = {Accept: 'text/event-stream'};
        if (last !== null) extra['Last-Event-ID'] = String(last);
        const response = await fetch(BASE + path, {headers: headers(null, extra), signal: controller.signal});
        if (response.status === 401) {
          onUnauthorized();
          return;
        }
        if (response.status >= 400 && response.status < 500) {
          // the process is gone or the request is wrong: retrying cannot help
          onStatus(response.status === 404 ? 'not found' : `refused (${response.status})`);
          return;
        }
        if (!response.ok) throw new Problem(response.status, null);
        onStatus('live');
        pause = 500;
        await read(response.body, (event) => {
          if (event.id !== undefined) last = event.id;
          onEvent(event);
        });
      } catch (e) {
        if (stopped) return;
      }
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10000);
    }
  }

  connect();
  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}

async function read(body, deliver) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parse(block);
      if (event) deliver(event);
    }
  }
}

function parse(block) {
  const event = {type: 'message', data: []};
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.type = value;
    else if (field === 'data') event.data.push(value);
    else if (field === 'id') event.id = value;
  }
  if (!event.data.length) return null;
  event.data = JSON.parse(event.data.join('\n'));
  return event;
}
