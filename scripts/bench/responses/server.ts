/**
 * The Responses replay server, in its own process: `node server.js text:100000 call:20000`. Every stream is encoded
 * once at startup; `POST /v1/responses` with `model: "bench/responses-<kind>-<size>"` gets it as fast as the
 * socket takes it (backpressure respected). Prints `listening <port>`; exits when stdin closes or on SIGTERM.
 */
import { createReplayServer, encodeBlocks, listenForParent } from '../lib/sse-server.js';
import { encode, modelOf, parseSpec } from './workloads.js';

const streams = new Map<string, Buffer[]>();
for (const arg of process.argv.slice(2)) {
  const spec = parseSpec(arg);
  streams.set(modelOf(spec), encodeBlocks((emit) => encode(spec, emit)));
}

listenForParent(createReplayServer(streams, '/responses'));
