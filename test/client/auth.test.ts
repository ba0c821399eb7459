import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type LmStudioError } from '../../src/index.js';
import { everyTextOf, expectReadable, lmStudioError } from '../support/assertions.js';
import { chatPlain, modelsApiV1 } from '../support/fixtures.js';
import { refusedPort, routes, sendJson, useServers } from '../support/loopback-server.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const request = { model: 'mistralai/ministral-8b', messages: [{ role: 'user' as const, content: 'hi' }] };
const KEY = 'sk-secret-123456';

/** Asserts `secret` appears in no text reachable from `error` (message, serverMessage, String, JSON, cause chain). */
function expectNoSecret(error: LmStudioError, secret: string): void {
  expect(error.message).not.toContain(secret);
  expect(error.serverMessage ?? '').not.toContain(secret);
  expect(String(error)).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
  const leaks = everyTextOf(error).filter((text) => text.includes(secret));
  expect(leaks).toEqual([]);
}

/** Error answers that echo the request's Authorization header back inside the server's message. */
const echoes: [string, (auth: string, req: IncomingMessage, res: ServerResponse) => void][] = [
  [
    '401 object',
    (auth, _req, res) => sendJson(res, 401, { error: { type: 'invalid_request', code: 'invalid_api_key', message: `The token in "${auth}" is not valid.` } }),
  ],
  ['400 string', (auth, _req, res) => sendJson(res, 400, { error: `Rejected request with header Authorization: ${auth}` })],
  ['200 unexpected endpoint', (auth, req, res) => sendJson(res, 200, { error: `Unexpected endpoint or method. (${req.method ?? ''} ${req.url ?? ''}) [${auth}]` })],
  [
    '500 plain text',
    (auth, _req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`crash while handling authorization=${auth}`);
    },
  ],
];

describe('API key', () => {
  it('the leak check itself finds a key hidden deep in a cause chain', () => {
    const inner = new Error('socket closed');
    inner.stack = `Error: socket closed\n    at send (Bearer ${KEY})`;
    const outer = new Error('fetch failed', { cause: new Error('wrapped', { cause: inner }) });
    expect(everyTextOf(outer).some((text) => text.includes(KEY))).toBe(true);
  });

  it('is sent as "Authorization: Bearer <key>"', async () => {
    const server = await serve(routes({ 'POST /v1/chat/completions': (_q, res) => sendJson(res, 200, chatPlain) }));
    await createLmStudioClient({ baseUrl: server.url, apiKey: KEY }).chat(request);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('no key, no Authorization header', async () => {
    const saved = process.env.LM_API_TOKEN;
    delete process.env.LM_API_TOKEN;
    try {
      const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1) }));
      await createLmStudioClient({ baseUrl: server.url }).listModels();
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      if (saved !== undefined) process.env.LM_API_TOKEN = saved;
    }
  });

  it.each(echoes)('never leaks from an error (%s echoing the header)', async (_name, answer) => {
    const server = await serve((req, res) => answer(String(req.headers.authorization ?? ''), req, res));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url, apiKey: KEY }).chat(request));
    // The echo really carried the key: the test would catch a leak.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(error.serverMessage).toBeDefined();
    expectNoSecret(error, KEY);
    expectReadable(error);
  });

  it('never leaks from a network error whose cause mentions it', async () => {
    const fetch = (async () => {
      throw Object.assign(new TypeError(`fetch failed (Authorization: Bearer ${KEY})`), {
        cause: Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:1234 while sending Bearer ${KEY}`), { code: 'ECONNREFUSED' }),
      });
    }) as typeof globalThis.fetch;
    const error = await lmStudioError(createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', apiKey: KEY, fetch }).chat(request));
    expect(error.code).toBe('unreachable');
    expect(error.cause).toBeDefined();
    expectNoSecret(error, KEY);
  });
});

describe('LM_API_TOKEN', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.LM_API_TOKEN;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LM_API_TOKEN;
    else process.env.LM_API_TOKEN = saved;
  });

  it('is the bearer token when no apiKey is given', async () => {
    process.env.LM_API_TOKEN = 'env-token-987654';
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1) }));
    await createLmStudioClient({ baseUrl: server.url }).listModels();
    expect(server.requests[0]?.headers.authorization).toBe('Bearer env-token-987654');
  });

  it('an explicit apiKey wins over it', async () => {
    process.env.LM_API_TOKEN = 'env-token-987654';
    const server = await serve(routes({ 'GET /api/v1/models': (_q, res) => sendJson(res, 200, modelsApiV1) }));
    await createLmStudioClient({ baseUrl: server.url, apiKey: KEY }).listModels();
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('is redacted like an apiKey', async () => {
    process.env.LM_API_TOKEN = 'env-token-987654';
    const server = await serve((req, res) => sendJson(res, 401, { error: { message: `bad token ${String(req.headers.authorization)}`, code: 'invalid_api_key' } }));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat(request));
    expect(error.code).toBe('auth');
    expectNoSecret(error, 'env-token-987654');
  });
});

describe('credentials inside the base URL', () => {
  const SECRET = 'tok3n-secret';

  it('are sent as the bearer token, not as Basic auth or in the URL', async () => {
    const server = await serve(routes({ 'POST /v1/chat/completions': (_q, res) => sendJson(res, 200, chatPlain) }));
    const client = createLmStudioClient({ baseUrl: `http://user:${SECRET}@127.0.0.1:${server.port}` });
    expect(client.baseUrl).toBe(server.url);
    expect(client.baseUrl).not.toContain(SECRET);
    await client.chat(request);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
  });

  it('do not leak from a server error that echoes them', async () => {
    const server = await serve((req, res) => sendJson(res, 400, { error: `bad header: ${String(req.headers.authorization)}` }));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: `http://user:${SECRET}@127.0.0.1:${server.port}/v1` }).chat(request));
    expect(error.code).toBe('bad-request');
    expectNoSecret(error, SECRET);
  });

  it('do not leak from an unreachable error', async () => {
    const port = await refusedPort();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: `http://user:${SECRET}@127.0.0.1:${port}` }).chat(request));
    expect(error.code).toBe('unreachable');
    expectNoSecret(error, SECRET);
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
  });

  it('do not leak from an invalid-URL error', async () => {
    const error = await lmStudioError(async () => createLmStudioClient({ baseUrl: `ftp://user:${SECRET}@127.0.0.1:1234` }).listModels());
    expect(error.code).toBe('bad-request');
    expectNoSecret(error, SECRET);
  });
});
