import type { ChatResult } from './types.js';

/**
 * Every failure this package reports. Each code is raised in one place:
 * - `unreachable`: no HTTP response (refused, DNS, reset before headers, CORS in a browser) — http/connection.ts
 * - `timeout`: a deadline passed; `phase` says which — http/deadline.ts (a platform's own HTTP timeout, should one
 *   fire: http/platform-fetch.ts)
 * - `aborted`: the caller's signal, or the consumer left a stream early — http/deadline.ts
 * - `auth`: 401/403, or LM Studio's `invalid_api_key` — http/classify.ts
 * - `model-not-found`, `no-model-loaded`, `context-overflow`: LM Studio's answers, any status — http/classify.ts
 * - `unsupported`: a request LM Studio would reject (`json_object`) or an endpoint it lacks — client/
 * - `endpoint-not-found`: LM Studio's HTTP 200 "Unexpected endpoint or method" — http/classify.ts
 * - `bad-request`, `server-error`: other 4xx / 5xx, invalid options, or a request the platform cannot send (a body
 *   JSON cannot carry, a refused header; nothing was sent) — http/classify.ts
 * - `bad-response`: a body that is not JSON, lacks what it must have, is too large or was cut off; an oversize or
 *   invalid stream event — client/, http/read-body.ts, stream/
 * - `stream-error`: an error reported inside a stream (`event: error`, or a data payload with `error`)
 * - `stream-truncated`: a stream that ended with neither `[DONE]` nor a finish reason
 * - `invalid-output`: a structured answer that does not parse or validate
 */
export type LmStudioErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  | 'auth'
  | 'model-not-found'
  | 'no-model-loaded'
  | 'context-overflow'
  | 'unsupported'
  | 'endpoint-not-found'
  | 'bad-request'
  | 'server-error'
  | 'bad-response'
  | 'stream-error'
  | 'stream-truncated'
  | 'invalid-output'
  /** `previous_response_id` names a response the server does not have (`previous_response_not_found`) — client/responses.ts */
  | 'response-not-found';

/** OpenOrbit's error vocabulary (the host's `AIServiceError` codes). */
export type HostErrorCode = 'AI_CONNECTION_ERROR' | 'AI_REQUEST_ERROR' | 'AI_TIMEOUT' | 'RATE_LIMITED' | 'AUTH_REQUIRED';

/** Which limit a `timeout` passed: until the first event (`first-token`), between two reads (`idle`), or the whole call (`total`). */
export type TimeoutPhase = 'first-token' | 'idle' | 'total';

/** What {@link LmStudioError}'s constructor takes besides the code. */
export interface LmStudioErrorInit {
  /** One readable sentence, without the hint. */
  message: string;
  hint?: string;
  status?: number;
  serverMessage?: string;
  phase?: TimeoutPhase;
  partial?: ChatResult;
  cause?: unknown;
  /** Extra data for some codes (e.g. raw text and validation errors for `invalid-output`). */
  details?: Record<string, unknown>;
}

/**
 * The one error type of the client: every failure of every call is an `LmStudioError` with a stable `code` (see
 * {@link LmStudioErrorCode}), the HTTP `status` when there was a response, the server's own words in
 * `serverMessage` (never its raw JSON), a `hint` of what to do, `hostCode` in OpenOrbit's vocabulary, and for a
 * failed stream `partial`: everything that arrived. The API key never appears in any of it.
 *
 * @example
 * ```ts
 * try {
 *   await lm.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Hi' }] });
 * } catch (error) {
 *   if (!(error instanceof LmStudioError)) throw error;
 *   if (error.code === 'unreachable') console.error(error.hint); // start LM Studio's server, or check the URL
 *   else if (error.code === 'timeout') console.error(`timed out (${error.phase})`, error.partial?.content);
 *   else console.error(error.code, error.status, error.serverMessage);
 * }
 * ```
 */
export class LmStudioError extends Error {
  override readonly name = 'LmStudioError';
  readonly code: LmStudioErrorCode;
  readonly hostCode: HostErrorCode;
  readonly status?: number;
  /** The server's own words (never its raw JSON). */
  readonly serverMessage?: string;
  /** What to do about it, also appended to `message`. */
  readonly hint?: string;
  readonly phase?: TimeoutPhase;
  /** Everything that arrived before a streaming failure. */
  partial?: ChatResult;
  readonly details?: Record<string, unknown>;

  /** Makes an error; `message` gets the hint appended, `hostCode` follows from the code (and a 429 status). */
  constructor(code: LmStudioErrorCode, init: LmStudioErrorInit) {
    super(init.hint ? `${init.message} ${init.hint}` : init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.hostCode = hostCodeFor(code, init.status);
    if (init.status !== undefined) this.status = init.status;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
    if (init.hint !== undefined) this.hint = init.hint;
    if (init.phase !== undefined) this.phase = init.phase;
    if (init.partial !== undefined) this.partial = init.partial;
    if (init.details !== undefined) this.details = init.details;
  }

  /** Every field (code, status, server message, hint, phase, partial, details) for logs and IPC; the stack is left out. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      hostCode: this.hostCode,
      message: this.message,
      status: this.status,
      serverMessage: this.serverMessage,
      hint: this.hint,
      phase: this.phase,
      partial: this.partial,
      details: this.details,
    };
  }
}

/** True for an {@link LmStudioError} (an `instanceof` check usable as a type guard in `catch`). */
export function isLmStudioError(value: unknown): value is LmStudioError {
  return value instanceof LmStudioError;
}

function hostCodeFor(code: LmStudioErrorCode, status: number | undefined): HostErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  switch (code) {
    case 'unreachable':
      return 'AI_CONNECTION_ERROR';
    case 'timeout':
      return 'AI_TIMEOUT';
    case 'auth':
      return 'AUTH_REQUIRED';
    default:
      return 'AI_REQUEST_ERROR';
  }
}
