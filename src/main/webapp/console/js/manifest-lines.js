// Finds the line of a manifest field such as "triggers[0].cron" in the YAML text, so an error
// can be shown where the field is written. Block-style YAML is followed key by key and item by
// item; inside a flow collection ({...} or [...]) the nearest enclosing line is the answer.

const KEY = /^(\s*(?:-\s+)*)("[^"]*"|'[^']*'|[^\s:#"'{}[\],-][^:#{}[\],]*?)\s*:(\s|$)/;

function segments(field) {
  const parts = [];
  for (const piece of field.split('.')) {
    const match = piece.match(/^([^[\]]*)((?:\[\d+\])*)$/);
    if (!match) return null;
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

function indentOf(line) {
  return line.match(/^\s*/)[0].length;
}

function meaningful(line) {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && trimmed !== '---';
}

/** The 1-based line the field is written on, or null when it is not there (a missing field). */
export function lineOf(yaml, field) {
  const path = segments(field || '');
  if (!path || !path.length) return null;
  const lines = yaml.split(/\r?\n/);
  let start = 0;
  let end = lines.length;
  let parent = -1;
  let found = null;
  for (const segment of path) {
    let hit = -1;
    if (typeof segment === 'string') {
      for (let i = start; i < end && hit < 0; i++) {
        const match = lines[i].match(KEY);
        const key = match?.[2].replace(/^["']|["']$/g, '');
        if (match && key === segment && match[1].length > parent) hit = i;
      }
      if (hit < 0) return found;
      const column = lines[hit].match(KEY)[1].length;
      let next = hit + 1;
      while (next < end && (!meaningful(lines[next]) || indentOf(lines[next]) > column
        || (indentOf(lines[next]) === column && lines[next].trim().startsWith('-')))) next++;
      start = hit + 1;
      end = next;
      parent = column;
    } else {
      let dash = -1;
      let count = -1;
      for (let i = start; i < end && hit < 0; i++) {
        if (!meaningful(lines[i])) continue;
        const indent = indentOf(lines[i]);
        if (dash < 0 && lines[i].trim().startsWith('-')) dash = indent;
        if (indent === dash && lines[i].trim().startsWith('-') && ++count === segment) hit = i;
      }
      if (hit < 0) return found;
      let next = hit + 1;
      while (next < end && !(meaningful(lines[next]) && (indentOf(lines[next]) < dash
        || (indentOf(lines[next]) === dash && lines[next].trim().startsWith('-'))))) next++;
      start = hit;
      end = next;
      parent = dash;
    }
    found = hit + 1;
  }
  return found;
}
