// The README's emulator example, runnable: how a user tests their own LM Studio app against
// `@openorbit/ext-ai-lm-studio/emulator`. In a user's project the two imports below are
//   import { startEmulator, FAULT_HEADER, type EmulatorHandle } from '@openorbit/ext-ai-lm-studio/emulator';
//   import { createLmStudioClient, LmStudioError } from '@openorbit/ext-ai-lm-studio';
// Here they point at the entries' sources, which are what those subpaths are built from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_HEADER, startEmulator, type EmulatorHandle } from '../../src/emulator-entry.js';
import { createLmStudioClient, LmStudioError } from '../../src/index.js';

const MODEL = 'qwen/qwen3-4b-2507'; // in the default catalogue, loaded at start

describe('testing an LM Studio app with the emulator', () => {
  let lm: EmulatorHandle;
  beforeAll(async () => {
    lm = await startEmulator({ seed: 42 }); // 127.0.0.1, a free port; seeded ids
  });
  afterAll(() => lm.close());

  it("any HTTP client works: the emulator speaks LM Studio's OpenAI-compatible wire, and logs every request", async () => {
    const response = await fetch(`${lm.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Say hello' }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(response.status).toBe(200);
    expect(body.choices[0]?.message.content).not.toBe('');
    expect(lm.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200 });
  });

  it('a fault for one request (header, or setFault() for all): the app must report it, not hang', async () => {
    const client = createLmStudioClient({ baseUrl: lm.url, headers: { [FAULT_HEADER]: 'truncate' } });
    const stream = client.streamChat({ model: MODEL, messages: [{ role: 'user', content: 'Tell me a story' }] });
    const error = await stream.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LmStudioError);
    expect((error as LmStudioError).code).toBe('stream-truncated');
    expect((error as LmStudioError).partial?.content).not.toBe(''); // what arrived is kept
  });

  it('LM Studio\'s "Require Authentication" and "Enable CORS" are options', async () => {
    const locked = await startEmulator({ apiKey: 'secret-token', cors: true });
    try {
      const error = await createLmStudioClient({ baseUrl: locked.url, apiKey: 'wrong' }).listModels().catch((e: unknown) => e);
      expect((error as LmStudioError).code).toBe('auth');
      const models = await createLmStudioClient({ baseUrl: locked.url, apiKey: 'secret-token' }).listModels();
      expect(models.map((m) => m.id)).toContain(MODEL);
      const preflight = await fetch(`${locked.url}/v1/models`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
      expect(preflight.headers.get('access-control-allow-origin')).not.toBeNull();
    } finally {
      await locked.close();
    }
  });
});
