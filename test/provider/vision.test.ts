// Issue 15, "Vision input" (provider part): capabilities.vision tells the truth, and the host's declared
// multimodal messages (AIMultimodalMessage) reach LM Studio as image_url parts with inline base64 data URLs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AIMultimodalMessage } from '../../src/openorbit/index.js';
import { convertToChatMessages } from '../../src/provider/convert-to-chat-messages.js';
import { GEMMA, QWEN, SMALL, chatRoute, completion, makeProvider, modelsRoute, rejection, startLmStudio, until, useCleanup, type ModelSpec } from './harness.js';

useCleanup();

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('capabilities.vision', () => {
  it('is true while a loaded model has vision, and follows loads and unloads', async () => {
    let specs: ModelSpec[] = [
      { key: GEMMA, loaded: true },
      { key: QWEN, vision: true }, // vision, but not loaded
    ];
    const server = await startLmStudio(modelsRoute(() => specs));
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    expect(await until(() => provider.isConfigured())).toBe(true);
    expect(provider.capabilities.vision).toBe(false);

    specs = [{ key: GEMMA, loaded: true }, { key: QWEN, vision: true, loaded: true }];
    await provider.refreshModels();
    expect(provider.capabilities.vision).toBe(true);

    specs = [{ key: GEMMA, loaded: true }];
    await provider.refreshModels();
    expect(provider.capabilities.vision).toBe(false);

    await server.close();
    await rejection(provider.refreshModels());
    expect(provider.capabilities.vision).toBe(false);
  });
});

describe('multimodal messages', () => {
  it('become text and image_url parts in one user message; the tier prefers a loaded model with vision', async () => {
    const server = await startLmStudio({
      ...modelsRoute([
        { key: SMALL, loaded: true, sizeBytes: 1 },
        { key: QWEN, loaded: true, vision: true, sizeBytes: 2 },
        { key: GEMMA, loaded: true, sizeBytes: 3 },
      ]),
      ...chatRoute(() => '', (req) => completion('a red dot', { model: req.json.model })),
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url });
    const messages: AIMultimodalMessage[] = [
      { role: 'user', content: ['What is in this picture?', { type: 'image', data: PNG, mediaType: 'image/png' }] },
    ];
    const answer = await provider.chat({ systemPrompt: 'Describe images.', messages, tier: 'fast' });
    expect(answer).toMatchObject({ content: 'a red dot', model: QWEN });
    const sent = server.to('/v1/chat/completions')[0]!.json;
    expect(sent.model).toBe(QWEN);
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Describe images.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
    ]);

    // Text-only requests keep the usual choice (the smallest loaded model for "fast").
    await provider.chat({ systemPrompt: '', messages: [{ role: 'user', content: 'hi' }], tier: 'fast' });
    expect(server.to('/v1/chat/completions')[1]!.json.model).toBe(SMALL);
  });

  it('text and multimodal turns mix; assistant text items are joined; nothing else changes', () => {
    const out = convertToChatMessages('', [
      { role: 'user', content: 'plain' },
      { role: 'assistant', content: ['Looks like ', 'a cat.'] },
      { role: 'user', content: [{ type: 'image', data: PNG, mediaType: 'IMAGE/JPEG' }] },
    ]);
    expect(out).toEqual([
      { role: 'user', content: 'plain' },
      { role: 'assistant', content: 'Looks like a cat.' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${PNG}` } }] },
    ]);
  });

  it('any base64 payload and image media type maps to exactly data:<type>;base64,<data> (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'),
        fc.array(fc.string(), { maxLength: 3 }),
        (bytes, mediaType, texts) => {
          const data = Buffer.from(bytes).toString('base64');
          const message: AIMultimodalMessage = { role: 'user', content: [...texts, { type: 'image', data, mediaType }] };
          const [converted] = convertToChatMessages(undefined, [message]);
          expect(converted).toEqual({
            role: 'user',
            content: [...texts.map((text) => ({ type: 'text', text })), { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } }],
          });
        },
      ),
    );
  });

  it('refuses, before sending, an image from the assistant, a non-image media type or empty data', async () => {
    const server = await startLmStudio({ ...modelsRoute([{ key: GEMMA, loaded: true }]), ...chatRoute(() => '') });
    const { provider, rows } = makeProvider({ lmstudio_base_url: server.url });
    const bad: AIMultimodalMessage[][] = [
      [{ role: 'assistant', content: [{ type: 'image', data: PNG, mediaType: 'image/png' }] }],
      [{ role: 'user', content: [{ type: 'image', data: PNG, mediaType: 'application/pdf' }] }],
      [{ role: 'user', content: [{ type: 'image', data: '  ', mediaType: 'image/png' }] }],
    ];
    for (const messages of bad) {
      const error = await rejection(provider.chat({ systemPrompt: '', messages }));
      expect(error).toMatchObject({ code: 'AI_REQUEST_ERROR', context: { lmStudioCode: 'bad-request' } });
      expect(error.message).toMatch(/not sent/);
    }
    expect(server.to('/v1/chat/completions')).toHaveLength(0);
    expect(rows.map((r) => r.errorCode)).toEqual(['ERROR', 'ERROR', 'ERROR']);
  });
});
