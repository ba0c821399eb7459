import { LmStudioError } from '../domain/errors.js';
import { callerMistake } from './classify.js';
import { platformTimeout } from './platform-fetch.js';
import { abortedPromise } from './read-body.js';
import { redactCause } from './redact.js';

export interface SendOptions {
  /** Safe to repeat (GET): may be retried after a connection failure or a 429/503 with Retry-After. */
  idempotent: boolean;
  signal: AbortSignal;
}

const MAX_RETRIES = 2;
/** Failures that happen before a connection exists (so nothing was sent). */
const CONNECT_FAILURES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const RETRY_BASE_MS = 250;
const RETRY_AFTER_CAP_MS = 5_000;

/**
 * Where requests go, and the only place that retries. Retries happen only before any response byte: a refused
 * `localhost` connection is tried once on 127.0.0.1 (LM Studio listens on IPv4 while `localhost` may resolve to
 * ::1) and then sticks to it; idempotent GETs are retried a bounded number of times on connection failures and
 * on 429/503 with `Retry-After` (capped). Everything else fails at once.
 */
export class Connection {
  private loopbackFallback: string | undefined;

  constructor(
    readonly root: string,
    readonly secrets: readonly string[],
  ) {}

  /** The root requests currently go to (127.0.0.1 once a `localhost` fallback has worked). */
  get baseUrl(): string {
    return this.loopbackFallback ?? this.root;
  }

  async send<T extends { response: Response }>(attempt: (baseUrl: string) => Promise<T>, options: SendOptions): Promise<T> {
    let retries = 0;
    let triedLoopback = this.loopbackFallback !== undefined;
    for (;;) {
      const baseUrl = this.baseUrl;
      let result: T;
      // The attempt (fetch, and reading an error reply) is raced against the call's signal: a read that never
      // settles still ends at the deadline or the caller's abort.
      const stop = abortedPromise(options.signal);
      try {
        result = await Promise.race([attempt(baseUrl), stop.promise]);
      } catch (error) {
        abortedReason(options.signal);
        if (error instanceof LmStudioError) throw error;
        // Not the server's absence: a platform time limit (a timeout, with its phase), or the caller's request
        // that could not be sent (a bad-request; nothing left the client).
        const own = platformTimeout(error) ?? callerMistake(error, this.secrets);
        if (own) throw own;
        // Only a connection that never opened is safe to repeat elsewhere: a POST that reached a server and then
        // failed may have started a generation or a model load.
        if (!triedLoopback && CONNECT_FAILURES.has(errorCode(error) ?? '')) {
          triedLoopback = true;
          const alt = loopbackAlternative(baseUrl);
          if (alt) {
            try {
              const altResult = await Promise.race([attempt(alt), stop.promise]);
              this.loopbackFallback = alt;
              return altResult;
            } catch {
              abortedReason(options.signal);
              // Fall through: report the original failure, which names the configured host.
            }
          }
        }
        if (options.idempotent && retries < MAX_RETRIES) {
          retries++;
          await sleep(RETRY_BASE_MS * 2 ** (retries - 1), options.signal);
          continue;
        }
        throw this.unreachable(error);
      } finally {
        stop.dispose();
      }
      const status = result.response.status;
      if (options.idempotent && (status === 429 || status === 503) && retries < MAX_RETRIES) {
        const wait = retryAfterMs(result.response.headers.get('retry-after'));
        if (wait !== undefined) {
          retries++;
          await result.response.body?.cancel().catch(() => undefined);
          await sleep(wait, options.signal);
          continue;
        }
      }
      return result;
    }
  }

  unreachable(cause: unknown): LmStudioError {
    const reason = networkReason(cause);
    const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
    return new LmStudioError('unreachable', {
      message: `Cannot reach LM Studio at ${this.root}${reason ? ` (${reason})` : ''}.`,
      hint: inBrowser
        ? "Start the server in LM Studio's Developer tab, and turn on \"Enable CORS\" there so that browser pages may call it."
        : "Start the server in LM Studio's Developer tab (or run `lms server start`), and check the base URL.",
      cause: redactCause(cause, this.secrets),
    });
  }
}

/** Throws the call's own error (timeout or abort) when its signal has fired. */
function abortedReason(signal: AbortSignal): void {
  if (!signal.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof LmStudioError) throw reason;
  throw new LmStudioError('aborted', { message: 'The request was aborted.' });
}

function loopbackAlternative(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  if (url.hostname !== 'localhost') return undefined;
  url.hostname = '127.0.0.1';
  return url.toString().replace(/\/+$/, '');
}

function networkReason(cause: unknown): string | undefined {
  const code = errorCode(cause);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return code ? code : undefined;
  }
}

function errorCode(cause: unknown): string | undefined {
  for (let e: unknown = cause, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secondsValue = Number(header);
  const ms = Number.isFinite(secondsValue) ? secondsValue * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      try {
        abortedReason(signal);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
