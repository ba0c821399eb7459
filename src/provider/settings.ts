import type { ModelTier } from '../openorbit/index.js';

/** Reads one host setting; the host stores strings, and `null` or `''` mean "use the default". */
export type SettingsReader = (key: string) => unknown;

/** The keys this extension reads (the first four are the upstream provider's; keep them). */
export const SETTING_KEYS = {
  baseUrl: 'lmstudio_base_url',
  apiKey: 'lmstudio_api_key',
  model: {
    fast: 'lmstudio_model_fast',
    standard: 'lmstudio_model_standard',
    premium: 'lmstudio_model_premium',
  },
} as const satisfies { baseUrl: string; apiKey: string; model: Record<ModelTier, string> };

/** A setting as a trimmed non-empty string, or undefined (unset, `null`, `''`, not a string, or the reader threw). */
export function readSetting(settings: SettingsReader, key: string): string | undefined {
  let value: unknown;
  try {
    value = settings(key);
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The settings one call (or one discovery probe) runs with: read fresh every time. */
export interface ConnectionSettings {
  baseUrl: string | undefined;
  apiKey: string | undefined;
}

export function readConnectionSettings(settings: SettingsReader): ConnectionSettings {
  return { baseUrl: readSetting(settings, SETTING_KEYS.baseUrl), apiKey: readSetting(settings, SETTING_KEYS.apiKey) };
}
