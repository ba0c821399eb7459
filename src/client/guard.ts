// The last line of defence at the public surface: whatever a method throws or rejects with leaves as an
// `LmStudioError`, with the API key removed from every field. Each surface returns `guardSurface({...})`.
import { LmStudioError } from '../domain/errors.js';
import { asLmStudioError } from '../http/classify.js';
import { redactError } from '../http/redact.js';

/** The error a public method may let out: an `LmStudioError`, redacted in every field. */
export function publicError(error: unknown, secrets: readonly string[]): LmStudioError {
  return redactError(asLmStudioError(error, secrets), secrets);
}

type Method = (...args: unknown[]) => unknown;

/**
 * `surface` with every method guarded: a synchronous throw, a rejected promise, and a rejection of `result()` on
 * a returned stream-like object (`ChatStream`, `JsonChatStream`, `ToolRun`, …) all become `LmStudioError`s without
 * the secrets. One closure per method, one `.then` per call: no per-event work.
 *
 * @example
 * return guardSurface({ listModels, loadModel }, core.secrets);
 */
export function guardSurface<T extends object>(surface: T, secrets: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(surface)) {
    out[name] = typeof value === 'function' ? guardMethod(value as Method, secrets) : value;
  }
  return out as T;
}

function guardMethod(method: Method, secrets: readonly string[]): Method {
  const fail = (error: unknown): never => {
    throw publicError(error, secrets);
  };
  return function guarded(this: unknown, ...args: unknown[]): unknown {
    let value: unknown;
    try {
      value = method.apply(this, args);
    } catch (error) {
      return fail(error);
    }
    if (value instanceof Promise) return value.then(undefined, fail);
    if (typeof value === 'object' && value !== null && typeof (value as { result?: unknown }).result === 'function') {
      const stream = value as { result: () => unknown };
      const result = stream.result.bind(stream);
      stream.result = () => {
        const settled = result();
        if (!(settled instanceof Promise)) return settled;
        const guarded = settled.then(undefined, fail);
        // As the stream's own result(): asking for it and reading the outcome from the iteration is no unhandled rejection.
        guarded.catch(() => undefined);
        return guarded;
      };
    }
    return value;
  };
}
