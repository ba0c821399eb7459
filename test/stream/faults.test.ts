import { afterEach, describe, expect, it } from 'vitest';
import { createLmStudioClient, LmStudioError, type ChatEvent, type LmStudioClientOptions } from '../../src/index.js';
import { chunk, sse, textStream, toolStream } from './sse-fixtures.js';
import { loopback, type LoopbackServer } from './stream-harness.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const request = { model: 'qwen/qwen3-4b', messages: [{ role: 'user' as const, content: 'hi' }] };
const SSE_HEADERS = { 'content-type': 'text/event-stream', connection: 'keep-alive' };

async function failure(options: LmStudioClientOptions, consume: 'iterate' | 'result' = 'iterate') {
  const stream = createLmStudioClient(options).streamChat(request);
  const events: ChatEvent[] = [];
  const started = Date.now();
  let error: unknown;
  try {
    if (consume === 'iterate') for await (const event of stream) events.push(event);
    else await stream.result();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LmStudioError);
  await expect(stream.result()).rejects.toBe(error);
  return { error: error as LmStudioError, events, elapsed: Date.now() - started };
}

const eventsOf = (events: string[]) => events.map((e) => `data: ${e}\n\n`);

describe('streamChat errors before the stream', () => {
  it('classifies a 400 like chat() does', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096)."}');
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error).toMatchObject({ code: 'context-overflow', status: 400 });
    expect(error.serverMessage).toMatch(/^The number of tokens/);
    expect(error.partial).toBeUndefined();
  });

  it('classifies a 200 that is not an event stream (LM Studio\'s unknown-endpoint body)', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"error":"Unexpected endpoint or method. (POST /v1/chat/completions)"}');
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error).toMatchObject({ code: 'endpoint-not-found', status: 200 });
  });

  it('turns a whole JSON answer from a server that ignored stream: true into events', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'qwen/qwen3-4b', choices: [{ index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'stop' }] }));
    });
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    const events: ChatEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events).toEqual([{ type: 'text', delta: 'whole' }, { type: 'finish', finishReason: 'stop' }]);
    expect((await stream.result()).content).toBe('whole');
  });

  it('reports a refused connection as unreachable', async () => {
    const closed = await loopback(() => undefined);
    const url = closed.url;
    await closed.close();
    const { error } = await failure({ baseUrl: url });
    expect(error).toMatchObject({ code: 'unreachable', hostCode: 'AI_CONNECTION_ERROR' });
    expect(error.message).toMatch(/Developer tab/);
  });
});

describe('streamChat errors inside the stream keep what arrived', () => {
  it('event: error with a context overflow → context-overflow, partial text kept', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['Partial ', 'answer']).slice(0, 2)).join(''));
      res.end('event: error\ndata: {"error":{"message":"Context length exceeded: n_ctx 4096"},"message":"Context length exceeded: n_ctx 4096"}\n\n');
    });
    const { error, events } = await failure({ baseUrl: server.url });
    expect(error.code).toBe('context-overflow');
    expect(error.partial?.content).toBe('Partial answer');
    expect(events.map((e) => e.type)).toEqual(['text', 'text']);
  });

  it('a data payload with an error key → stream-error with the server message', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['So far']).slice(0, 1)).join(''));
      res.end('data: {"error":{"message":"Model crashed","type":"server_error"}}\n\n');
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error).toMatchObject({ code: 'stream-error', serverMessage: 'Model crashed' });
    expect(error.message).toContain('Model crashed');
    expect(error.partial?.content).toBe('So far');
  });

  it('end of body without [DONE] or finish reason → stream-truncated, partial tool call kept', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      const calls = toolStream([{ index: 0, id: '123456789', name: 'get_weather', args: ['{"city":', '"Par'] }]);
      res.end(eventsOf(calls.slice(0, 3)).join(''));
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error.code).toBe('stream-truncated');
    expect(error.partial?.toolCalls).toEqual([
      expect.objectContaining({ id: '123456789', name: 'get_weather', arguments: '{"city":"Par', input: undefined }),
    ]);
  });

  it('a finish reason without [DONE] is a complete answer', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(eventsOf(textStream(['complete']).slice(0, 3)).join(''));
    });
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    expect(await stream.result()).toMatchObject({ content: 'complete', finishReason: 'stop' });
  });

  it('a connection reset mid-stream → stream-truncated with partial', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['before reset']).slice(0, 1)).join(''), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error.code).toBe('stream-truncated');
    expect(error.partial?.content).toBe('before reset');
  });

  it('invalid JSON in an event → bad-response naming the event', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(`${eventsOf(textStream(['ok']).slice(0, 1)).join('')}data: {"id":"x","choices":[{"delta":{"content":"b\n\n`);
    });
    const { error } = await failure({ baseUrl: server.url });
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/event 2/);
    expect(error.partial?.content).toBe('ok');
  });

  it('an event over the size cap → bad-response, without buffering the rest', async () => {
    let sent = 0;
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['head']).slice(0, 1)).join(''));
      res.write('data: {"pad":"');
      const piece = 'x'.repeat(64 * 1024);
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const { error } = await failure({ baseUrl: server.url, maxEventBytes: 256 * 1024 });
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/larger than 256 KiB/);
    expect(error.partial?.content).toBe('head');
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('streamChat timeouts, cancellation and release', () => {
  it('firstTokenMs: headers but no event → timeout in phase first-token', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.flushHeaders();
    });
    const { error, elapsed } = await failure({ baseUrl: server.url, timeouts: { firstTokenMs: 150 } });
    expect(error).toMatchObject({ code: 'timeout', phase: 'first-token', hostCode: 'AI_TIMEOUT' });
    expect(elapsed).toBeLessThan(5_000);
  });

  it('firstTokenMs: no headers at all (a stalled load) → timeout in phase first-token, socket closed', async () => {
    server = await loopback(() => undefined);
    const closed = server.closed();
    const { error } = await failure({ baseUrl: server.url, timeouts: { firstTokenMs: 150 } });
    expect(error).toMatchObject({ code: 'timeout', phase: 'first-token' });
    await closed;
  });

  it('idleMs: silence mid-stream → timeout in phase idle with the text so far', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['stalled here']).slice(0, 1)).join(''));
    });
    const closed = server.closed();
    const { error } = await failure({ baseUrl: server.url, timeouts: { idleMs: 200 } });
    expect(error).toMatchObject({ code: 'timeout', phase: 'idle' });
    expect(error.partial?.content).toBe('stalled here');
    await closed;
  });

  it('a slow but steady stream is not idle', async () => {
    const pieces = textStream(['a', 'b', 'c', 'd', 'e', 'f']);
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      let i = 0;
      const tick = setInterval(() => {
        if (i < pieces.length) res.write(`data: ${pieces[i++]}\n\n`);
        else {
          clearInterval(tick);
          res.end('data: [DONE]\n\n');
        }
      }, 60);
    });
    const stream = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 250 } }).streamChat(request);
    expect((await stream.result()).content).toBe('abcdef');
  });

  it('the caller\'s signal aborts mid-stream: aborted, partial kept, the server sees the socket close', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['one']).slice(0, 1)).join(''));
    });
    const closed = server.closed();
    const controller = new AbortController();
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request, { signal: controller.signal });
    const seen: ChatEvent[] = [];
    const error = await (async () => {
      try {
        for await (const e of stream) {
          seen.push(e);
          controller.abort();
        }
      } catch (e) {
        return e as LmStudioError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'aborted' });
    expect(error?.partial?.content).toBe('one');
    await closed;
  });

  it('an already-aborted signal fails at once without a request', async () => {
    server = await loopback((_q, res) => void res.end());
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request, { signal: AbortSignal.abort() });
    await expect(stream.result()).rejects.toMatchObject({ code: 'aborted' });
    expect(server.requests).toEqual([]);
  });

  it('leaving a for await early closes the connection, and result() then rejects with aborted', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['first', 'second']).slice(0, 2)).join(''));
    });
    const closed = server.closed();
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    for await (const e of stream) {
      expect(e).toEqual({ type: 'text', delta: 'first' });
      break;
    }
    await closed;
    await expect(stream.result()).rejects.toMatchObject({ code: 'aborted' });
  });

  it('an exception thrown in the for await body propagates unchanged and closes the connection', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(eventsOf(textStream(['x']).slice(0, 1)).join(''));
    });
    const closed = server.closed();
    const mine = new Error('consumer failed');
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    await expect(
      (async () => {
        for await (const _ of stream) throw mine;
      })(),
    ).rejects.toBe(mine);
    await closed;
  });

  it('ends promptly at [DONE] even when the server keeps the connection open', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(sse(textStream(['kept open'])));
    });
    const closed = server.closed();
    const started = Date.now();
    const stream = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 30_000 } }).streamChat(request);
    expect((await stream.result()).content).toBe('kept open');
    expect(Date.now() - started).toBeLessThan(3_000);
    await closed;
  });

  it('leaves no timer behind after success, failure and abort', async () => {
    server = await loopback((_req, res, body) => {
      const kind = (JSON.parse(body) as { messages: { content: string }[] }).messages[0]?.content;
      res.writeHead(200, SSE_HEADERS);
      if (kind === 'ok') res.end(sse(textStream(['fine'])));
      else if (kind === 'bad') res.end('data: nope\n\n');
      else res.write(eventsOf(textStream(['hang']).slice(0, 1)).join(''));
    });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const client = createLmStudioClient({ baseUrl: server.url });
    const ask = (content: string, signal?: AbortSignal) =>
      client.streamChat({ ...request, messages: [{ role: 'user', content }] }, signal ? { signal } : {}).result();
    await ask('ok');
    await expect(ask('bad')).rejects.toMatchObject({ code: 'bad-response' });
    const controller = new AbortController();
    const pending = ask('hang', controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('result() without iterating reads the stream; iterating after it yields nothing more', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(sse(textStream(['only', ' result'])));
    });
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    expect((await stream.result()).content).toBe('only result');
    const late: ChatEvent[] = [];
    for await (const e of stream) late.push(e);
    expect(late).toEqual([]);
  });

  it('result() asked before iterating in the same tick still lets the loop see every event', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(sse(textStream(['a', 'b'])));
    });
    const stream = createLmStudioClient({ baseUrl: server.url }).streamChat(request);
    const result = stream.result();
    const texts: string[] = [];
    for await (const e of stream) if (e.type === 'text') texts.push(e.delta);
    expect(texts).toEqual(['a', 'b']);
    expect((await result).content).toBe('ab');
  });

  it('sends stream: true and include_usage by default', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(sse([chunk({ delta: { content: 'x' }, finish: 'stop' })]));
    });
    await createLmStudioClient({ baseUrl: server.url }).streamChat(request).result();
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});

describe('whole (non-streamed) bodies', () => {
  it('an endless body stops at maxResponseBytes with bad-response, and the connection is closed', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = `${'x'.repeat(64 * 1024)}`;
      res.write('{"pad":"');
      const pump = (): void => {
        while (!res.destroyed) if (!res.write(piece)) return void res.once('drain', pump);
      };
      pump();
    });
    const closed = server.closed();
    const error = await createLmStudioClient({ baseUrl: server.url, maxResponseBytes: 1024 * 1024 })
      .chat(request)
      .then(() => undefined, (e: unknown) => e as LmStudioError);
    expect(error).toMatchObject({ code: 'bad-response', status: 200 });
    expect(error?.message).toMatch(/larger than 1 MiB/);
    await closed;
  });

  it('a connection dropped mid-body is a bad-response that says so, not "cannot reach"', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"hal', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const error = await createLmStudioClient({ baseUrl: server.url })
      .chat(request)
      .then(() => undefined, (e: unknown) => e as LmStudioError);
    expect(error).toMatchObject({ code: 'bad-response', status: 200 });
    expect(error?.message).toMatch(/connection closed before LM Studio's whole answer/);
  });
});

describe('consumers that pause (review regressions)', () => {
  it('result() after reading some events by hand reads on to the end, keeping the rest for the loop', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      const [first, ...rest] = sse(textStream(['Hel', 'lo'])).split(/(?<=\n\n)/);
      res.write(first);
      setTimeout(() => res.end(rest.join('')), 50);
    });
    const stream = createLmStudioClient({ baseUrl: server.url, timeouts: { totalMs: 5_000 } }).streamChat(request);
    expect(await stream.next()).toEqual({ done: false, value: { type: 'text', delta: 'Hel' } });
    expect((await stream.result()).content).toBe('Hello');
    const rest: ChatEvent[] = [];
    for await (const e of stream) rest.push(e);
    expect(rest[0]).toEqual({ type: 'text', delta: 'lo' });
    expect(rest.map((e) => e.type)).toContain('finish');
  });

  it('time the consumer spends between events is not the server\'s silence', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      const events = sse(textStream(['a', 'b'])).split(/(?<=\n\n)/);
      // The finish chunk first; usage and [DONE] a moment later, while the consumer is still busy.
      res.write(events.slice(0, -2).join(''));
      setTimeout(() => res.end(events.slice(-2).join('')), 20);
    });
    const stream = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 100 } }).streamChat(request);
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(e.type);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await stream.result()).content).toBe('ab');
    expect(seen).toContain('finish');
  });

  it('a limit that passes while the consumer holds an event ends the stream at once', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(`data: ${textStream(['held'])[0]}\n\n`);
    });
    const closed = server.closed();
    const stream = createLmStudioClient({ baseUrl: server.url, timeouts: { totalMs: 150 } }).streamChat(request);
    expect((await stream.next()).value).toEqual({ type: 'text', delta: 'held' });
    await closed;
    await expect(stream.next()).rejects.toMatchObject({ code: 'timeout', phase: 'total', partial: { content: 'held' } });
  });

  it('a last data: [DONE] without its blank line still completes the answer', async () => {
    server = await loopback((_q, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end(`data: ${chunk({ delta: { role: 'assistant', content: 'Hello' } })}\n\ndata: [DONE]`);
    });
    const result = await createLmStudioClient({ baseUrl: server.url }).streamChat(request).result();
    expect(result).toMatchObject({ content: 'Hello', finishReason: null });
  });
});
