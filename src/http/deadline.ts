import { LmStudioError, type TimeoutPhase } from '../domain/errors.js';

/** The client's time limits, in milliseconds (`Infinity`: none); defaults in {@link DEFAULT_TIMEOUTS}. */
export interface Timeouts {
  /** From sending the request until the first response event (headers and first token for streams). */
  firstTokenMs: number;
  /** Longest silence between two reads of a streamed body. */
  idleMs: number;
  /** The whole call, from sending to the last byte. */
  totalMs: number;
  /** Metadata calls (model listing, server probing): from sending to the last byte. */
  requestMs: number;
}

/**
 * Long enough for a just-in-time model load (tens of seconds, minutes for big models on slow disks), never
 * unbounded by accident. `Infinity` turns one off on purpose.
 */
export const DEFAULT_TIMEOUTS: Timeouts = Object.freeze({
  firstTokenMs: 120_000,
  idleMs: 60_000,
  totalMs: 600_000,
  requestMs: 15_000,
});

export function resolveTimeouts(partial: Partial<Timeouts> | undefined): Timeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  if (!partial) return out;
  for (const key of Object.keys(out) as (keyof Timeouts)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new LmStudioError('bad-request', {
        message: `timeouts.${key} must be a positive number of milliseconds (or Infinity), not ${String(value)}.`,
      });
    }
    out[key] = value;
  }
  return out;
}

/** setTimeout's limit; anything longer (Infinity included) means "no timer". */
const MAX_TIMER = 2_147_483_647;

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}

/**
 * One AbortController for one call, fed by the caller's signal and the call's timers, so that fetch and every
 * body read stop together and the reason says which limit was hit. `dispose()` leaves no timer or listener.
 */
export class Deadline {
  readonly controller = new AbortController();
  private readonly callerSignal: AbortSignal | undefined;
  private readonly onCallerAbort = (): void => {
    const reason = this.callerSignal?.reason;
    this.fail(
      new LmStudioError('aborted', {
        message: 'The request was aborted.',
        ...(reason instanceof Error ? { cause: reason } : {}),
      }),
    );
  };
  private totalTimer: ReturnType<typeof setTimeout> | undefined;
  private phaseTimer: ReturnType<typeof setTimeout> | undefined;
  private lastActivity = 0;
  private reading = false;
  private idleMs = Infinity;
  private failure: LmStudioError | undefined;
  private disposed = false;

  constructor(signal: AbortSignal | undefined, private readonly firstMs: number, totalMs: number) {
    this.callerSignal = signal;
    if (totalMs < MAX_TIMER) {
      this.totalTimer = setTimeout(() => this.fail(timeoutError('total', totalMs)), totalMs);
    }
    if (firstMs < MAX_TIMER) {
      this.phaseTimer = setTimeout(() => this.fail(timeoutError('first-token', firstMs)), firstMs);
    }
    if (signal) {
      if (signal.aborted) this.onCallerAbort();
      else signal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The error that ended the call, if a limit or the caller ended it. */
  get error(): LmStudioError | undefined {
    return this.failure;
  }

  /**
   * Visible progress before the first token (a model loading, a prompt being processed) counts as life: the
   * first-token limit starts again from now. No effect once the idle watch runs.
   */
  progressed(): void {
    if (this.failure || this.idleMs !== Infinity || this.phaseTimer === undefined) return;
    clearTimeout(this.phaseTimer);
    this.phaseTimer = setTimeout(() => this.fail(timeoutError('first-token', this.firstMs)), this.firstMs);
  }

  /**
   * The first event arrived: from now on only silence between reads is limited. The idle timer is made at the next
   * body read (only a pending read can be silent), so a short answer whose first read held all of it never makes one.
   */
  startIdleWatch(idleMs: number): void {
    if (this.phaseTimer !== undefined) clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
    this.idleMs = idleMs;
  }

  /**
   * A body read starts / ends. Only time spent waiting on a read counts as the server's silence, not time the
   * consumer spends between reads. The idle timer re-arms itself lazily: two clock reads per body read.
   */
  readStarted(): void {
    this.reading = true;
    this.lastActivity = Date.now();
    if (this.phaseTimer === undefined && this.idleMs < MAX_TIMER && !this.disposed) this.armIdle(this.idleMs);
  }

  readEnded(): void {
    this.reading = false;
    this.lastActivity = Date.now();
  }

  private armIdle(delay: number): void {
    this.phaseTimer = setTimeout(() => {
      const quiet = Date.now() - this.lastActivity;
      if (this.reading && quiet >= this.idleMs) this.fail(timeoutError('idle', this.idleMs));
      else this.armIdle(this.reading ? this.idleMs - quiet : this.idleMs);
    }, delay);
  }

  /** Ends the call with `error` (first failure wins) and aborts the request. */
  fail(error: LmStudioError): void {
    if (this.failure) return;
    this.failure = error;
    this.dispose();
    this.controller.abort(error);
  }

  /** Stops timers and listeners; the controller is left as it is. */
  dispose(): void {
    this.disposed = true;
    if (this.totalTimer !== undefined) clearTimeout(this.totalTimer);
    if (this.phaseTimer !== undefined) clearTimeout(this.phaseTimer);
    this.totalTimer = this.phaseTimer = undefined;
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

export function timeoutError(phase: TimeoutPhase, ms: number): LmStudioError {
  switch (phase) {
    case 'first-token':
      return new LmStudioError('timeout', {
        phase,
        message: `LM Studio sent no response within ${seconds(ms)}.`,
        hint: 'A just-in-time model load can take this long: load the model in LM Studio first, or raise timeouts.firstTokenMs.',
      });
    case 'idle':
      return new LmStudioError('timeout', {
        phase,
        message: `LM Studio went silent for ${seconds(ms)} in the middle of a response.`,
        hint: 'The model may be stuck; raise timeouts.idleMs if it is only slow.',
      });
    case 'total':
      return new LmStudioError('timeout', {
        phase,
        message: `The request took longer than ${seconds(ms)} in total.`,
        hint: 'Raise timeouts.totalMs for long generations.',
      });
  }
}
