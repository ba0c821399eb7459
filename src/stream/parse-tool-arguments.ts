import type { ToolCall } from '../domain/types.js';

/**
 * Parses a finished call's arguments once. Empty arguments mean `{}`; anything that is not a JSON object keeps
 * its raw text and gets an `error`, so a truncated call never costs the rest of the turn. Only `JSON.parse`
 * ever touches model output.
 */
export function finishToolCall(id: string, name: string, args: string, recovered = false, error?: string): ToolCall {
  const call: ToolCall = error === undefined ? parseArguments(id, name, args) : { id, name, arguments: args, input: undefined, error };
  if (recovered) call.recovered = true;
  return call;
}

/**
 * Deepest nesting accepted in tool arguments. JSON.parse takes any depth, but what follows (JSON.stringify,
 * structured clone, a schema validator, a host's IPC) recurses and would overflow the stack a few thousand levels
 * down; no real tool input comes near this.
 */
export const MAX_ARGUMENT_DEPTH = 256;

/** True when `value` nests objects/arrays deeper than `limit` (an explicit stack: any depth is safe to measure). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    for (const inner of Object.values(item as object)) {
      if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
    }
  }
  return false;
}

/** The error a too-deep argument value gets. */
export const TOO_DEEP = `arguments are nested deeper than ${MAX_ARGUMENT_DEPTH} levels`;

/**
 * Arguments a server sent as a JSON value instead of a string (some OpenAI-compatible servers do): their JSON
 * text, or an error when they cannot be written as JSON (too deep, a cycle). Never throws.
 */
export function argumentsText(value: unknown): { text: string; error?: string } {
  if (nestedDeeperThan(value, MAX_ARGUMENT_DEPTH)) return { text: '', error: TOO_DEEP };
  try {
    return { text: JSON.stringify(value) ?? '' };
  } catch (error) {
    return { text: '', error: `arguments cannot be written as JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function parseArguments(id: string, name: string, args: string): ToolCall {
  const text = args.trim();
  if (text === '') return { id, name, arguments: args, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { id, name, arguments: args, input: undefined, error: `arguments are not valid JSON (${reason})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id, name, arguments: args, input: undefined, error: 'arguments are JSON but not an object' };
  }
  if (nestedDeeperThan(value, MAX_ARGUMENT_DEPTH)) return { id, name, arguments: args, input: undefined, error: TOO_DEEP };
  return { id, name, arguments: args, input: value as Record<string, unknown> };
}
