import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, LmStudioError, type ChatEvent } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';
import { responseEvents, responseObject, responsesSse, RESP_ID } from '../support/responses-fixtures.js';
import { listTraces, readTrace, skipWithoutTraces } from '../support/traces.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const SSE = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };
const request = { model: 'qwen/qwen3-8b', input: 'hi' };

/** Serves `chunks` (written one by one) as an event stream; `hold` keeps the connection open after them. */
async function streamOf(chunks: string[], hold = false) {
  return serve((_req, res) => {
    res.writeHead(200, SSE);
    for (const chunk of chunks) res.write(chunk);
    if (!hold) res.end();
  });
}

async function collect(url: string, options: Parameters<ReturnType<typeof createLmStudioClient>['streamResponse']>[1] = {}) {
  const stream = createLmStudioClient({ baseUrl: url }).streamResponse(request, options);
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result() };
}

describe('streamResponse folds events into chat events and one result', () => {
  it('reasoning, text and a function call whose arguments come whole in .done (LM Studio)', async () => {
    const server = await streamOf([responsesSse(responseEvents({ reasoning: ['Let', ' me see'], text: ['\nIt is', ' sunny.'], calls: [{ args: ['{"city":"Paris"}'] }] }))]);
    const { events, result } = await collect(server.url);
    expect(result.reasoning).toBe('Let me see');
    expect(result.content).toBe('It is sunny.');
    expect(result.toolCalls).toEqual([{ id: 'call_2025306790300011', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } }]);
    expect(result).toMatchObject({ id: RESP_ID, status: 'completed', finishReason: 'tool_calls', model: 'qwen/qwen3-8b', modelMismatch: false });
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 30, totalTokens: 42, reasoningTokens: 10 });
    expect(result.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(events.map((e) => e.type)).toEqual(['reasoning', 'reasoning', 'text', 'text', 'tool-call-start', 'tool-call-delta', 'usage', 'finish', 'tool-call-end']);
    expect(events).toContainEqual({ type: 'tool-call-start', index: 0, id: 'call_2025306790300011', name: 'get_weather' });
  });

  it("OpenAI's argument deltas are accepted too, and .done does not double them", async () => {
    const server = await streamOf([responsesSse(responseEvents({ calls: [{ args: ['{"ci', 'ty":"Ro', 'me"}'] }] }, { argumentDeltas: true }))]);
    const { events, result } = await collect(server.url);
    expect(result.toolCalls[0]?.input).toEqual({ city: 'Rome' });
    expect(events.filter((e) => e.type === 'tool-call-delta').map((e) => (e as { argumentsDelta: string }).argumentsDelta)).toEqual(['{"ci', 'ty":"Ro', 'me"}']);
  });

  it('a stream with only response.completed still yields the text (filled from the final object)', async () => {
    const final = responseObject([{ id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Whole.' }] }]);
    const server = await streamOf([responsesSse([{ type: 'response.completed', response: final, sequence_number: 0 }])]);
    const { events, result } = await collect(server.url);
    expect(result.content).toBe('Whole.');
    expect(events[0]).toEqual({ type: 'text', delta: 'Whole.' });
  });

  it('max_output_tokens reached: status incomplete, finish reason length', async () => {
    const events = responseEvents({ text: ['cut'] }, { final: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    const server = await streamOf([responsesSse(events)]);
    const { result } = await collect(server.url);
    expect(result).toMatchObject({ status: 'incomplete', finishReason: 'length', content: 'cut' });
  });

  it('unknown event names are ignored', async () => {
    const events = responseEvents({ text: ['ok'] });
    events.splice(3, 0, { type: 'response.some_future_event', sequence_number: 99 });
    const server = await streamOf([responsesSse(events)]);
    expect((await collect(server.url)).result.content).toBe('ok');
  });

  it('property: any split of the bytes gives the same result', async () => {
    const text = responsesSse(responseEvents({ reasoning: ['r1', 'r2'], text: ['héllo ', 'wörld 🌍'], calls: [{ args: ['{"a":', '1}'] }] }, { argumentDeltas: true }));
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), async (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces: Uint8Array[] = [];
        let last = 0;
        for (const p of [...points, bytes.length]) {
          pieces.push(bytes.subarray(last, p));
          last = p;
        }
        const server = await serve((_req, res) => {
          res.writeHead(200, SSE);
          for (const piece of pieces) res.write(piece);
          res.end();
        });
        const { result } = await collect(server.url);
        expect(result).toMatchObject({ content: 'héllo wörld 🌍', reasoning: 'r1r2', toolCalls: [{ input: { a: 1 } }] });
        await server.close();
      }),
      { numRuns: 15 },
    );
  });
});

describe('streamResponse failures are typed and keep what arrived', () => {
  it('response.failed → stream-error with the server message and partial text', async () => {
    const events = responseEvents({ text: ['par', 'tial'] }).slice(0, -1);
    events.push({ type: 'response.failed', response: responseObject([], { status: 'failed', error: { code: 'server_error', message: 'The model crashed' } }), sequence_number: 99 });
    const server = await streamOf([responsesSse(events)]);
    const error = await lmStudioError(collect(server.url));
    expect(error.code).toBe('stream-error');
    expect(error.serverMessage).toBe('The model crashed');
    expect(error.partial?.content).toBe('partial');
  });

  it('an error event naming previous_response_not_found → response-not-found', async () => {
    const server = await streamOf([responsesSse([{ type: 'error', code: 'previous_response_not_found', message: "Prediction history node with id 'resp_x' not found", sequence_number: 0 }])]);
    const stream = createLmStudioClient({ baseUrl: server.url }).streamResponse({ ...request, previous_response_id: 'resp_x' });
    const error = await lmStudioError(stream.result());
    expect(error.code).toBe('response-not-found');
    expect(error.message).toContain('resp_x');
  });

  it("LM Studio's chat-style event: error (context overflow) keeps its code", async () => {
    const server = await streamOf(['event: error\ndata: {"error":{"message":"Input does not fit in context length."},"message":"Input does not fit in context length."}\n\n']);
    expect((await lmStudioError(collect(server.url))).code).toBe('context-overflow');
  });

  it('a body that ends before response.completed → stream-truncated with partial', async () => {
    const server = await streamOf([responsesSse(responseEvents({ text: ['a', 'b'] }).slice(0, 6))]);
    const error = await lmStudioError(collect(server.url));
    expect(error.code).toBe('stream-truncated');
    expect(error.partial?.content).toBe('ab');
  });

  it('an event that is not JSON → bad-response', async () => {
    const server = await streamOf(['event: response.output_text.delta\ndata: {nope\n\n']);
    expect((await lmStudioError(collect(server.url))).code).toBe('bad-response');
  });

  it('silence after the first event → idle timeout, and the connection is closed', async () => {
    const server = await streamOf([responsesSse(responseEvents({ text: ['a'] }).slice(0, 5))], true);
    const closed = server.closed();
    const error = await lmStudioError(collect(server.url, { timeouts: { idleMs: 100 } }));
    expect(error).toMatchObject({ code: 'timeout', phase: 'idle' });
    expect(error.partial?.content).toBe('a');
    await closed;
  });

  it('break closes the connection (LM Studio keeps generating otherwise, #1203)', async () => {
    const server = await streamOf([responsesSse(responseEvents({ text: ['a', 'b'] }).slice(0, 5))], true);
    const closed = server.closed();
    const stream = createLmStudioClient({ baseUrl: server.url }).streamResponse(request);
    for await (const event of stream) if (event.type === 'text') break;
    await closed;
    expect((await lmStudioError(stream.result())).code).toBe('aborted');
  });

  it("the caller's abort closes the connection and rejects with aborted", async () => {
    const server = await streamOf([responsesSse(responseEvents({ text: ['a'] }).slice(0, 4))], true);
    const closed = server.closed();
    const controller = new AbortController();
    const stream = createLmStudioClient({ baseUrl: server.url }).streamResponse(request, { signal: controller.signal });
    const pending = lmStudioError(stream.result());
    setTimeout(() => controller.abort(), 50);
    expect((await pending).code).toBe('aborted');
    await closed;
  });

  it('every failure is an LmStudioError (never a raw TypeError)', async () => {
    const server = await streamOf(['event: response.output_item.added\ndata: {"type":"response.output_item.added","item":null}\n\n', 'data: 42\n\n']);
    const error = await lmStudioError(collect(server.url));
    expect(error).toBeInstanceOf(LmStudioError);
    expect(error.code).toBe('bad-response');
  });
});

// ---- the real recordings ---------------------------------------------------------------------------------------

const noTraces = skipWithoutTraces('stream: recorded Responses streams');
const payloadTraces = listTraces().filter((f) => /^responses-stream-.*\.payloads\.jsonl$/.test(f));

describe.skipIf(noTraces)('recorded Responses streams replay to the recorded final response', () => {
  it.each(payloadTraces)('%s', async (file) => {
    const payloads = readTrace(file).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const server = await streamOf([responsesSse(payloads)]);
    const { events, result } = await collect(server.url);
    const final = (payloads.at(-1) as { response: { id: string; output: { type: string; content?: { text: string }[]; arguments?: string; call_id?: string }[] } }).response;
    expect(result.id).toBe(final.id);
    expect(result.status).toBe('completed');
    const message = final.output.find((i) => i.type === 'message');
    const texts = (message?.content ?? []).map((p) => p.text).join('');
    expect(result.content).toBe(result.reasoning ? texts.trimStart() : texts);
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('')).toBe(result.content);
    const call = final.output.find((i) => i.type === 'function_call');
    if (call) expect(result.toolCalls).toMatchObject([{ id: call.call_id, arguments: call.arguments }]);
    expect(result.output).toEqual(final.output);
  });
});
