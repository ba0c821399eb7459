// The downloads surface: `POST /api/v1/models/download` and polling `GET /api/v1/models/download/status/{job_id}`
// (LM Studio 0.4.0+), as an async iterable of progress with a result.
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { DownloadProgress } from '../domain/native.js';
import { Deadline, timeoutError, type Timeouts } from '../http/deadline.js';
import type { ClientCore } from './core.js';
import { guardSurface } from './guard.js';

type WireStatus = components['schemas']['DownloadJobStatus'];

/** Options of {@link DownloadSurface.downloadModel}. */
export interface DownloadOptions {
  /** A quantization such as `Q4_K_M` (LM Studio honours it only for Hugging Face links). */
  quantization?: string;
  /** Stops polling (the job goes on in LM Studio); the job then rejects with `aborted`. */
  signal?: AbortSignal;
  /** Between two status polls, in milliseconds; default 1000, at least 50. */
  pollMs?: number;
  /**
   * `requestMs` bounds each request (default 15 s); `idleMs` how long the job may show no progress at all, paused
   * included (default 60 s); `totalMs` the whole download, only when given here (downloads take as long as they take).
   */
  timeouts?: Partial<Timeouts>;
}

/** The downloads part of {@link LmStudioClient}: model downloads followed to the end (LM Studio 0.4.0+). */
export interface DownloadSurface {
  /**
   * Starts downloading `model` (a catalog id such as `qwen/qwen3-4b-2507`, or a Hugging Face link) and follows it by
   * polling. Iterate the job for each report, and/or await `result()` for the last one: `completed`, or
   * `already_downloaded` (no `jobId`) when there was nothing to do. Nothing is sent until one of them is used.
   *
   * Rejects with `server-error` when LM Studio reports the job `failed` (`details` has the job), `timeout` when the
   * job shows no progress for `timeouts.idleMs` (phase `idle`) or exceeds an explicit `timeouts.totalMs`, `aborted`
   * on the signal or when a loop over the job is left early, `endpoint-not-found` before LM Studio 0.4, and the
   * usual request errors. A poll that fails to reach LM Studio is retried twice before the job fails.
   *
   * @example
   * const job = lm.downloadModel('qwen/qwen3-4b-2507');
   * for await (const p of job) console.log(p.status, p.downloadedBytes, '/', p.totalBytes);
   * const done = await job.result(); // { status: 'completed', … }
   */
  downloadModel(model: string, options?: DownloadOptions): DownloadJob;
}

const DEFAULT_POLL_MS = 1_000;
const MIN_POLL_MS = 50;
/** Consecutive failed polls (unreachable, timeout, 5xx) tolerated before the job fails. */
const POLL_RETRIES = 2;

/** LM Studio's job status as a `DownloadProgress` (absent fields stay absent). */
export function mapDownloadStatus(wire: WireStatus): DownloadProgress {
  const out: DownloadProgress = { status: wire.status };
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  if (typeof wire.job_id === 'string') out.jobId = wire.job_id;
  const downloaded = num(wire.downloaded_bytes);
  if (downloaded !== undefined) out.downloadedBytes = downloaded;
  const total = num(wire.total_size_bytes);
  if (total !== undefined) out.totalBytes = total;
  const speed = num(wire.bytes_per_second);
  if (speed !== undefined) out.bytesPerSecond = speed;
  if (typeof wire.estimated_completion === 'string') out.estimatedCompletion = wire.estimated_completion;
  if (typeof wire.started_at === 'string') out.startedAt = wire.started_at;
  if (typeof wire.completed_at === 'string') out.completedAt = wire.completed_at;
  return out;
}

const STATUSES = new Set(['downloading', 'paused', 'completed', 'failed', 'already_downloaded']);

function checkStatus(body: unknown, path: string): WireStatus {
  const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new LmStudioError('bad-response', { message: `LM Studio answered ${path} without a known download status.` });
  }
  return body as WireStatus;
}

/**
 * A download in progress: `for await` over it for each `DownloadProgress` (the first answer, then every poll), and/or
 * `result()` for the last one. Leaving the loop early stops polling. Built by `downloadModel()`.
 */
export class DownloadJob implements AsyncIterable<DownloadProgress> {
  private readonly queue: DownloadProgress[] = [];
  private wake: (() => void) | undefined;
  private running: Promise<DownloadProgress> | undefined;
  private settled = false;
  private iterating = false;
  private readonly stop = new AbortController();

  /** @internal */
  constructor(private readonly drive: (report: (p: DownloadProgress) => void, signal: AbortSignal) => Promise<DownloadProgress>) {}

  /** The last report: `completed` or `already_downloaded`. Starts the job if nothing did. */
  result(): Promise<DownloadProgress> {
    return this.start();
  }

  /** Every progress report as it is polled; leaving the loop early stops following the job (it goes on in LM Studio). */
  async *[Symbol.asyncIterator](): AsyncGenerator<DownloadProgress, void, undefined> {
    this.iterating = true;
    const run = this.start();
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) yield next;
        else if (this.settled) {
          await run;
          return;
        } else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      if (!this.settled) this.stop.abort(new LmStudioError('aborted', { message: 'The download was left before it ended; polling stopped.' }));
    }
  }

  private start(): Promise<DownloadProgress> {
    if (!this.running) {
      const report = (p: DownloadProgress): void => {
        if (this.iterating) this.queue.push(p);
        this.wake?.();
      };
      this.running = this.drive(report, this.stop.signal).finally(() => {
        this.settled = true;
        this.wake?.();
      });
      this.running.catch(() => undefined);
    }
    return this.running;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Aborted when either is (`AbortSignal.any` is newer than Node 20.0). */
function either(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  if (!a) return b;
  const both = new AbortController();
  const forward = (s: AbortSignal) => (): void => both.abort(s.reason);
  if (a.aborted) both.abort(a.reason);
  else if (b.aborted) both.abort(b.reason);
  else {
    a.addEventListener('abort', forward(a), { once: true });
    b.addEventListener('abort', forward(b), { once: true });
  }
  return both.signal;
}

const transient = (error: unknown): boolean =>
  error instanceof LmStudioError && (error.code === 'unreachable' || error.code === 'server-error' || (error.code === 'timeout' && error.phase !== 'idle'));

export function createDownloadSurface(core: ClientCore): DownloadSurface {
  function downloadModel(model: string, options: DownloadOptions = {}): DownloadJob {
    if (typeof model !== 'string' || model.trim() === '') {
      throw new LmStudioError('bad-request', { message: 'downloadModel needs a model id or a Hugging Face link (a non-empty string).' });
    }
    const t = core.limits(options);
    const pollMs = Math.max(MIN_POLL_MS, options.pollMs ?? DEFAULT_POLL_MS);
    const totalMs = options.timeouts?.totalMs ?? Infinity;
    const body = options.quantization ? { model, quantization: options.quantization } : { model };

    return new DownloadJob(async (report, stopped) => {
      const signal = either(options.signal, stopped);
      const aborted = (): LmStudioError =>
        stopped.aborted && stopped.reason instanceof LmStudioError ? stopped.reason : new LmStudioError('aborted', { message: 'The download was aborted; polling stopped.' });
      const startedAt = Date.now();
      const post = core.context('POST', '/api/v1/models/download', model);
      let progress = mapDownloadStatus(
        checkStatus(await core.json(post, new Deadline(signal, Infinity, t.requestMs), false, core.requests.build('post', '/api/v1/models/download', { body })), post.path),
      );
      report(progress);
      let lastChange = Date.now();
      let failures = 0;
      for (;;) {
        if (progress.status === 'completed' || progress.status === 'already_downloaded') return progress;
        if (progress.status === 'failed') {
          throw new LmStudioError('server-error', {
            message: `LM Studio reported the download of "${model}" as failed.`,
            hint: "See LM Studio's Downloads panel for the reason, then try again.",
            details: { ...progress },
          });
        }
        const jobId = progress.jobId;
        if (!jobId) throw new LmStudioError('bad-response', { message: `LM Studio answered a ${progress.status} download without a job_id.` });
        if (Date.now() - lastChange > t.idleMs) {
          throw new LmStudioError('timeout', {
            phase: 'idle',
            message: `The download of "${model}" made no progress (${progress.status}) for ${Math.round(t.idleMs / 1000)} s; polling stopped.`,
            hint:
              progress.status === 'paused'
                ? 'It is paused in LM Studio: resume it there, then call downloadModel again.'
                : 'Check the network and LM Studio\'s Downloads panel; raise timeouts.idleMs if it is only slow.',
          });
        }
        if (Date.now() - startedAt > totalMs) throw timeoutError('total', totalMs);
        try {
          await sleep(pollMs, signal);
        } catch {
          throw aborted();
        }
        const path = `/api/v1/models/download/status/${jobId}`;
        let next: DownloadProgress;
        try {
          const ctx = core.context('GET', path, model);
          const send = core.requests.build('get', '/api/v1/models/download/status/{job_id}', { params: { path: { job_id: jobId } } });
          next = mapDownloadStatus(checkStatus(await core.json(ctx, new Deadline(signal, Infinity, t.requestMs), true, send), path));
        } catch (error) {
          if (signal.aborted) throw aborted();
          if (!transient(error) || ++failures > POLL_RETRIES) throw error;
          continue;
        }
        failures = 0;
        if (next.status !== progress.status || next.downloadedBytes !== progress.downloadedBytes) lastChange = Date.now();
        progress = next;
        report(progress);
      }
    });
  }

  return guardSurface({ downloadModel }, core.secrets);
}
