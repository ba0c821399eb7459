// The API key appears nowhere in an error: not in its message, `partial`, `details` or cause, not through
// JSON.stringify or util.inspect, whatever the server echoes back (content, model id, tool arguments, property
// names of a structured answer).
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, LmStudioError } from '../../src/index.js';
import { redactError } from '../../src/http/redact.js';
import { lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';

vi.setConfig({ testTimeout: 15_000 });

const SECRET = 'sk-lm-hardening-4f1e9a-SECRET';
const serve = useServers();
const messages = [{ role: 'user' as const, content: 'hi' }];
const tool = { type: 'function' as const, function: { name: 't', parameters: { type: 'object' } } };

function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(LmStudioError);
  const e = error as LmStudioError;
  for (const text of [e.message, e.stack ?? '', String(e), JSON.stringify(e), inspect(e, { depth: Infinity }), JSON.stringify(e.partial ?? null), JSON.stringify(e.details ?? null)]) {
    expect(text).not.toContain(SECRET);
  }
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null, model = 'm') => ({ id: 'c', model, choices: [{ index: 0, delta, finish_reason: finish }] });

function sse(res: ServerResponse, events: unknown[], end = true): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const text = events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');
  if (end) res.end(text);
  else res.write(text);
}

const client = (url: string) => createLmStudioClient({ baseUrl: url, apiKey: SECRET, timeouts: { idleMs: 300 } });

describe('a server that echoes the key', () => {
  it('into content, then a stream error: partial, JSON and inspect are clean, the rest of the text kept', async () => {
    const server = await serve((_req, res) => sse(res, [chunk({ content: `your key is ${SECRET}, ok` }), { error: { message: `failed for ${SECRET}` } }]));
    const error = await lmStudioError(client(server.url).streamChat({ model: 'm', messages }).result());
    expect(error.code).toBe('stream-error');
    expect(error.partial?.content).toBe('your key is ***, ok');
    expectNoSecret(error);
  });

  it('into the model id, then a truncated stream', async () => {
    const server = await serve((_req, res) => sse(res, [chunk({ content: 'hello' }, null, `model-${SECRET}`)]));
    const error = await lmStudioError(client(server.url).streamChat({ model: 'm', messages }).result());
    expect(error.code).toBe('stream-truncated');
    expect(error.partial?.model).toBe('model-***');
    expectNoSecret(error);
  });

  it('into tool arguments (values and property names), then silence', async () => {
    const args = JSON.stringify({ token: SECRET, [SECRET]: 1 });
    const server = await serve((_req, res) =>
      sse(res, [chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 't', arguments: args } }] })], false),
    );
    const error = await lmStudioError(client(server.url).streamChat({ model: 'm', messages, tools: [tool] }).result());
    expect(error.code).toBe('timeout');
    expect(error.partial?.toolCalls).toHaveLength(1);
    expectNoSecret(error);
  });

  it('as a property name in a structured answer: chatJson and streamChatJson invalid-output carry no key', async () => {
    const answer = JSON.stringify({ [SECRET]: 1 });
    const server = await serve((_req, res, body) => {
      if ((JSON.parse(body) as { stream?: boolean }).stream) {
        sse(res, [chunk({ content: answer }, 'stop'), '[DONE]']);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] }));
    });
    const schema = { type: 'object', properties: { ok: { type: 'number' } }, additionalProperties: false };
    const c = client(server.url);
    for (const work of [() => c.chatJson({ model: 'm', messages }, { schema }), () => c.streamChatJson({ model: 'm', messages }, { schema }).result()]) {
      const error = await lmStudioError(work);
      expect(error.code).toBe('invalid-output');
      expectNoSecret(error);
    }
  });

  it('in an error reply of a non-streamed call', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad key ${SECRET}` } }));
    });
    const c = client(server.url);
    for (const work of [() => c.chat({ model: 'm', messages }), () => c.embed({ model: 'm', input: 'x' }), () => c.listModels(), () => c.loadModel('m')]) {
      expectNoSecret(await lmStudioError(work));
    }
  });

  it('through a tool run that fails mid-stream', async () => {
    const server = await serve((_req, res) => sse(res, [chunk({ content: `echo ${SECRET}` })]));
    const run = client(server.url).runTools({ model: 'm', messages, tools: [{ name: 't', parameters: { type: 'object' }, execute: () => 'x' }] });
    expectNoSecret(await lmStudioError(run.result()));
  });
});

describe('redactError', () => {
  it('walks values of any depth without recursion, keys included', () => {
    let deep: Record<string, unknown> = { [SECRET]: SECRET };
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    const error = new LmStudioError('bad-response', { message: `m ${SECRET}`, hint: `h ${SECRET}`, details: { deep }, cause: new Error(`c ${SECRET}`) });
    redactError(error, [SECRET]);
    expect(error.message).not.toContain(SECRET);
    expect(error.hint).not.toContain(SECRET);
    expect(String((error.cause as Error).message)).not.toContain(SECRET);
    let node = error.details?.deep as Record<string, unknown>;
    while (node.a) node = node.a as Record<string, unknown>;
    expect(node).toEqual({ '***': '***' });
  });

  it('leaves an error without secrets untouched', () => {
    const partial = { id: '', model: 'm', requestedModel: 'm', modelMismatch: false, content: 'fine', reasoning: '', toolCalls: [], finishReason: null };
    const error = new LmStudioError('timeout', { message: 'slow', partial });
    redactError(error, [SECRET]);
    expect(error.partial).toBe(partial);
  });
});
