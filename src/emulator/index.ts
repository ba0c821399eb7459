// LM Studio server emulator: a faithful, deterministic stand-in for LM Studio's local HTTP server, for tests.
export { startEmulator } from './server.js';
export { defaultModels } from './catalogue.js';
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
export { argumentsForSchema, embed, estimateTokens, tokenize } from './scripted-model.js';
