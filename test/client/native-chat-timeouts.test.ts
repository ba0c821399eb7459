import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';
import { nativeResult, nativeSse, type NativeEvent } from '../support/native-fixtures.js';

// The limits under test are a few hundred ms; the loads they survive last several times longer.
vi.setConfig({ testTimeout: 10_000, hookTimeout: 5_000 });

const serve = useServers();
const request = { model: 'qwen/qwen3-4b', input: 'Hello' };

function open(res: ServerResponse): (events: NativeEvent[]) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  return (events) => {
    if (!res.writableEnded && !res.destroyed) res.write(nativeSse(events));
  };
}

const answer: NativeEvent[] = [
  { type: 'message.start' },
  { type: 'message.delta', content: 'Hello! How can I help?' },
  { type: 'message.end' },
  { type: 'chat.end', result: { ...nativeResult, output: [{ type: 'message', content: 'Hello! How can I help?' }] } },
];

describe('progress counts as life (streamNativeChat)', () => {
  it('a model visibly loading for 4× the first-token limit does not time out', async () => {
    const firstTokenMs = 400;
    const server = await serve((_req, res) => {
      const send = open(res);
      send([{ type: 'chat.start' }, { type: 'model_load.start' }]);
      let progress = 0;
      const timer = setInterval(() => {
        progress += 0.05;
        if (progress < 1) send([{ type: 'model_load.progress', progress }]);
        else {
          clearInterval(timer);
          send([{ type: 'model_load.end', load_time_seconds: 1.6 }, ...answer]);
          res.end();
        }
      }, 80);
      res.on('close', () => clearInterval(timer));
    });
    const lm = createLmStudioClient({ baseUrl: server.url, timeouts: { firstTokenMs, idleMs: 60_000 } });
    const started = Date.now();
    const stream = lm.streamNativeChat(request);
    let loads = 0;
    for await (const event of stream) if (event.type === 'model-load') loads++;
    expect(Date.now() - started).toBeGreaterThan(firstTokenMs * 3);
    expect(loads).toBeGreaterThan(10);
    expect((await stream.result()).content).toBe('Hello! How can I help?');
  });

  it('a silent load (chat.start, then nothing) is a first-token timeout, not an idle one', async () => {
    const server = await serve((_req, res) => {
      open(res)([{ type: 'chat.start' }]);
    });
    const lm = createLmStudioClient({ baseUrl: server.url, timeouts: { firstTokenMs: 300, idleMs: 60_000 } });
    const error = await lmStudioError(lm.streamNativeChat(request).result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('first-token');
  });

  it('progress that stops is a first-token timeout too', async () => {
    const server = await serve((_req, res) => {
      open(res)([{ type: 'chat.start' }, { type: 'prompt_processing.start' }, { type: 'prompt_processing.progress', progress: 0.2 }]);
    });
    const lm = createLmStudioClient({ baseUrl: server.url, timeouts: { firstTokenMs: 300, idleMs: 60_000 } });
    const events: string[] = [];
    const error = await lmStudioError(async () => {
      for await (const event of lm.streamNativeChat(request)) events.push(event.type);
    });
    expect(error.phase).toBe('first-token');
    expect(events).toEqual(['prompt-processing', 'prompt-processing']);
  });

  it('after the first output only silence between reads is limited (idle)', async () => {
    const server = await serve((_req, res) => {
      open(res)([{ type: 'chat.start' }, { type: 'message.start' }, { type: 'message.delta', content: 'Hel' }]);
    });
    const lm = createLmStudioClient({ baseUrl: server.url, timeouts: { firstTokenMs: 60_000, idleMs: 300 } });
    const error = await lmStudioError(lm.streamNativeChat(request).result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('idle');
    expect(error.partial?.content).toBe('Hel');
  });

  it("the caller's signal ends a load at once", async () => {
    const server = await serve((_req, res) => {
      open(res)([{ type: 'chat.start' }, { type: 'model_load.start' }]);
    });
    const controller = new AbortController();
    const stream = createLmStudioClient({ baseUrl: server.url }).streamNativeChat(request, { signal: controller.signal });
    const closed = server.closed();
    const error = await lmStudioError(async () => {
      for await (const event of stream) if (event.type === 'model-load') controller.abort();
    });
    expect(error.code).toBe('aborted');
    await closed;
  }, 5_000);
});
