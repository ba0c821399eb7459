// The small pieces of LmStudioProvider's calls: the outcome of one call, onChunk failures, usage in the host's
// shape, the connection key, the "no chat model" error and a logger that never throws.
import { LmStudioError } from '../domain/errors.js';
import type { ChatResult, Usage } from '../domain/types.js';
import type { AIStreamChunk, AIUsage, Logger, ModelTier } from '../openorbit/index.js';
import type { DiscoveryResult } from './model-discovery.js';
import { SETTING_KEYS, type ConnectionSettings } from './settings.js';

/** What one call produced: the value for the host, the model that answered and the token usage. */
export interface Outcome<T> {
  value: T;
  /** The model that answered. */
  model: string;
  usage: Usage | undefined;
}

/** Thrown inside `stream()` when the caller's `onChunk` threw: not the server's failure. */
export class CallbackFailure {
  constructor(readonly error: unknown) {}
}

/** Identifies the settings a discovery or a client belongs to (kept in memory only; never logged). */
export function connectionKey(settings: ConnectionSettings): string {
  return `${settings.baseUrl ?? ''}\u0000${settings.apiKey ?? ''}`;
}

export function outcome<T>(result: ChatResult, value: T): Outcome<T> {
  return { value, model: result.model, usage: result.usage };
}

export function hostUsage(usage: Usage | undefined): AIUsage {
  return { inputTokens: usage?.promptTokens ?? 0, outputTokens: usage?.completionTokens ?? 0 };
}

export function deliver(onChunk: (chunk: AIStreamChunk) => void, chunk: AIStreamChunk): void {
  try {
    onChunk(chunk);
  } catch (error) {
    throw new CallbackFailure(error);
  }
}

export function noChatModel(tier: ModelTier, found: DiscoveryResult, baseUrl: string | undefined): LmStudioError {
  const where = baseUrl ? ` at ${baseUrl}` : '';
  const what =
    found.models.length === 0 ? `LM Studio${where} lists no models` : `LM Studio${where} lists only embedding models (${found.models.length})`;
  return new LmStudioError('no-model-loaded', {
    message: `${what}, so there is no chat model for the "${tier}" tier.`,
    hint: `Load a chat model in LM Studio's Developer tab (or \`lms load <model>\`), or set ${SETTING_KEYS.model[tier]} to a model id.`,
  });
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The host's logger, or nothing; a logger that throws never breaks a call. */
export function safeLogger(log: Partial<Logger> | undefined): Logger {
  const out = {} as Logger;
  for (const level of LEVELS) {
    out[level] = (message: string, ...args: unknown[]) => {
      try {
        const fn = log?.[level];
        if (typeof fn === 'function') fn.call(log, message, ...args);
      } catch {
        // Logging must never fail a call.
      }
    };
  }
  return out;
}
