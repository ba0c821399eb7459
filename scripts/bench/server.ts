/**
 * The replay server, run in its own process: `node server.js text:100000 tools:20000 …`. Every stream is
 * encoded once at startup into large Buffers; a request for `model: "bench/<kind>-<size>"` gets them as fast
 * as the socket takes them (backpressure respected). Prints `listening <port>` when ready and, per request,
 * `served <model> <wallMs> <cpuMs>` so the parent can show the server was not the bottleneck. Exits when its
 * stdin closes (the parent went away) or on SIGTERM.
 */
import { createReplayServer, encodeBlocks, listenForParent } from './lib/sse-server.js';
import { encode, modelOf, parseSpec } from './workloads.js';

const streams = new Map<string, Buffer[]>();
for (const arg of process.argv.slice(2)) {
  const spec = parseSpec(arg);
  streams.set(modelOf(spec), encodeBlocks((emit) => encode(spec, emit)));
}

listenForParent(
  createReplayServer(streams, '/chat/completions', (model, wallMs, cpuMs) => {
    process.stdout.write(`served ${model} ${wallMs.toFixed(1)} ${cpuMs.toFixed(1)}\n`);
  }),
);
