import type { ToolCall } from '../domain/types.js';

/**
 * Parses a finished call's arguments once. Empty arguments mean `{}`; anything that is not a JSON object keeps
 * its raw text and gets an `error`, so a truncated call never costs the rest of the turn. Only `JSON.parse`
 * ever touches model output.
 */
export function finishToolCall(id: string, name: string, args: string, recovered = false): ToolCall {
  const call = parseArguments(id, name, args);
  if (recovered) call.recovered = true;
  return call;
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
  return { id, name, arguments: args, input: value as Record<string, unknown> };
}
