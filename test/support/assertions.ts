import { expect } from 'vitest';
import { LmStudioError } from '../../src/index.js';

/** Awaits `work` (or runs it) and returns the `LmStudioError` it must fail with. */
export async function lmStudioError(work: Promise<unknown> | (() => unknown)): Promise<LmStudioError> {
  let outcome: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
    outcome = 'no error';
  } catch (error) {
    outcome = error;
  }
  expect(outcome, 'expected an LmStudioError').toBeInstanceOf(LmStudioError);
  return outcome as LmStudioError;
}

/**
 * A message a person can read: a sentence, not a dump of the server's JSON, and (when given) carrying the
 * gist of what the server said.
 */
export function expectReadable(error: LmStudioError, gist?: string): void {
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(15);
  expect(error.message).not.toMatch(/^\s*[{[]/);
  expect(error.message).not.toContain('{"');
  expect(error.message).not.toContain('"error"');
  if (gist !== undefined) expect(error.message).toContain(gist);
  if (error.serverMessage !== undefined) {
    expect(error.serverMessage).not.toMatch(/^\s*[{[]/);
    expect(error.serverMessage).not.toContain('"error"');
  }
}

/** Every string reachable from an error: message, stack, String(), JSON, and the whole `cause` chain. */
export function everyTextOf(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (value === undefined || value === null || depth > 8 || seen.has(value)) return;
    seen.add(value);
    if (typeof value === 'string') {
      out.push(value);
      return;
    }
    if (typeof value !== 'object') {
      out.push(String(value));
      return;
    }
    if (value instanceof Error) {
      out.push(value.message, value.stack ?? '', String(value));
    }
    try {
      out.push(JSON.stringify(value) ?? '');
    } catch {
      // cyclic: the fields below are visited one by one anyway
    }
    for (const key of Object.getOwnPropertyNames(value)) {
      visit((value as Record<string, unknown>)[key], depth + 1);
    }
    if (value instanceof Error) visit(value.cause, depth + 1);
  };
  visit(error, 0);
  return out;
}
