/**
 * LM Studio server emulator: a deterministic stand-in for LM Studio's local HTTP server (0.4.24 wire behaviour),
 * for tests. Node only (`node:http`).
 *
 * ```ts
 * const lm = await startEmulator({ seed: 1 });
 * await fetch(`${lm.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'qwen/qwen3-4b-2507', messages }) });
 * await lm.close();
 * ```
 *
 * Faults (see `FAULT_NAMES`) apply to chat completions and are selected server-wide with `options.fault` /
 * `handle.setFault()`, per request with the header `x-emulator-fault: name[,name]` (tuned by `x-emulator-delay-ms`
 * and `x-emulator-after-events`), or with a model id suffix `model@fault=name[,name]`.
 *
 * Tool-calling misbehaviour is per model: the default catalogue ends with models (`QUIRK_MODELS`) that send bad
 * or truncated arguments first, repeat calls, call tools forever, or write their calls as text in `content` in
 * each format LM Studio leaves unparsed (see `ToolQuirk` in `scripted-model.ts`). Any catalogue entry can be
 * given a quirk with `EmulatedModel.toolQuirk`.
 */
export { startEmulator } from './server.js';
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
} from './catalogue.js';
export type { EmulatedModel, EmulatorHandle, EmulatorOptions, RecordedRequest, ReasoningCapability } from './types.js';
export {
  FAULT_NAMES,
  FAULT_HEADER,
  FAULT_DELAY_HEADER,
  FAULT_AFTER_EVENTS_HEADER,
  FAULT_MODEL_MARKER,
  type FaultName,
  type FaultOptions,
  type FaultSpec,
} from './faults.js';
export {
  argumentsForSchema,
  breakArguments,
  embed,
  estimateTokens,
  tokenize,
  toolCallsAsText,
  truncateJson,
  TOOL_QUIRKS,
  type ToolQuirk,
} from './scripted-model.js';
