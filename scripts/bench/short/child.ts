/**
 * One short-requests measurement in a fresh process: `node child.js --client ours-chat --port N --requests 2000
 * --warmup 200 --inflight 1 [--package URL]`. Sends the warm-up requests (unmeasured), then `--requests` requests
 * with `--inflight` of them in flight at a time, and prints one `@@RESULT {json}` line: wall time and CPU
 * (`process.cpuUsage()` delta, user + system, all threads) over the measured requests.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { childMain, errorText } from '../lib/child-main.js';
import { CONTENT } from './answers.js';
import { CLIENTS, type OneRequest } from './clients.js';

export interface ShortResult {
  client: string;
  inflight: number;
  requests: number;
  ok: boolean;
  error?: string;
  wallMs: number;
  cpuMs: number;
}

async function drive(one: OneRequest, requests: number, inflight: number): Promise<void> {
  let left = requests;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      const text = await one();
      if (text !== CONTENT) throw new Error(`wrong answer: ${JSON.stringify(text.slice(0, 60))}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, requests) }, worker));
}

async function main(): Promise<ShortResult> {
  const { values } = parseArgs({
    options: {
      client: { type: 'string' },
      port: { type: 'string' },
      requests: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      inflight: { type: 'string', default: '1' },
      package: { type: 'string' },
    },
  });
  const name = values.client ?? '';
  const make = CLIENTS[name];
  if (!make) throw new Error(`--client must be one of ${Object.keys(CLIENTS).join(', ')}`);
  const requests = Number(values.requests);
  const inflight = Number(values.inflight);
  const pkg = values.package ?? pathToFileURL(new URL('../../../src/index.js', import.meta.url).pathname).href;
  const one = await make(`http://127.0.0.1:${values.port}`, pkg);
  const result: ShortResult = { client: name, inflight, requests, ok: true, wallMs: NaN, cpuMs: NaN };
  try {
    // Warm-up: loads the HTTP stack, opens the connections, lets the JIT see the path.
    await drive(one, Number(values.warmup), inflight);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await drive(one, requests, inflight);
    result.wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    result.cpuMs = (cpu.user + cpu.system) / 1000;
  } catch (error) {
    result.ok = false;
    result.error = errorText(error);
  }
  return result;
}

childMain(main);
