// The emulator's native surfaces, through the client: /api/v1/chat (progress over a just-in-time load, stored
// turns, refusals, faults), downloads that advance between polls, and vision answered as LM Studio answers it.
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, imagePart, type NativeChatEvent } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { post, useEmulators } from './helpers.js';

vi.setConfig({ testTimeout: 10_000, hookTimeout: 5_000 });

const emulator = useEmulators();
const LOADED = 'qwen/qwen3-4b-2507';
const VISION = 'google/gemma-4-e4b';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const WEBP_URL = `data:image/webp;base64,${Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ').toString('base64')}`;

describe('emulator: POST /api/v1/chat', () => {
  it('answers whole, stores the turn, continues it with previous_response_id, refuses an unknown id', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const first = await lm.nativeChat({ model: LOADED, input: 'Hello there' });
    expect(first.content).not.toBe('');
    expect(first.model).toBe(LOADED);
    expect(first.responseId).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(first.stats.inputTokens).toBeGreaterThan(0);
    expect(first.stats.modelLoadTimeSeconds).toBeUndefined();
    const second = await lm.nativeChat({ model: LOADED, input: 'And again', previous_response_id: first.responseId as string });
    expect(second.stats.inputTokens).toBeGreaterThan(first.stats.inputTokens);
    const unknown = await lmStudioError(lm.nativeChat({ model: LOADED, input: 'x', previous_response_id: 'resp_nope' }));
    expect(unknown.code).toBe('bad-request');
    expect(unknown.serverMessage).toContain('resp_nope');
    const unstored = await lm.nativeChat({ model: LOADED, input: 'x', store: false });
    expect(unstored.responseId).toBeUndefined();
  });

  it('a just-in-time load streams its progress; a short first-token limit survives it', async () => {
    const h = await emulator({ jitLoadMs: 800 });
    const lm = createLmStudioClient({ baseUrl: h.url, timeouts: { firstTokenMs: 300 } });
    const stream = lm.streamNativeChat({ model: VISION, input: 'Hello' });
    const events: NativeChatEvent[] = [];
    for await (const event of stream) events.push(event);
    const loads = events.filter((e) => e.type === 'model-load').map((e) => (e as { progress: number }).progress);
    expect(loads.length).toBeGreaterThanOrEqual(6);
    expect(loads[0]).toBe(0);
    expect(loads.at(-1)).toBe(1);
    expect(events.some((e) => e.type === 'prompt-processing')).toBe(true);
    const result = await stream.result();
    expect(result.stats.modelLoadTimeSeconds).toBeGreaterThan(0.5);
    expect(result.content).toBe(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join(''));
    // Whole, a just-in-time load shows in the stats too.
    const whole = await createLmStudioClient({ baseUrl: (await emulator({ jitLoadMs: 100 })).url }).nativeChat({ model: VISION, input: 'Hi' });
    expect(whole.stats.modelLoadTimeSeconds).toBeGreaterThan(0.05);
  });

  it('a reasoning model cut inside its reasoning: reasoning only, reported as truncated', async () => {
    const h = await emulator();
    const result = await createLmStudioClient({ baseUrl: h.url }).nativeChat({ model: 'qwen/qwen3.8-27b', input: 'Hello', max_output_tokens: 3 });
    expect(result).toMatchObject({ content: '', truncated: true, finishReason: 'length' });
    expect(result.reasoning).not.toBe('');
  });

  it('a long prompt reports prompt processing in steps', async () => {
    const h = await emulator();
    const stream = createLmStudioClient({ baseUrl: h.url }).streamNativeChat({ model: LOADED, input: 'word '.repeat(2_000) });
    const steps: number[] = [];
    for await (const event of stream) if (event.type === 'prompt-processing') steps.push(event.progress);
    expect(steps.length).toBeGreaterThan(4);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it("LM Studio's refusals: a loopback MCP server, an uninstalled plugin, a missing model", async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const loopback = await lmStudioError(
      lm.nativeChat({ model: LOADED, input: 'x', integrations: [{ type: 'ephemeral_mcp', server_label: 'local', server_url: 'http://127.0.0.1:8931/mcp' }] }),
    );
    expect(loopback.code).toBe('bad-request');
    expect(loopback.serverMessage).toMatch(/loopback or private/);
    expect((await lmStudioError(lm.nativeChat({ model: LOADED, input: 'x', integrations: ['mcp/nothing'] }))).serverMessage).toMatch(/mcp\/nothing/);
    const raw = await post(h, '/api/v1/chat', { input: 'x' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { message: '"model" is required', param: 'model' } });
  });

  it('fault modes: HTTP 500, a reset mid-stream (with what arrived), an error event', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    expect((await lmStudioError(lm.nativeChat({ model: `${LOADED}@fault=http-500`, input: 'x' }))).code).toBe('server-error');
    const reset = await lmStudioError(lm.streamNativeChat({ model: `${LOADED}@fault=reset-mid-stream`, input: 'Tell me a story' }).result());
    expect(reset.code).toBe('stream-truncated');
    expect(reset.partial).toBeDefined();
    const errored = await lmStudioError(lm.streamNativeChat({ model: `${LOADED}@fault=error-event`, input: 'x' }).result());
    expect(['stream-error', 'context-overflow']).toContain(errored.code);
  });
});

describe('emulator: downloads', () => {
  it('a new model advances between polls to completed; a known one is already_downloaded; a failing one fails', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const seen: string[] = [];
    for await (const p of lm.downloadModel('lmstudio-community/new-model-GGUF', { pollMs: 50 })) seen.push(`${p.status}:${p.downloadedBytes ?? '-'}`);
    expect(seen[0]).toBe('downloading:-');
    expect(seen.at(-1)).toBe('completed:2279145003');
    expect(seen.length).toBe(5);
    expect(await lm.downloadModel(LOADED).result()).toEqual({ status: 'already_downloaded' });
    const failed = await lmStudioError(lm.downloadModel('org/will-fail', { pollMs: 50 }).result());
    expect(failed.code).toBe('server-error');
    const crashing = createLmStudioClient({ baseUrl: h.url, headers: { 'x-emulator-fault': 'http-500' } });
    const crashed = await lmStudioError(crashing.downloadModel('org/other', { pollMs: 50 }).result());
    expect(crashed.code).toBe('server-error');
    expect(crashed.status).toBe(500);
  });
});

describe('emulator: vision as LM Studio answers it', () => {
  const ask = (model: string, url: string) => ({
    model,
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'What is this?' }, { type: 'image_url' as const, image_url: { url } }] }],
  });

  it('a vision model reads a PNG; a model without vision is unsupported; WebP is rejected', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const png = (await imagePart(PNG)).image_url.url;
    expect((await lm.chat(ask(VISION, png))).content).toMatch(/image/);
    const noVision = await lmStudioError(lm.chat(ask(LOADED, png)));
    expect(noVision.code).toBe('unsupported');
    expect(noVision.serverMessage).toBe('Model does not support images. Please use a model that does.');
    const webp = await lmStudioError(lm.chat(ask(VISION, WEBP_URL)));
    expect(webp.code).toBe('bad-request');
    expect(webp.serverMessage).toBe("'url' field must be a base64 encoded image.");
    expect(webp.hint).toContain('imagePart');
    expect((await lmStudioError(imagePart(WEBP_URL))).code).toBe('bad-request');
  });

  it('native chat: images as data URLs, the same refusals', async () => {
    const h = await emulator();
    const lm = createLmStudioClient({ baseUrl: h.url });
    const part = await imagePart(PNG);
    expect((await lm.nativeChat({ model: VISION, input: [{ type: 'message', content: 'What is this?' }, part] })).content).not.toBe('');
    expect((await lmStudioError(lm.nativeChat({ model: LOADED, input: [part] }))).code).toBe('unsupported');
  });
});
