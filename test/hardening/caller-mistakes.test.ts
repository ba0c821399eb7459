// A caller's mistake is reported as the caller's: a body JSON cannot carry or a bad header name is `bad-request`
// naming the problem, with nothing sent; options are checked when the client is made.
import { describe, expect, it } from 'vitest';
import { createLmStudioClient, type ChatRequest } from '../../src/index.js';
import { lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';

const serve = useServers();

async function quietServer() {
  return serve((_req, res) => sendJson(res, 200, { error: 'should not be reached' }));
}

function cyclic(): Record<string, unknown> {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  return a;
}

const unsendable: [string, () => unknown, RegExp][] = [
  ['a BigInt', () => 10n, /BigInt/],
  ['a cycle', cyclic, /cycle/],
];

describe('request bodies JSON cannot carry', () => {
  it.each(unsendable)('%s in a chat request: bad-request, nothing sent', async (_what, value, named) => {
    const server = await quietServer();
    const client = createLmStudioClient({ baseUrl: server.url });
    const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }], extra: value() } as unknown as ChatRequest;
    for (const call of [() => client.chat(request), () => client.streamChat(request).result()]) {
      const error = await lmStudioError(call());
      expect(error.code).toBe('bad-request');
      expect(error.message).toMatch(named);
      expect(error.message).not.toMatch(/start the server/i);
    }
    expect(server.requests).toHaveLength(0);
  });

  it.each(unsendable)('%s in an embedding input: bad-request, nothing sent', async (_what, value, named) => {
    const server = await quietServer();
    const client = createLmStudioClient({ baseUrl: server.url });
    const error = await lmStudioError(client.embed({ model: 'm', input: [value()] as unknown as string[] }));
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(named);
    expect(server.requests).toHaveLength(0);
  });

  it('a tool run with an unsendable field fails with bad-request through result() and iteration', async () => {
    const server = await quietServer();
    const client = createLmStudioClient({ baseUrl: server.url });
    const run = client.runTools({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 't', parameters: { type: 'object' }, execute: () => 'ok' }],
      extra: 1n,
    } as unknown as Parameters<typeof client.runTools>[0]);
    const error = await lmStudioError(run.result());
    expect(error.code).toBe('bad-request');
    expect(server.requests).toHaveLength(0);
  });
});

describe('options checked when the client is made', () => {
  it.each(['bad name', 'x:y', 'naïve', ''])('header name %j is refused', (name) => {
    expect(() => createLmStudioClient({ headers: { [name]: 'v' } })).toThrow(expect.objectContaining({ code: 'bad-request' }));
  });

  it.each([0, -1, Number.NaN])('maxEventBytes %s is refused', (value) => {
    expect(() => createLmStudioClient({ maxEventBytes: value })).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringContaining('maxEventBytes') }));
  });

  it.each([0, -1, Number.NaN])('maxResponseBytes %s is refused', (value) => {
    expect(() => createLmStudioClient({ maxResponseBytes: value })).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringContaining('maxResponseBytes') }));
  });

  it('valid caps and names are accepted (Infinity too)', () => {
    expect(() => createLmStudioClient({ maxEventBytes: 1024, maxResponseBytes: Infinity, headers: { 'X-Trace-Id': 'a' } })).not.toThrow();
  });
});
