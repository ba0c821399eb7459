/**
 * The Responses benchmark: 100,000 `response.output_text.delta` events, and one function call whose arguments
 * arrive in 20,000 fragments, read by this package's `streamResponse`, openai 6.x's `responses.stream()`, the AI SDK's
 * Responses provider (`@ai-sdk/openai` 3.x under `ai` 6's `streamText`) and a fetch + eventsource-parser floor. Same
 * method as the chat benchmark: a replay server in its own process, each client × workload in its own child process,
 * alternated order each round, medians. Standalone:
 * `tsx scripts/bench/responses/run.ts [--rounds 5] [--quick] [--out FILE]`; `npm run bench` runs it too and adds its
 * section to BENCHMARKS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { ResponsesResult } from './child.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
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

const live = new Set<ChildProcess>();

function median(values: number[]): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}
const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

async function buildBench(): Promise<{ dir: string; pkg: string }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-responses-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await build({ entryPoints: [join(REPO, 'src', 'index.ts')], outfile: join(dir, 'pkg', 'index.js'), bundle: true, packages: 'external', format: 'esm', platform: 'neutral', target: 'es2022', logLevel: 'warning' });
  await build({
    entryPoints: ['workloads.ts', 'clients.ts', 'ai-sdk.ts', 'child.ts', 'server.ts'].map((f) => join(HERE, f)),
    outdir: join(dir, 'bench'),
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return { dir, pkg: pathToFileURL(join(dir, 'pkg', 'index.js')).href };
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.NODE_OPTIONS && /tsx|loader|--import|--require/.test(env.NODE_OPTIONS)) delete env.NODE_OPTIONS;
  return env;
}

function startServer(script: string, specs: string[]): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...specs], { stdio: ['pipe', 'pipe', 'inherit'], env: cleanEnv() });
    live.add(child);
    let buffer = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      const m = /listening (\d+)/.exec(buffer);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on('exit', (code) => {
      live.delete(child);
      reject(new Error(`the Responses replay server exited (${code})`));
    });
  });
}

function runChild(script: string, args: string[]): Promise<ResponsesResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (line) return resolve(JSON.parse(line.slice('@@RESULT '.length)) as ResponsesResult);
      const error = signal ? `killed by ${signal}` : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      resolve({ client: args[1] ?? '?', workload: args[3] ?? '?', ok: false, error, wallMs: NaN, cpuMs: NaN, wireEvents: 0 });
    });
  });
}

/** Runs both workloads and returns the BENCHMARKS.md section ("## Responses"). */
export async function runResponsesBench(options: ResponsesBenchOptions): Promise<string> {
  const { rounds, scale, log } = options;
  const workloads = [
    { key: `text:${100_000 / scale}`, title: `${(100_000 / scale).toLocaleString('en-US')} \`response.output_text.delta\` events` },
    { key: `call:${20_000 / scale}`, title: `one function call, arguments in ${(20_000 / scale).toLocaleString('en-US')} \`function_call_arguments.delta\` fragments` },
  ];
  const built = await buildBench();
  const server = await startServer(join(built.dir, 'bench', 'server.js'), [...workloads.map((w) => w.key), 'text:64', 'call:64']);
  const results = new Map<string, ResponsesResult[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        for (let k = 0; k < CLIENTS.length; k++) {
          const client = CLIENTS[(round + k) % CLIENTS.length] as string;
          const r = await runChild(join(built.dir, 'bench', 'child.js'), ['--client', client, '--workload', w.key, '--port', String(server.port), '--package', built.pkg]);
          const key = `${w.key}/${client}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          log(`responses round ${round + 1}/${rounds} ${w.key.padEnd(11)} ${client.padEnd(7)} ${r.ok ? 'ok  ' : 'FAIL'} ${fmt(r.wallMs, 0).padStart(6)} ms wall ${fmt(r.cpuMs, 0).padStart(6)} ms cpu${r.ok ? '' : `  ${r.error}`}`);
        }
      }
    }
  } finally {
    server.child.stdin?.end();
    server.child.kill('SIGTERM');
    for (const child of live) child.kill('SIGKILL');
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
    const runs = (client: string): ResponsesResult[] => results.get(`${w.key}/${client}`) ?? [];
    const perEvent = (r: ResponsesResult): number => (r.ok ? (r.cpuMs * 1000) / r.wireEvents : NaN);
    const paired = (a: string, b: string): number => median(runs(a).map((x, i) => perEvent(x) / perEvent(runs(b)[i] as ResponsesResult)));
    const pairedWall = (a: string, b: string): number => median(runs(a).map((x, i) => x.wallMs / (runs(b)[i] as ResponsesResult).wallMs));
    p();
    p(`### ${w.title}`);
    p();
    p('| client | wall ms | CPU ms | CPU µs / event | events / s | CPU ÷ floor | speed vs ours | correct runs |');
    p('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const client of CLIENTS) {
      const rs = runs(client);
      const wall = median(rs.map((r) => (r.ok ? r.wallMs : NaN)));
      const events = rs[0]?.wireEvents ?? NaN;
      const bad = rs.filter((r) => !r.ok);
      const okText = bad.length === 0 ? `${rs.length}/${rs.length}` : `${rs.length - bad.length}/${rs.length}: ${bad[0]?.error ?? ''}`;
      p(
        `| ${LABEL[client]} | ${fmt(wall, 0)} | ${fmt(median(rs.map((r) => (r.ok ? r.cpuMs : NaN))), 0)} | ${fmt(median(rs.map(perEvent)), 2)} | ${fmt((events / wall) * 1000, 0)} | ${client === 'floor' ? '—' : ratio(paired(client, 'floor'))} | ${client === 'ours' ? '—' : ratio(pairedWall(client, 'ours'))} | ${okText} |`,
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
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  process.on('SIGINT', () => {
    for (const child of live) child.kill('SIGKILL');
    process.exit(130);
  });
  runResponsesBench({ rounds: values.quick ? 1 : Number(values.rounds), scale: values.quick ? 10 : 1, log })
    .then((markdown) => {
      process.stdout.write(`${markdown}\n`);
      if (values.out) writeFileSync(values.out, `${markdown}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
