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
// The provider's public surface is what src/provider/index.ts exports; this entry adds the host contract.
export * from './provider/index.js';
export { PROVIDER_ID } from './provider/ai-service-error.js';
export type * from './openorbit/index.js';
