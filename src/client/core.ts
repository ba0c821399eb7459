// What every surface of the client shares: the typed HTTP client, the connection, limits, and one way to send a
// request and read its JSON answer under a deadline. The factory builds one core; the surfaces only use it.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import { checkHeaderName, checkHeaderValue, normalizeBaseUrl } from '../http/base-url.js';
import { callerMistake, classifyHttpError, extractServerError, tryParseJson, type RequestContext } from '../http/classify.js';
import { Connection } from '../http/connection.js';
import { Deadline, resolveTimeouts, type Timeouts } from '../http/deadline.js';
import { platformFetch, platformTimeout } from '../http/platform-fetch.js';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES, readBodyText, truncateBody } from '../http/read-body.js';
import { redactError } from '../http/redact.js';
import { RequestBuilder, type TypedRequest } from '../http/request.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../stream/sse-decoder.js';
import type { CallOptions, LmStudioClientOptions } from './options.js';

/** One attempt at a request against `baseUrl` (see `RequestBuilder`); `T` is the JSON body a success carries. */
export type Attempt<T = unknown> = TypedRequest<T>;

export interface ClientCore {
  /** The typed openapi-fetch client: an escape hatch for paths the surfaces do not cover. */
  readonly api: Client<paths>;
  /** Typed requests that go out as `fetch(url, init)`: what the surfaces send. */
  readonly requests: RequestBuilder;
  readonly root: string;
  readonly connection: Connection;
  readonly secrets: readonly string[];
  readonly maxEventBytes: number;
  readonly maxResponseBytes: number;
  /** The client-wide default for `CallOptions.recoverToolCalls`. */
  readonly recoverToolCalls: boolean;
  /** The call's limits over the client's. */
  limits(call: CallOptions | undefined): Timeouts;
  context(method: string, path: string, model?: string): RequestContext;
  /** Sends one request under `deadline` and returns its JSON body; every failure becomes an `LmStudioError`. */
  json<T>(ctx: RequestContext, deadline: Deadline, idempotent: boolean, attempt: Attempt<T>): Promise<T>;
  /** A deadline with only a whole-call limit (`totalMs`), for non-streamed calls. */
  totalDeadline(call: CallOptions | undefined): Deadline;
}

/** Reads `LM_API_TOKEN` where an environment exists (Node, Electron main); never imports `node:`. */
function tokenFromEnvironment(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const token = env?.LM_API_TOKEN?.trim();
  return token ? token : undefined;
}

export function createCore(options: LmStudioClientOptions): ClientCore {
  const { root, urlToken } = normalizeBaseUrl(options.baseUrl);
  const apiKey = options.apiKey?.trim() || urlToken || tokenFromEnvironment();
  const secrets = apiKey ? [apiKey] : [];
  const timeouts = resolveTimeouts(options.timeouts);
  // Node's fetch gets no time limit of its own (its 300 s caps would end slow generations): only ours apply.
  const fetchImpl = options.fetch ?? platformFetch();
  const headers: Record<string, string> = { ...options.headers };
  for (const [name, value] of Object.entries(headers)) {
    checkHeaderName(name);
    checkHeaderValue(`header ${name}`, String(value));
  }
  const maxEventBytes = byteLimit('maxEventBytes', options.maxEventBytes, DEFAULT_MAX_EVENT_BYTES);
  if (apiKey) {
    checkHeaderValue('API key', apiKey);
    headers.Authorization = `Bearer ${apiKey}`;
  }
  // Error replies are cut to their first 64 KiB before openapi-fetch reads them whole.
  const fetchWithCap = async (input: Request, init?: RequestInit): Promise<Response> => {
    const response = await fetchImpl(input, init);
    return response.ok ? response : truncateBody(response, MAX_ERROR_BODY_BYTES, init?.signal ?? input.signal);
  };
  const api = createClient<paths>({ baseUrl: root, fetch: fetchWithCap, headers });
  const connection = new Connection(root, secrets);
  const requests = new RequestBuilder(fetchImpl, { headers });
  const maxResponseBytes = byteLimit('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);

  const limits = (call: CallOptions | undefined): Timeouts => (call?.timeouts ? resolveTimeouts({ ...timeouts, ...call.timeouts }) : timeouts);

  async function json<T>(ctx: RequestContext, deadline: Deadline, idempotent: boolean, attempt: Attempt<T>): Promise<T> {
    try {
      const result = await connection.send((baseUrl) => attempt(baseUrl, deadline.signal), { idempotent, signal: deadline.signal });
      const status = result.response.status;
      if (!result.response.ok) throw classifyHttpError(status, result.error, ctx);
      const text = await readBodyText(result.response, maxResponseBytes, `${ctx.method} ${ctx.path}`, deadline.signal);
      const body = tryParseJson(text);
      if (body === undefined) {
        throw new LmStudioError('bad-response', {
          status,
          message: `LM Studio answered ${ctx.method} ${ctx.path} with a body that is not JSON.`,
        });
      }
      // Every answer of LM Studio's API is an object: `null`, a number or a string is no answer to read.
      if (typeof body !== 'object' || body === null) {
        throw new LmStudioError('bad-response', {
          status,
          message: `LM Studio answered ${ctx.method} ${ctx.path} with ${body === null ? 'null' : `a JSON ${typeof body}`} instead of an object.`,
        });
      }
      // HTTP 200 does not mean success: LM Studio's unknown-endpoint reply, and others, carry a top-level error.
      if (extractServerError(body)) throw classifyHttpError(status, body, ctx);
      return body as T;
    } catch (error) {
      throw redactError(deadline.error ?? asClientError(error, connection), secrets);
    } finally {
      deadline.dispose();
    }
  }

  return {
    api,
    requests,
    root,
    connection,
    secrets,
    maxEventBytes,
    maxResponseBytes,
    recoverToolCalls: options.recoverToolCalls ?? true,
    limits,
    context: (method, path, model) => (model === undefined ? { method, path, secrets } : { method, path, model, secrets }),
    json,
    totalDeadline: (call) => new Deadline(call?.signal, Infinity, limits(call).totalMs),
  };
}

/** Throws `bad-response` unless `body[key]` is a list. */
export function requireArray(body: unknown, key: string, path: string): void {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as Record<string, unknown>)[key])) {
    throw new LmStudioError('bad-response', { message: `LM Studio answered ${path} without a "${key}" list.` });
  }
}

/**
 * Anything thrown below that is not ours yet: a platform time limit is a `timeout`, a request the platform
 * refused to send is the caller's `bad-request`, anything else a failed connection.
 */
export function asClientError(error: unknown, connection: Connection): LmStudioError {
  if (error instanceof LmStudioError) return error;
  return platformTimeout(error) ?? callerMistake(error, connection.secrets) ?? connection.unreachable(error);
}

/** A byte cap from the options: a positive number (Infinity allowed), else `bad-request` when the client is made. */
function byteLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new LmStudioError('bad-request', { message: `${name} must be a positive number of bytes, not ${String(value)}.` });
  }
  return value;
}
