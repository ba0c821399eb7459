import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, LmStudioError } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { chatPlain, modelsApiV1, modelsOpenAi } from '../support/fixtures.js';
import { refusedPort, routes, sendJson, useServers } from '../support/loopback-server.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const request = { model: 'mistralai/ministral-8b', messages: [{ role: 'user' as const, content: 'hi' }] };

/** What undici's fetch throws when nobody listens: `TypeError('fetch failed')` with the socket error as cause. */
function refused(host = '::1', port = 1234): TypeError {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}`), { code: 'ECONNREFUSED' }),
  });
}

const urlOf = (input: RequestInfo | URL): URL => new URL(input instanceof Request ? input.url : String(input));

/** A fetch that records every URL, refuses the hosts in `refuse`, and forwards the rest to the real fetch. */
function recordingFetch(refuse: (url: URL) => boolean) {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input);
    calls.push(`${input instanceof Request ? input.method : (init?.method ?? 'GET')} ${url.href}`);
    if (refuse(url)) throw refused(url.hostname === 'localhost' ? '::1' : url.hostname, Number(url.port));
    return globalThis.fetch(input, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('base URL', () => {
  it.each(['', '/', '/v1', '/v1/'])('root + %j reaches /v1/models at the root', async (suffix) => {
    const server = await serve(
      routes({ 'GET /v1/models': (_q, res) => sendJson(res, 200, modelsOpenAi) }, (_q, res) => {
        res.writeHead(404);
        res.end();
      }),
    );
    const client = createLmStudioClient({ baseUrl: server.url + suffix });
    expect(client.baseUrl).toBe(server.url);
    const models = await client.listModels();
    expect(models).toHaveLength(modelsOpenAi.data.length);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/models', '/api/v0/models', '/v1/models']);
    const api = await client.api.GET('/v1/models');
    expect(api.response.status).toBe(200);
    expect(server.requests.at(-1)?.url).toBe('/v1/models');
  });

  it.each(['ftp://127.0.0.1:1234', 'file:///tmp/lmstudio.sock', 'ws://localhost:1234'])('%s is rejected with an LmStudioError', async (baseUrl) => {
    const fetch = vi.fn(globalThis.fetch);
    const error = await lmStudioError(async () => createLmStudioClient({ baseUrl, fetch }).listModels());
    expect(error.code).toBe('bad-request');
    expectReadable(error);
    expect(error.message).toMatch(/http/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a string that is no URL is rejected with an LmStudioError', async () => {
    const error = await lmStudioError(async () => createLmStudioClient({ baseUrl: 'not a url' }).listModels());
    expect(error.code).toBe('bad-request');
  });
});

describe('localhost', () => {
  it('a client on http://localhost:PORT reaches a server listening only on 127.0.0.1', async () => {
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1) }));
    const models = await createLmStudioClient({ baseUrl: `http://localhost:${server.port}` }).listModels();
    expect(models).toHaveLength(modelsApiV1.models.length);
  });

  // Where localhost resolves to 127.0.0.1 first (as on most CI machines) the test above never needs the fallback;
  // the tests below force it with a fetch that refuses `localhost` the way undici does when only IPv4 listens.
  it('GET: a refused localhost is retried once on 127.0.0.1, which then sticks', async () => {
    const server = await serve(
      routes({
        'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1),
        'POST /v1/chat/completions': (_q, res) => sendJson(res, 200, chatPlain),
      }),
    );
    const { fetch, calls } = recordingFetch((url) => url.hostname === 'localhost');
    const client = createLmStudioClient({ baseUrl: `http://localhost:${server.port}`, fetch });
    const models = await client.listModels();
    expect(models).toHaveLength(modelsApiV1.models.length);
    expect(calls).toEqual([`GET http://localhost:${server.port}/api/v1/models`, `GET http://127.0.0.1:${server.port}/api/v1/models`]);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v1/models']);
    expect((await client.serverInfo()).baseUrl).toBe(`http://127.0.0.1:${server.port}`);

    await client.chat(request);
    expect(calls.at(-1)).toBe(`POST http://127.0.0.1:${server.port}/v1/chat/completions`);
    expect(calls).toHaveLength(3);
  });

  it('POST: the localhost fallback is the one retry a POST gets, and the server sees one request', async () => {
    const server = await serve(routes({ 'POST /v1/chat/completions': (_q, res) => sendJson(res, 200, chatPlain) }));
    const { fetch, calls } = recordingFetch((url) => url.hostname === 'localhost');
    const result = await createLmStudioClient({ baseUrl: `http://localhost:${server.port}`, fetch }).chat(request);
    expect(result.content).toBe('Hi! What can I do for you?');
    expect(calls).toEqual([
      `POST http://localhost:${server.port}/v1/chat/completions`,
      `POST http://127.0.0.1:${server.port}/v1/chat/completions`,
    ]);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ model: request.model });
  });

  it('POST: when 127.0.0.1 refuses too, the error names the configured localhost and nothing more is tried', async () => {
    const { fetch, calls } = recordingFetch(() => true);
    const error = await lmStudioError(createLmStudioClient({ baseUrl: 'http://localhost:1234', fetch }).chat(request));
    expect(error.code).toBe('unreachable');
    expect(error.hostCode).toBe('AI_CONNECTION_ERROR');
    expect(error.message).toContain('http://localhost:1234');
    expect(calls).toEqual(['POST http://localhost:1234/v1/chat/completions', 'POST http://127.0.0.1:1234/v1/chat/completions']);
  });
});

describe('retries', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a GET is retried a bounded number of times on connection failure, then fails unreachable', async () => {
    const { fetch, calls } = recordingFetch(() => true);
    const started = Date.now();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', fetch }).listModels());
    expect(error.code).toBe('unreachable');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(new Set(calls)).toEqual(new Set(['GET http://127.0.0.1:1234/api/v1/models']));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a GET to a refused port really is retried, then fails unreachable', async () => {
    const port = await refusedPort();
    const { fetch, calls } = recordingFetch(() => false);
    const error = await lmStudioError(createLmStudioClient({ baseUrl: `http://127.0.0.1:${port}`, fetch }).listModels());
    expect(error.code).toBe('unreachable');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('a GET whose connection is reset before any response is retried; a POST is not', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const client = createLmStudioClient({ baseUrl: server.url });
    const listing = await lmStudioError(client.listModels());
    expect(listing.code).toBe('unreachable');
    const gets = server.requests.length;
    expect(gets).toBeGreaterThanOrEqual(2);
    expect(gets).toBeLessThanOrEqual(4);

    const chat = await lmStudioError(client.chat(request));
    expect(chat.code).toBe('unreachable');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a POST refused on 127.0.0.1 is tried exactly once', async () => {
    const { fetch, calls } = recordingFetch(() => true);
    const error = await lmStudioError(createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', fetch }).chat(request));
    expect(error.code).toBe('unreachable');
    expect(calls).toEqual(['POST http://127.0.0.1:1234/v1/chat/completions']);
  });

  it('a GET answered 503 with Retry-After: 1 is retried after about a second', async () => {
    const server = await serve(
      routes({
        'GET /api/v1/models': (_q, res) => {
          if (server.requests.length === 1) {
            res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: 'Model is loading' }));
          } else sendJson(res, 200, modelsApiV1);
        },
      }),
    );
    const started = Date.now();
    const models = await createLmStudioClient({ baseUrl: server.url }).listModels();
    const elapsed = Date.now() - started;
    expect(models).toHaveLength(modelsApiV1.models.length);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/models', '/api/v1/models']);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('Retry-After is honoured to the second, not before (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return calls === 1
        ? new Response('{"error":"busy"}', { status: 503, headers: { 'retry-after': '2', 'content-type': 'application/json' } })
        : new Response(JSON.stringify(modelsApiV1), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const listing = createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', fetch }).listModels();
    await vi.advanceTimersByTimeAsync(1_900);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toBe(2);
    await expect(listing).resolves.toHaveLength(modelsApiV1.models.length);
  });

  it('a huge Retry-After is capped, and the retries stay bounded (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response('{"error":"Service Unavailable"}', { status: 503, headers: { 'retry-after': '3600', 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const listing = createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', fetch, timeouts: { requestMs: Infinity } }).listModels();
    const outcome = listing.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    // Well under the hour asked for: the wait is capped at some seconds.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toBeGreaterThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(300_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(LmStudioError);
    expect(error).toMatchObject({ code: 'server-error', status: 503 });
    expect(calls).toBeLessThanOrEqual(4);
  });

  it('a POST answered 503 with Retry-After is not retried', async () => {
    const server = await serve((_q, res) => {
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Service Unavailable' }));
    });
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat(request));
    expect(error.code).toBe('server-error');
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});
