// OpenOrbit's AIProvider over the LM Studio client: discovery, tier → model, host errors, usage rows.
export { LmStudioProvider } from './lm-studio-provider.js';
export type { LmStudioProviderOptions, ProviderModelInfo } from './lm-studio-provider.js';
export { AIServiceError } from './ai-service-error.js';
export type { AIErrorContext, AIServiceErrorClass, HostErrorClass } from './ai-service-error.js';
export type { LmStudioChatRequest } from './convert-to-chat-messages.js';
export { chooseModel, isChatModel } from './choose-model.js';
export { ARGUMENTS_ERROR_KEY, RAW_ARGUMENTS_KEY } from './convert-tool-calls.js';
export { DEFAULT_DISCOVERY } from './model-discovery.js';
export type { DiscoveryOptions } from './model-discovery.js';
export { SETTING_KEYS } from './settings.js';
export type { SettingsReader } from './settings.js';
export type { UsageErrorCode, UsageRow } from './usage-row.js';
