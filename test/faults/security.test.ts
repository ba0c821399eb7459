// Secrets never leave through errors or logs; only http(s) base URLs; the event size cap holds against a hostile
// server; tool arguments are data, only ever JSON.parse'd.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import {
  createLmStudioClient,
  LmStudioError,
  type ChatRequest,
  type LmStudioClient,
  type LmStudioClientOptions,
  type LmStudioErrorCode,
} from '../../src/index.js';
import { LOADED_LLM, SSE_HEADERS, chunkEvent, closedPort, loopback, type Loopback } from './harness.js';

const SECRET = 'sk-lm-7f3a9c2e41b8d6a0-SECRET';
const URL_USER = 'lm-user';
const URL_PASSWORD = 's3cret-pass';
const MiB = 1024 * 1024;

const request: ChatRequest = { model: LOADED_LLM, messages: [{ role: 'user', content: 'hello' }] };
/** The limits the timeout cases test (short, so they end quickly). */
const SHORT = { firstTokenMs: 300, idleMs: 300, totalMs: 5_000, requestMs: 2_000 };
/** Every other case: limits a busy machine cannot hit, so that the code under test is the one expected. */
const FAST = { firstTokenMs: 10_000, idleMs: 10_000, totalMs: 20_000, requestMs: 10_000 };

const cleanup: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c.close()));
});

async function server(handler: Parameters<typeof loopback>[0]): Promise<Loopback> {
  const s = await loopback(handler);
  cleanup.push(s);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Console and stdio capture for the whole file: nothing written may hold a secret.

const written: string[] = [];
/** Every secret used in this file; none may appear in anything written. */
const logSecrets: string[] = [SECRET];
const spies: { mockRestore(): void }[] = [];
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    spies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
        original(...args);
      }),
    );
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    spies.push(
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        return original(chunk, ...rest);
      }) as typeof stream.write),
    );
  }
});
afterAll(() => {
  spies.splice(0).forEach((s) => s.mockRestore());
});

// ---------------------------------------------------------------------------------------------------------------
// Leak checks

/** Every text an error can be turned into, with where it came from; causes followed recursively. */
function renderings(error: unknown): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (value === undefined || value === null || seen.has(value) || depth > 8) return;
    if (typeof value !== 'object' && typeof value !== 'function') {
      out.push({ where: path, text: String(value) });
      return;
    }
    seen.add(value);
    if (value instanceof Error) {
      out.push({ where: `${path}.message`, text: value.message });
      out.push({ where: `${path}.stack`, text: value.stack ?? '' });
      out.push({ where: `String(${path})`, text: String(value) });
      out.push({ where: `inspect(${path})`, text: inspect(value, { depth: 8 }) });
      try {
        out.push({ where: `JSON.stringify(${path})`, text: JSON.stringify(value) ?? '' });
      } catch {
        // Circular structures cannot be serialised; inspect() above covered them.
      }
      for (const key of Object.keys(value)) visit((value as unknown as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
      if (value instanceof AggregateError) value.errors.forEach((e, i) => visit(e, `${path}.errors[${i}]`, depth + 1));
      visit(value.cause, `${path}.cause`, depth + 1);
      return;
    }
    try {
      out.push({ where: `JSON.stringify(${path})`, text: JSON.stringify(value) ?? '' });
    } catch {
      out.push({ where: `inspect(${path})`, text: inspect(value, { depth: 8 }) });
    }
  };
  visit(error, 'error', 0);
  if (error instanceof LmStudioError) {
    out.push({ where: 'error.toJSON()', text: JSON.stringify(error.toJSON()) });
    for (const key of ['serverMessage', 'hint', 'details', 'partial'] as const) {
      out.push({ where: `error.${key}`, text: JSON.stringify(error[key]) ?? '' });
    }
  }
  return out;
}

function expectNoSecret(error: unknown, secrets: readonly string[] = [SECRET]): void {
  const leaks = renderings(error)
    .filter((r) => secrets.some((s) => r.text.includes(s)))
    .map((r) => `${r.where}: ${r.text.slice(0, 300)}`);
  expect(leaks, 'renderings of the error that contain the secret').toEqual([]);
}

async function caught(promise: Promise<unknown>): Promise<LmStudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LmStudioError);
    return error as LmStudioError;
  }
  throw new Error('expected a failure');
}

function caughtSync(run: () => unknown): LmStudioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LmStudioError);
    return error as LmStudioError;
  }
  throw new Error('expected a failure');
}

// ---------------------------------------------------------------------------------------------------------------
// A hostile server: it echoes the Authorization header into everything it can.

type Reply = (auth: string, res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void;

async function hostile(reply: Reply): Promise<Loopback> {
  return server((req, res) => reply(req.headers.authorization ?? '(none)', res, req));
}

const json = (res: import('node:http').ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void => {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

function clientFor(url: string, extra: Partial<LmStudioClientOptions> = {}): LmStudioClient {
  return createLmStudioClient({ baseUrl: url, apiKey: SECRET, timeouts: FAST, ...extra });
}

const stream = (client: LmStudioClient, options: Parameters<LmStudioClient['streamChat']>[1] = {}): Promise<unknown> =>
  client.streamChat(request, options).result();

interface LeakCase {
  name: string;
  code: LmStudioErrorCode;
  run: () => Promise<LmStudioError>;
}

const LEAK_CASES: LeakCase[] = [
  {
    name: 'unreachable: connection refused (streamChat and listModels with retries)',
    code: 'unreachable',
    run: async () => {
      const port = await closedPort();
      const client = clientFor(`http://127.0.0.1:${port}`);
      expectNoSecret(await caught(client.listModels()));
      return caught(stream(client));
    },
  },
  {
    name: 'unreachable: unresolvable host',
    code: 'unreachable',
    run: () => caught(stream(clientFor('http://nonexistent.invalid:1234', { timeouts: { ...FAST, firstTokenMs: 5_000 } }))),
  },
  {
    name: 'unreachable: the server resets the connection before headers',
    code: 'unreachable',
    run: async () => {
      const s = await hostile((_auth, res) => res.socket?.destroy());
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'timeout: no response (first-token)',
    code: 'timeout',
    run: async () => {
      const s = await hostile(() => undefined);
      return caught(stream(clientFor(s.url, { timeouts: SHORT })));
    },
  },
  {
    name: 'timeout: silence mid-stream (idle), after an SSE comment echoing the header',
    code: 'timeout',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.write(`: you sent ${auth}\n\n${chunkEvent({ role: 'assistant', content: 'partial' })}`);
      });
      return caught(stream(clientFor(s.url, { timeouts: SHORT })));
    },
  },
  {
    name: 'aborted: the caller aborts',
    code: 'aborted',
    run: async () => {
      const s = await hostile(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('stopped by the user')), 50);
      return caught(stream(clientFor(s.url, { timeouts: { ...FAST, firstTokenMs: 5_000 } }), { signal: controller.signal }));
    },
  },
  {
    name: 'auth: 401 echoing the token',
    code: 'auth',
    run: async () => {
      const s = await hostile((auth, res) =>
        json(res, 401, { error: { message: `The token in "${auth}" is not valid.`, type: 'invalid_request', code: 'invalid_api_key' } }),
      );
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'model-not-found: echoing the token',
    code: 'model-not-found',
    run: async () => {
      const s = await hostile((auth, res) =>
        json(res, 400, { error: { message: `Invalid model identifier "x" (request authorised by ${auth}).`, param: 'model', code: 'model_not_found' } }),
      );
      return caught(client_chat(s.url));
    },
  },
  {
    name: 'no-model-loaded: echoing the token',
    code: 'no-model-loaded',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 400, { error: `No models loaded. Caller: ${auth}` }));
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'context-overflow: an event: error echoing the token',
    code: 'context-overflow',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        const message = `The number of tokens to keep from the initial prompt is greater than the context length (${auth})`;
        res.end(`${chunkEvent({ role: 'assistant', content: 'so far' })}event: error\ndata: ${JSON.stringify({ error: { message }, message })}\n\n`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'unsupported: loadModel on a server without /api/v1 (cause: the echoing endpoint-not-found)',
    code: 'unsupported',
    run: async () => {
      const s = await hostile((auth, res, req) => json(res, 200, { error: `Unexpected endpoint or method. (${req.method} ${req.url}) ${auth}` }));
      const error = await caught(clientFor(s.url).loadModel('some/model'));
      expect(error.cause).toBeInstanceOf(LmStudioError);
      return error;
    },
  },
  {
    name: 'unsupported: a response_format rejection echoing the token',
    code: 'unsupported',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 400, { error: `'response_format.type' must be 'json_schema' or 'text' (${auth})` }));
      return caught(client_chat(s.url));
    },
  },
  {
    name: 'endpoint-not-found: LM Studio\'s 200 "Unexpected endpoint" echoing the token',
    code: 'endpoint-not-found',
    run: async () => {
      const s = await hostile((auth, res, req) => json(res, 200, { error: `Unexpected endpoint or method. (${req.method} ${req.url}) ${auth}` }));
      return caught(client_chat(s.url));
    },
  },
  {
    name: 'bad-request: an HTML error page echoing the token',
    code: 'bad-request',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 400, `<html><body><h1>Bad request</h1><p>Authorization: ${auth}</p></body></html>`, 'text/html'));
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'server-error: 500 echoing the token',
    code: 'server-error',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 500, { error: { message: `crash while serving ${auth}`, type: 'server_error' } }));
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'server-error: 503 plain text echoing the token (listModels)',
    code: 'server-error',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 503, `busy; header was ${auth}`, 'text/plain'));
      return caught(clientFor(s.url).listModels());
    },
  },
  {
    name: 'bad-response: chat() with a body that is not JSON, echoing the token',
    code: 'bad-response',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 200, `Authorization: ${auth}`, 'text/plain'));
      return caught(client_chat(s.url));
    },
  },
  {
    name: 'bad-response: a stream event that is not JSON, echoing the token',
    code: 'bad-response',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`${chunkEvent({ role: 'assistant', content: 'ok' })}data: ${auth}\n\n`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'bad-response: a stream event that is JSON but not a chunk, echoing the token',
    code: 'bad-response',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`data: ${JSON.stringify(auth)}\n\n`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'bad-response: a streamed chat answered with another content type that echoes the token',
    code: 'bad-response',
    run: async () => {
      const s = await hostile((auth, res) => json(res, 200, 'not a stream', `text/plain; note="${auth}"`));
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'bad-response: an oversize event echoing the token',
    code: 'bad-response',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`data: {"echo":"${auth}","pad":"${'x'.repeat(128 * 1024)}"}\n\n`);
      });
      return caught(stream(clientFor(s.url, { maxEventBytes: 64 * 1024 })));
    },
  },
  {
    name: 'stream-error: a data payload with an error echoing the token',
    code: 'stream-error',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`${chunkEvent({ role: 'assistant', content: 'so far' })}data: ${JSON.stringify({ error: { message: `worker crashed serving ${auth}` } })}\n\n`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'stream-error: an event: error that is not JSON, echoing the token',
    code: 'stream-error',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`event: error\ndata: failed for ${auth}\n\n`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'stream-truncated: the body ends mid-answer after echoing the token in comments and ids',
    code: 'stream-truncated',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(`: ${auth}\nid: ${auth}\n${chunkEvent({ role: 'assistant', content: 'half an' })}`);
      });
      return caught(stream(clientFor(s.url)));
    },
  },
  {
    name: 'stream-truncated: the connection is reset mid-answer',
    code: 'stream-truncated',
    run: async () => {
      const s = await hostile((auth, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.write(`: ${auth}\n\n${chunkEvent({ role: 'assistant', content: 'half an' })}`, () => setTimeout(() => res.socket?.destroy(), 20));
      });
      return caught(stream(clientFor(s.url)));
    },
  },
];

function client_chat(url: string): Promise<unknown> {
  return clientFor(url).chat(request);
}

const ALL_CODES: LmStudioErrorCode[] = [
  'unreachable',
  'timeout',
  'aborted',
  'auth',
  'model-not-found',
  'no-model-loaded',
  'context-overflow',
  'unsupported',
  'endpoint-not-found',
  'bad-request',
  'server-error',
  'bad-response',
  'stream-error',
  'stream-truncated',
];

describe('the API key never appears in an error', () => {
  it('the cases drive every error code asked for', () => {
    expect([...new Set(LEAK_CASES.map((c) => c.code))].sort()).toEqual([...ALL_CODES].sort());
  });

  it.each(LEAK_CASES)('$code — $name', async ({ code, run }) => {
    const error = await run();
    expect(error.code).toBe(code);
    expectNoSecret(error);
  }, 15_000);

  it('the hostile server really received and echoed the key (the checks above are not vacuous)', async () => {
    let seen = '';
    const s = await hostile((auth, res) => {
      seen = auth;
      json(res, 400, { error: `echo ${auth}` });
    });
    const error = await caught(stream(clientFor(s.url)));
    expect(seen).toBe(`Bearer ${SECRET}`);
    expect(error.serverMessage).toBe('echo Bearer ***');
    // And the check itself catches a leak.
    const leaky = new LmStudioError('bad-request', { message: 'x', cause: new Error('inner', { cause: new Error(`deep ${SECRET}`) }) });
    expect(() => expectNoSecret(leaky)).toThrow();
  });

  it('invalid client options mentioning the key do not repeat it', () => {
    expectNoSecret(caughtSync(() => createLmStudioClient({ baseUrl: `http://x:${SECRET}@[::1`, apiKey: SECRET })));
    expectNoSecret(caughtSync(() => createLmStudioClient({ baseUrl: `not a url ${SECRET}@host` })));
    expectNoSecret(caughtSync(() => createLmStudioClient({ apiKey: SECRET, timeouts: { firstTokenMs: -1 } })));
  });
});

describe('base URLs', () => {
  it.each(['ftp://127.0.0.1:1234', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://127.0.0.1:1234', 'wss://127.0.0.1:1234', 'data:text/plain,hi'])(
    'rejects %s with a clear bad-request, before any request',
    (baseUrl) => {
      const fetchSpy = vi.fn<typeof globalThis.fetch>();
      const error = caughtSync(() => createLmStudioClient({ baseUrl, fetch: fetchSpy }));
      const scheme = baseUrl.slice(0, baseUrl.indexOf(':'));
      expect(error.code).toBe('bad-request');
      expect(error.message).toContain(`must use http or https, not ${scheme}`);
      expect(error.message).toMatch(/e\.g\. http:\/\/localhost:1234/);
      expect(fetchSpy).not.toHaveBeenCalled();
    },
  );

  describe('credentials inside the URL', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator({ seed: 1, apiKey: URL_PASSWORD, log: (line) => written.push(line) });
    });
    afterAll(async () => {
      await emulator.close();
    });
    const credentialed = (url: string): string => url.replace('http://', `http://${URL_USER}:${URL_PASSWORD}@`);
    const secrets = [URL_PASSWORD, `${URL_USER}:${URL_PASSWORD}`, `${URL_USER}:`];
    beforeAll(() => {
      logSecrets.push(...secrets);
    });

    it('are taken out of the URL and sent as the bearer token only', async () => {
      const client = createLmStudioClient({ baseUrl: credentialed(emulator.url) });
      expect(client.baseUrl).toBe(emulator.url);
      const models = await client.listModels();
      expect(models.length).toBeGreaterThan(0);
      const seen = emulator.requests.at(-1);
      expect(seen?.headers.authorization).toBe(`Bearer ${URL_PASSWORD}`);
      expect(JSON.stringify(client.baseUrl)).not.toContain(URL_PASSWORD);
      const result = await client.streamChat({ model: LOADED_LLM, messages: [{ role: 'user', content: 'hi' }] }).result();
      expect(result.content).toBe('You said: hi');
    });

    it('never reach an error: refused, auth, hostile echo, invalid URL, wrong scheme', async () => {
      const port = await closedPort();
      const refused = await caught(createLmStudioClient({ baseUrl: credentialed(`http://127.0.0.1:${port}`), timeouts: FAST }).listModels());
      expect(refused.code).toBe('unreachable');
      expect(refused.message).toContain(`http://127.0.0.1:${port}`);
      expectNoSecret(refused, secrets);

      const other = await startEmulator({ seed: 1, apiKey: 'a-different-token' });
      cleanup.push(other);
      const auth = await caught(createLmStudioClient({ baseUrl: credentialed(other.url) }).streamChat(request).result());
      expect(auth.code).toBe('auth');
      expectNoSecret(auth, secrets);

      const s = await hostile((header, res) => json(res, 500, { error: `saw ${header}` }));
      const echoed = await caught(createLmStudioClient({ baseUrl: credentialed(s.url) }).chat(request));
      expect(echoed.code).toBe('server-error');
      expectNoSecret(echoed, secrets);

      expectNoSecret(caughtSync(() => createLmStudioClient({ baseUrl: `http://${URL_USER}:${URL_PASSWORD}@exa mple.com` })), secrets);
      expectNoSecret(caughtSync(() => createLmStudioClient({ baseUrl: `ftp://${URL_USER}:${URL_PASSWORD}@127.0.0.1/` })), secrets);
    });

    it('a username alone is the token, and stays out of errors too', async () => {
      const token = 'tok-only-4d9e1b77';
      const port = await closedPort();
      const client = createLmStudioClient({ baseUrl: `http://${token}@127.0.0.1:${port}`, timeouts: FAST });
      expect(client.baseUrl).toBe(`http://127.0.0.1:${port}`);
      expectNoSecret(await caught(client.streamChat(request).result()), [token]);
      logSecrets.push(token);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the event size cap against an endless event', () => {
  const CAP = 1 * MiB;
  const PIECE = Buffer.alloc(64 * 1024, 'x');

  it.each([
    { shape: 'data: without a newline', head: 'data: {"choices":[{"delta":{"content":"', piece: PIECE },
    { shape: 'a line with no field and no newline', head: '', piece: PIECE },
    { shape: 'a comment without a newline', head: ': ', piece: PIECE },
    { shape: 'data lines without the blank line that ends an event', head: '', piece: Buffer.from('data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(1024)) },
    { shape: 'CR-separated data lines without a blank line', head: '', piece: Buffer.from('data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r'.repeat(1024)) },
  ])('$shape: bad-response, bounded memory, the connection closed', async ({ head, piece }) => {
    let sent = 0;
    let closedBy: 'client' | 'server' | undefined;
    const s = await server((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(`${chunkEvent({ role: 'assistant', content: 'head' })}${head}`);
      res.on('close', () => (closedBy ??= 'client'));
      const pump = (): void => {
        // Endless: only the client can stop it. (A safety stop at 1 GiB keeps a broken client from hanging the suite.)
        while (!res.destroyed && sent < 1024 * MiB) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        if (!res.destroyed) {
          closedBy = 'server';
          res.end();
        }
      };
      pump();
    });
    const closed = s.closed();
    const client = createLmStudioClient({ baseUrl: s.url, maxEventBytes: CAP, timeouts: { firstTokenMs: 5_000, idleMs: 5_000, totalMs: 20_000 } });
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const started = Date.now();
    let error: LmStudioError;
    try {
      error = await caught(client.streamChat(request).result());
    } finally {
      clearInterval(sampler);
    }
    const elapsed = Date.now() - started;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/larger than 1024 KiB/);
    expect(error.partial?.content).toBe('head');
    expect(elapsed).toBeLessThan(5_000);
    await closed;
    expect(closedBy).toBe('client');
    // The cap plus what the kernel's socket buffers held: nowhere near the endless supply.
    expect(sent).toBeLessThan(64 * MiB);
    expect(peak - before).toBeLessThan(48 * MiB);
  }, 15_000);
});

// ---------------------------------------------------------------------------------------------------------------

describe('tool arguments are data', () => {
  const EXIT_STRING = '"); process.exit(1); ("';
  const HOSTILE_ARGS = JSON.stringify({ cmd: EXIT_STRING }).replace(
    /^\{/,
    '{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted2":true}},',
  );
  const RAW_EXIT = EXIT_STRING;
  const tools = [{ type: 'function' as const, function: { name: 'run', description: 'Runs a command', parameters: { type: 'object' } } }];

  let exitSpy: ReturnType<typeof vi.spyOn>;
  beforeAll(() => {
    exitSpy = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit was called');
    }) as typeof process.exit);
  });
  afterAll(() => exitSpy.mockRestore());

  function expectUnpolluted(): void {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.polluted2).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(exitSpy).not.toHaveBeenCalled();
  }

  function expectHostileInput(input: Record<string, unknown> | undefined): void {
    expect(input).toBeDefined();
    const value = input as Record<string, unknown>;
    // `__proto__` stays an own data property, as JSON.parse makes it; the prototype is untouched.
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true, isAdmin: true });
    expect(Object.getOwnPropertyDescriptor(value, 'constructor')?.value).toEqual({ prototype: { polluted2: true } });
    expect(value.cmd).toBe(EXIT_STRING);
  }

  const streamedToolCalls = (args: string[], raw: string): string =>
    [
      chunkEvent({ role: 'assistant', tool_calls: [{ index: 0, id: '111111111', type: 'function', function: { name: 'run', arguments: '' } }] }),
      ...args.map((a) => chunkEvent({ tool_calls: [{ index: 0, type: 'function', function: { arguments: a } }] })),
      chunkEvent({ tool_calls: [{ index: 1, id: '222222222', type: 'function', function: { name: 'run', arguments: raw } }] }),
      chunkEvent({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ].join('');

  it('streamed: prototype keys stay data, a JS-looking string stays a string', async () => {
    const pieces = HOSTILE_ARGS.match(/.{1,7}/g) ?? [];
    const s = await server((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(streamedToolCalls(pieces, RAW_EXIT));
    });
    const result = await createLmStudioClient({ baseUrl: s.url }).streamChat({ ...request, tools }).result();
    expect(result.toolCalls).toHaveLength(2);
    const [first, second] = result.toolCalls;
    expect(first?.arguments).toBe(HOSTILE_ARGS);
    expectHostileInput(first?.input);
    // It happens to be a JSON string: still only data, and not an object.
    expect(second).toMatchObject({ arguments: RAW_EXIT, input: undefined, error: 'arguments are JSON but not an object' });
    expectUnpolluted();
  });

  it('non-streamed: the same', async () => {
    const s = await server((_req, res) =>
      json(res, 200, {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: LOADED_LLM,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [
                { type: 'function', id: '1', function: { name: 'run', arguments: HOSTILE_ARGS } },
                { type: 'function', id: '2', function: { name: 'run', arguments: RAW_EXIT } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      }),
    );
    const result = await createLmStudioClient({ baseUrl: s.url }).chat({ ...request, tools });
    expectHostileInput(result.toolCalls[0]?.input);
    expect(result.toolCalls[1]).toMatchObject({ arguments: RAW_EXIT, input: undefined });
    expectUnpolluted();
  });

  it('recovered from text: the same', async () => {
    const text = `<tool_call>{"name":"run","arguments":${HOSTILE_ARGS}}</tool_call>`;
    const s = await server((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(`${chunkEvent({ role: 'assistant', content: text })}${chunkEvent({}, 'stop')}data: [DONE]\n\n`);
    });
    const result = await createLmStudioClient({ baseUrl: s.url }).streamChat({ ...request, tools }).result();
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]?.recovered).toBe(true);
    expectHostileInput(result.toolCalls[0]?.input);
    expectUnpolluted();
  });

  it('runTools hands the tool the parsed data and sends it back as data', async () => {
    let round = 0;
    const s = await server((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      round++;
      if (round === 1) res.end(streamedToolCalls([HOSTILE_ARGS], '{}'));
      else res.end(`${chunkEvent({ role: 'assistant', content: 'done' })}${chunkEvent({}, 'stop')}data: [DONE]\n\n`);
    });
    const inputs: Record<string, unknown>[] = [];
    const run = createLmStudioClient({ baseUrl: s.url }).runTools({
      ...request,
      tools: [{ name: 'run', parameters: { type: 'object' }, execute: (input) => (inputs.push(input), 'ok') }],
    });
    const result = await run.result();
    expect(result.final.content).toBe('done');
    expectHostileInput(inputs[0]);
    expectUnpolluted();
  });
});

// Last: everything written while this file ran (console, stdout, stderr, the emulator's log).
describe('logs', () => {
  it('no secret reached console, stdout, stderr or the server log', () => {
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((line) => logSecrets.some((s) => line.includes(s)))).toEqual([]);
  });
});
