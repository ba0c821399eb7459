// The host's './main' entry: registers the LM Studio provider. Nothing but wiring.
import type { ExtensionContext, ExtensionMainAPI } from './openorbit/index.js';
import { LmStudioProvider, type LmStudioProviderOptions, type SettingsReader } from './provider/index.js';

export interface LmStudioExtensionOptions extends Omit<LmStudioProviderOptions, 'settings' | 'log'> {
  /**
   * The host's settings store (`SettingsRepo`, or any `get(key)`), or a reader function. Today's host hands
   * extensions a `ctx.services.settings` that answers `null` for every key, so the host passes its store here.
   * Default: `ctx.services.settings.get`.
   */
  settings?: SettingsReader | { get(key: string): unknown };
}

/** `{ activate, deactivate }` for the host; `activate` registers a fresh provider, `deactivate` disposes it. */
export function createLmStudioExtension(options: LmStudioExtensionOptions = {}): ExtensionMainAPI {
  let provider: LmStudioProvider | undefined;
  const { settings: store, ...rest } = options;
  return {
    async activate(ctx: ExtensionContext): Promise<void> {
      provider?.dispose();
      const settings: SettingsReader =
        typeof store === 'function' ? store : store ? (key) => store.get(key) : (key) => ctx.services.settings.get(key);
      provider = new LmStudioProvider({ ...rest, settings, log: ctx.log });
      ctx.services.ai.registerProvider(provider);
    },
    async deactivate(): Promise<void> {
      provider?.dispose();
      provider = undefined;
    },
  };
}

export default createLmStudioExtension();
