/**
 * The OpenOrbit AI provider over the LM Studio client, and the host contract it implements: discovery that
 * recovers when LM Studio starts after the app, tier → model choice, host error codes, usage rows. The host's
 * own entries are `./main` (`{ activate, deactivate }`) and `./renderer`; this entry is for code that builds or
 * tests a provider itself.
 *
 * ```ts
 * import { LmStudioProvider } from '@openorbit/ext-ai-lm-studio/openorbit';
 * const provider = new LmStudioProvider({ settings: (key) => store.get(key) });
 * const { content } = await provider.complete({ systemPrompt: 'Be brief.', userMessage: 'Hi', tier: 'fast' });
 * ```
 *
 * @packageDocumentation
 * @module @openorbit/ext-ai-lm-studio/openorbit
 */
export { AIServiceError, LmStudioProvider } from './provider/index.js';
export type { AIErrorContext, LmStudioProviderOptions, ProviderModelInfo } from './provider/index.js';
export { chooseModel, isChatModel } from './provider/index.js';
export { ARGUMENTS_ERROR_KEY, RAW_ARGUMENTS_KEY } from './provider/index.js';
export { DEFAULT_DISCOVERY } from './provider/index.js';
export type { DiscoveryOptions } from './provider/index.js';
export { SETTING_KEYS } from './provider/index.js';
export type { SettingsReader } from './provider/index.js';
export type { UsageErrorCode, UsageRow } from './provider/index.js';
export { createLmStudioExtension } from './main.js';
export type { LmStudioExtensionOptions } from './main.js';
export type * from './openorbit/index.js';
