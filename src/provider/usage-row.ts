import { LmStudioError } from '../domain/errors.js';

/**
 * `recordUsage`'s `errorCode` vocabulary (the host's own rows use `ERROR`, `STREAM_ERROR`, `TIMEOUT`):
 * - `TIMEOUT`: a time limit passed (host code `AI_TIMEOUT`);
 * - `STREAM_ERROR`: the stream broke after it started (LM Studio's `event: error`, a truncated stream) or the
 *   caller's `onChunk` threw;
 * - `AI_CONNECTION_ERROR`, `AUTH_REQUIRED`, `RATE_LIMITED`: the host code, for these three;
 * - `ERROR`: everything else (the host's `AI_REQUEST_ERROR`: unknown model, no model loaded, bad request, …).
 */
export type UsageErrorCode = 'TIMEOUT' | 'STREAM_ERROR' | 'AI_CONNECTION_ERROR' | 'AUTH_REQUIRED' | 'RATE_LIMITED' | 'ERROR';

/** One row per provider call, success or failure (the host's `api_usage` table). */
export interface UsageRow {
  apiKeyHash: 'lmstudio-local';
  /** The model that answered; on failure the model chosen for the call (`''` when none could be chosen). */
  model: string;
  /** The request's `task`, else the method: `complete`, `chat`, `stream`, `completeWithTools`. */
  task: string;
  inputTokens: number;
  outputTokens: number;
  /** From the method call to its settlement (model discovery included). */
  latencyMs: number;
  success: boolean;
  errorCode?: UsageErrorCode;
}

/** The `errorCode` for a failure; `cause` is what the client threw (the `AIServiceError`'s cause). */
export function usageErrorCode(cause: unknown): UsageErrorCode {
  if (!(cause instanceof LmStudioError)) return 'ERROR';
  if (cause.code === 'stream-error' || cause.code === 'stream-truncated') return 'STREAM_ERROR';
  switch (cause.hostCode) {
    case 'AI_TIMEOUT':
      return 'TIMEOUT';
    case 'AI_CONNECTION_ERROR':
    case 'AUTH_REQUIRED':
    case 'RATE_LIMITED':
      return cause.hostCode;
    default:
      return 'ERROR';
  }
}
