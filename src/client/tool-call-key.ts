// Keys that make equal tool calls compare equal (repeat detection in `runTools`), and JSON that cannot throw.

/** Name and arguments, with object keys sorted, so that equal calls compare equal however the keys were ordered. */
export function callKey(name: string, input: Record<string, unknown> | undefined, raw: string): string {
  return `${name}\u0000${input ? stableJson(input) : raw.trim()}`;
}

/** Literal text in `stableJson`'s work list (as opposed to a value still to write). */
class Text {
  constructor(readonly text: string) {}
}

/** JSON with sorted keys, built with an explicit work list: no input is too deep for it. */
function stableJson(value: unknown): string {
  const out: string[] = [];
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const item = todo.pop();
    if (item instanceof Text) {
      out.push(item.text);
      continue;
    }
    const parts: unknown[] = [];
    if (Array.isArray(item)) {
      parts.push(new Text('['));
      item.forEach((v, i) => parts.push(...(i > 0 ? [new Text(','), v] : [v])));
      parts.push(new Text(']'));
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push(new Text('{'));
      entries.forEach(([k, v], i) => parts.push(new Text(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`), v));
      parts.push(new Text('}'));
    } else {
      out.push(JSON.stringify(item) ?? 'null');
      continue;
    }
    for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i]);
  }
  return out.join('');
}

/** `JSON.stringify(value)`, or `fallback` when it cannot be written (too deep, a cycle, a BigInt). */
export function jsonOr(value: unknown, fallback: string): string {
  try {
    return JSON.stringify(value) ?? fallback;
  } catch {
    return fallback;
  }
}
