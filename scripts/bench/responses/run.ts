/**
 * The Responses benchmark: 100,000 `response.output_text.delta` events, and one function call whose arguments
 * arrive in 20,000 fragments, read by this package's `streamResponse`, openai 6.x's `responses.stream()`, the AI SDK's
 * Responses provider (`@ai-sdk/openai` 3.x under `ai` 6's `streamText`) and a fetch + eventsource-parser floor. Same
 * method as the chat benchmark: a replay server in its own process, each client × workload in its own child process,
 * alternated order each round, medians. Standalone:
 * `tsx scripts/bench/responses/run.ts [--rounds 5] [--quick] [--out FILE]`; `npm run bench` runs it too and adds its
 * section to BENCHMARKS.md.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildBench, REPO_ROOT } from '../lib/build-bench.js';
import { correctRuns, pairedRatio, RoundResults, rotated } from '../lib/rounds.js';
import { cleanEnv, killAll, runChild, startServer } from '../lib/spawn-child.js';
import { logToStderr, runStandalone } from '../lib/standalone.js';
import { fmt, median, ratio } from '../lib/stats.js';
import type { ResponsesResult } from './child.js';

const CHILD_TIMEOUT_MS = 180_000;
const CLIENTS = ['ours', 'openai', 'ai-sdk', 'floor'] as const;
const LABEL: Record<(typeof CLIENTS)[number], string> = {
  ours: 'ours (`streamResponse` + `result()`)',
  openai: '`openai` 6.x `responses.stream()` + `finalResponse()`',
  'ai-sdk': '`@ai-sdk/openai` 3.x `.responses()` under `ai` 6 `streamText` (`fullStream`, then `text`, `toolCalls`)',
  floor: 'floor: fetch + `EventSourceParserStream` + `JSON.parse`',
};

export interface ResponsesBenchOptions {
  rounds: number;
  /** Divides the workload sizes (1 for the real numbers). */
  scale: number;
  log: (line: string) => void;
}

/** Runs both workloads and returns the BENCHMARKS.md section ("## Responses"). */
export async function runResponsesBench(options: ResponsesBenchOptions): Promise<string> {
  const { rounds, scale, log } = options;
  const workloads = [
    { key: `text:${100_000 / scale}`, title: `${(100_000 / scale).toLocaleString('en-US')} \`response.output_text.delta\` events` },
    { key: `call:${20_000 / scale}`, title: `one function call, arguments in ${(20_000 / scale).toLocaleString('en-US')} \`function_call_arguments.delta\` fragments` },
  ];
  const { dir, urls } = await buildBench('responses', { pkg: REPO_ROOT }, ['workloads.ts', 'clients.ts', 'ai-sdk.ts', 'child.ts', 'server.ts']);
  const built = { dir, pkg: urls.pkg };
  const server = await startServer([join(built.dir, 'bench', 'responses', 'server.js'), ...workloads.map((w) => w.key), 'text:64', 'call:64'], {
    name: 'Responses replay server',
    env: cleanEnv(),
  });
  const results = new RoundResults<ResponsesResult>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        for (const client of rotated(CLIENTS, round)) {
          const r = await runChild<ResponsesResult>(
            [join(built.dir, 'bench', 'responses', 'child.js'), '--client', client, '--workload', w.key, '--port', String(server.port), '--package', built.pkg],
            { timeoutMs: CHILD_TIMEOUT_MS, failed: (error) => ({ client, workload: w.key, ok: false, error, wallMs: NaN, cpuMs: NaN, wireEvents: 0 }) },
          );
          results.add(`${w.key}/${client}`, r);
          log(`responses round ${round + 1}/${rounds} ${w.key.padEnd(11)} ${client.padEnd(7)} ${r.ok ? 'ok  ' : 'FAIL'} ${fmt(r.wallMs, 0).padStart(6)} ms wall ${fmt(r.cpuMs, 0).padStart(6)} ms cpu${r.ok ? '' : `  ${r.error}`}`);
        }
      }
    }
  } finally {
    server.stop();
    killAll();
    rmSync(built.dir, { recursive: true, force: true });
  }

  const lines: string[] = [];
  const p = (line = ''): void => void lines.push(line);
  p('## Responses');
  p();
  p(
    `A replay server (its own process) sends LM Studio-shaped \`/v1/responses\` event streams (named events, \`sequence_number\`, \`logprobs: []\` on text deltas, the whole text again in the \`.done\` events and \`response.completed\`) as fast as the socket takes them. Each client × workload runs in its own process (one small unmeasured stream first), ${rounds} alternated rounds; medians. CPU = \`process.cpuUsage()\` delta (user + system) over the stream ÷ wire events. Ratios are medians of per-round ratios. Every run is checked: the text, or the call's id and arguments, must be exactly what was sent. The AI SDK's arguments are its \`tool-input-delta\` fragments joined, and the \`input\` of its tool call must parse to the same value; on the call workload it declares the \`write_file\` tool (no \`execute\`), since \`streamText\` marks a call to an undeclared tool invalid.`,
  );
  for (const w of workloads) {
    const runs = (client: string): ResponsesResult[] => results.get(`${w.key}/${client}`);
    const perEvent = (r: ResponsesResult): number => (r.ok ? (r.cpuMs * 1000) / r.wireEvents : NaN);
    const paired = (a: string, b: string): number => pairedRatio(runs(a), runs(b), perEvent);
    const pairedWall = (a: string, b: string): number => pairedRatio(runs(a), runs(b), (r) => r.wallMs);
    p();
    p(`### ${w.title}`);
    p();
    p('| client | wall ms | CPU ms | CPU µs / event | events / s | CPU ÷ floor | speed vs ours | correct runs |');
    p('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const client of CLIENTS) {
      const rs = runs(client);
      const wall = median(rs.map((r) => (r.ok ? r.wallMs : NaN)));
      const events = rs[0]?.wireEvents ?? NaN;
      p(
        `| ${LABEL[client]} | ${fmt(wall, 0)} | ${fmt(median(rs.map((r) => (r.ok ? r.cpuMs : NaN))), 0)} | ${fmt(median(rs.map(perEvent)), 2)} | ${fmt((events / wall) * 1000, 0)} | ${client === 'floor' ? '—' : ratio(paired(client, 'floor'))} | ${client === 'ours' ? '—' : ratio(pairedWall(client, 'ours'))} | ${correctRuns(rs)} |`,
      );
    }
  }
  p();
  p('"speed vs ours" = that client\'s wall time ÷ ours, per round: above 1× means ours finished first.');
  p();
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
  runStandalone(() => runResponsesBench({ rounds: values.quick ? 1 : Number(values.rounds), scale: values.quick ? 10 : 1, log: logToStderr }), values.out);
}
