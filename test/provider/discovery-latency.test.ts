// Issue 12, point 3: with LM Studio down, failed calls and probes must not push discovery's next look so far out
// that LM Studio, once started, stays hidden (the host hides providers that are not configured). Fake timers and
// a fake fetch drive the real provider with its default discovery timing.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DISCOVERY, LmStudioProvider } from '../../src/provider/index.js';
import { TYPICAL, apiV1Models } from './harness.js';

/** LM Studio on a switch: refused connections while down, a model list (and a refusal for chat) while up. */
function switchableLmStudio(): { fetch: typeof globalThis.fetch; up: boolean; probes: number } {
  const state = {
    up: false,
    probes: 0,
    fetch: (async (input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/models')) state.probes++;
      if (!state.up) {
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1234'), { code: 'ECONNREFUSED' }) });
      }
      if (url.endsWith('/api/v1/models')) return Response.json(apiV1Models(TYPICAL));
      return Response.json({ error: 'not served by this fake' }, { status: 400 });
    }) as typeof globalThis.fetch,
  };
  return state;
}

const providers: LmStudioProvider[] = [];
afterEach(() => {
  providers.splice(0).forEach((p) => p.dispose());
  vi.useRealTimers();
});

/**
 * Keeps LM Studio down for `downMs`, with `failedCalls` calls failing at its start (a user retrying, 5 s apart),
 * then starts it; returns how long the provider took to show as configured (fake ms).
 */
async function timeToConfigured(downMs: number, failedCalls: number): Promise<{ ms: number; provider: LmStudioProvider }> {
  const lm = switchableLmStudio();
  const provider = new LmStudioProvider({ fetch: lm.fetch, settings: () => null });
  providers.push(provider);
  const began = Date.now();
  for (let i = 0; i < failedCalls; i++) {
    const settled = provider.complete({ systemPrompt: '', userMessage: 'hi' }).then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await settled).toBe('AI_CONNECTION_ERROR');
  }
  await vi.advanceTimersByTimeAsync(Math.max(0, downMs - (Date.now() - began)));
  expect(provider.isConfigured()).toBe(false);
  lm.up = true;
  const started = Date.now();
  while (!provider.isConfigured() && Date.now() - started < 120_000) await vi.advanceTimersByTimeAsync(50);
  return { ms: Date.now() - started, provider };
}

describe('discovery notices LM Studio soon, whatever failed before', () => {
  it('the defaults keep the longest pause between probes under 2 s', () => {
    expect(DEFAULT_DISCOVERY.maxDelayMs).toBeLessThanOrEqual(1_500);
    expect(DEFAULT_DISCOVERY.initialDelayMs).toBeLessThanOrEqual(DEFAULT_DISCOVERY.maxDelayMs);
  });

  it('four failed calls and two minutes down: configured within 2 s of LM Studio answering (it took ~30 s before)', async () => {
    vi.useFakeTimers();
    const { ms, provider } = await timeToConfigured(120_000, 4);
    expect(ms).toBeLessThanOrEqual(2_000);
    expect(provider.capabilities.models.length).toBeGreaterThan(0);
  });

  it('for any downtime and number of failed calls (property)', async () => {
    vi.useFakeTimers();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 6 }), async (downMs, failedCalls) => {
        const { ms, provider } = await timeToConfigured(downMs, failedCalls);
        provider.dispose();
        expect(ms).toBeLessThanOrEqual(2_000);
      }),
      { numRuns: 12 },
    );
  });

  it('probing a server that is not there stays cheap: a handful of requests a few seconds apart', async () => {
    vi.useFakeTimers();
    const lm = switchableLmStudio();
    providers.push(new LmStudioProvider({ fetch: lm.fetch, settings: () => null }));
    await vi.advanceTimersByTimeAsync(60_000);
    // Each probe is at most 3 attempts (two retries) plus one 127.0.0.1 fallback; probes start >= ~1.5 s apart.
    expect(lm.probes).toBeLessThanOrEqual((60_000 / 1_500) * 4 + 4);
    expect(lm.probes).toBeGreaterThan(10);
  });
});
