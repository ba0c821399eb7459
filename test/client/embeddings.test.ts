// embed(): the result carries the vectors in input order, the model that answered and the usage, like chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { createLmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';

const serve = useServers();
const MODEL = 'text-embedding-nomic-embed-text-v1.5';

describe('embed()', () => {
  let lm: EmulatorHandle;
  beforeAll(async () => {
    lm = await startEmulator({ seed: 1 });
  });
  afterAll(() => lm.close());

  it('against the emulator: one vector per input, the answering model, usage with prompt and total tokens', async () => {
    const result = await createLmStudioClient({ baseUrl: lm.url }).embed({ model: MODEL, input: ['first text', 'second, longer text'] });
    expect(result.vectors).toHaveLength(2);
    for (const vector of result.vectors) expect(vector.every((x) => typeof x === 'number')).toBe(true);
    expect(result.model).toContain('nomic-embed-text');
    expect(result.requestedModel).toBe(MODEL);
    expect(result.modelMismatch).toBe(false);
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(result.usage?.totalTokens).toBe(result.usage?.promptTokens);
  });

  it('a server that names no model and reports no usage: the requested model, no usage', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { object: 'list', data: [{ object: 'embedding', embedding: [1, 2], index: 0 }] }));
    const result = await createLmStudioClient({ baseUrl: server.url }).embed({ model: MODEL, input: 'x' });
    expect(result).toEqual({ vectors: [[1, 2]], model: MODEL, requestedModel: MODEL, modelMismatch: false });
  });

  it('another model answered: modelMismatch, and a usage without total_tokens takes the prompt count', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { object: 'list', data: [{ object: 'embedding', embedding: [0.5], index: 0 }], model: 'other/embedder', usage: { prompt_tokens: 3 } }),
    );
    const result = await createLmStudioClient({ baseUrl: server.url }).embed({ model: MODEL, input: 'x' });
    expect(result.model).toBe('other/embedder');
    expect(result.modelMismatch).toBe(true);
    expect(result.usage).toEqual({ promptTokens: 3, totalTokens: 3 });
  });

  it('an item without a vector is bad-response, not a silent hole', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { object: 'list', data: [{ object: 'embedding', index: 0 }], model: MODEL }));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).embed({ model: MODEL, input: 'x' }));
    expect(error.code).toBe('bad-response');
  });
});
