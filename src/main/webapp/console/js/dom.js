// Builds elements from data without ever parsing it as HTML: every value becomes text.

/** h('tag.class#id', {attr: value, onclick: fn}, ...children) */
export function h(spec, attrs, ...children) {
  const [tagAndClasses, id] = spec.split('#');
  const [tag, ...classes] = tagAndClasses.split('.');
  const el = document.createElement(tag || 'div');
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs === null || attrs === undefined || typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces what el holds. */
export function show(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function when(instant) {
  if (!instant) return '—';
  const d = new Date(instant);
  const today = new Date();
  const time = d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
  // always with its day: "today" is a date too, and a time alone was read as any day
  return d.toDateString() === today.toDateString() ? `today ${time}` : `${d.toLocaleDateString()} ${time}`;
}

/** An invocation as people read it: the last 8 characters of its id (the first ones are the time it was made). */
export function shortId(id) {
  return id.slice(-8);
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function money(value) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
}

export function json(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function badge(text, kind = String(text).toLowerCase()) {
  return h('span.badge', {dataset: {kind}}, text);
}

/** An invocation's status; one that completed after failed tool calls says so, in the warning colour. */
export function invocationBadge(inv) {
  if (inv.status === 'COMPLETED' && inv.tool_errors > 0) {
    const n = inv.tool_errors;
    return h('span.badge.tool-errors', {dataset: {kind: 'warning'}, title: `${n} tool call${n === 1 ? '' : 's'} failed`},
      `COMPLETED with ${n} tool error${n === 1 ? '' : 's'}`);
  }
  return badge(inv.status);
}
