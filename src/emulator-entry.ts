/**
 * A deterministic LM Studio for your own tests (Node only: it listens with `node:http`). It speaks LM Studio's
 * observed wire (OpenAI-compatible `/v1`, LM Studio's `/api/v0` and `/api/v1`), with scripted models, fault
 * modes, a request log, CORS and API-token options. No LM Studio, GPU or model download needed.
 *
 * ```ts
 * import { startEmulator } from '@openorbit/ext-ai-lm-studio/emulator';
 * const lm = await startEmulator({ seed: 1 });
 * // point your app at lm.url …
 * expect(lm.requests.map((r) => r.path)).toContain('/v1/chat/completions');
 * await lm.close();
 * ```
 *
 * @packageDocumentation
 * @module @openorbit/ext-ai-lm-studio/emulator
 */
export { startEmulator } from './emulator/index.js';
export type { EmulatedModel, EmulatorHandle, EmulatorOptions, RecordedRequest, ReasoningCapability } from './emulator/index.js';
export {
  defaultModels,
  QUIRK_MODELS,
  BAD_ARGS_MODEL,
  BAD_JSON_MODEL,
  REPEATS_MODEL,
  REPEATS_TWICE_MODEL,
  TOOL_LOOP_MODEL,
  TEXT_TOOL_CALL_MODEL,
  TEXT_TOOL_REQUEST_MODEL,
  TEXT_TOOLS_MODEL,
  TEXT_FUNCTION_CALL_MODEL,
  TEXT_FUNCTION_CALL_UNDERSCORE_MODEL,
} from './emulator/index.js';
export { FAULT_NAMES, FAULT_HEADER, FAULT_DELAY_HEADER, FAULT_AFTER_EVENTS_HEADER, FAULT_MODEL_MARKER } from './emulator/index.js';
export type { FaultName, FaultOptions, FaultSpec } from './emulator/index.js';
export { TOOL_QUIRKS } from './emulator/index.js';
export type { ToolQuirk } from './emulator/index.js';
