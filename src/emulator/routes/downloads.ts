// POST /api/v1/models/download and GET /api/v1/models/download/status/{job_id} (LM Studio 0.4.0+): a model already
// in the catalogue is `already_downloaded`; any other id starts a job that advances by a quarter at each status
// poll until `completed`; an id containing "fail" fails at the second poll. Faults by header or server-wide apply.
import { objectError, type Exchange } from '../exchange.js';
import { activeFaults, preFirstByteFaults } from '../request-faults.js';
import type { Emulator } from '../server.js';
import { validateAgainst } from '../validate.js';
import { prettyJson } from '../wire.js';
import { hexId } from './native-chat.js';
import type { Route } from './route.js';

interface Job {
  id: string;
  model: string;
  total: number;
  polls: number;
  startedAt: string;
}

const jobs = new WeakMap<Emulator, Map<string, Job>>();
const STEPS = 4;
const TOTAL_BYTES = 2_279_145_003;

function jobsOf(emu: Emulator): Map<string, Job> {
  let map = jobs.get(emu);
  if (!map) jobs.set(emu, (map = new Map()));
  return map;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function status(job: Job, now: number): Record<string, unknown> {
  const base = { job_id: job.id, total_size_bytes: job.total, started_at: job.startedAt };
  if (/fail/i.test(job.model) && job.polls >= 2) return { ...base, status: 'failed', downloaded_bytes: Math.floor(job.total / STEPS) };
  if (job.polls >= STEPS) return { ...base, status: 'completed', downloaded_bytes: job.total, completed_at: iso(now) };
  const downloaded = Math.floor((job.total * job.polls) / STEPS);
  if (job.polls === 0) return { ...base, status: 'downloading' };
  return { ...base, status: 'downloading', downloaded_bytes: downloaded, bytes_per_second: 9_834_240.5, estimated_completion: iso(now + 60_000) };
}

/** The faults that apply to a metadata call (server-wide or by header): `http-500`, `jit-delay`, stalls. */
async function faultsAllow(ex: Exchange): Promise<boolean> {
  const active = activeFaults(ex, []);
  if (!active.ok) {
    ex.send(active.reply);
    return false;
  }
  return preFirstByteFaults(ex, active.faults);
}

async function download(ex: Exchange): Promise<void> {
  if (!(await faultsAllow(ex))) return;
  const body = ex.record.body;
  const failure = validateAgainst('DownloadModelRequest', body);
  if (failure) {
    const message = failure.kind === 'string' ? failure.message : failure.error.message;
    return ex.send(objectError(400, { message, type: 'invalid_request', param: 'model', code: 'invalid_value' }));
  }
  const model = String((body as Record<string, unknown>)['model']);
  if (ex.emu.catalogue.findModel(model)) return ex.send({ status: 200, body: prettyJson({ status: 'already_downloaded' }) });
  const id = `job_${hexId(ex.emu, 10)}`;
  const job: Job = { id, model, total: TOTAL_BYTES, polls: 0, startedAt: iso(ex.emu.created() * 1000) };
  jobsOf(ex.emu).set(id, job);
  ex.send({ status: 200, body: prettyJson(status(job, Date.now())) });
}

async function downloadStatus(ex: Exchange, rest: string): Promise<void> {
  if (!(await faultsAllow(ex))) return;
  const job = jobsOf(ex.emu).get(decodeURIComponent(rest));
  if (!job) {
    return ex.send(objectError(404, { message: `No download job with id "${rest}".`, type: 'job_not_found', param: 'job_id', code: null }));
  }
  job.polls++;
  ex.send({ status: 200, body: prettyJson(status(job, Date.now())) });
}

export const DOWNLOAD_ROUTES: Route[] = [
  { method: 'POST', path: '/api/v1/models/download', handler: download },
  { method: 'GET', path: '/api/v1/models/download/status', prefix: true, handler: downloadStatus },
];
