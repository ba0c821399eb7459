import { LmStudioError, type LmStudioErrorCode } from '../domain/errors.js';
import { redact } from '../http/redact.js';
import type { AIErrorCode, AIServiceErrorShape } from '../openorbit/index.js';

export const PROVIDER_ID = 'lm-studio';

/** What the host's error context carries for AI failures. */
export interface AIErrorContext extends Record<string, unknown> {
  task: string;
  /** The model chosen for the call (`''` when none could be chosen). */
  model: string;
  provider: typeof PROVIDER_ID;
}

/**
 * The host's `AIServiceError` (same name, `code`, `context`, `recoverable`), thrown by every provider method.
 * `cause` is the `LmStudioError` (or whatever was thrown, e.g. by an `onChunk` callback); `lmStudioCode` keeps
 * the richer code for logs. The message is the `LmStudioError`'s own (server words and hint, secrets removed).
 */
export class AIServiceError extends Error implements AIServiceErrorShape {
  override readonly name = 'AIServiceError' as const;
  code: AIErrorCode;
  context: AIErrorContext;
  recoverable = true;
  /** The client's code when the failure came from the client (`unreachable`, `model-not-found`, …). */
  readonly lmStudioCode?: LmStudioErrorCode;

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

/** Turns anything thrown during a call into the host's error shape. */
export function toAIServiceError(error: unknown, context: AIErrorContext, secret?: string): AIServiceError {
  if (error instanceof AIServiceError) return error;
  if (error instanceof LmStudioError) {
    return new AIServiceError(redactSecret(error.message, secret), error.hostCode, context, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AIServiceError(redactSecret(`The LM Studio request failed: ${reason}`, secret), 'AI_REQUEST_ERROR', context, { cause: error });
}
