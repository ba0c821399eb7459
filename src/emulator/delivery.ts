// How a route delivers an answer once it is planned: an event stream or a whole body, shaped by the request's
// faults (drip, stall, reset), and the context-overflow reply LM Studio sends for either.
import type { ActiveFaults, StreamEnding, StreamEvent } from './faults.js';
import { errorEventText, shapeBody } from './faults.js';
import { stringError, type Exchange } from './exchange.js';
import { contextOverflowMessage, formatEvent } from './wire.js';

export async function deliverStream(ex: Exchange, events: StreamEvent[], ending: StreamEnding, drip: boolean, faults: ActiveFaults): Promise<void> {
  if (ex.aborted) return;
  ex.startEventStream();
  const tokenDelay = ex.emu.options.tokenDelayMs ?? 0;
  for (const [i, event] of events.entries()) {
    if (i > 0 && tokenDelay > 0 && !(await ex.sleep(tokenDelay))) return;
    const text = formatEvent(event);
    if (drip) {
      if (!(await dripBytes(ex, Buffer.from(text, 'utf8'), faults.dripDelayMs))) return;
    } else if (!(await ex.write(text))) return;
  }
  await finish(ex, ending);
}

export async function deliverBody(ex: Exchange, body: string, faults: ActiveFaults): Promise<void> {
  if (ex.aborted) return;
  const shaped = shapeBody(body, faults);
  const plain = !shaped.drip && shaped.ending.kind === 'end' && shaped.declaredLength === Buffer.byteLength(shaped.body);
  if (plain) return ex.send({ status: 200, body: shaped.body });
  const res = ex.res;
  ex.writeHeadersBase();
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (shaped.declaredLength !== undefined) res.setHeader('Content-Length', String(shaped.declaredLength));
  res.statusCode = 200;
  ex.record.status = 200;
  res.flushHeaders();
  if (shaped.drip) {
    if (!(await dripBytes(ex, Buffer.from(shaped.body, 'utf8'), faults.dripDelayMs))) return;
  } else if (!(await ex.write(shaped.body))) return;
  await finish(ex, shaped.ending);
}

async function dripBytes(ex: Exchange, bytes: Buffer, delayMs: number): Promise<boolean> {
  for (let b = 0; b < bytes.length; b++) {
    if (!(await ex.write(bytes.subarray(b, b + 1)))) return false;
    if (delayMs > 0) {
      if (!(await ex.sleep(delayMs))) return false;
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (ex.aborted) return false;
    }
  }
  return true;
}

/**
 * A prompt that does not fit the loaded context: LM Studio's 400 string error, or, streamed, HTTP 200 and an
 * `event: error` with no `[DONE]` (0.4.21). Returns true when it answered.
 */
export async function overflowed(ex: Exchange, stream: boolean, promptTokens: number, contextLength: number): Promise<boolean> {
  if (promptTokens < contextLength) return false;
  const message = contextOverflowMessage(promptTokens, contextLength);
  if (!stream) {
    ex.send(stringError(400, message));
    return true;
  }
  ex.startEventStream();
  if (await ex.write(errorEventText(message))) ex.res.end();
  return true;
}

export async function finish(ex: Exchange, ending: StreamEnding): Promise<void> {
  if (ex.aborted) return;
  switch (ending.kind) {
    case 'end':
      ex.res.end();
      return;
    case 'stall':
      await ex.untilAborted();
      return;
    case 'reset':
      await ex.resetAfterFlush();
      return;
  }
}
