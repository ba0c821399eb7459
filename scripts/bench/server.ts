/**
 * The replay server, run in its own process: `node server.js text:100000 tools:20000 …`. Every stream is
 * encoded once at startup into large Buffers; a request for `model: "bench/<kind>-<size>"` gets them as fast
 * as the socket takes them (backpressure respected). Prints `listening <port>` when ready and, per request,
 * `served <model> <wallMs> <cpuMs>` so the parent can show the server was not the bottleneck. Exits when its
 * stdin closes (the parent went away) or on SIGTERM.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encode, modelOf, parseSpec, type Spec } from './workloads.js';

const BLOCK_BYTES = 256 * 1024;

function encodeBlocks(spec: Spec): Buffer[] {
  const blocks: Buffer[] = [];
  let parts: string[] = [];
  let length = 0;
  encode(spec, (event) => {
    parts.push(event);
    length += event.length;
    if (length >= BLOCK_BYTES) {
      blocks.push(Buffer.from(parts.join(''), 'utf8'));
      parts = [];
      length = 0;
    }
  });
  if (parts.length > 0) blocks.push(Buffer.from(parts.join(''), 'utf8'));
  return blocks;
}

const streams = new Map<string, Buffer[]>();
for (const arg of process.argv.slice(2)) {
  const spec = parseSpec(arg);
  streams.set(modelOf(spec), encodeBlocks(spec));
}

function waitDrain(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

async function replay(res: ServerResponse, blocks: Buffer[]): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  for (const block of blocks) {
    if (res.destroyed) return;
    if (!res.write(block) && !(await waitDrain(res))) return;
  }
  res.end();
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let model = '';
    try {
      model = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: unknown }).model ?? '');
    } catch {
      // answered below as unknown
    }
    const blocks = req.method === 'POST' && req.url?.endsWith('/chat/completions') ? streams.get(model) : undefined;
    if (!blocks) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `unknown benchmark stream ${req.method} ${req.url} ${model}` }));
      return;
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    void replay(res, blocks).then(() => {
      const cpu = process.cpuUsage(cpu0);
      const wall = performance.now() - t0;
      process.stdout.write(`served ${model} ${wall.toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}\n`);
    });
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
