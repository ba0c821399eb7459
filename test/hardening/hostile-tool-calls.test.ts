// A model's output is untrusted input: tool arguments nested thousands of levels deep, or sent as a JSON object
// instead of a string, never throw a raw error, never lose streamed text, and never leave a rejection unhandled.
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, LmStudioError } from '../../src/index.js';
import { MAX_ARGUMENT_DEPTH } from '../../src/stream/parse-tool-arguments.js';
import { useServers } from '../support/loopback-server.js';

vi.setConfig({ testTimeout: 15_000 });

const serve = useServers();
const messages = [{ role: 'user' as const, content: 'hi' }];
const DEPTH = 20_000;
const deepArguments = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const deepValue = JSON.parse(deepArguments) as Record<string, unknown>;
const tool = { type: 'function' as const, function: { name: 't', parameters: { type: 'object' } } };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

function sse(res: ServerResponse, events: unknown[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join(''));
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

function answer(args: unknown, content = 'before the call') {
  return {
    id: 'c',
    object: 'chat.completion',
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 't', arguments: args } }] }, finish_reason: 'tool_calls' }],
  };
}

/** Serves a whole answer to non-streamed requests and the same as events to streamed ones. */
async function serverWith(args: unknown, content = 'before the call') {
  return serve((_req, res, body) => {
    const streamed = (JSON.parse(body) as { stream?: boolean }).stream === true;
    if (!streamed) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(args, content)));
      return;
    }
    sse(res, [
      chunk({ role: 'assistant', content }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 't', arguments: args } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
  });
}

describe(`tool arguments nested ${DEPTH} levels deep`, () => {
  it('chat(): the call is kept with a typed error on it', async () => {
    const server = await serverWith(deepArguments);
    const result = await createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages, tools: [tool] });
    expect(result.content).toBe('before the call');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ id: 'call_1', name: 't', input: undefined, error: expect.stringContaining(`${MAX_ARGUMENT_DEPTH} levels`) });
    expect(result.toolCalls[0]?.arguments).toBe(deepArguments);
  });

  it('streamChat(): the streamed text survives and the call carries the error', async () => {
    const server = await serverWith(deepArguments);
    const result = await createLmStudioClient({ baseUrl: server.url }).streamChat({ model: 'm', messages, tools: [tool] }).result();
    expect(result.content).toBe('before the call');
    expect(result.toolCalls[0]?.error).toMatch(/nested deeper/);
  });

  it('a call written as text with deep arguments is recovered with an error, the text around it kept', async () => {
    const text = `Let me check. <tool_call>{"name":"t","arguments":${deepArguments}}</tool_call>`;
    const server = await serve((_req, res) => sse(res, [chunk({ content: text }), chunk({}, 'stop'), '[DONE]']));
    const result = await createLmStudioClient({ baseUrl: server.url }).streamChat({ model: 'm', messages, tools: [tool] }).result();
    expect(result.content).toBe('Let me check. ');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ name: 't', recovered: true, input: undefined, error: expect.stringMatching(/nested deeper/) });
  });

  it('runTools(): the model is told, the run ends normally, and no rejection is left unhandled', async () => {
    const server = await serverWith(deepArguments);
    const executed: unknown[] = [];
    const run = createLmStudioClient({ baseUrl: server.url }).runTools({
      model: 'm',
      messages,
      maxRounds: 2,
      tools: [{ name: 't', parameters: { type: 'object' }, execute: (input) => executed.push(input) }],
    });
    const result = await run.result();
    expect(result.stopReason).toBe('max-rounds');
    expect(executed).toEqual([]);
    const toolMessage = result.messages.find((m) => m.role === 'tool');
    expect(toolMessage?.content).toMatch(/not a valid JSON object/);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });

  it('runTools() with a guard replacing the input by a deep value: typed outcome, nothing unhandled', async () => {
    const server = await serverWith('{"x":1}');
    const run = createLmStudioClient({ baseUrl: server.url }).runTools({
      model: 'm',
      messages,
      maxRounds: 3,
      tools: [{ name: 't', parameters: { type: 'object' }, execute: () => 'ran' }],
      guard: () => ({ action: 'replace', input: deepValue }),
    });
    const outcome = await run.result().then(
      (r) => r,
      (e: unknown) => e,
    );
    expect(outcome instanceof LmStudioError || (typeof outcome === 'object' && outcome !== null && 'stopReason' in outcome)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});

describe('tool-call arguments sent as a JSON object instead of a string', () => {
  it('chat(): the object is the input, its JSON text the arguments', async () => {
    const server = await serverWith({ city: 'Paris', days: 2 });
    const result = await createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages, tools: [tool] });
    expect(result.toolCalls[0]).toMatchObject({ input: { city: 'Paris', days: 2 }, arguments: '{"city":"Paris","days":2}' });
    expect(result.toolCalls[0]?.error).toBeUndefined();
  });

  it('streamChat(): the same', async () => {
    const server = await serverWith({ city: 'Paris' });
    const result = await createLmStudioClient({ baseUrl: server.url }).streamChat({ model: 'm', messages, tools: [tool] }).result();
    expect(result.toolCalls[0]).toMatchObject({ input: { city: 'Paris' }, arguments: '{"city":"Paris"}' });
  });

  it('a deep object is kept as a call with an error, not thrown', async () => {
    const server = await serve((_req, res) => {
      // Written by hand: JSON.stringify cannot write the deep value either.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer('PLACEHOLDER')).replace('"PLACEHOLDER"', deepArguments));
    });
    const result = await createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages, tools: [tool] });
    expect(result.toolCalls[0]).toMatchObject({ input: undefined, error: expect.stringMatching(/nested deeper/) });
  });
});
