/**
 * The "short requests" benchmark: many small requests against a loopback server that answers at once, over
 * kept-alive connections, each client in its own process, alternated rounds, medians. Standalone:
 * `tsx scripts/bench/short/run.ts [--rounds 5] [--requests 2000] [--before DIR] [--out FILE]`, where `--before` is a
 * checkout of another commit (e.g. `git worktree add /tmp/before 7ea79b1`) measured side by side as "before".
 * `npm run bench` runs it too (scripts/bench/run.ts) and adds its section to BENCHMARKS.md.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildBench, REPO_ROOT } from '../lib/build-bench.js';
import { correctRuns, pairedRatio, RoundResults, rotated } from '../lib/rounds.js';
import { killAll, runChild, startServer } from '../lib/spawn-child.js';
import { logToStderr, runStandalone } from '../lib/standalone.js';
import { fmt, median, ratio } from '../lib/stats.js';
import type { ShortResult } from './child.js';
import { STREAM_EVENTS } from './answers.js';

const CHILD_TIMEOUT_MS = 120_000;

export interface ShortOptions {
  rounds: number;
  requests: number;
  warmup: number;
  /** A checkout of an earlier commit to measure beside this one. */
  before?: string;
  log: (line: string) => void;
}

interface Entry {
  key: string;
  client: string;
  label: string;
  pkg?: 'now' | 'before';
}

const ENTRIES: Entry[] = [
  { key: 'ours-chat', client: 'ours-chat', label: 'ours `chat()`', pkg: 'now' },
  { key: 'ours-stream', client: 'ours-stream', label: 'ours `streamChat()` + `result()`', pkg: 'now' },
  { key: 'floor-json', client: 'floor-json', label: 'floor: `fetch(url, init)` + `text()` + `JSON.parse`' },
  { key: 'floor-json-signal', client: 'floor-json-signal', label: 'floor + a signal: the same with an `AbortController` and a timer per request' },
  { key: 'floor-sse', client: 'floor-sse', label: 'floor: `fetch(url, init)` + `EventSourceParserStream` + `JSON.parse`' },
  { key: 'openai-chat', client: 'openai-chat', label: '`openai` 6.x `chat.completions.create`' },
  { key: 'openai-stream', client: 'openai-stream', label: '`openai` 6.x `chat.completions.create({ stream: true })`' },
];
const BEFORE_ENTRIES: Entry[] = [
  { key: 'before-chat', client: 'ours-chat', label: 'before: ours `chat()`', pkg: 'before' },
  { key: 'before-stream', client: 'ours-stream', label: 'before: ours `streamChat()` + `result()`', pkg: 'before' },
];
const INFLIGHT = [1, 50];

/** Runs the workload and returns the BENCHMARKS.md section ("## Short requests"). */
export async function runShortRequests(options: ShortOptions): Promise<string> {
  const { rounds, requests, warmup, log } = options;
  const { dir, urls } = await buildBench('short', { now: REPO_ROOT, ...(options.before ? { before: options.before } : {}) } as Record<'now' | 'before', string>, [
    'answers.ts',
    'clients.ts',
    'child.ts',
    'server.ts',
  ]);
  const built: { dir: string; now: string; before?: string } = { dir, now: urls.now, ...(options.before ? { before: urls.before } : {}) };
  // Started with this process's environment as it is (the server is not measured).
  const server = await startServer([join(built.dir, 'bench', 'short', 'server.js')], { name: 'short-requests server' });
  const entries = [...ENTRIES, ...(built.before ? BEFORE_ENTRIES : [])];
  // results `${inflight}/${key}` = one result per round
  const results = new RoundResults<ShortResult>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const inflight of INFLIGHT) {
        for (const e of rotated(entries, round)) {
          const pkg = e.pkg === 'before' ? built.before : built.now;
          const args = ['--client', e.client, '--port', String(server.port), '--requests', String(requests), '--warmup', String(warmup), '--inflight', String(inflight)];
          if (pkg) args.push('--package', pkg);
          const r = await runChild<ShortResult>([join(built.dir, 'bench', 'short', 'child.js'), ...args], {
            timeoutMs: CHILD_TIMEOUT_MS,
            failed: (error) => ({ client: e.client, inflight: 0, requests: 0, ok: false, error, wallMs: NaN, cpuMs: NaN }),
          });
          results.add(`${inflight}/${e.key}`, r);
          log(
            `short round ${round + 1}/${rounds} inflight ${String(inflight).padStart(2)} ${e.key.padEnd(13)} ${r.ok ? 'ok  ' : 'FAIL'} ${fmt((r.cpuMs * 1000) / requests, 0).padStart(5)} µs cpu/req ${fmt((r.wallMs * 1000) / requests, 0).padStart(5)} µs wall/req${r.ok ? '' : `  ${r.error}`}`,
          );
        }
      }
    }
  } finally {
    server.stop();
    killAll();
    rmSync(built.dir, { recursive: true, force: true });
  }
  return report(results, entries, options);
}

function report(results: RoundResults<ShortResult>, entries: Entry[], options: ShortOptions): string {
  const { rounds, requests, warmup } = options;
  const runs = (inflight: number, key: string): ShortResult[] => results.get(`${inflight}/${key}`);
  const cpuPerReq = (r: ShortResult): number => (r.ok ? (r.cpuMs * 1000) / r.requests : NaN);
  const cpu = (inflight: number, key: string): number => median(runs(inflight, key).map(cpuPerReq));
  const wall = (inflight: number, key: string): number => median(runs(inflight, key).map((r) => (r.ok ? (r.wallMs * 1000) / r.requests : NaN)));
  /** Median over rounds of a ÷ b measured in the same round (paired: both ran minutes apart at most). */
  const paired = (inflight: number, a: string, b: string): number => pairedRatio(runs(inflight, a), runs(inflight, b), cpuPerReq);
  const lines: string[] = [];
  const p = (line = ''): void => void lines.push(line);
  p('## Short requests');
  p();
  p(
    `A loopback server (its own process) answers \`POST /v1/chat/completions\` at once: a whole chat completion, or for \`stream: true\` the same answer as ${STREAM_EVENTS} SSE events (role + ${STREAM_EVENTS - 4} content deltas, a finish chunk, a usage chunk, \`[DONE]\`), chunked as LM Studio sends streams. Each client runs in its own process: ${warmup} warm-up requests (unmeasured), then ${requests.toLocaleString('en-US')} measured requests over kept-alive connections, one at a time or 50 in flight. CPU = \`process.cpuUsage()\` delta (user + system) over the measured requests ÷ requests. ${rounds} alternated rounds; medians. Ratios are medians of per-round ratios (the two runs of a pair are at most a few seconds apart), so machine load cancels out better than in a ratio of medians.${options.before ? ' "before" is the package at the commit before this work, bundled and measured in the same run.' : ''}`,
  );
  for (const inflight of INFLIGHT) {
    p();
    p(`### ${inflight === 1 ? 'One request at a time' : `${inflight} requests in flight`}`);
    p();
    p('| client | CPU µs / request | wall µs / request | ÷ its floor | ÷ openai | correct runs |');
    p('|---|---:|---:|---:|---:|---|');
    for (const e of entries) {
      const stream = e.key.endsWith('stream') || e.key === 'floor-sse';
      const floor = stream ? 'floor-sse' : 'floor-json';
      const openai = stream ? 'openai-stream' : 'openai-chat';
      const rs = runs(inflight, e.key);
      const vsFloor = e.key === 'floor-json-signal' ? ratio(paired(inflight, e.key, 'floor-json')) : e.key.startsWith('floor') ? '—' : ratio(paired(inflight, e.key, floor));
      const vsOpenai = e.key.startsWith('openai') || e.key.startsWith('floor') ? '—' : ratio(paired(inflight, e.key, openai));
      p(`| ${e.label} | ${fmt(cpu(inflight, e.key), 0)} | ${fmt(wall(inflight, e.key), 0)} | ${vsFloor} | ${vsOpenai} | ${correctRuns(rs)} |`);
    }
    p();
    p(
      `Against the abortable floor (fetch with a signal, as every client with a timeout must): \`chat()\` ${ratio(paired(inflight, 'ours-chat', 'floor-json-signal'))}, openai ${ratio(paired(inflight, 'openai-chat', 'floor-json-signal'))}.`,
    );
    if (entries.some((e) => e.pkg === 'before')) {
      p();
      p(
        `After ÷ before (CPU per request, paired): \`chat()\` ${ratio(paired(inflight, 'ours-chat', 'before-chat'))}, \`streamChat()\` + \`result()\` ${ratio(paired(inflight, 'ours-stream', 'before-stream'))}.`,
      );
    }
  }
  p();
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      requests: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      before: { type: 'string' },
      out: { type: 'string' },
    },
  });
  runStandalone(
    () =>
      runShortRequests({
        rounds: Number(values.rounds),
        requests: Number(values.requests),
        warmup: Number(values.warmup),
        ...(values.before ? { before: values.before } : {}),
        log: logToStderr,
      }),
    values.out,
  );
}
