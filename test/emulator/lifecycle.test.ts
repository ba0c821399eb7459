// Server lifecycle: prompt close() whatever is open, connection accounting, request recording, client closes.
import { describe, expect, it } from 'vitest';
import { LOADED_LLM, VLM, chatBody, get, post, readUntil, useEmulators } from './helpers.js';

const emulator = useEmulators();

async function timed<T>(p: Promise<T>): Promise<number> {
  const t0 = Date.now();
  await p;
  return Date.now() - t0;
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('close()', () => {
  it('resolves promptly with an idle keep-alive connection open', async () => {
    const h = await emulator();
    await (await get(h, '/v1/models')).text();
    expect(h.openConnections()).toBe(1);
    expect(await timed(h.close())).toBeLessThan(1000);
    expect(h.openConnections()).toBe(0);
  });

  it('resolves promptly with stalled responses, a slow stream and a JIT load in flight; clients see errors', async () => {
    const timeoutsBefore = activeTimeouts();
    const h = await emulator({ jitLoadMs: 60_000, tokenDelayMs: 10_000 });
    const outcomes = [
      post(h, '/v1/chat/completions', chatBody(), { headers: { 'x-emulator-fault': 'stall-before-first-byte' } }).then((r) => r.text()),
      post(h, '/v1/chat/completions', chatBody({ stream: true }), { headers: { 'x-emulator-fault': 'stall-mid-stream' } }).then((r) => r.text()),
      post(h, '/v1/chat/completions', chatBody({ stream: true }), { headers: { 'x-emulator-fault': 'keep-open-after-done' } }).then((r) => r.text()),
      post(h, '/v1/chat/completions', chatBody({ stream: true })).then((r) => r.text()),
      post(h, '/v1/chat/completions', chatBody({ model: VLM })).then((r) => r.text()),
    ].map((p) => p.then(() => 'completed', () => 'failed'));
    // Let every request reach the server.
    for (let i = 0; i < 100 && h.requests.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.requests).toHaveLength(5);
    expect(h.openConnections()).toBe(5);
    expect(await timed(h.close())).toBeLessThan(1000);
    expect(await Promise.all(outcomes)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(h.openConnections()).toBe(0);
    // Every timer the emulator started is gone.
    expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore);
    // Server-side closes are not client closes.
    expect(h.requests.every((r) => !r.closedEarly)).toBe(true);
  });

  it('rejects pending waitForClientClose calls and can be called twice', async () => {
    const h = await emulator();
    const waiting = h.waitForClientClose(5000);
    await h.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await h.close();
  });
});

describe('recording and connections', () => {
  it('records method, path, headers and parsed body', async () => {
    const h = await emulator();
    await (await post(h, '/v1/chat/completions?x=1', chatBody(), { headers: { 'x-test': 'yes' } })).text();
    await (await get(h, '/api/v0/models')).text();
    await (await post(h, '/v1/chat/completions', 'not json')).text();
    expect(h.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/v1/chat/completions', 200],
      ['GET', '/api/v0/models', 200],
      ['POST', '/v1/chat/completions', 400],
    ]);
    expect(h.requests[0]!.headers['x-test']).toBe('yes');
    expect(h.requests[0]!.body).toEqual(chatBody());
    expect(h.requests[1]!.body).toBeUndefined();
    expect(h.requests[2]!.body).toBeUndefined();
    expect(h.requests.every((r) => r.closedEarly === false)).toBe(true);
  });

  it('waitForClientClose resolves for a client abort mid-stream, even when it happened first', async () => {
    const h = await emulator({ tokenDelayMs: 50 });
    const ctrl = new AbortController();
    const res = await post(h, '/v1/chat/completions', chatBody({ stream: true }), { signal: ctrl.signal });
    await readUntil(res, (t) => t.includes('\n\n'));
    ctrl.abort();
    for (let i = 0; i < 100 && !h.requests[0]!.closedEarly; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.requests[0]!.closedEarly).toBe(true);
    await h.waitForClientClose(1000);
    await expect(h.waitForClientClose(100)).rejects.toThrow(/no client close/);
  });

  it('a non-chat request closed early is recorded but does not count as a chat close', async () => {
    const h = await emulator({ jitLoadMs: 5000 });
    await expect(post(h, '/api/v1/models/load', { model: VLM }, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    for (let i = 0; i < 100 && !h.requests[0]!.closedEarly; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.requests[0]!.closedEarly).toBe(true);
    await expect(h.waitForClientClose(100)).rejects.toThrow();
  });

  it('tokenDelayMs spaces the stream events', async () => {
    const h = await emulator({ tokenDelayMs: 30 });
    const t0 = Date.now();
    const text = await (await post(h, '/v1/chat/completions', chatBody({ stream: true }, 'a b c'))).text();
    const events = text.split('\n\n').filter((e) => e.length > 0).length;
    expect(Date.now() - t0).toBeGreaterThanOrEqual((events - 1) * 30 - 10);
  });

  it('logs one line per request', async () => {
    const lines: string[] = [];
    const h = await emulator({ log: (line) => lines.push(line) });
    await (await get(h, '/v1/models')).text();
    await (await get(h, '/nope')).text();
    for (let i = 0; i < 100 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines).toEqual(['GET /v1/models -> 200', 'GET /nope -> 200']);
  });

  it('binds to loopback by default and reports its url', async () => {
    const h = await emulator();
    expect(h.url).toBe(`http://127.0.0.1:${h.port}`);
    expect(h.port).toBeGreaterThan(0);
    expect(h.loadedInstances()).toEqual([LOADED_LLM]);
  });
});

describe('long-running use', () => {
  it('keeps no requests when recordRequests is false', async () => {
    const h = await emulator({ recordRequests: false });
    const response = await fetch(`${h.url}/v1/models`);
    expect(response.status).toBe(200);
    expect(h.requests).toEqual([]);
  });
});
