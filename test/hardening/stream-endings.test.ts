// Limits that hold, endings that end: the event cap holds for an event that arrives whole in one read; a complete
// answer (finish reason seen) is the result even when the server neither sends [DONE] nor closes; CR-only
// framing whose last CR ends a read; media types compared case-insensitively.
import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { useServers } from '../support/loopback-server.js';

vi.setConfig({ testTimeout: 20_000 });

const serve = useServers();
const messages = [{ role: 'user' as const, content: 'hi' }];

function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
}

function open(res: ServerResponse, type = 'text/event-stream'): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
}

describe('maxEventBytes', () => {
  it('caps an event that arrives whole in a single read', async () => {
    const big = `data: ${chunk({ content: 'x'.repeat(5_000) })}\n\n`;
    const server = await serve((_req, res) => {
      open(res);
      res.end(`data: ${chunk({ content: 'ok ' })}\n\n${big}data: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url, maxEventBytes: 1_024 });
    const error = await lmStudioError(client.streamChat({ model: 'm', messages }).result());
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/larger than/);
    expect(error.partial?.content).toBe('ok ');
  });

  it('lets events under the cap through', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.end(`data: ${chunk({ content: 'y'.repeat(500) })}\n\ndata: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url, maxEventBytes: 1_024 });
    await expect(client.streamChat({ model: 'm', messages }).result()).resolves.toMatchObject({ content: 'y'.repeat(500) });
  });
});

describe('a complete answer is the result', () => {
  it('finish reason, then neither [DONE] nor a close: the answer, well before the idle limit', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'all ' })}\n\ndata: ${chunk({ content: 'here' }, 'stop')}\n\n`);
      // The connection stays open and silent.
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 60_000, totalMs: 60_000 } });
    const started = Date.now();
    const result = await client.streamChat({ model: 'm', messages }).result();
    expect(result).toMatchObject({ content: 'all here', finishReason: 'stop' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('the usage chunk that follows the finish reason is still taken', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'done' }, 'stop')}\n\n`);
      setTimeout(() => res.write(`data: ${JSON.stringify({ id: 'c', model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })}\n\n`), 100);
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 60_000 } });
    const result = await client.streamChat({ model: 'm', messages }).result();
    expect(result.usage).toMatchObject({ totalTokens: 4 });
  });

  it('a shorter idle limit ending after the finish reason gives the result, not a timeout', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'whole' }, 'stop')}\n\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 200 } });
    await expect(client.streamChat({ model: 'm', messages }).result()).resolves.toMatchObject({ content: 'whole' });
  });

  it('without a finish reason, silence is still an idle timeout with the text in partial', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'half' })}\n\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 300 } });
    const error = await lmStudioError(client.streamChat({ model: 'm', messages }).result());
    expect(error).toMatchObject({ code: 'timeout', phase: 'idle' });
    expect(error.partial?.content).toBe('half');
  });

  it('CR-only line endings whose final CR ends a read, then silence', async () => {
    const server = await serve((_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'cr ' })}\r\rdata: ${chunk({ content: 'only' }, 'stop')}\r\r`);
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { idleMs: 60_000 } });
    const started = Date.now();
    await expect(client.streamChat({ model: 'm', messages }).result()).resolves.toMatchObject({ content: 'cr only', finishReason: 'stop' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('CRLF split across reads between CR and LF is one line ending', async () => {
    const server = await serve(async (_req, res) => {
      open(res);
      res.write(`data: ${chunk({ content: 'a' })}\r`);
      await new Promise((r) => setTimeout(r, 50));
      res.write(`\n\r`);
      await new Promise((r) => setTimeout(r, 50));
      res.end(`\ndata: ${chunk({ content: 'b' }, 'stop')}\r\n\r\ndata: [DONE]\r\n\r\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url });
    await expect(client.streamChat({ model: 'm', messages }).result()).resolves.toMatchObject({ content: 'ab' });
  });
});

describe('media types', () => {
  it.each(['Text/Event-Stream; Charset=UTF-8', 'TEXT/EVENT-STREAM'])('%s is an event stream', async (type) => {
    const server = await serve((_req, res) => {
      open(res, type);
      res.end(`data: ${chunk({ content: 'streamed' }, 'stop')}\n\ndata: [DONE]\n\n`);
    });
    const client = createLmStudioClient({ baseUrl: server.url });
    await expect(client.streamChat({ model: 'm', messages }).result()).resolves.toMatchObject({ content: 'streamed' });
  });
});
