/**
 * The Responses replay server, in its own process: `node server.js text:100000 call:20000`. Every stream is encoded
 * once at startup; `POST /v1/responses` with `model: "bench/responses-<kind>-<size>"` gets it as fast as the
 * socket takes it (backpressure respected). Prints `listening <port>`; exits when stdin closes or on SIGTERM.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode, modelOf, parseSpec } from './workloads.js';

const BLOCK_BYTES = 256 * 1024;
const streams = new Map<string, Buffer[]>();
for (const arg of process.argv.slice(2)) {
  const spec = parseSpec(arg);
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
  streams.set(modelOf(spec), blocks);
}

function drained(res: ServerResponse): Promise<boolean> {
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
    const blocks = req.method === 'POST' && req.url?.endsWith('/responses') ? streams.get(model) : undefined;
    if (!blocks) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `unknown benchmark stream ${req.method} ${req.url} ${model}` }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    void (async () => {
      for (const block of blocks) {
        if (res.destroyed) return;
        if (!res.write(block) && !(await drained(res))) return;
      }
      res.end();
    })();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
