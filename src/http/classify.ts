import { LmStudioError, type LmStudioErrorCode } from '../domain/errors.js';
import { redact } from './redact.js';

export interface RequestContext {
  method: string;
  /** The API path, e.g. `/v1/chat/completions`. */
  path: string;
  model?: string;
  /** Secrets to keep out of every message. */
  secrets: readonly string[];
}

export interface ServerError {
  message: string;
  code?: string;
  param?: string;
  type?: string;
}

const MAX_MESSAGE = 600;

/**
 * The server's error in its own words, from any of LM Studio's shapes: `{"error": "text"}`,
 * `{"error": {"message", "type", "param", "code"}}`, or a stream error `{"error": {...}, "message": "..."}`.
 * Returns undefined when `body` carries no error.
 */
export function extractServerError(body: unknown): ServerError | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  const outer = (body as { message?: unknown }).message;
  if (typeof error === 'string') return { message: error };
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : typeof outer === 'string' ? outer : 'unknown error';
    const out: ServerError = { message };
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.param === 'string') out.param = e.param;
    if (typeof e.type === 'string') out.type = e.type;
    return out;
  }
  if (error === null || error === undefined) return undefined;
  return { message: typeof outer === 'string' ? outer : String(error) };
}

/** Parses a body's text; returns undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Maps an HTTP failure (any status, including LM Studio's 200 error bodies) to an `LmStudioError`.
 * `body` is the body's text, or what openapi-fetch already made of it (parsed JSON, or text that was not JSON).
 */
export function classifyHttpError(status: number, body: unknown, ctx: RequestContext): LmStudioError {
  const parsed = typeof body === 'string' ? tryParseJson(body) : body;
  const server =
    extractServerError(parsed) ?? (typeof body === 'string' && parsed === undefined ? plainTextError(body) : undefined);
  return classifyServerError(status, server, ctx);
}

export function classifyServerError(status: number | undefined, server: ServerError | undefined, ctx: RequestContext): LmStudioError {
  const serverMessage = server ? clean(server.message, ctx.secrets) : undefined;
  const code = codeFor(status, server);
  const init = describe(code, status, serverMessage, ctx);
  const out: ConstructorParameters<typeof LmStudioError>[1] = { ...init };
  if (status !== undefined) out.status = status;
  if (serverMessage !== undefined) out.serverMessage = serverMessage;
  return new LmStudioError(code, out);
}

function plainTextError(text: string): ServerError | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  // An HTML error page or a proxy's text: keep the gist, not the markup.
  const stripped = trimmed.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return stripped ? { message: stripped } : undefined;
}

/**
 * "Engine protocol predict request returned 500: {"error":{"code":500,"message":"…"}}" (#2218): the engine's own
 * message instead of its JSON, even when the JSON was cut off.
 */
function unwrapEmbedded(message: string): string {
  const at = message.indexOf('{"error"');
  const inner = at === -1 ? undefined : /"message"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(message.slice(at))?.[1];
  if (inner === undefined) return message;
  let text = inner;
  try {
    text = JSON.parse(`"${inner.replace(/\\$/, '')}"`) as string;
  } catch {
    // Keep the escaped text: still no JSON around it.
  }
  return `${message.slice(0, at)} ${text.replace(/^[\s-]+/, '')}`;
}

function clean(message: string, secrets: readonly string[]): string {
  const text = redact(unwrapEmbedded(message.replace(/^<LM Studio error>\s*/, '')), secrets).replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

const CONTEXT_OVERFLOW = /context length|context window|n_ctx|context the overflows|context overflow|tokens to keep/i;

function codeFor(status: number | undefined, server: ServerError | undefined): LmStudioErrorCode {
  const message = server?.message ?? '';
  if (status === 401 || status === 403 || server?.code === 'invalid_api_key') return 'auth';
  if (/^Unexpected endpoint or method/i.test(message)) return 'endpoint-not-found';
  if (server?.code === 'model_not_found' || /invalid model identifier|model .* not found/i.test(message)) {
    return 'model-not-found';
  }
  if (/no models? (are )?loaded/i.test(message)) return 'no-model-loaded';
  if (CONTEXT_OVERFLOW.test(message)) return 'context-overflow';
  if (/response_format\.type' must be/i.test(message)) return 'unsupported';
  if (/does not support images/i.test(message)) return 'unsupported';
  if (status === 404) return 'endpoint-not-found';
  if (status !== undefined && status >= 500) return 'server-error';
  if (status === 429) return 'server-error';
  if (status !== undefined && status >= 400) return 'bad-request';
  // A 200 with an error body that says nothing we recognise.
  return 'bad-request';
}

function describe(
  code: LmStudioErrorCode,
  status: number | undefined,
  serverMessage: string | undefined,
  ctx: RequestContext,
): { message: string; hint?: string } {
  const said = serverMessage ? `: ${serverMessage.replace(/[.\s]+$/, '')}` : '';
  switch (code) {
    case 'auth':
      return {
        message: `LM Studio refused the request because it requires an API token${said}.`,
        hint: 'Provide the token (the apiKey option, the LM_API_TOKEN variable, or the lmstudio_api_key setting).',
      };
    case 'endpoint-not-found':
      return {
        message: `LM Studio does not serve ${ctx.method} ${ctx.path}${said}.`,
        hint: 'Check that the base URL is the server root (e.g. http://localhost:1234) and that LM Studio is recent enough.',
      };
    case 'model-not-found':
      return {
        message: `LM Studio does not know the model${ctx.model ? ` "${ctx.model}"` : ''}${said}.`,
        hint: 'Pick an id from listModels(), or download the model in LM Studio.',
      };
    case 'no-model-loaded':
      return {
        message: `LM Studio has no model loaded${said}.`,
        hint: "Load a model in LM Studio's Developer tab (or `lms load <model>`), or turn on just-in-time loading.",
      };
    case 'context-overflow':
      return {
        message: `The input does not fit the model's context${said}.`,
        hint: 'Load the model with a larger context length, or shorten the input.',
      };
    case 'unsupported':
      return {
        message: `LM Studio does not support this request${said}.`,
        ...(/images/i.test(said) ? { hint: 'Use a model with vision (capabilities.vision in listModels()), or send text only.' } : {}),
      };
    case 'server-error':
      return {
        message: `LM Studio failed with HTTP ${status ?? '?'}${said}.`,
        hint: status === 429 ? 'Wait a moment and try again.' : 'The model may have crashed; check LM Studio\'s server log.',
      };
    default:
      return {
        message: `LM Studio rejected ${ctx.method} ${ctx.path}${status ? ` with HTTP ${status}` : ''}${said}.`,
        ...(/base64 encoded image/i.test(said) ? { hint: 'LM Studio reads images only as base64 PNG or JPEG data URLs (not WebP, not http URLs): use imagePart().' } : {}),
      };
  }
}

/**
 * A caller's mistake that made the platform throw before anything was sent: a body JSON cannot carry (a
 * `BigInt`, a cycle, nesting deeper than the stack), a header name or value fetch refuses. `bad-request` naming
 * the problem; undefined for anything else.
 */
export function callerMistake(error: unknown, secrets: readonly string[] = []): LmStudioError | undefined {
  if (!(error instanceof Error)) return undefined;
  const text = error.message;
  let problem: string | undefined;
  if (/BigInt/i.test(text)) problem = 'the request holds a BigInt, which JSON cannot carry';
  else if (/circular|cyclic/i.test(text)) problem = 'the request holds a cycle (an object that contains itself), which JSON cannot carry';
  else if (error instanceof RangeError && /call stack/i.test(text)) problem = 'the request is nested too deeply to be sent as JSON';
  else if (/header/i.test(text) && /invalid|illegal|not a legal|must be|token/i.test(text)) problem = `a header was refused (${redact(text, secrets).slice(0, 200)})`;
  if (!problem) return undefined;
  return new LmStudioError('bad-request', {
    message: `The request could not be sent: ${problem}. Nothing was sent to LM Studio.`,
    cause: error,
  });
}

/**
 * Anything thrown that is not an `LmStudioError` yet, as one: a caller's mistake is `bad-request`, anything else
 * happened while reading LM Studio's answer (`bad-response`). The last line of defence: every public method
 * rejects only with `LmStudioError`.
 */
export function asLmStudioError(error: unknown, secrets: readonly string[] = []): LmStudioError {
  if (error instanceof LmStudioError) return error;
  const mistake = callerMistake(error, secrets);
  if (mistake) return mistake;
  const reason = error instanceof Error ? error.message : String(error);
  return new LmStudioError('bad-response', {
    message: `LM Studio's answer could not be read (${redact(reason, secrets).slice(0, 200)}).`,
    cause: error,
  });
}
