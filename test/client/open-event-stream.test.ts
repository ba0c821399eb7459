// openEventStream is shared by the three streaming surfaces: each one gets the same opening rules.
import { describe, expect, it } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { loadAndAnswerEvents, nativeSse } from '../support/native-fixtures.js';
import { responseEvents, responsesSse } from '../support/responses-fixtures.js';

const serve = useServers();
const model = 'qwen/qwen3-4b';
const chatSse = [
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: null }] })}`,
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}`,
  'data: [DONE]',
  '',
].join('\n\n');

const surfaces = {
  chat: { sse: chatSse, read: (lm: ReturnType<typeof createLmStudioClient>) => lm.streamChat({ model, messages: [{ role: 'user', content: 'hi' }] }).result() },
  'native chat': { sse: nativeSse(loadAndAnswerEvents()), read: (lm: ReturnType<typeof createLmStudioClient>) => lm.streamNativeChat({ model, input: 'hi' }).result() },
  responses: { sse: responsesSse(responseEvents({ text: ['ok'] })), read: (lm: ReturnType<typeof createLmStudioClient>) => lm.streamResponse({ model, input: 'hi' }).result() },
};

describe.each(Object.entries(surfaces))('opening a streamed %s', (_name, surface) => {
  it('a media type in other letter case is still an event stream', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'Text/Event-Stream; Charset=UTF-8' });
      res.end(surface.sse);
    });
    const result = await surface.read(createLmStudioClient({ baseUrl: server.url }));
    expect(result.content.length).toBeGreaterThan(0);
  });

  it('a 200 that is neither a stream nor an answer is bad-response, naming what came', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { hello: 'world' }));
    const error = await lmStudioError(surface.read(createLmStudioClient({ baseUrl: server.url })));
    expect(error.code).toBe('bad-response');
    expectReadable(error, 'application/json');
  });

  it('an error reply is classified with its status, never read as a stream', async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { error: { message: `Model "${model}" not found`, type: 'model_not_found' } }));
    const error = await lmStudioError(surface.read(createLmStudioClient({ baseUrl: server.url })));
    expect(error.status).toBe(404);
    expect(error.code).not.toBe('bad-response');
  });
});
