import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, imagePart } from '../../src/index.js';
import { sniffImageType } from '../../src/client/image-part.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { visionErrors } from '../support/native-fixtures.js';
import { listTraces, readTrace, skipWithoutTraces } from '../support/traces.js';

vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const WEBP = Uint8Array.from([...'RIFF'].map((c) => c.charCodeAt(0)).concat([36, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)), [1, 2, 3, 4]));
const GIF = Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([1, 0, 1, 0]));

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const urlOf = async (source: Parameters<typeof imagePart>[0], options?: Parameters<typeof imagePart>[1]): Promise<string> =>
  (await imagePart(source, options)).image_url.url;

describe('imagePart: an inline base64 PNG/JPEG data URL from what the caller has', () => {
  it('bytes, ArrayBuffer and Blob', async () => {
    const expected = `data:image/png;base64,${b64(PNG)}`;
    expect(await imagePart(PNG)).toEqual({ type: 'image_url', image_url: { url: expected } });
    expect(await urlOf(PNG.slice().buffer)).toBe(expected);
    expect(await urlOf(new Blob([PNG]))).toBe(expected);
    expect(await urlOf(JPEG)).toBe(`data:image/jpeg;base64,${b64(JPEG)}`);
    expect((await imagePart(PNG, { detail: 'low' })).image_url.detail).toBe('low');
  });

  it('a data URL is re-encoded with the type its bytes have, not the one it declares', async () => {
    expect(await urlOf(`data:image/png;base64,${b64(JPEG)}`)).toBe(`data:image/jpeg;base64,${b64(JPEG)}`);
    expect(await urlOf(`data:application/octet-stream;base64,${b64(PNG)}`)).toBe(`data:image/png;base64,${b64(PNG)}`);
    const percent = `data:image/png,${[...PNG].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
    expect(await urlOf(percent)).toBe(`data:image/png;base64,${b64(PNG)}`);
  });

  it('any PNG bytes survive the round trip exactly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), async (tail) => {
        const bytes = new Uint8Array([...PNG.subarray(0, 8), ...tail]);
        const url = await urlOf(bytes);
        expect(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('sniffs formats by their first bytes', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(GIF)).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('<svg></svg>'))).toBeUndefined();
  });

  it('WebP is refused with bad-request unless it can be converted', async () => {
    const error = await lmStudioError(imagePart(WEBP));
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain('WEBP');
    expectReadable(error, 'base64 encoded image');
    const converted = await imagePart(WEBP, { convert: async (_bytes, type) => (type === 'image/webp' ? { bytes: PNG, mediaType: 'image/png' } : undefined) });
    expect(converted.image_url.url).toBe(`data:image/png;base64,${b64(PNG)}`);
    expect((await lmStudioError(imagePart(GIF, { convert: false }))).code).toBe('bad-request');
    // A converter that returns something LM Studio still rejects does not count.
    expect((await lmStudioError(imagePart(WEBP, { convert: async () => ({ bytes: WEBP, mediaType: 'image/png' }) }))).code).toBe('bad-request');
  });

  it('not an image, empty, too large, bad base64, an unknown kind of string: bad-request', async () => {
    for (const source of [new TextEncoder().encode('hello'), new Uint8Array(0), 'data:image/png;base64,@@@', '/tmp/photo.png']) {
      const error = await lmStudioError(imagePart(source));
      expect(error.code).toBe('bad-request');
      expectReadable(error);
    }
    expect((await lmStudioError(imagePart(PNG, { maxBytes: 10 }))).code).toBe('bad-request');
    expect((await lmStudioError(imagePart(new Blob([PNG]), { maxBytes: 10 }))).code).toBe('bad-request');
  });
});

describe('imagePart: an http(s) URL is fetched by the client (LM Studio does not fetch URLs)', () => {
  it('fetches and inlines it, without the client\u2019s headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from(PNG));
    });
    expect(await urlOf(`${server.url}/cat.png`)).toBe(`data:image/png;base64,${b64(PNG)}`);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('HTTP errors, oversize bodies (declared or not), a slow host and an abort are typed errors', async () => {
    const missing = await serve((_req, res) => sendJson(res, 404, { error: 'no' }));
    expect((await lmStudioError(imagePart(`${missing.url}/a.png`))).code).toBe('bad-request');

    const big = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.concat([Buffer.from(PNG), Buffer.alloc(5_000)]));
    });
    const tooBig = await lmStudioError(imagePart(`${big.url}/a.png`, { maxBytes: 1_000 }));
    expect(tooBig.code).toBe('bad-request');
    expect(tooBig.message).toContain('larger than 1000 bytes');

    const chunked = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'transfer-encoding': 'chunked' });
      res.write(Buffer.from(PNG));
      res.end(Buffer.alloc(5_000));
    });
    expect((await lmStudioError(imagePart(`${chunked.url}/a.png`, { maxBytes: 1_000 }))).code).toBe('bad-request');

    const slow = await serve(() => undefined);
    const timeout = await lmStudioError(imagePart(`${slow.url}/a.png`, { timeouts: { requestMs: 200 } }));
    expect(timeout.code).toBe('timeout');

    const controller = new AbortController();
    const pending = imagePart(`${slow.url}/b.png`, { signal: controller.signal });
    controller.abort();
    expect((await lmStudioError(pending)).code).toBe('aborted');
  });
});

describe("LM Studio's image errors are typed", () => {
  const chatWithImage = async (status: number, body: unknown) => {
    const server = await serve((_req, res) => sendJson(res, status, body));
    const part = await imagePart(PNG);
    return lmStudioError(
      createLmStudioClient({ baseUrl: server.url }).chat({ model: 'lfm2-1.2b', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is it?' }, part] }] }),
    );
  };

  it('a model without vision → unsupported, saying to use a vision model', async () => {
    const error = await chatWithImage(400, visionErrors.noVision);
    expect(error.code).toBe('unsupported');
    expect(error.serverMessage).toBe(visionErrors.noVision.error);
    expect(error.hint).toMatch(/vision/);
    expectReadable(error, 'Model does not support images');
  });

  it("'url' field must be a base64 encoded image → bad-request pointing at imagePart", async () => {
    const error = await chatWithImage(400, visionErrors.notBase64);
    expect(error.code).toBe('bad-request');
    expect(error.hint).toContain('imagePart');
  });
});

const noTraces = skipWithoutTraces('client: recorded LM Studio vision errors');

describe.skipIf(noTraces)('recorded vision errors and WebP requests', () => {
  const files = listTraces().filter((f) => /^error-vision-/.test(f));

  /** The message LM Studio sent, from a body, a client's wrapper, or a server-log line. */
  const recorded = (file: string, text: string): string => {
    if (text.trim().startsWith('{')) return (JSON.parse(text) as { error: string }).error;
    const logged = /(?:\[[^\]]*\]\s*)+(.+?)\s*$/.exec(text.trim().split('\n').at(-1) ?? '');
    if (!logged?.[1]) throw new Error(`${file}: no message`);
    return logged[1];
  };

  it.each(files)('%s', async (file) => {
    const message = recorded(file, readTrace(file));
    const server = await serve((_req, res) => sendJson(res, 400, { error: message }));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.code).toBe(/does not support images/.test(message) ? 'unsupported' : 'bad-request');
    expect(error.serverMessage).toBe(message);
    if (/base64 encoded image/.test(message)) expect(error.hint).toContain('imagePart');
  });

  it('the WebP data URL that LM Studio rejected (#1027) is refused before sending', async () => {
    const text = readTrace('vision-webp-request-log-fragment-issue1027.txt');
    const data = /data:image\/webp;base64,([A-Za-z0-9+/]+)/.exec(text)?.[1] ?? '';
    const whole = data.slice(0, data.length - (data.length % 4));
    expect(whole.length).toBeGreaterThan(100);
    const error = await lmStudioError(imagePart(`data:image/webp;base64,${whole}`));
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain('WEBP');
  });

  it('the PNG a vision model answered about is sent as it is', async () => {
    const request = JSON.parse(readTrace('chat-stream-image-png-reasoning-ollmost.request.json')) as {
      messages: { content: { type: string; image_url?: { url: string } }[] }[];
    };
    const url = request.messages[0]?.content.find((p) => p.type === 'image_url')?.image_url?.url ?? '';
    expect(await urlOf(url)).toBe(url);
  });
});
