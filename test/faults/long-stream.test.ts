// One stream of 1,000,000 events, iterated without asking for the result: every event arrives, heap growth stays
// bounded (the client keeps no per-event state beyond the answer's characters), and it finishes in bounded time.
import { afterEach, describe, expect, it } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { LOADED_LLM, SSE_HEADERS, chunkEvent, handles, loopback, quietHandles, waitFor, type Loopback } from './harness.js';

const EVENTS = 1_000_000;
/** Events per pre-encoded write. */
const BATCH = 1_000;
const MiB = 1024 * 1024;

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a 1,000,000-event stream', () => {
  it('is iterated in bounded time with bounded heap growth', async () => {
    // One small event, pre-encoded, written BATCH at a time with backpressure; then the finish and [DONE].
    const batch = Buffer.from(chunkEvent({ content: 'x' }).repeat(BATCH));
    const tail = Buffer.from(`${chunkEvent({}, 'stop')}data: [DONE]\n\n`);
    let written = 0;
    server = await loopback((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      const pump = (): void => {
        while (written < EVENTS) {
          if (res.destroyed) return;
          written += BATCH;
          if (!res.write(batch)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(tail);
      };
      pump();
    });
    const client = createLmStudioClient({ baseUrl: server.url, timeouts: { firstTokenMs: 30_000, idleMs: 30_000, totalMs: 150_000 } });
    const baseline = await quietHandles();

    const heapBefore = process.memoryUsage().heapUsed;
    let heapMax = heapBefore;
    const started = Date.now();
    let texts = 0;
    let chars = 0;
    let finishes = 0;
    let others = 0;
    // Deliberately no result(): the events alone are consumed.
    for await (const event of client.streamChat({ model: LOADED_LLM, messages: [{ role: 'user', content: 'go' }] })) {
      if (event.type === 'text') {
        texts++;
        chars += event.delta.length;
        if (texts % 20_000 === 0) heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
      } else if (event.type === 'finish') finishes++;
      else others++;
    }
    const elapsed = Date.now() - started;
    heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    const growth = heapMax - heapBefore;

    console.info(
      `[long] ${texts.toLocaleString('en')} events in ${elapsed} ms (${Math.round((texts / elapsed) * 1000).toLocaleString('en')} events/s); ` +
        `heap growth (max sampled − start) ${(growth / MiB).toFixed(1)} MiB`,
    );
    expect(texts).toBe(EVENTS);
    expect(chars).toBe(EVENTS);
    expect(finishes).toBe(1);
    expect(others).toBe(0);
    expect(written).toBe(EVENTS);
    expect(growth).toBeLessThan(64 * MiB);
    // A hang guard only (speed is measured by `npm run bench`): a few seconds alone, far more beside other suites.
    expect(elapsed).toBeLessThan(150_000);
    // Nothing left running.
    expect(await waitFor(() => handles().timeouts <= baseline.timeouts)).toBe(true);
  }, 180_000);
});
