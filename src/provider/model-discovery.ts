import type { LmModel } from '../domain/types.js';
import { isChatModel } from './choose-model.js';

/** Timing of the provider's background model discovery (see {@link DEFAULT_DISCOVERY}). */
export interface DiscoveryOptions {
  /** First re-probe delay while no chat model was found; doubles up to `maxDelayMs`. Default 0.5 s. */
  initialDelayMs: number;
  /**
   * Longest delay between probes while no chat model was found, however many probes and calls failed before.
   * Default 1.5 s, so LM Studio started late shows as configured within about 2 s (a probe of a server that is
   * not there is a refused local connection: cheap). A host hides providers that are not configured, so a long
   * backoff here would hide LM Studio for that long after it started.
   */
  maxDelayMs: number;
  /** Re-probe period while a chat model is available (models get loaded and unloaded). Default 5 min. */
  refreshMs: number;
}

/** Discovery defaults: re-probe after 0.5 s, at most every 1.5 s while no chat model is found, every 5 min after. */
export const DEFAULT_DISCOVERY: Readonly<DiscoveryOptions> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 1_500,
  refreshMs: 300_000,
});

/** What one probe of one server found. */
export interface DiscoveryResult {
  /** Which server (and credentials) was asked; see `DiscoveryTarget.key`. */
  key: string;
  /** `[]` when the probe failed. */
  models: LmModel[];
  /** Why the probe failed (an `LmStudioError` from the client, as a rule). */
  error?: unknown;
  /** Some listed model can chat. */
  usable: boolean;
}

export interface DiscoveryTarget {
  /** Identifies the server and credentials the settings point at now; a new key means a new server. */
  key: string;
  list(signal: AbortSignal): Promise<LmModel[]>;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * Keeps a current list of the server's models (upstream defect 1: readiness was decided once, by one probe at
 * start-up). Probes at start, then in the background: with backoff while nothing can chat (LM Studio not
 * started yet, or only embedding models), slowly while something can; on demand when a call needs a model or a
 * call failed in a way that says the list is stale. Timers are unref'd: they never keep the process alive.
 */
export class ModelDiscovery {
  private last: DiscoveryResult | undefined;
  private inflight: { key: string; promise: Promise<DiscoveryResult>; controller: AbortController } | undefined;
  private timer: Timer | undefined;
  private delay: number;
  private disposed = false;
  private readonly options: DiscoveryOptions;

  constructor(
    private readonly target: () => DiscoveryTarget,
    private readonly onResult: (result: DiscoveryResult, previous: DiscoveryResult | undefined) => void,
    options: Partial<DiscoveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISCOVERY, ...definedOnly(options) };
    this.delay = this.options.initialDelayMs;
  }

  /** The last applied probe's answer. */
  get current(): DiscoveryResult | undefined {
    return this.last;
  }

  /** The last probe found a chat model. Synchronous, no I/O. */
  get configured(): boolean {
    return this.last?.usable === true;
  }

  /** Probes now; a probe of the same server already under way is joined, one of another server is abandoned. */
  run(): Promise<DiscoveryResult> {
    const target = this.target();
    if (this.inflight && this.inflight.key === target.key) return this.inflight.promise;
    this.inflight?.controller.abort();
    this.clearTimer();
    const controller = new AbortController();
    const promise = this.probe(target, controller);
    this.inflight = { key: target.key, promise, controller };
    return promise;
  }

  /**
   * A result for the server the settings point at now: the last one when it found a chat model, else a fresh
   * probe (LM Studio may have started, or a model been loaded, since the last background probe).
   */
  async ensure(): Promise<DiscoveryResult> {
    let result: DiscoveryResult | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const key = this.target().key;
      if (this.last && this.last.key === key && this.last.usable) return this.last;
      result = await this.run();
      if (result.key === this.target().key) return result;
      // The settings changed during the probe: ask the new server.
    }
    return result as DiscoveryResult;
  }

  /** Probes soon (on a timer, never inline): after a failure that suggests the list is stale, or new settings. */
  kick(): void {
    if (this.disposed) return;
    if (this.inflight) return;
    this.delay = this.options.initialDelayMs;
    this.schedule(0);
  }

  /** Stops background probing and abandons a probe under way. Calls may still probe on demand. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.inflight?.controller.abort();
    this.inflight = undefined;
  }

  private async probe(target: DiscoveryTarget, controller: AbortController): Promise<DiscoveryResult> {
    let result: DiscoveryResult;
    try {
      const models = await target.list(controller.signal);
      result = { key: target.key, models, usable: models.some(isChatModel) };
    } catch (error) {
      result = { key: target.key, models: [], error, usable: false };
    }
    // A probe abandoned for another server (or by dispose) must not overwrite what is known.
    if (this.inflight?.controller === controller) {
      this.inflight = undefined;
      this.apply(result);
    }
    return result;
  }

  private apply(result: DiscoveryResult): void {
    const previous = this.last;
    this.last = result;
    if (previous && previous.key !== result.key) this.delay = this.options.initialDelayMs;
    try {
      this.onResult(result, previous);
    } finally {
      if (result.usable) {
        this.delay = this.options.initialDelayMs;
        this.schedule(this.options.refreshMs);
      } else {
        this.schedule(this.delay);
        this.delay = Math.min(this.delay * 2, this.options.maxDelayMs);
      }
    }
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    this.clearTimer();
    const timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function definedOnly(options: Partial<DiscoveryOptions>): Partial<DiscoveryOptions> {
  const out: Partial<DiscoveryOptions> = {};
  for (const key of ['initialDelayMs', 'maxDelayMs', 'refreshMs'] as const) {
    const value = options[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  return out;
}
