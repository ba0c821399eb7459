import { argumentsText } from './parse-tool-arguments.js';

/**
 * Tool calls that LM Studio leaves as text in `content` when the model's template is not one it parses
 * (`tool_calls: []`, `finish_reason: "stop"`). The formats seen in the wild, each an opening and closing
 * marker around one or more JSON objects `{"name": …, "arguments": {…}}`.
 */
export const TEXT_TOOL_MARKERS: readonly { open: string; close: string }[] = [
  { open: '<tool_call>', close: '</tool_call>' },
  { open: '<tools>', close: '</tools>' },
  { open: '<function_call>', close: '</function_call>' },
  { open: '<function-call>', close: '</function-call>' },
  { open: '[TOOL_REQUEST]', close: '[END_TOOL_REQUEST]' },
];

export interface TextToolCall {
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
  /** Why the arguments could not be taken (e.g. nested too deeply); the call is kept with this error. */
  error?: string;
}

/**
 * Reads the calls between two markers; undefined when the text is not (only) tool calls for offered tools,
 * in which case it stays text.
 */
export function parseTextToolCalls(body: string, offered: ReadonlySet<string>): TextToolCall[] | undefined {
  const objects = jsonValues(body);
  if (!objects || objects.length === 0) return undefined;
  const calls: TextToolCall[] = [];
  for (const value of objects.flatMap((v) => (Array.isArray(v) ? v : [v]))) {
    const call = asCall(value);
    if (!call || !offered.has(call.name)) return undefined;
    calls.push(call);
  }
  return calls;
}

function asCall(value: unknown): TextToolCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const fn = typeof v.function === 'object' && v.function !== null ? (v.function as Record<string, unknown>) : undefined;
  const name = [v.name, fn?.name, v.tool_name, v.tool].find((n): n is string => typeof n === 'string' && n !== '');
  if (!name) return undefined;
  const args = [v.arguments, v.parameters, v.args, v.input, fn?.arguments].find((a) => a !== undefined);
  if (args === undefined) return { name, arguments: '{}' };
  if (typeof args === 'string') return { name, arguments: args };
  const { text, error } = argumentsText(args);
  return error === undefined ? { name, arguments: text } : { name, arguments: text, error };
}

/** The JSON values in `text`: one value, or several top-level objects/arrays side by side (one per line). */
function jsonValues(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return [JSON.parse(trimmed)];
  } catch {
    // Several values, or prose around them: split at top-level brackets.
  }
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = depth > 0;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(trimmed.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s|,/.test(ch ?? '')) {
      return undefined;
    }
  }
  return depth === 0 ? values : undefined;
}
