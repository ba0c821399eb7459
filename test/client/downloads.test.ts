import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type DownloadProgress } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { downloadCompleted, downloadProgressing, downloadStarted } from '../support/native-fixtures.js';

vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const pollMs = 50;

/** A server whose download advances by one step per status poll, through `steps`. */
async function downloadServer(start: unknown, steps: unknown[]) {
  let poll = 0;
  return serve((req, res) => {
    if (req.method === 'POST' && req.url === '/api/v1/models/download') return sendJson(res, 200, start);
    if (req.method === 'GET' && req.url === '/api/v1/models/download/status/job_0wn0000001') {
      const body = steps[Math.min(poll, steps.length - 1)];
      poll++;
      return sendJson(res, 200, body);
    }
    sendJson(res, 200, { error: `Unexpected endpoint or method. (${req.method} ${req.url})` });
  });
}

describe('downloadModel', () => {
  it('iterates every report from the start to completed, and result() is the last', async () => {
    const server = await downloadServer(downloadStarted, [downloadProgressing, downloadCompleted]);
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('https://huggingface.co/org/model-GGUF', { quantization: 'Q4_K_M', pollMs });
    const seen: DownloadProgress[] = [];
    for await (const progress of job) seen.push(progress);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ model: 'https://huggingface.co/org/model-GGUF', quantization: 'Q4_K_M' });
    expect(seen.map((p) => p.status)).toEqual(['downloading', 'downloading', 'completed']);
    expect(seen[1]).toEqual({
      status: 'downloading',
      jobId: 'job_0wn0000001',
      downloadedBytes: 1000,
      totalBytes: 4000,
      bytesPerSecond: 500.5,
      estimatedCompletion: '2026-12-01T10:00:06.000Z',
      startedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(await job.result()).toEqual(seen[2]);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('result() alone runs the job; nothing is sent before it is used', async () => {
    const server = await downloadServer(downloadStarted, [downloadCompleted]);
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('qwen/qwen3-4b-2507', { pollMs });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).toHaveLength(0);
    expect((await job.result()).status).toBe('completed');
  });

  it('already_downloaded is a clear result, without polling', async () => {
    const server = await downloadServer({ status: 'already_downloaded' }, []);
    const result = await createLmStudioClient({ baseUrl: server.url }).downloadModel('qwen/qwen3-4b-2507', { pollMs }).result();
    expect(result).toEqual({ status: 'already_downloaded' });
    expect(server.requests).toHaveLength(1);
  });

  it('failed is a typed error with the job', async () => {
    const server = await downloadServer(downloadStarted, [downloadProgressing, { ...downloadProgressing, status: 'failed' }]);
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('qwen/qwen3-4b-2507', { pollMs });
    const error = await lmStudioError(job.result());
    expect(error.code).toBe('server-error');
    expect(error.details).toMatchObject({ status: 'failed', jobId: 'job_0wn0000001', downloadedBytes: 1000 });
    expectReadable(error, 'qwen/qwen3-4b-2507');
  });

  it('polling is bounded: a job that shows no progress fails with an idle timeout (paused says so)', async () => {
    const paused = { job_id: 'job_0wn0000001', status: 'paused', downloaded_bytes: 10, total_size_bytes: 4000 };
    const server = await downloadServer(downloadStarted, [paused]);
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('m', { pollMs, timeouts: { idleMs: 300 } });
    const error = await lmStudioError(job.result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('idle');
    expect(error.message).toMatch(/paused/);
    // Bounded: roughly idleMs / pollMs polls, never an unbounded loop.
    expect(server.requests.length).toBeLessThan(300 / pollMs + 4);
  });

  it('an explicit total limit bounds the whole download', async () => {
    let bytes = 0;
    const server = await serve((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, downloadStarted);
      bytes += 10;
      sendJson(res, 200, { ...downloadProgressing, downloaded_bytes: bytes });
    });
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).downloadModel('m', { pollMs, timeouts: { totalMs: 300 } }).result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('total');
  });

  it('abort stops polling at once', async () => {
    const server = await downloadServer(downloadStarted, [downloadProgressing]);
    const controller = new AbortController();
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('m', { pollMs: 1_000, signal: controller.signal });
    const error = await lmStudioError(async () => {
      for await (const progress of job) if (progress.status === 'downloading') controller.abort();
    });
    expect(error.code).toBe('aborted');
    const sent = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.requests.length).toBe(sent);
  });

  it('leaving the loop early stops polling and the job rejects with aborted', async () => {
    const server = await downloadServer(downloadStarted, [downloadProgressing]);
    const job = createLmStudioClient({ baseUrl: server.url }).downloadModel('m', { pollMs });
    for await (const progress of job) {
      expect(progress.status).toBe('downloading');
      break;
    }
    expect((await lmStudioError(job.result())).code).toBe('aborted');
    const sent = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, pollMs * 4));
    expect(server.requests.length).toBe(sent);
  });

  it('a poll that fails to reach LM Studio is retried; one that keeps failing fails the job', async () => {
    let polls = 0;
    const server = await serve((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, downloadStarted);
      polls++;
      if (polls === 1) return sendJson(res, 503, { error: 'busy' });
      if (polls === 2) return sendJson(res, 200, downloadCompleted);
    });
    expect((await createLmStudioClient({ baseUrl: server.url }).downloadModel('m', { pollMs }).result()).status).toBe('completed');

    const broken = await serve((req, res) => (req.method === 'POST' ? sendJson(res, 200, downloadStarted) : sendJson(res, 500, { error: 'disk full' })));
    const error = await lmStudioError(createLmStudioClient({ baseUrl: broken.url }).downloadModel('m', { pollMs }).result());
    expect(error.code).toBe('server-error');
    expect(error.serverMessage).toBe('disk full');
  });

  it('LM Studio before 0.4, an unknown model, a body without status: typed errors', async () => {
    const old = await serve((req, res) => sendJson(res, 200, { error: `Unexpected endpoint or method. (${req.method} ${req.url})` }));
    expect((await lmStudioError(createLmStudioClient({ baseUrl: old.url }).downloadModel('m').result())).code).toBe('endpoint-not-found');
    const unknown = await serve((_req, res) => sendJson(res, 400, { error: { type: 'model_not_found', message: 'Model "nope" not found in the catalog', code: 'model_not_found' } }));
    expect((await lmStudioError(createLmStudioClient({ baseUrl: unknown.url }).downloadModel('nope').result())).code).toBe('model-not-found');
    const odd = await serve((_req, res) => sendJson(res, 200, { job_id: 'x' }));
    expect((await lmStudioError(createLmStudioClient({ baseUrl: odd.url }).downloadModel('m').result())).code).toBe('bad-response');
    expect((await lmStudioError(() => createLmStudioClient({ baseUrl: odd.url }).downloadModel(''))).code).toBe('bad-request');
  });
});
