import { LmStudioError, type LmStudioErrorCode } from '../domain/errors.js';
import { redact } from '../http/redact.js';
import type { AIErrorCode, AIServiceErrorShape } from '../openorbit/index.js';

/** The provider's id in the host's registry, and `context.provider` of its errors. */
export const PROVIDER_ID = 'lm-studio';

/** What the host's error context carries for AI failures (plain strings: it crosses IPC as it is). */
export interface AIErrorContext extends Record<string, unknown> {
  task: string;
  /** The model chosen for the call (`''` when none could be chosen). */
  model: string;
  provider: typeof PROVIDER_ID;
  /** The client's richer code (`unreachable`, `model-not-found`, `context-overflow`, …) when the client failed. */
  lmStudioCode?: LmStudioErrorCode;
}

/**
 * A class built like the host's `AIServiceError(message, code, context)` (from `@openorbit/core/errors`). The
 * provider throws instances of the class it is given, so the host's IPC layer (`errorToResponse`, which keeps the
 * code only for its own `OpenOrbitError` subclasses) sends `{ success: false, error, code, context }` instead of
 * `UNKNOWN_ERROR`. Default: this package's own {@link AIServiceError}.
 */
export type AIServiceErrorClass = HostErrorClass | typeof AIServiceError;

/** The host's constructor shape: `new AIServiceError(message, code, context)`. */
export type HostErrorClass = new (message: string, code: string, context?: Record<string, unknown>) => Error;

/**
 * This package's stand-in for the host's `AIServiceError` (same name, `code`, `context`, `recoverable`): what the
 * provider throws when no host class was injected. `cause` is the `LmStudioError` (or whatever was thrown, e.g. by
 * an `onChunk` callback); `lmStudioCode` keeps the richer code. The message is the `LmStudioError`'s own (server
 * words and hint, secrets removed).
 */
export class AIServiceError extends Error implements AIServiceErrorShape {
  override readonly name = 'AIServiceError' as const;
  code: AIErrorCode;
  context: AIErrorContext;
  recoverable = true;
  /** The client's code when the failure came from the client (`unreachable`, `model-not-found`, …). */
  readonly lmStudioCode?: LmStudioErrorCode;

  /** Built like the host's `AIServiceError(message, code, context)`; `options.cause` is kept as `cause`. */
  constructor(message: string, code: AIErrorCode, context: AIErrorContext, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = context;
    if (options?.cause instanceof LmStudioError) this.lmStudioCode = options.cause.code;
  }
}

/** Removes `secret` from text (belt and braces: the client already keeps its token out of messages). */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? redact(text, [secret]) : text;
}

/** What a failure becomes before it is given a class: the host's code, a clean message, what caused it. */
export interface FailureParts {
  message: string;
  code: AIErrorCode;
  context: AIErrorContext;
  cause: unknown;
}

/** Turns anything thrown during a call into the parts of a host error (message redacted of `secret`). */
export function describeFailure(error: unknown, context: AIErrorContext, secret?: string): FailureParts {
  if (error instanceof LmStudioError) {
    return { message: redactSecret(error.message, secret), code: error.hostCode, context: { ...context, lmStudioCode: error.code }, cause: error };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { message: redactSecret(`The LM Studio request failed: ${reason}`, secret), code: 'AI_REQUEST_ERROR', context, cause: error };
}

/**
 * Builds the error the provider throws: an instance of `errorClass` (the host's, when injected) with `cause` set.
 * A class that throws while being built is replaced by this package's own, so a failure is never lost.
 */
export function createHostError(errorClass: AIServiceErrorClass, parts: FailureParts): Error {
  if (errorClass === AIServiceError) return new AIServiceError(parts.message, parts.code, parts.context, { cause: parts.cause });
  let error: Error;
  try {
    error = new (errorClass as HostErrorClass)(parts.message, parts.code, parts.context);
  } catch {
    return new AIServiceError(parts.message, parts.code, parts.context, { cause: parts.cause });
  }
  if (parts.cause !== undefined && (error as { cause?: unknown }).cause === undefined) {
    try {
      Object.defineProperty(error, 'cause', { value: parts.cause, configurable: true, writable: true, enumerable: false });
    } catch {
      // A frozen error keeps its own fields; the message and code already say what happened.
    }
  }
  return error;
}
