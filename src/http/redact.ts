import { LmStudioError } from '../domain/errors.js';

/** Replaces every secret in `text` with `***`. Secrets shorter than 4 characters are left (they would mangle text). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * An error safe to keep as `cause`: the original when it mentions no secret, else a copy with the secret
 * redacted from message and stack (the original is dropped, since its fields may hold the secret).
 */
export function redactCause(cause: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || cause === undefined || cause === null) return cause;
  if (cause instanceof Error) {
    const inner = redactCause(cause.cause, secrets);
    const text = `${cause.message}\n${cause.stack ?? ''}\n${safeJson(cause)}`;
    if (!secrets.some((s) => s.length >= 4 && text.includes(s)) && inner === cause.cause) return cause;
    const copy = new Error(redact(cause.message, secrets), inner === undefined ? undefined : { cause: inner });
    copy.name = cause.name;
    copy.stack = redact(cause.stack ?? '', secrets);
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    return copy;
  }
  if (typeof cause === 'string') return redact(cause, secrets);
  const text = safeJson(cause);
  return secrets.some((s) => s.length >= 4 && text.includes(s)) ? redact(text, secrets) : cause;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

const mentions = (text: string, secrets: readonly string[]): boolean => secrets.some((s) => s.length >= 4 && text.includes(s));

/**
 * `value` with every secret replaced in every string and property name, however deeply nested (an explicit
 * stack, no recursion: a hostile server's nesting cannot overflow it). Returns `value` itself when no secret is in
 * it; otherwise a redacted copy of the parts that change.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.some((s) => s.length >= 4)) return value;
  if (typeof value === 'string') return (mentions(value, secrets) ? redact(value, secrets) : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  // First pass: does any string or key hold a secret? (Most errors hold none: nothing is copied.)
  const seen = new Set<object>();
  const todo: unknown[] = [value];
  let found = false;
  while (todo.length > 0 && !found) {
    const item = todo.pop();
    if (typeof item === 'string') found = mentions(item, secrets);
    else if (typeof item === 'object' && item !== null && !seen.has(item)) {
      seen.add(item);
      for (const [key, inner] of Object.entries(item)) {
        if (mentions(key, secrets)) found = true;
        todo.push(inner);
      }
    }
  }
  if (!found) return value;
  // Second pass: copy, redacting. Shared and cyclic references stay shared.
  const copies = new Map<object, unknown>();
  const copyOf = (item: unknown): unknown => {
    if (typeof item === 'string') return mentions(item, secrets) ? redact(item, secrets) : item;
    if (typeof item !== 'object' || item === null) return item;
    const known = copies.get(item);
    if (known !== undefined) return known;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? [] : {};
    copies.set(item, copy);
    pending.push([item, copy]);
    return copy;
  };
  const pending: [object, Record<string, unknown> | unknown[]][] = [];
  const root = copyOf(value);
  while (pending.length > 0) {
    const [from, to] = pending.pop() as [object, Record<string, unknown> | unknown[]];
    if (Array.isArray(from)) for (const inner of from) (to as unknown[]).push(copyOf(inner));
    else for (const [key, inner] of Object.entries(from)) (to as Record<string, unknown>)[redact(key, secrets)] = copyOf(inner);
  }
  return root as T;
}

/**
 * Removes every secret from every field of `error`, in place: message, stack, hint, server message, `partial`
 * (text, tool calls, model ids) and `details`, and its `cause` chain. Returns `error`.
 */
export function redactError(error: LmStudioError, secrets: readonly string[]): LmStudioError {
  if (!secrets.some((s) => s.length >= 4)) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', 'hint', 'serverMessage'] as const) {
    const text = fields[key];
    if (typeof text === 'string' && mentions(text, secrets)) {
      Object.defineProperty(error, key, { value: redact(text, secrets), writable: true, configurable: true, enumerable: key !== 'message' && key !== 'stack' });
    }
  }
  for (const key of ['partial', 'details'] as const) {
    const value = fields[key];
    if (value !== undefined) {
      const clean = redactValue(value, secrets);
      if (clean !== value) Object.defineProperty(error, key, { value: clean, writable: true, configurable: true, enumerable: true });
    }
  }
  if (error.cause !== undefined) {
    const cause = error.cause instanceof LmStudioError ? redactError(error.cause, secrets) : redactCause(error.cause, secrets);
    if (cause !== error.cause) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  }
  return error;
}
