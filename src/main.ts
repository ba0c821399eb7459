// The host's './main' entry: registers the LM Studio provider. Nothing but wiring.
import type { ExtensionContext, ExtensionMainAPI } from './openorbit/index.js';
import { LmStudioProvider, type LmStudioProviderOptions, type SettingsReader, type UsageRow } from './provider/index.js';

/** The host's `ApiUsageRepo` (from `@openorbit/core/db/api-usage-repo`), or anything with its `record`. */
export interface UsageRecorder {
  /** Stores one usage row. */
  record(entry: UsageRow): void;
}

/** What {@link createLmStudioExtension} takes: the provider's options, with the host's settings store and usage table. */
export interface LmStudioExtensionOptions extends Omit<LmStudioProviderOptions, 'settings' | 'log'> {
  /**
   * The host's settings store (`SettingsRepo`, or any `get(key)`), or a reader function. Today's host hands
   * extensions a `ctx.services.settings` that answers `null` for every key, so the host passes its store here.
   * Default: `ctx.services.settings.get`.
   */
  settings?:
    | SettingsReader
    | {
        /** The stored value of a setting (`null` or `''`: use the default). */
        get(key: string): unknown;
      };
  /**
   * The host's usage table (`ApiUsageRepo`): one row per call. Used when `recordUsage` is not given; a `record`
   * that throws (no database yet) is logged and ignored. Default: no rows.
   */
  usage?: UsageRecorder;
}

/**
 * `{ activate, deactivate }` for the host. `activate(ctx)` registers a fresh provider with `ctx.services.ai` (built
 * on the given settings store, usage table and error class, and `ctx.log`); `deactivate()` stops its background
 * discovery. In an OpenOrbit checkout (the folder `npm run build:openorbit` writes):
 *
 * ```ts
 * export default createLmStudioExtension({
 *   settings: new SettingsRepo(),
 *   usage: new ApiUsageRepo(),
 *   errorClass: AIServiceError
 * })
 * ```
 */
export function createLmStudioExtension(options: LmStudioExtensionOptions = {}): ExtensionMainAPI {
  let provider: LmStudioProvider | undefined;
  const { settings: store, usage, ...rest } = options;
  return {
    async activate(ctx: ExtensionContext): Promise<void> {
      provider?.dispose();
      const settings: SettingsReader =
        typeof store === 'function' ? store : store ? (key) => store.get(key) : (key) => ctx.services.settings.get(key);
      const recordUsage = rest.recordUsage ?? (usage ? (row: UsageRow) => usage.record(row) : undefined);
      const providerOptions: LmStudioProviderOptions = { ...rest, settings, log: ctx.log };
      if (recordUsage) providerOptions.recordUsage = recordUsage;
      provider = new LmStudioProvider(providerOptions);
      ctx.services.ai.registerProvider(provider);
      ctx.log.info('LM Studio provider registered');
    },
    async deactivate(): Promise<void> {
      provider?.dispose();
      provider = undefined;
    },
  };
}

/** The host's `./main` entry: `createLmStudioExtension()` with defaults (settings from `ctx.services.settings`). */
export default createLmStudioExtension();
