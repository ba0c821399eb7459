// 50 concurrent streams of ~2,000 events each through one client, a fifth of them with faults: every stream's
// events and result are those of the same stream run alone (no crosstalk), the faulted ones fail with their own
// code and keep exactly their own prefix, and nothing is left behind.
import { afterEach, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/emulator/index.js';
import { createLmStudioClient, type ChatEvent, type ChatRequest, type ChatResult, type LmStudioErrorCode } from '../../src/index.js';
import {
  LOADED_LLM,
  handles,
  quietHandles,
  runStream,
  startTrackedEmulator,
  textOf,
  type Outcome,
  type TrackedEmulator,
} from './harness.js';

const STREAMS = 50;
const WORDS = 2_000;
/** Mid-stream faults strike after this many events. */
const FAULT_AFTER = 1_000;

/** Stream i's prompt: distinct words, so the echoed answer (≈ WORDS text events) is distinct per stream. */
function promptOf(i: number): string {
  const words: string[] = [];
  for (let w = 0; w < WORDS; w++) words.push(`s${i}w${w}`);
  return `stream ${i}: ${words.join(' ')}`;
}

const requestOf = (i: number): ChatRequest => ({ model: LOADED_LLM, messages: [{ role: 'user', content: promptOf(i) }] });

const FAULTS: { name: string; code: LmStudioErrorCode }[] = [
  { name: 'reset-mid-stream', code: 'stream-truncated' },
  { name: 'error-event', code: 'context-overflow' },
  { name: 'truncate', code: 'stream-truncated' },
];
/** Every fifth stream gets a fault, cycling through FAULTS. */
const faultOf = (i: number): (typeof FAULTS)[number] | undefined => (i % 5 === 0 ? FAULTS[(i / 5) % FAULTS.length] : undefined);

let emu: TrackedEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The result without its id (the emulator's ids come from one seeded sequence, so they follow arrival order). */
const comparable = (result: ChatResult | undefined): Omit<ChatResult, 'id'> | undefined => {
  if (!result) return undefined;
  const { id: _id, ...rest } = result;
  return rest;
};

describe('load: 50 concurrent streams through one client', () => {
  it('each stream equals itself run alone; faults hit only their own streams', async () => {
    emu = await startTrackedEmulator();
    const server = emu;
    // One client; the fault for a request is chosen from its prompt ("stream N: …") by the fetch wrapper.
    const faulted = new Set<number>();
    const client = createLmStudioClient({
      baseUrl: server.url,
      // No limit is under test here: generous, so that a machine busy with other suites cannot end a stream early.
      timeouts: { firstTokenMs: 120_000, idleMs: 60_000, totalMs: 180_000 },
      // The client calls fetch(url, init) with a JSON string body.
      fetch: async (input, init) => {
        const body = JSON.parse(String(init?.body)) as { messages: { content: string }[] };
        const i = Number(/^stream (\d+):/.exec(body.messages[0]?.content ?? '')?.[1]);
        const fault = faulted.has(i) ? faultOf(i) : undefined;
        if (!fault) return globalThis.fetch(input, init);
        const headers = new Headers(init?.headers);
        headers.set('x-emulator-fault', fault.name);
        headers.set('x-emulator-after-events', String(FAULT_AFTER));
        return globalThis.fetch(input, { ...init, headers });
      },
    });
    const baseline = await quietHandles();

    // Alone: one at a time, no faults.
    const aloneStarted = Date.now();
    const alone: Outcome[] = [];
    for (let i = 0; i < STREAMS; i++) alone.push(await runStream(client, requestOf(i)));
    const aloneMs = Date.now() - aloneStarted;
    for (const [i, outcome] of alone.entries()) {
      expect(outcome.error, outcome.error?.message).toBeUndefined();
      expect(outcome.result?.content).toBe(`You said: ${promptOf(i)}`);
      expect(outcome.events.length).toBeGreaterThanOrEqual(WORDS);
    }
    const eventsPerStream = alone.map((o) => o.events.length);

    // Together, with faults in a fifth of them.
    for (let i = 0; i < STREAMS; i++) if (faultOf(i)) faulted.add(i);
    expect(faulted.size).toBe(STREAMS / 5);
    const together = Date.now();
    const outcomes = await Promise.all(Array.from({ length: STREAMS }, (_, i) => runStream(client, requestOf(i))));
    const concurrentMs = Date.now() - together;

    for (const [i, outcome] of outcomes.entries()) {
      const base = alone[i] as Outcome;
      const fault = faultOf(i);
      if (!fault) {
        expect(outcome.error, `stream ${i}: ${outcome.error?.message}`).toBeUndefined();
        // Compared whole, but reported briefly: a mismatch names the stream and the first differing event.
        const firstDiff = outcome.events.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(base.events[k]));
        expect({ events: outcome.events.length, firstDiff }, `stream ${i} events`).toEqual({ events: base.events.length, firstDiff: -1 });
        expect(JSON.stringify(comparable(outcome.result)) === JSON.stringify(comparable(base.result)), `stream ${i} result`).toBe(true);
        continue;
      }
      // The emulator sent the first FAULT_AFTER events (one text token each), then the fault.
      const sent = tokenize(`You said: ${promptOf(i)}`).slice(0, FAULT_AFTER).join('');
      expect(sent).toBe(textOf(base.events.slice(0, FAULT_AFTER)));
      expect(outcome.error?.code, `stream ${i} (${fault.name})`).toBe(fault.code);
      const textEvents: ChatEvent[] = outcome.events.filter((e) => e.type === 'text');
      expect(outcome.events.length).toBe(textEvents.length);
      // What was handed out and what the partial holds are this stream's own prefix, never another stream's text.
      expect(base.result?.content.startsWith(textOf(outcome.events)), `stream ${i}: events are its own prefix`).toBe(true);
      expect(base.result?.content.startsWith(outcome.error?.partial?.content ?? '?'), `stream ${i}: partial is its own prefix`).toBe(true);
      // Compared by size and prefix, to keep failure reports short.
      const partial = outcome.error?.partial?.content ?? '';
      expect
        .soft({ chars: partial.length, prefixOfSent: sent.startsWith(partial) }, `stream ${i} (${fault.name}): partial = what the emulator sent`)
        .toEqual({ chars: sent.length, prefixOfSent: true });
      expect
        .soft({ textEvents: textEvents.length, same: textOf(outcome.events) === partial }, `stream ${i} (${fault.name}): events = what the emulator sent`)
        .toEqual({ textEvents: FAULT_AFTER, same: true });
    }
    expect(server.requests.length).toBe(STREAMS * 2);
    expect(server.requests.slice(STREAMS).filter((r) => r.headers['x-emulator-fault'] !== undefined).length).toBe(STREAMS / 5);

    await expectReleasedAfterLoad(server, baseline);
    const total = outcomes.reduce((n, o) => n + o.events.length, 0);
    console.info(
      `[load] ${STREAMS} streams × ${Math.min(...eventsPerStream)}–${Math.max(...eventsPerStream)} events: alone (sequential) ${aloneMs} ms, ` +
        `concurrent ${concurrentMs} ms, ${total} events delivered concurrently`,
    );
    // A hang guard (tens of seconds alone on a busy machine); speed is measured by `npm run bench`.
    expect(concurrentMs).toBeLessThan(180_000);
  }, 300_000);
});

/** Like expectReleased, but the pool may keep several idle connections after 50 concurrent requests. */
async function expectReleasedAfterLoad(server: TrackedEmulator, baseline: ReturnType<typeof handles>): Promise<void> {
  const deadline = Date.now() + 3_000;
  const clean = (): boolean =>
    server.busy() === 0 && handles().timeouts <= baseline.timeouts && handles().sockets <= baseline.sockets + server.openConnections();
  while (Date.now() < deadline && !clean()) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(server.busy(), 'emulator responses still in progress').toBe(0);
  for (const info of server.sockets()) expect(info.inFlight).toBe(0);
  expect(handles().timeouts, 'active timers').toBeLessThanOrEqual(baseline.timeouts);
  expect(handles().sockets, 'ref\'d TCP sockets beyond the emulator\'s idle ends').toBeLessThanOrEqual(baseline.sockets + server.openConnections());
}
