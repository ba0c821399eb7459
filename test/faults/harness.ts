// Shared helpers for the reliability suite: an emulator whose server-side sockets are tracked, a fetch wrapper
// that adds emulator fault headers per request, process handle counting, polling, and a bare loopback server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { expect } from 'vitest';
import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator/index.js';
import { Emulator } from '../../src/emulator/server.js';
import { LmStudioError, type ChatEvent, type ChatRequest, type ChatResult, type LmStudioClient, type Timeouts } from '../../src/index.js';

export const LOADED_LLM = 'qwen/qwen3-4b-2507';

/** One server-side socket: how many requests it carried, and how many of their responses are still open. */
export interface SocketInfo {
  socket: Socket;
  served: number;
  inFlight: number;
}

export interface TrackedEmulator extends EmulatorHandle {
  /** Open server-side sockets with what they carried. */
  sockets(): SocketInfo[];
  /** Open sockets with a response still in progress (a client that went away would leave one here). */
  busy(): number;
}

/**
 * Starts the emulator (the class, to reach its `node:http` server) and tracks each accepted socket. Node's fetch
 * (undici 6.x, also undici#5845) opens one fresh, never-used connection after a streamed response is aborted; it
 * shows up here as an open socket with `served === 0`.
 */
export async function startTrackedEmulator(options: EmulatorOptions = {}): Promise<TrackedEmulator> {
  const emulator = new Emulator({ seed: 7, now: () => 1_790_614_494_000, ...options });
  const infos = new Map<Socket, SocketInfo>();
  emulator.server.on('connection', (socket: Socket) => {
    infos.set(socket, { socket, served: 0, inFlight: 0 });
    socket.once('close', () => infos.delete(socket));
  });
  emulator.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const info = infos.get(req.socket);
    if (!info) return;
    info.served++;
    info.inFlight++;
    res.once('close', () => info.inFlight--);
  });
  const handle = await emulator.listen();
  return {
    ...handle,
    sockets: () => [...infos.values()],
    busy: () => [...infos.values()].filter((i) => i.inFlight > 0).length,
  };
}

/** A fetch that adds `state.headers` (read at call time) to every request the client sends. */
export function headerFetch(state: { headers: Record<string, string> }): typeof globalThis.fetch {
  return (input, init) => {
    if (input instanceof Request) {
      for (const [key, value] of Object.entries(state.headers)) input.headers.set(key, value);
      return globalThis.fetch(input, init);
    }
    const headers = new Headers(init?.headers);
    for (const [key, value] of Object.entries(state.headers)) headers.set(key, value);
    return globalThis.fetch(input, { ...init, headers });
  };
}

export interface Handles {
  timeouts: number;
  sockets: number;
}

/** Timers and TCP sockets keeping this process alive (unref'd ones, like undici's pooled idle sockets, are not listed). */
export function handles(): Handles {
  const all = process.getActiveResourcesInfo();
  return {
    timeouts: all.filter((r) => r === 'Timeout').length,
    sockets: all.filter((r) => r === 'TCPSocketWrap').length,
  };
}

/**
 * A baseline for `expectReleased`: the fewest handles seen over a short window, so that a transient timer of the
 * test runner's own (its RPC calls have timeouts) does not hide one of ours.
 */
export async function quietHandles(windowMs = 100): Promise<Handles> {
  let best = handles();
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    await sleep(10);
    const h = handles();
    best = { timeouts: Math.min(best.timeouts, h.timeouts), sockets: Math.min(best.sockets, h.sockets) };
  }
  return best;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns true or `withinMs` passes; returns the last verdict. The default window is long (a
 * busy machine releases sockets late); it costs nothing when the check passes at once.
 */
export async function waitFor(check: () => boolean, withinMs = 10_000, everyMs = 20): Promise<boolean> {
  const end = Date.now() + withinMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}

/**
 * After a failure: nothing of the failed call may remain. The emulator holds no response in progress (a client
 * that left without closing would keep one), at most one idle connection is open (a kept-alive socket after a
 * response that completed, or the never-used one undici opens after an abort), the process has no more timers
 * than before the call, and no more ref'd TCP sockets than the emulator's idle server-side ends.
 */
export async function expectReleased(emu: TrackedEmulator | undefined, baseline: Handles, withinMs = 10_000): Promise<void> {
  const clean = (): boolean => {
    const h = handles();
    const open = emu ? emu.openConnections() : 0;
    return (emu ? emu.busy() === 0 && open <= 1 : true) && h.timeouts <= baseline.timeouts && h.sockets <= baseline.sockets + open;
  };
  await waitFor(clean, withinMs);
  const h = handles();
  if (emu) {
    expect(emu.busy(), 'emulator sockets with a response still in progress').toBe(0);
    // Every socket still open is idle: it either finished its responses or never carried one (undici#5845).
    for (const info of emu.sockets()) expect(info.inFlight).toBe(0);
    expect(emu.openConnections(), 'idle connections left open').toBeLessThanOrEqual(1);
    expect(h.sockets, 'ref\'d TCP sockets beyond the emulator\'s idle ends').toBeLessThanOrEqual(baseline.sockets + emu.openConnections());
  } else {
    expect(h.sockets, 'ref\'d TCP sockets').toBeLessThanOrEqual(baseline.sockets);
  }
  expect(h.timeouts, 'active timers').toBeLessThanOrEqual(baseline.timeouts);
}

export interface Outcome {
  events: ChatEvent[];
  result?: ChatResult;
  error?: LmStudioError;
  elapsed: number;
}

/** Iterates a streamed chat to its end; `onEvent` may act (e.g. abort) as events arrive. */
export async function runStream(
  client: LmStudioClient,
  request: ChatRequest,
  options: { signal?: AbortSignal; timeouts?: Partial<Timeouts>; onEvent?: (event: ChatEvent, events: ChatEvent[]) => void } = {},
): Promise<Outcome> {
  const started = Date.now();
  const stream = client.streamChat(request, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const events: ChatEvent[] = [];
  try {
    for await (const event of stream) {
      events.push(event);
      options.onEvent?.(event, events);
    }
  } catch (error) {
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(LmStudioError);
    // result() agrees with what the iteration saw.
    await expect(stream.result()).rejects.toBe(error);
    return { events, error: error as LmStudioError, elapsed };
  }
  const result = await stream.result();
  return { events, result, elapsed: Date.now() - started };
}

export const textOf = (events: readonly ChatEvent[]): string =>
  events.map((e) => (e.type === 'text' ? e.delta : '')).join('');

export const argumentsOf = (events: readonly ChatEvent[], index = 0): string =>
  events.map((e) => (e.type === 'tool-call-delta' && e.index === index ? e.argumentsDelta : '')).join('');

// ---------------------------------------------------------------------------------------------------------------
// A bare loopback server (no emulator) for hand-written or hostile responses.

// The shared one; `closed()` resolves at the next socket close.
export { refusedPort as closedPort, startServer as loopback, type TestServer as Loopback } from '../support/loopback-server.js';

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** One LM Studio-shaped `chat.completion.chunk` event. */
export function chunkEvent(delta: Record<string, unknown>, finish: string | null = null, model = LOADED_LLM, id = 'chatcmpl-x'): string {
  return `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model,
    system_fingerprint: model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })}\n\n`;
}
