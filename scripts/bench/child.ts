/**
 * One measured run in a fresh process: `node child.js --client ours --workload text:100000 --port N
 * [--iterate-only] [--warmup 64]`. Loads the client, then measures only the stream (request to final result): wall time,
 * CPU (`process.cpuUsage()` delta, user + system, all threads) and the process's peak RSS (`maxRSS`, read
 * before the expected answer is rebuilt). Prints one `@@RESULT {json}` line and exits.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { RunClient, RunOutput } from './clients/types.js';
import { childMain, errorText } from './lib/child-main.js';
import { expected, modelOf, parseSpec, wireEvents, type Spec } from './workloads.js';

export interface ChildResult {
  client: string;
  workload: string;
  iterateOnly: boolean;
  ok: boolean;
  error?: string;
  wallMs: number;
  cpuMs: number;
  wireEvents: number;
  yielded: number;
  /** Peak RSS of the whole process (kernel high-water mark), bytes. */
  peakRss: number;
  /** RSS just before the request, bytes: the peak minus this is what the stream itself added. */
  rssBefore: number;
  /** The measured window on process.hrtime's clock, µs (to cut a `--cpu-prof` profile down to the stream). */
  windowUs: [number, number];
  /** Iterate-only runs with `--expose-gc`: heap still reachable after a full GC, with the stream object held. */
  retainedHeap?: number;
}

const CLIENTS = ['ours', 'openai', 'ai-sdk', 'floor', 'floor-acc'] as const;

function verify(client: string, spec: Spec, out: RunOutput, iterateOnly: boolean): string | undefined {
  const want = expected(spec);
  if (client === 'floor' || client === 'floor-acc') {
    if (out.yielded !== want.wireEvents) return `${client} saw ${out.yielded} events, want ${want.wireEvents}`;
    if (out.parsedEvents !== want.wireEvents - 1) return `${client} parsed ${out.parsedEvents} chunks, want ${want.wireEvents - 1}`;
    return undefined;
  }
  if (iterateOnly) return out.yielded >= spec.size ? undefined : `only ${out.yielded} events for ${spec.size} deltas`;
  // Leading whitespace after reasoning is dropped by design in ours; every client is compared without it.
  if ((out.content ?? '').trimStart() !== want.content.trimStart()) {
    return `content differs (${out.content?.length ?? 'none'} chars, want ${want.content.length})`;
  }
  if ((out.reasoning ?? '') !== want.reasoning) {
    return `reasoning differs (${out.reasoning?.length ?? 'none'} chars, want ${want.reasoning.length})`;
  }
  const calls = out.toolCalls ?? [];
  if (calls.length !== want.toolCalls.length) return `${calls.length} tool calls, want ${want.toolCalls.length}`;
  for (const [i, call] of want.toolCalls.entries()) {
    const got = calls[i];
    if (!got || got.id !== call.id || got.name !== call.name) return `tool call ${i} is ${got?.id}/${got?.name}, want ${call.id}/${call.name}`;
    if (!isDeepStrictEqual(got.input, JSON.parse(call.arguments))) return `tool call ${i} arguments differ`;
  }
  if (out.finishReason !== want.finishReason) return `finish reason ${out.finishReason}, want ${want.finishReason}`;
  if (out.completionTokens !== want.completionTokens) return `usage ${out.completionTokens} completion tokens, want ${want.completionTokens}`;
  return undefined;
}

async function main(): Promise<ChildResult> {
  const { values } = parseArgs({
    options: {
      client: { type: 'string' },
      workload: { type: 'string' },
      port: { type: 'string' },
      'iterate-only': { type: 'boolean', default: false },
      warmup: { type: 'string', default: '0' },
    },
  });
  const client = values.client ?? '';
  if (!(CLIENTS as readonly string[]).includes(client)) throw new Error(`--client must be one of ${CLIENTS.join(', ')}`);
  const spec = parseSpec(values.workload ?? '');
  const iterateOnly = values['iterate-only'] ?? false;
  const { run } = (await import(`./clients/${client}.js`)) as { run: RunClient };
  const input = { baseUrl: `http://127.0.0.1:${values.port}`, model: modelOf(spec), spec, iterateOnly };

  // One small stream first (same client, same kind; not measured): loads the HTTP stack and opens the first
  // connection, so the measurement is the stream's own cost rather than one-time start-up.
  const warmup = Number(values.warmup ?? 0);
  if (warmup > 0) {
    const small: Spec = { kind: spec.kind, size: warmup };
    await run({ ...input, model: modelOf(small), spec: small });
  }

  const rssBefore = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const h0 = process.hrtime.bigint();
  let out: RunOutput | undefined;
  let error: string | undefined;
  try {
    out = await run(input);
  } catch (e) {
    error = errorText(e);
  }
  const wallMs = performance.now() - t0;
  const h1 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  const peakRss = process.resourceUsage().maxRSS * 1024;

  let retainedHeap: number | undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (iterateOnly && gc) {
    gc();
    gc();
    retainedHeap = process.memoryUsage().heapUsed;
  }
  if (out && !error) error = verify(client, spec, out, iterateOnly);
  const result: ChildResult = {
    client,
    workload: values.workload ?? '',
    iterateOnly,
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wireEvents: wireEvents(spec),
    yielded: out?.yielded ?? 0,
    peakRss,
    rssBefore,
    windowUs: [Number(h0 / 1000n), Number(h1 / 1000n)],
    ...(retainedHeap !== undefined ? { retainedHeap } : {}),
  };
  return result;
}

childMain(main);
