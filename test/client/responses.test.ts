import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type ResponseRequest } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { functionCallItem, messageItem, reasoningItem, responseEvents, responseObject, responsesSse, RESP_ID } from '../support/responses-fixtures.js';
import { listTraces, readTrace, readTraceJson, skipWithoutTraces } from '../support/traces.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const model = 'qwen/qwen3-8b';
type Wire = Record<string, unknown>;

/** A server answering every request with `reply(body, n)`; returns the client and the parsed request bodies. */
async function scripted(reply: (body: Wire, n: number) => { status?: number; json?: unknown; sse?: string }) {
  const server = await serve((_req, res, text) => {
    const body = JSON.parse(text || '{}') as Wire;
    const out = reply(body, server.requests.length - 1);
    if (out.sse !== undefined) {
      res.writeHead(out.status ?? 200, { 'content-type': 'text/event-stream' });
      res.end(out.sse);
    } else sendJson(res, out.status ?? 200, out.json);
  });
  const bodies = () => server.requests.map((r) => JSON.parse(r.body || '{}') as Wire);
  return { server, lm: createLmStudioClient({ baseUrl: server.url }), bodies };
}

const notFound = {
  error: { message: "Prediction history node with id 'resp_gone' not found", type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' },
};

describe('respond()', () => {
  it('reads reasoning, text, usage and the raw output; sends the request without stream', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([reasoningItem('\nThinking.'), messageItem('\nHello.')]) }));
    const result = await lm.respond({ model, input: 'hi', instructions: 'Be brief.' });
    expect(result).toMatchObject({ id: RESP_ID, status: 'completed', content: 'Hello.', reasoning: '\nThinking.', finishReason: 'stop', toolCalls: [] });
    expect(result.output).toHaveLength(2);
    expect(bodies()[0]).toEqual({ model, input: 'hi', instructions: 'Be brief.' });
  });

  it('a function call has the chat tool-call shape, with call_id as its id', async () => {
    const { lm } = await scripted(() => ({ json: responseObject([functionCallItem('{"city":"Oslo"}')]) }));
    const result = await lm.respond({ model, input: 'weather?' });
    expect(result.toolCalls).toEqual([{ id: 'call_2025306790300011', name: 'get_weather', arguments: '{"city":"Oslo"}', input: { city: 'Oslo' } }]);
    expect(result.finishReason).toBe('tool_calls');
  });

  it('another model answering is flagged', async () => {
    const { lm } = await scripted(() => ({ json: responseObject([messageItem('x')], { model: 'google/gemma-3-4b' }) }));
    expect(await lm.respond({ model, input: 'hi' })).toMatchObject({ model: 'google/gemma-3-4b', requestedModel: model, modelMismatch: true });
  });

  it('an unknown previous_response_id → response-not-found, naming the id', async () => {
    const { lm } = await scripted(() => ({ status: 400, json: notFound }));
    const error = await lmStudioError(lm.respond({ model, input: 'and then?', previous_response_id: 'resp_gone' }));
    expect(error).toMatchObject({ code: 'response-not-found', status: 400 });
    expect(error.serverMessage).toContain('Prediction history node');
    expectReadable(error, 'resp_gone');
  });

  it('the same from streamResponse', async () => {
    const { lm } = await scripted(() => ({ status: 400, json: notFound }));
    const error = await lmStudioError(lm.streamResponse({ model, input: 'x', previous_response_id: 'resp_gone' }).result());
    expect(error.code).toBe('response-not-found');
  });

  it('an LM Studio older than 0.3.29 (HTTP 200 "Unexpected endpoint") → endpoint-not-found, streamed or not', async () => {
    const { lm } = await scripted(() => ({ json: { error: 'Unexpected endpoint or method. (POST /v1/responses)' } }));
    expect((await lmStudioError(lm.respond({ model, input: 'hi' }))).code).toBe('endpoint-not-found');
    const error = await lmStudioError(lm.streamResponse({ model, input: 'hi' }).result());
    expect(error.code).toBe('endpoint-not-found');
    expectReadable(error, 'POST /v1/responses');
  });

  it('the API key never appears in an error', async () => {
    const { server } = await scripted(() => ({ status: 400, json: { error: { message: 'bad token sk-secret-123 given', code: 'invalid_value' } } }));
    const lm = createLmStudioClient({ baseUrl: server.url, apiKey: 'sk-secret-123' });
    for (const work of [lm.respond({ model, input: 'hi' }), lm.streamResponse({ model, input: 'hi' }).result()]) {
      const error = await lmStudioError(work);
      expect(JSON.stringify(error.toJSON())).not.toContain('sk-secret-123');
      expect(error.message).not.toContain('sk-secret-123');
    }
  });

  it('a streamed call answered with a whole response (stream ignored) still works', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('whole')]) }));
    const result = await lm.streamResponse({ model, input: 'hi' }).result();
    expect(result.content).toBe('whole');
    expect(bodies()[0]?.stream).toBe(true);
  });
});

describe("request hygiene: what LM Studio would reject or mishandle", () => {
  it('a tool type other than function/mcp is refused before sending (bad-request)', async () => {
    const { lm, server } = await scripted(() => ({ json: responseObject([]) }));
    const tools = [{ type: 'function', name: 'f' }, { type: 'web_search' }] as unknown as ResponseRequest['tools'];
    const error = await lmStudioError(lm.respond({ model, input: 'hi', tools }));
    expect(error.code).toBe('bad-request');
    expectReadable(error, 'tools[1] is "web_search"');
    expect(server.requests).toHaveLength(0);
  });

  it('function and mcp tools go through as they are', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('ok')]) }));
    const tools: ResponseRequest['tools'] = [
      { type: 'function', name: 'f', parameters: { type: 'object' } },
      { type: 'mcp', server_label: 'exa', server_url: 'https://mcp.exa.ai/mcp', allowed_tools: ['web_search_exa'] },
    ];
    await lm.respond({ model, input: 'hi', tools });
    expect(bodies()[0]?.tools).toEqual(tools);
  });

  it('text: {} is never sent (LM Studio answers 400 missing_required_parameter)', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('ok')]) }));
    await lm.respond({ model, input: 'hi', text: {} as ResponseRequest['text'] });
    expect(bodies()[0]).not.toHaveProperty('text');
  });

  it("reasoning effort in LM Studio's words: off → none, on → left out", async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('ok')]) }));
    await lm.respond({ model, input: 'a', reasoning: { effort: 'off' } });
    await lm.respond({ model, input: 'b', reasoning: { effort: 'on' } });
    await lm.respond({ model, input: 'c', reasoning: { effort: 'high' } });
    expect(bodies().map((b) => b.reasoning)).toEqual([{ effort: 'none' }, undefined, { effort: 'high' }]);
  });

  it.each([
    ['no model', { input: 'hi' }],
    ['an empty input', { model, input: '' }],
    ['an empty input list', { model, input: [] }],
    ['tools that are not a list', { model, input: 'hi', tools: { type: 'function' } }],
  ])('%s → bad-request, nothing sent', async (_name, bad) => {
    const { lm, server } = await scripted(() => ({ json: responseObject([]) }));
    expect((await lmStudioError(lm.respond(bad as unknown as ResponseRequest))).code).toBe('bad-request');
    expect(server.requests).toHaveLength(0);
  });
});

describe('text.format json_schema: LM Studio does not enforce it, the client checks', () => {
  const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
  const text = { format: { type: 'json_schema' as const, name: 'answer', schema } };

  it('a valid answer comes back parsed, marked as not enforced by the server', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('```json\n{"n": 7}\n```')]) }));
    const result = await lm.respond({ model, input: 'a prime', text });
    expect(result.structured).toEqual({ value: { n: 7 }, serverEnforced: false });
    expect(bodies()[0]?.text).toEqual(text);
  });

  it('an answer that ignores the schema → invalid-output with the raw text and serverEnforced: false', async () => {
    const { lm } = await scripted(() => ({ sse: responsesSse(responseEvents({ text: ['Sure! ', 'Seven.'] })) }));
    const error = await lmStudioError(lm.streamResponse({ model, input: 'a prime', text }).result());
    expect(error.code).toBe('invalid-output');
    expect(error.details).toMatchObject({ raw: 'Sure! Seven.', serverEnforced: false });
    expect(error.partial?.content).toBe('Sure! Seven.');
    expect(error.hint).toContain('does not enforce');
  });
});

describe('images: LM Studio does not fetch URLs (#1120), the client inlines them', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const imageInput = (url: string): ResponseRequest['input'] => [
    { role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: url }] },
  ];

  it('an http image is fetched (without the API key) and sent as a data URL', async () => {
    const host = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(png);
    });
    const { server, bodies } = await scripted(() => ({ json: responseObject([messageItem('a cat')]) }));
    const lm = createLmStudioClient({ baseUrl: server.url, apiKey: 'sk-secret-token' });
    await lm.respond({ model, input: imageInput(`${host.url}/cat.png`) });
    const content = (bodies()[0]?.input as { content: { image_url?: string }[] }[])[0]?.content;
    expect(content?.[1]?.image_url).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(host.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('streamed calls inline too; data URLs are left alone', async () => {
    // The format is sniffed from the bytes (imagePart), so the JPEG served is a JPEG.
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
    const host = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(jpeg);
    });
    const { lm, bodies } = await scripted(() => ({ sse: responsesSse(responseEvents({ text: ['ok'] })) }));
    const input: ResponseRequest['input'] = [
      { role: 'user', content: [{ type: 'input_image', image_url: `${host.url}/x.jpg` }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] },
    ];
    await lm.streamResponse({ model, input }).result();
    const content = (bodies()[0]?.input as { content: { image_url?: string }[] }[])[0]?.content;
    expect(content?.map((p) => p.image_url?.slice(0, 22))).toEqual(['data:image/jpeg;base64', 'data:image/png;base64,']);
  });

  it.each([
    ['a 404', (res: import('node:http').ServerResponse) => sendJson(res, 404, { error: 'nope' }), 'HTTP 404'],
    ['not an image', (res: import('node:http').ServerResponse) => sendJson(res, 200, { a: 1 }), 'not an image'],
  ])('%s → bad-request, nothing sent to LM Studio', async (_name, answer, gist) => {
    const host = await serve((_req, res) => answer(res));
    const { lm, server } = await scripted(() => ({ json: responseObject([]) }));
    const error = await lmStudioError(lm.respond({ model, input: imageInput(`${host.url}/x.png`) }));
    expect(error.code).toBe('bad-request');
    expectReadable(error, gist);
    expect(server.requests).toHaveLength(0);
  });

  it('a WebP image (LM Studio rejects it) is refused before sending when nothing converts it', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(16)]);
    const host = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/webp' });
      res.end(webp);
    });
    const { lm, server } = await scripted(() => ({ json: responseObject([]) }));
    const error = await lmStudioError(lm.respond({ model, input: imageInput(`${host.url}/x.webp`) }));
    expect(error.code).toBe('bad-request');
    expectReadable(error, 'WEBP');
    expect(server.requests).toHaveLength(0);
  });

  it('fetchImage replaces the global fetch for image URLs', async () => {
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem('a cat')]) }));
    const fetched: string[] = [];
    const fetchImage = async (url: string): Promise<Response> => {
      fetched.push(url);
      return new Response(png, { headers: { 'content-type': 'image/png' } });
    };
    await lm.respond({ model, input: imageInput('https://images.example/cat.png') }, { fetchImage });
    expect(fetched).toEqual(['https://images.example/cat.png']);
    const content = (bodies()[0]?.input as { content: { image_url?: string }[] }[])[0]?.content;
    expect(content?.[1]?.image_url).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('an image larger than maxImageBytes is refused', async () => {
    const host = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(4096));
    });
    const { lm } = await scripted(() => ({ json: responseObject([]) }));
    const error = await lmStudioError(lm.respond({ model, input: imageInput(`${host.url}/big.png`) }, { maxImageBytes: 1024 }));
    expect(error.code).toBe('bad-request');
  });

  it("an image host that never answers is bounded by the call's limits", async () => {
    const host = await serve(() => undefined);
    const { lm } = await scripted(() => ({ json: responseObject([]) }));
    const error = await lmStudioError(lm.respond({ model, input: imageInput(`${host.url}/slow.png`) }, { timeouts: { totalMs: 150 } }));
    expect(error).toMatchObject({ code: 'timeout', phase: 'total' });
  });
});

describe('conversation()', () => {
  it('sends only the new turn with the last id; instructions every turn', async () => {
    let n = 0;
    const { lm, bodies } = await scripted(() => ({ json: responseObject([messageItem(`answer ${++n}`)], { id: `resp_${n}` }) }));
    const chat = lm.conversation({ model, instructions: 'Be brief.' });
    expect(chat.lastResponseId).toBeUndefined();
    await chat.send('My name is Ada.');
    const second = await chat.send('What is my name?');
    expect(second.content).toBe('answer 2');
    expect(chat.lastResponseId).toBe('resp_2');
    expect(bodies()).toEqual([
      { model, instructions: 'Be brief.', input: 'My name is Ada.' },
      { model, instructions: 'Be brief.', input: 'What is my name?', previous_response_id: 'resp_1' },
    ]);
  });

  it('a streamed turn moves the conversation on even if only iterated', async () => {
    const { lm, bodies } = await scripted((_b, n) => ({ sse: responsesSse(responseEvents({ text: [`t${n}`] }, { final: { id: `resp_s${n}` } })) }));
    const chat = lm.conversation({ model });
    for await (const _event of chat.stream('one'));
    await Promise.resolve();
    expect(chat.lastResponseId).toBe('resp_s0');
    await chat.stream('two').result();
    expect(bodies()[1]?.previous_response_id).toBe('resp_s0');
  });

  it('a failed turn keeps the last id; reset() forgets it', async () => {
    const { lm, bodies } = await scripted((_b, n) => (n === 1 ? { status: 400, json: notFound } : { json: responseObject([messageItem('ok')], { id: `resp_${n}` }) }));
    const chat = lm.conversation({ model, previousResponseId: 'resp_start' });
    await chat.send('a');
    expect((await lmStudioError(chat.send('b'))).code).toBe('response-not-found');
    expect(chat.lastResponseId).toBe('resp_0');
    chat.reset();
    await chat.send('c');
    expect(bodies().map((b) => b.previous_response_id)).toEqual(['resp_start', 'resp_0', undefined]);
  });

  it('store: false cannot make a conversation', async () => {
    const { lm } = await scripted(() => ({ json: responseObject([]) }));
    expect((await lmStudioError(() => lm.conversation({ model, store: false }))).code).toBe('bad-request');
  });
});

describe("runTools({ api: 'responses' })", () => {
  it('round 2 sends only the function_call_output items with previous_response_id', async () => {
    const { lm, bodies } = await scripted((_b, n) =>
      n === 0
        ? { sse: responsesSse(responseEvents({ calls: [{ args: ['{"city":"Paris"}'], callId: 'call_1' }, { args: ['{"city":"Rome"}'], callId: 'call_2' }] }, { final: { id: 'resp_r1' } })) }
        : { sse: responsesSse(responseEvents({ text: ['Paris 18, Rome 24.'] }, { final: { id: 'resp_r2' } })) },
    );
    const run = lm.runTools({
      api: 'responses',
      model,
      input: 'Weather in Paris and Rome?',
      instructions: 'Use tools.',
      tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, execute: ({ city }) => (city === 'Paris' ? '18' : '24') }],
    });
    const result = await run.result();
    expect(result).toMatchObject({ rounds: 2, stopReason: 'answered', final: { id: 'resp_r2', content: 'Paris 18, Rome 24.' } });
    const [first, second] = bodies();
    expect(first).toMatchObject({ model, input: 'Weather in Paris and Rome?', instructions: 'Use tools.', stream: true });
    expect(first?.tools).toEqual([{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }]);
    expect(second).toMatchObject({
      previous_response_id: 'resp_r1',
      input: [
        { type: 'function_call_output', call_id: 'call_1', output: '18' },
        { type: 'function_call_output', call_id: 'call_2', output: '24' },
      ],
    });
  });
});

// ---- the real recordings ---------------------------------------------------------------------------------------

const noTraces = skipWithoutTraces('client: recorded Responses bodies');
const wholeTraces = listTraces().filter((f) => /^responses-nonstream-.*\.json$/.test(f));

describe.skipIf(noTraces)('recorded non-streamed responses', () => {
  it.each(wholeTraces)('%s', async (file) => {
    const recorded = readTraceJson<{ id: string; model: string; output: { type: string; content?: { text: string }[]; call_id?: string; arguments?: string }[]; usage: { input_tokens: number } }>(file);
    const { lm } = await scripted(() => ({ json: readTrace(file) }));
    const result = await lm.respond({ model: recorded.model, input: 'hi' });
    expect(result).toMatchObject({ id: recorded.id, status: 'completed', modelMismatch: false, usage: { promptTokens: recorded.usage.input_tokens } });
    const message = recorded.output.find((i) => i.type === 'message');
    if (message) expect(result.content).toBe((message.content ?? []).map((p) => p.text).join('').trimStart());
    const call = recorded.output.find((i) => i.type === 'function_call');
    if (call) expect(result.toolCalls).toMatchObject([{ id: call.call_id, arguments: call.arguments }]);
    expect(result.output).toEqual(recorded.output);
  });
});
