// Typed requests that go out as `fetch(url, init)`: the path, its path and query parameters, the body and the answer
// are checked against the generated OpenAPI `paths` at compile time (with openapi-fetch's own helper types), while
// at run time a request is one URL string and one plain init object. No `Request` is built here: Node's fetch
// would build a second one from it (a second AbortController, the body copied through a TransformStream).
import type { Client, ClientPathsWithMethod, MethodResponse, ParamsOption, RequestBodyOption } from 'openapi-fetch';
import type { paths } from '../../generated/lmstudio.js';
import { MAX_ERROR_BODY_BYTES, truncateBody } from './read-body.js';

/** Answers are read as JSON: the `application/json` content of a success (streams are read by the stream layer). */
type Api = Client<paths, `${string}/json`>;

/** An HTTP method, lower case as in the generated `paths`. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The API paths that have `M`, e.g. `PathWith<'post'>` includes `'/v1/chat/completions'`. */
export type PathWith<M extends HttpMethod> = ClientPathsWithMethod<Api, M>;

type Operation<M extends HttpMethod, P extends PathWith<M>> = paths[P][M];

/**
 * What a request to `P` with `M` carries: `params` (`path`, `query`) and `body`, each required exactly when the
 * API description requires it.
 */
export type RequestParts<M extends HttpMethod, P extends PathWith<M>> = ParamsOption<Operation<M, P>> & RequestBodyOption<Operation<M, P>>;

/** The JSON body a successful answer to `M P` carries. */
export type ResponseBody<M extends HttpMethod, P extends PathWith<M>> = MethodResponse<Api, M, P>;

/** What one attempt answered: the response, and for an error reply its body's text (at most 64 KiB). */
export interface Answer {
  response: Response;
  error?: unknown;
}

/**
 * One request, ready to send to any base URL (the connection may retry it, or send it to 127.0.0.1 instead of
 * localhost): call it with a base URL and the call's signal. `T` is the body a success carries (type only).
 */
export type TypedRequest<T = unknown> = ((baseUrl: string, signal: AbortSignal) => Promise<Answer>) & { readonly __response?: T };

/** A fetch that takes a URL string and an init object (the global one, an injected one). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestDefaults {
  /** Headers on every request (the caller's headers, `Authorization`). */
  headers: Readonly<Record<string, string>>;
  /** More `RequestInit` fields for every request (e.g. an undici `dispatcher`), passed to fetch as they are. */
  init?: Readonly<Record<string, unknown>>;
}

/**
 * Builds typed requests for one client. Everything per client (header objects, init extras) is made once here;
 * per request it serializes the body once and makes one init object per attempt.
 *
 * @example
 * const requests = new RequestBuilder(fetch, { headers: { Authorization: 'Bearer …' } });
 * const send = requests.build('post', '/v1/embeddings', { body: { model: 'm', input: 'hi' } });
 * const { response } = await send('http://localhost:1234', AbortSignal.timeout(5_000));
 */
export class RequestBuilder {
  private readonly plainHeaders: Readonly<Record<string, string>>;
  private readonly jsonHeaders: Readonly<Record<string, string>>;
  private readonly extras: Readonly<Record<string, unknown>> | undefined;

  constructor(
    private readonly fetchImpl: FetchFunction,
    defaults: RequestDefaults,
  ) {
    this.plainHeaders = { ...defaults.headers };
    // The caller's own Content-Type wins, as it did through openapi-fetch.
    this.jsonHeaders = hasHeader(defaults.headers, 'content-type') ? this.plainHeaders : { 'Content-Type': 'application/json', ...defaults.headers };
    this.extras = defaults.init && Object.keys(defaults.init).length > 0 ? defaults.init : undefined;
  }

  /** A request for `method path` with its parameters and body, checked against the API description. */
  build<M extends HttpMethod, P extends PathWith<M>>(method: M, path: P, parts: RequestParts<M, P>): TypedRequest<ResponseBody<M, P>> {
    const { params, body } = parts as { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown };
    const target = expandPath(path, params?.path) + queryString(params?.query);
    const upper = method.toUpperCase();
    const serialized = body === undefined ? undefined : JSON.stringify(body);
    const headers = serialized === undefined ? this.plainHeaders : this.jsonHeaders;
    const { fetchImpl, extras } = this;
    return async (baseUrl: string, signal: AbortSignal): Promise<Answer> => {
      // A fresh headers object per attempt: an injected fetch may add to it without touching the next request.
      const init: RequestInit = extras ? { ...extras, method: upper, headers: { ...headers }, signal } : { method: upper, headers: { ...headers }, signal };
      if (serialized !== undefined) init.body = serialized;
      const response = await fetchImpl(baseUrl + target, init);
      if (response.ok) return { response };
      // Error replies are cut to their first 64 KiB; their text is what classification reads.
      const capped = await truncateBody(response, MAX_ERROR_BODY_BYTES);
      const text = await capped.text();
      return text === '' ? { response: capped } : { response: capped, error: text };
    };
  }
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/** `/api/v0/models/{model}` with `{model}` filled in (percent-encoded). */
export function expandPath(path: string, values: Record<string, unknown> | undefined): string {
  if (!values || !path.includes('{')) return path;
  return path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? whole : encodeURIComponent(String(value));
  });
}

/** `?a=1&b=x&b=y` (form style, exploded arrays, as openapi-fetch's default); `''` when there is nothing to send. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(typeof item === 'object' ? JSON.stringify(item) : String(item))}`);
    }
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
