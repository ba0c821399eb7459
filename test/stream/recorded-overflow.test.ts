import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';
import { listTraces, readTrace, skipWithoutTraces } from '../support/traces.js';

/**
 * LM Studio 0.4.21+ answers a streamed chat whose prompt does not fit the loaded context with HTTP 200, the SSE
 * headers, and one `event: error` (no `[DONE]`). The recordings are replayed through `streamChat`: the failure
 * must be `context-overflow` with the server's own words, never `stream-error` or the payload's raw JSON.
 */

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const request = { model: 'google/gemma-4-e2b', messages: [{ role: 'user' as const, content: 'a very long prompt' }] };

const noTraces = skipWithoutTraces('stream: recorded HTTP 200 context-overflow error events');
const overflowStreams = listTraces().filter((f) => /^chat-stream-error-context-overflow-.*\.txt$/.test(f));

/** The SSE body of a pasted capture: from its first `event:`/`data:` line on (status line, headers, UI labels dropped). */
function sseBody(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => /^(event|data):/.test(line));
  if (start === -1) throw new Error('no SSE event in the capture');
  return lines.slice(start).join('\n').trimEnd() + '\n\n';
}

/** The message LM Studio put in the event: `error.message` (the top-level `message` repeats it when present). */
function serverMessage(body: string): string {
  const data = /^data: ?(.*)$/m.exec(body)?.[1];
  if (data === undefined) throw new Error('no data line in the event');
  const payload = JSON.parse(data) as { error: string | { message: string }; message?: string };
  return typeof payload.error === 'string' ? payload.error : payload.error.message;
}

/** A server that answers the chat with HTTP 200, LM Studio's SSE headers, `prefix`, then the recorded event. */
async function replay(body: string, prefix = '') {
  const server = await serve((_req, res) => {
    res.writeHead(200, {
      'x-powered-by': 'Express',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.end(prefix + body);
  });
  return createLmStudioClient({ baseUrl: server.url }).streamChat(request);
}

describe.skipIf(noTraces)('recorded HTTP 200 `event: error` context overflows, replayed through streamChat', () => {
  it('both recordings are here (goose #11318 and inference-atlas #11)', () => {
    expect(overflowStreams.length).toBeGreaterThanOrEqual(2);
  });

  it.each(overflowStreams)('%s → context-overflow with the server\'s message', async (file) => {
    const body = sseBody(readTrace(file));
    const message = serverMessage(body);
    const stream = await replay(body);
    const events: unknown[] = [];
    const error = await lmStudioError(async () => {
      for await (const event of stream) events.push(event);
    });
    expect(events).toEqual([]);
    expect(error.code).toBe('context-overflow');
    expect(error.serverMessage).toBe(message);
    expectReadable(error, message.slice(0, 30));
    // result() reports the same failure, not a second request or an empty success.
    const again = await lmStudioError(stream.result());
    expect(again.code).toBe('context-overflow');
  });

  it.each(overflowStreams)('%s after some text: the text survives in `partial`', async (file) => {
    const body = sseBody(readTrace(file));
    const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: request.model, choices: [{ index: 0, delta: { role: 'assistant', content: 'Partial answer' }, finish_reason: null }] };
    const stream = await replay(body, `data: ${JSON.stringify(chunk)}\n\n`);
    const error = await lmStudioError(stream.result());
    expect(error.code).toBe('context-overflow');
    expect(error.serverMessage).toBe(serverMessage(body));
    expect(error.partial?.content).toBe('Partial answer');
  });
});
