import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type LmStudioErrorCode } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { chatPlain, errors } from '../support/fixtures.js';
import { refusedPort, sendJson, useServers } from '../support/loopback-server.js';
import { listTraces, readTrace, skipWithoutTraces } from '../support/traces.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const request = { model: 'mistralai/ministral-8b', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Starts a server answering every request with `status` and `body`, and returns the error `chat()` fails with. */
async function chatFailure(status: number, body: unknown, headers: Record<string, string> = {}) {
  const server = await serve((_req, res) => {
    if (typeof body === 'string' && !headers['content-type']) sendJson(res, status, body);
    else if (typeof body === 'string') {
      res.writeHead(status, headers);
      res.end(body);
    } else sendJson(res, status, body, headers);
  });
  const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat(request));
  return { error, server };
}

const serverText = (body: { error: string | { message: string } }): string =>
  (typeof body.error === 'string' ? body.error : body.error.message).replace(/^<LM Studio error>\s*/, '').replace(/\s+/g, ' ').trim();

describe('every error shape of the wire contract maps to its code (own fixtures)', () => {
  const cases: [keyof typeof errors, LmStudioErrorCode][] = [
    ['unexpectedEndpoint', 'endpoint-not-found'],
    ['messagesRequired', 'bad-request'],
    ['jsonObject', 'unsupported'],
    ['noModelLoadedString', 'no-model-loaded'],
    ['noModelLoadedObject', 'no-model-loaded'],
    ['modelNotFound400', 'model-not-found'],
    ['modelNotFound404', 'model-not-found'],
    ['invalidReasoningEffort', 'bad-request'],
    ['contextOverflowOld', 'context-overflow'],
    ['contextOverflowNew', 'context-overflow'],
    ['authRequired', 'auth'],
    ['promptTemplate', 'bad-request'],
    ['serverError', 'server-error'],
  ];

  it.each(cases)('%s → %s', async (name, code) => {
    const fixture = errors[name];
    const { error, server } = await chatFailure(fixture.status, fixture.body);
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe(code);
    expect(error.status).toBe(fixture.status);
    expect(error.serverMessage).toBe(serverText(fixture.body));
    expectReadable(error, serverText(fixture.body).slice(0, 30));
    expect(error.hostCode).toBe(code === 'auth' ? 'AUTH_REQUIRED' : 'AI_REQUEST_ERROR');
  });

  it('the old context-overflow wording loses its "<LM Studio error>" prefix', async () => {
    const { error } = await chatFailure(400, errors.contextOverflowOld.body);
    expect(error.serverMessage).toMatch(/^Trying to keep the first 9001 tokens/);
    expect(error.message).not.toContain('<LM Studio error>');
  });

  it('401 invalid_api_key → auth with hostCode AUTH_REQUIRED', async () => {
    const { error } = await chatFailure(401, errors.authRequired.body);
    expect(error.code).toBe('auth');
    expect(error.hostCode).toBe('AUTH_REQUIRED');
    expect(error.status).toBe(401);
  });

  it('500 with an HTML page → server-error with the page text, not its markup', async () => {
    const { error } = await chatFailure(500, '<html><body><h1>Internal Server Error</h1></body></html>', { 'content-type': 'text/html' });
    expect(error.code).toBe('server-error');
    expect(error.status).toBe(500);
    expect(error.serverMessage).toBe('Internal Server Error');
    expectReadable(error, 'Internal Server Error');
    expect(error.message).not.toContain('<h1>');
  });

  it('200 with a body that has no choices → bad-response', async () => {
    const { error } = await chatFailure(200, { id: 'chatcmpl-1', object: 'chat.completion', model: 'm', usage: chatPlain.usage });
    expect(error.code).toBe('bad-response');
    expect(error.status).toBe(200);
    expect(error.serverMessage).toBeUndefined();
    expectReadable(error);
  });

  it('200 with a body that is not JSON → bad-response', async () => {
    const { error } = await chatFailure(200, 'Hello from a web server', { 'content-type': 'text/plain' });
    expect(error.code).toBe('bad-response');
    expect(error.status).toBe(200);
    expect(error.serverMessage).toBeUndefined();
    expectReadable(error);
  });

  it('connection refused → unreachable with hostCode AI_CONNECTION_ERROR', async () => {
    const port = await refusedPort();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: `http://127.0.0.1:${port}` }).chat(request));
    expect(error.code).toBe('unreachable');
    expect(error.hostCode).toBe('AI_CONNECTION_ERROR');
    expect(error.status).toBeUndefined();
    expect(error.serverMessage).toBeUndefined();
    expectReadable(error, `127.0.0.1:${port}`);
    expect(error.message).toMatch(/refused/i);
  });

  it('the 200 "Unexpected endpoint" body on a model listing path is endpoint-not-found too', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { error: `Unexpected endpoint or method. (GET ${req.url ?? ''})` }));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).listModels());
    expect(error.code).toBe('endpoint-not-found');
    expect(error.status).toBe(200);
    expect(error.serverMessage).toBe('Unexpected endpoint or method. (GET /v1/models)');
    expectReadable(error, 'Unexpected endpoint or method');
  });
});

// ---- the same, from the real recordings ------------------------------------------------------------------------

/**
 * The error body inside a trace file. JSON bodies are served as recorded; the excerpts (client reprs, server-log
 * prints, terminal output, see SOURCES.md) are turned back into the JSON LM Studio sent.
 */
function recordedErrorBody(file: string, text: string): unknown {
  if (file.endsWith('.json')) return text;
  if (file.endsWith('.json.txt')) {
    // A JSON body cut off by the search index mid-message: the message as far as it goes.
    const cut = /"message":\s*"((?:[^"\\]|\\.)*)/.exec(text)?.[1];
    if (cut !== undefined) return { error: { message: JSON.parse(`"${cut.replace(/\\$/, '')}"`) as string } };
  }
  const logged = /\[(?:LM STUDIO SERVER|Server Error)\]\s*(\{[\s\S]*\})\s*$/.exec(text);
  if (logged?.[1]) return JSON.parse(logged[1]);
  const inMsg = /msg=(\{[\s\S]*\})\)\s*$/.exec(text);
  if (inMsg?.[1]) return JSON.parse(inMsg[1]);
  const printed = /API Error: \d+ (\{[\s\S]*\})\s*$/.exec(text);
  if (printed?.[1]) return JSON.parse(printed[1].replace(/\s*\n\s*/g, ' '));
  const firstLine = text.split('\n')[0] ?? '';
  const reprString = /\{'error': (['"])(.*)\1\}\s*$/.exec(firstLine);
  if (reprString?.[2] !== undefined) return { error: reprString[2] };
  const reprObject = /'message': '(.*)', 'type': '([^']*)', 'param': '([^']*)', 'code': '([^']*)'\}\}\s*$/.exec(firstLine);
  if (reprObject) return { error: { message: reprObject[1], type: reprObject[2], param: reprObject[3], code: reprObject[4] } };
  throw new Error(`${file}: cannot find the error body in this excerpt`);
}

const EXPECTED_CODE: [RegExp, LmStudioErrorCode][] = [
  [/unexpected-endpoint/, 'endpoint-not-found'],
  [/context-overflow/, 'context-overflow'],
  [/model-not-found/, 'model-not-found'],
  [/no-models?-loaded/, 'no-model-loaded'],
  [/response-format-json-object/, 'unsupported'],
  [/auth-required/, 'auth'],
  [/messages-required|invalid-reasoning-effort/, 'bad-request'],
  [/jinja-engine-protocol/, 'server-error'],
  // POST /v1/responses with a tool type other than function/mcp (respond() refuses these before sending).
  [/responses-tool-type/, 'bad-request'],
];

const noTraces = skipWithoutTraces('client: recorded LM Studio error bodies');
const errorTraces = listTraces().filter((f) => /^error-\d{3}-/.test(f) && !f.endsWith('.curl.txt') && !f.endsWith('.log.json'));
/** Bodies whose message embeds another error's JSON: the message is unwrapped (tested on its own below). */
const EMBEDDED_JSON = /jinja-engine-protocol/;

describe.skipIf(noTraces)('recorded LM Studio errors map to their codes', () => {
  it('every recorded error has an expected code here', () => {
    expect(errorTraces.length).toBeGreaterThan(0);
    expect(errorTraces.filter((f) => !EXPECTED_CODE.some(([pattern]) => pattern.test(f)))).toEqual([]);
  });

  it.each(errorTraces.filter((f) => !EMBEDDED_JSON.test(f)))('%s', async (file) => {
    const status = Number(/^error-(\d{3})-/.exec(file)?.[1]);
    const code = EXPECTED_CODE.find(([pattern]) => pattern.test(file))?.[1];
    const body = recordedErrorBody(file, readTrace(file));
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { error: string | { message: string } };
    const { error } = await chatFailure(status, body);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.serverMessage).toBe(serverText(parsed));
    expectReadable(error, serverText(parsed).slice(0, 30));
  });

  it.each(errorTraces.filter((f) => EMBEDDED_JSON.test(f)))('%s: the engine\'s message, not its JSON', async (file) => {
    const { error } = await chatFailure(500, recordedErrorBody(file, readTrace(file)));
    expect(error.code).toBe('server-error');
    expect(error.status).toBe(500);
    expect(error.serverMessage).toMatch(/^Engine protocol predict request returned 500: While executing CallExpression/);
    expect(error.serverMessage).toContain('Jinja Exception: After the optional system message, conversation roles must alter');
    expectReadable(error, 'Jinja Exception');
  });

  it('both recorded context-overflow wordings are recognised', async () => {
    const files = errorTraces.filter((f) => f.includes('context-overflow'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const messages = new Set<string>();
    for (const file of files) {
      const { error } = await chatFailure(400, recordedErrorBody(file, readTrace(file)));
      expect(error.code).toBe('context-overflow');
      messages.add(error.serverMessage ?? '');
    }
    expect(messages.size).toBe(files.length);
  });
});
