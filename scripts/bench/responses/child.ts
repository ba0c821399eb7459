/**
 * One measured Responses run in a fresh process: `node child.js --client ours --workload text:100000 --port N
 * --package URL [--warmup 64]`. Reads one small stream first (unmeasured), then the measured one: wall time and CPU
 * (`process.cpuUsage()` delta, user + system). Prints one `@@RESULT {json}` line.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { childMain, errorText } from '../lib/child-main.js';
import { CLIENTS, type Outcome } from './clients.js';
import { CALL_ID, expected, modelOf, parseSpec, wireEvents, type Spec } from './workloads.js';

export interface ResponsesResult {
  client: string;
  workload: string;
  ok: boolean;
  error?: string;
  wallMs: number;
  cpuMs: number;
  wireEvents: number;
}

function verify(client: string, spec: Spec, out: Outcome): string | undefined {
  if (client === 'floor') return out.parsed === wireEvents(spec) ? undefined : `floor parsed ${out.parsed} events, want ${wireEvents(spec)}`;
  const want = expected(spec);
  if (spec.kind === 'text' && out.content !== want.content) return `content differs (${out.content?.length ?? 'none'} chars, want ${want.content.length})`;
  if (spec.kind === 'call') {
    if (out.callId !== CALL_ID) return `call id ${out.callId}, want ${CALL_ID}`;
    if (out.arguments !== want.arguments) return `arguments differ (${out.arguments?.length ?? 'none'} chars, want ${want.arguments.length})`;
    const parsed: unknown = JSON.parse(out.arguments);
    if ('input' in out && JSON.stringify(out.input) !== JSON.stringify(parsed)) return 'the parsed call input differs from the arguments sent';
  }
  return undefined;
}

async function main(): Promise<ResponsesResult> {
  const { values } = parseArgs({
    options: { client: { type: 'string' }, workload: { type: 'string' }, port: { type: 'string' }, package: { type: 'string' }, warmup: { type: 'string', default: '64' } },
  });
  const client = values.client ?? '';
  const make = CLIENTS[client];
  if (!make) throw new Error(`--client must be one of ${Object.keys(CLIENTS).join(', ')}`);
  const spec = parseSpec(values.workload ?? '');
  const read = await make(`http://127.0.0.1:${values.port}`, values.package ?? '');
  const warm = Number(values.warmup);
  if (warm > 0) await read(modelOf({ kind: spec.kind, size: warm }));
  const result: ResponsesResult = { client, workload: values.workload ?? '', ok: true, wallMs: NaN, cpuMs: NaN, wireEvents: wireEvents(spec) };
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await read(modelOf(spec));
    result.wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    result.cpuMs = (cpu.user + cpu.system) / 1000;
    const problem = verify(client, spec, out);
    if (problem) {
      result.ok = false;
      result.error = problem;
    }
  } catch (error) {
    result.ok = false;
    result.error = errorText(error);
  }
  return result;
}

childMain(main);
