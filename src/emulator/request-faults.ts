// The faults one request asked for (server-wide, header, or model suffix), and the ones that strike before the
// first byte. Shared by every route that generates (chat completions and the newer surfaces).
import { FAULT_AFTER_EVENTS_HEADER, FAULT_DELAY_HEADER, FAULT_HEADER, FAULT_NAMES, resolveFaults, type ActiveFaults } from './faults.js';
import { stringError, type Exchange, type Reply } from './exchange.js';
import type { Instance } from './catalogue.js';
import { isEmbedding } from './catalogue.js';
import { MODEL_CRASHED_MESSAGE } from './wire.js';

export function activeFaults(ex: Exchange, modelSuffix: string[]): { ok: true; faults: ActiveFaults } | { ok: false; reply: Reply } {
  const resolved = resolveFaults({
    server: ex.emu.fault,
    header: ex.req.headers[FAULT_HEADER],
    delayHeader: ex.req.headers[FAULT_DELAY_HEADER],
    afterEventsHeader: ex.req.headers[FAULT_AFTER_EVENTS_HEADER],
    modelSuffix,
  });
  if (!resolved.ok) {
    return {
      ok: false,
      reply: stringError(400, `Unknown emulator fault(s): ${resolved.unknown.join(', ')}. Known faults: ${FAULT_NAMES.join(', ')}.`),
    };
  }
  return resolved;
}

/** `http-500`, `jit-delay`, `stall-before-first-byte`. False when the exchange is over. */
export async function preFirstByteFaults(ex: Exchange, faults: ActiveFaults): Promise<boolean> {
  if (faults.names.has('http-500')) {
    ex.send(stringError(500, MODEL_CRASHED_MESSAGE));
    return false;
  }
  if (faults.names.has('jit-delay') && !(await ex.sleep(faults.delayMs))) return false;
  if (faults.names.has('stall-before-first-byte')) {
    await ex.untilAborted();
    return false;
  }
  return !ex.aborted;
}

/** The model id an answer names: the instance's, or another model's under the `model-mismatch` fault. */
export function answeringModel(ex: Exchange, instance: Instance, faults: ActiveFaults): string {
  if (!faults.names.has('model-mismatch')) return instance.id;
  const other = ex.emu.catalogue.models.find((m) => !isEmbedding(m) && m !== instance.model);
  return other ? other.id : `${instance.id}-other`;
}
