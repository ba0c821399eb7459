import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { json, LOADED_LLM, parseSse, post, REASONING, useEmulators } from './helpers.js';

vi.setConfig({ testTimeout: 10_000, hookTimeout: 10_000 });

const emulator = useEmulators();

describe('emulator: POST /v1/responses', () => {
  it('answers whole, with LM Studio ids and usage, and the client reads it', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const result = await lm.respond({ model: LOADED_LLM, input: 'Say hello.' });
    expect(result.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(result).toMatchObject({ status: 'completed', finishReason: 'stop', modelMismatch: false });
    expect(result.content.length).toBeGreaterThan(0);
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(result.output[0]).toMatchObject({ type: 'message', id: expect.stringMatching(/^msg_[a-z0-9]{21}$/) });
  });

  it('streams named events with contiguous sequence numbers, no [DONE]', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/responses', { model: LOADED_LLM, input: 'Say hello.', stream: true });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event).slice(0, 3)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(events.at(-1)?.event).toBe('response.completed');
    const payloads = events.map((e) => JSON.parse(e.data) as { type: string; sequence_number: number });
    expect(payloads.map((p) => p.sequence_number)).toEqual(payloads.map((_, i) => i));
    expect(payloads.every((p, i) => p.type === events[i]?.event)).toBe(true);
  });

  it('a reasoning model streams a reasoning item first', async () => {
    const h = await emulator();
    const result = await createLmStudioClient({ baseUrl: h.url }).streamResponse({ model: REASONING, input: 'Why is the sky blue?' }).result();
    expect(result.reasoning.length).toBeGreaterThan(0);
    expect(result.output.map((i) => i.type)).toEqual(['reasoning', 'message']);
  });

  it('keeps responses for previous_response_id; unknown ids are previous_response_not_found', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const chat = lm.conversation({ model: LOADED_LLM });
    await chat.send('My name is Ada.');
    await chat.send('What is my name?');
    const second = h.requests.filter((r) => r.path === '/v1/responses')[1];
    expect((second?.body as { previous_response_id?: string }).previous_response_id).toMatch(/^resp_/);
    const res = await post(h, '/v1/responses', { model: LOADED_LLM, input: 'x', previous_response_id: 'resp_nope' });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
    expect((await lmStudioError(lm.respond({ model: LOADED_LLM, input: 'x', previous_response_id: 'resp_nope' }))).code).toBe('response-not-found');
  });

  it('function calls come back as function_call items; the tool loop finishes over them', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const run = lm.runTools({
      api: 'responses',
      model: LOADED_LLM,
      input: 'What is the weather in Paris?',
      tools: [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, execute: () => 'sunny, 21 °C' }],
    });
    const result = await run.result();
    expect(result.rounds).toBeGreaterThanOrEqual(2);
    const calls = h.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as { input: unknown; previous_response_id?: string });
    expect(calls[1]?.previous_response_id).toMatch(/^resp_/);
    expect(calls[1]?.input).toEqual([expect.objectContaining({ type: 'function_call_output', output: 'sunny, 21 °C' })]);
  });

  it.each([
    [{ tools: [{ type: 'web_search' }] }, 'tools.0.type', 'invalid_union_discriminator'],
    [{ tools: [{ type: 'mcp', server_label: 'home-assistant' }] }, 'tools', 'http_error'],
    [{ text: {} }, 'text.format', 'missing_required_parameter'],
  ])('refuses %j as LM Studio does', async (extra, param, code) => {
    const h = await emulator();
    const res = await post(h, '/v1/responses', { model: LOADED_LLM, input: 'x', ...extra });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ param, code });
  });

  it('fault modes apply: a reset mid-stream is stream-truncated with partial output', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url, headers: { 'x-emulator-fault': 'reset-mid-stream' } });
    const error = await lmStudioError(lm.streamResponse({ model: LOADED_LLM, input: 'Tell me a long story about the sea.' }).result());
    expect(error.code).toBe('stream-truncated');
    expect(error.partial).toBeDefined();
  });
});
