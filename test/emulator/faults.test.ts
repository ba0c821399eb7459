// Every fault mode, observed with raw fetch (bounded by AbortSignal.timeout / explicit aborts).
import { describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../../src/emulator/index.js';
import {
  LOADED_LLM,
  VLM,
  chatBody,
  chunksOf,
  json,
  parseSse,
  post,
  readUntil,
  staysSilent,
  useEmulators,
} from './helpers.js';

const emulator = useEmulators();

const streamBody = (extra: Record<string, unknown> = {}) =>
  chatBody({ stream: true, stream_options: { include_usage: true }, ...extra }, 'Tell me something about the sea and the sky');

const withFault = (fault: string, extra: Record<string, string> = {}) => ({ headers: { 'x-emulator-fault': fault, ...extra } });

const ADD_TOOL = {
  type: 'function',
  function: {
    name: 'add',
    description: 'Add two numbers',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' }, note: { type: 'string' } },
      required: ['a', 'b', 'note'],
    },
  },
};

describe('fault selection', () => {
  it('by header, by model suffix, by server option and by setFault', async () => {
    const h = await emulator();
    const byHeader = await (await post(h, '/v1/chat/completions', streamBody(), withFault('no-done'))).text();
    expect(byHeader).not.toContain('[DONE]');
    const bySuffix = await (await post(h, '/v1/chat/completions', streamBody({ model: `${LOADED_LLM}@fault=no-done` }))).text();
    expect(bySuffix).not.toContain('[DONE]');
    expect(chunksOf(bySuffix)[0].model).toBe(LOADED_LLM);
    h.setFault('no-done');
    expect(await (await post(h, '/v1/chat/completions', streamBody())).text()).not.toContain('[DONE]');
    h.setFault(undefined);
    expect(await (await post(h, '/v1/chat/completions', streamBody())).text()).toContain('[DONE]');
    const server = await emulator({ fault: { names: ['no-done'] } });
    expect(await (await post(server, '/v1/chat/completions', streamBody())).text()).not.toContain('[DONE]');
  });

  it('an unknown fault name is a 400 listing the known ones', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('no-such-fault'));
    expect(res.status).toBe(400);
    const err = (await json(res)).error as string;
    expect(err).toContain('no-such-fault');
    for (const name of FAULT_NAMES) expect(err).toContain(name);
  });

  it('several faults combine', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('slow-drip,no-done'));
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    expect(chunksOf(text).at(-1).usage).toBeDefined();
  });
});

describe('timing faults', () => {
  it('jit-delay delays the first byte (x-emulator-delay-ms, or delayMs option)', async () => {
    const h = await emulator();
    let t0 = Date.now();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('jit-delay', { 'x-emulator-delay-ms': '300' }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(await res.text()).toContain('[DONE]');
    const opt = await emulator({ fault: { names: 'jit-delay', delayMs: 200 } });
    t0 = Date.now();
    await (await post(opt, '/v1/chat/completions', chatBody())).text();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
  });

  it('stall-before-first-byte never answers; the client gives up and the server sees it', async () => {
    const h = await emulator();
    const t0 = Date.now();
    await expect(
      fetch(h.url + '/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify(streamBody()),
        headers: { 'x-emulator-fault': 'stall-before-first-byte' },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    await h.waitForClientClose(5000);
    expect(h.requests.at(-1)!.closedEarly).toBe(true);
    expect(h.requests.at(-1)!.status).toBeUndefined();
  });

  it('stall-mid-stream sends a few events then goes silent with the socket open', async () => {
    const h = await emulator();
    const ctrl = new AbortController();
    const res = await post(h, '/v1/chat/completions', streamBody(), { ...withFault('stall-mid-stream'), signal: ctrl.signal });
    const { text, ended } = await readUntil(res, (t) => parseSse(t).length >= 3);
    expect(ended).toBe(false);
    expect(parseSse(text)).toHaveLength(3);
    expect(await staysSilent(res, 300)).toBe(true);
    expect(h.openConnections()).toBeGreaterThan(0);
    ctrl.abort();
    await h.waitForClientClose(5000);
    expect(h.requests.at(-1)!.closedEarly).toBe(true);
  });

  it('x-emulator-after-events moves the fault point', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('truncate', { 'x-emulator-after-events': '1' }))).text();
    expect(parseSse(text)).toHaveLength(1);
  });

  it('slow-drip sends the same stream byte by byte', async () => {
    const h = await emulator();
    const normal = await (await post(h, '/v1/chat/completions', streamBody())).text();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('slow-drip'));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let reads = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      reads++;
      text += decoder.decode(value, { stream: true });
    }
    const strip = (t: string) => t.replace(/"id":"chatcmpl-[a-z0-9]+"/g, '"id":"X"');
    expect(strip(text)).toBe(strip(normal));
    // Far more network reads than events: events arrive split mid-line.
    expect(reads).toBeGreaterThan(parseSse(text).length * 3);
  });

  it('slow-drip with dripDelayMs spreads the bytes over time', async () => {
    const h = await emulator({ fault: { names: ['slow-drip'], dripDelayMs: 1 } });
    const t0 = Date.now();
    const body = await (await post(h, '/v1/chat/completions', chatBody({}, 'hi'))).text();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(body.length * 0.5);
    expect(JSON.parse(body).choices[0].message.content).toBe('You said: hi');
  });
});

describe('stream-shape faults', () => {
  it('reset-mid-stream destroys the socket after a few events', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('reset-mid-stream'));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    // The server closed it, so it is not a client close.
    expect(h.requests.at(-1)!.closedEarly).toBe(false);
  });

  it('error-event sends an event: error mid-stream, then ends without [DONE]', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('error-event'))).text();
    const events = parseSse(text);
    expect(events.slice(0, 3).every((e) => e.event === undefined)).toBe(true);
    expect(events[3]!.event).toBe('error');
    expect(JSON.parse(events[3]!.data).message).toMatch(/n_keep: \d+>= n_ctx: \d+/);
    expect(events).toHaveLength(4);
    expect(text).not.toContain('[DONE]');
  });

  it('no-done ends after the finish (and usage) chunks without [DONE]', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('no-done'))).text();
    const chunks = chunksOf(text);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).usage).toBeDefined();
    expect(text).not.toContain('[DONE]');
  });

  it('truncate ends after some content with no finish_reason and no [DONE]', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('truncate'))).text();
    const chunks = chunksOf(text);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.choices[0].finish_reason === null)).toBe(true);
    expect(chunks.some((c) => c.choices[0].delta.content)).toBe(true);
    expect(text).not.toContain('[DONE]');
  });

  it('malformed-json sends one event whose data is not JSON', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('malformed-json'))).text();
    const events = parseSse(text).filter((e) => e.data !== '[DONE]');
    const bad = events.filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('oversize-event sends one ~8 MiB data event', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('oversize-event'))).text();
    const sizes = text.split('\n\n').map((e) => e.length);
    const big = sizes.filter((s) => s > 1024 * 1024);
    expect(big).toHaveLength(1);
    expect(big[0]).toBeGreaterThan(8 * 1024 * 1024 - 100);
    expect(big[0]).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(chunksOf(text).length).toBeGreaterThan(3);
  });

  it('model-mismatch answers with another model id', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', streamBody(), withFault('model-mismatch'))).text();
    const chunks = chunksOf(text);
    expect(chunks[0].model).not.toBe(LOADED_LLM);
    expect(chunks[0].model).toBe(VLM);
    const body = await json(await post(h, '/v1/chat/completions', chatBody(), withFault('model-mismatch')));
    expect(body.model).toBe(VLM);
    expect(body.system_fingerprint).toBe(VLM);
  });

  it('keep-open-after-done sends [DONE] but never ends the response', async () => {
    const h = await emulator();
    const ctrl = new AbortController();
    const res = await post(h, '/v1/chat/completions', streamBody(), { ...withFault('keep-open-after-done'), signal: ctrl.signal });
    const { text, ended } = await readUntil(res, (t) => t.includes('data: [DONE]\n\n'));
    expect(ended).toBe(false);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(await staysSilent(res, 300)).toBe(true);
    ctrl.abort();
    await h.waitForClientClose(5000);
    expect(h.requests.at(-1)!.closedEarly).toBe(true);
  });

  it('http-500 is a 500 with a string error', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', streamBody(), withFault('http-500'));
    expect(res.status).toBe(500);
    expect(typeof (await json(res)).error).toBe('string');
  });
});

describe('tool-call fragmenting', () => {
  const toolRequest = () => streamBody({ tools: [ADD_TOOL] });

  function fragments(text: string): any[] {
    return chunksOf(text).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
  }

  it('tool-call-whole: the id/name fragment, then the arguments in one fragment', async () => {
    const h = await emulator({ toolCallFragments: 'token' });
    const text = await (await post(h, '/v1/chat/completions', { ...toolRequest(), messages: [{ role: 'user', content: 'add 2 and 3' }] }, withFault('tool-call-whole'))).text();
    const frags = fragments(text);
    expect(frags).toHaveLength(2);
    expect(frags[0]).toEqual({ index: 0, id: expect.stringMatching(/^\d{9}$/), type: 'function', function: { name: 'add', arguments: '' } });
    expect(Object.keys(frags[0])).toEqual(['index', 'id', 'type', 'function']);
    expect(frags[1]).toEqual({ index: 0, type: 'function', function: { arguments: '{"a":2,"b":3,"note":"example"}' } });
    expect(chunksOf(text).find((c) => c.choices[0]?.finish_reason).choices[0].finish_reason).toBe('tool_calls');
  });

  it('tool-call-tokens: the arguments arrive in small pieces that concatenate to the JSON', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', { ...toolRequest(), messages: [{ role: 'user', content: 'add 2 and 3' }] }, withFault('tool-call-tokens'))).text();
    const frags = fragments(text);
    expect(frags.length).toBeGreaterThan(4);
    expect(frags.slice(1).every((f) => !('id' in f) && !('name' in f.function) && f.index === 0 && f.type === 'function')).toBe(true);
    const args = frags.map((f) => f.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ a: 2, b: 3, note: 'example' });
  });
});

describe('faults on non-streamed requests', () => {
  it('truncate and malformed-json give bodies that do not parse', async () => {
    const h = await emulator();
    for (const fault of ['truncate', 'malformed-json']) {
      const res = await post(h, '/v1/chat/completions', chatBody(), withFault(fault));
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(() => JSON.parse(text), fault).toThrow();
    }
  });

  it('stall-mid-stream sends half the body and keeps the socket open', async () => {
    const h = await emulator();
    const ctrl = new AbortController();
    const res = await post(h, '/v1/chat/completions', chatBody(), { ...withFault('stall-mid-stream'), signal: ctrl.signal });
    const declared = Number(res.headers.get('content-length'));
    const { text, ended } = await readUntil(res, (t) => t.length > 0);
    expect(ended).toBe(false);
    expect(text.length).toBeLessThan(declared);
    expect(await staysSilent(res, 200)).toBe(true);
    ctrl.abort();
    await h.waitForClientClose(5000);
  });

  it('reset-mid-stream breaks the body', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody(), withFault('reset-mid-stream'));
    await expect(res.text()).rejects.toThrow();
  });

  it('error-event becomes the 400 context-overflow string error', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody(), withFault('error-event'));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/^The number of tokens to keep/);
  });

  it('oversize-event makes an ~8 MiB body', async () => {
    const h = await emulator();
    const body = await json(await post(h, '/v1/chat/completions', chatBody(), withFault('oversize-event')));
    expect(body.choices[0].message.content.length).toBeGreaterThan(8 * 1024 * 1024);
  });
});
