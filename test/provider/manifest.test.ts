// Validates the package.json "openorbit" block the way the host's zod schema does (an invalid manifest makes the
// host skip the extension silently), plus what this extension promises in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExtensionManifest, HostIconName, SettingContribution } from '../../src/openorbit/index.js';
import { SETTING_KEYS } from '../../src/provider/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  openorbit: ExtensionManifest;
  exports: Record<string, unknown>;
};
const manifest = pkg.openorbit;

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
// The host's schema at locdinhki/openorbit@582c1e3, exactly (no wider).
const SETTING_TYPES: readonly SettingContribution['type'][] = ['string', 'number', 'boolean', 'password'];
const CATEGORIES: readonly NonNullable<ExtensionManifest['category']>[] = ['core', 'ai', 'integrations', 'messaging'];
// Every name the host's renderer draws: the type and this list must agree.
const HOST_ICONS: readonly HostIconName[] = [
  'briefcase', 'database', 'home', 'building', 'users', 'settings', 'message-circle', 'list', 'blocks', 'zap',
  'send', 'sparkles', 'hard-drive', 'arrow-left', 'plus', 'trash', 'clock', 'calculator', 'microphone', 'shuffle',
];

/** The host's extensionManifestSchema (packages/core/src/extensions/manifest.ts), restated: a list of problems. */
function problems(m: unknown): string[] {
  const out: string[] = [];
  if (typeof m !== 'object' || m === null) return ['not an object'];
  const o = m as Record<string, unknown>;
  if (!nonEmpty(o.id) || !/^ext-[a-z][a-z0-9-]*$/.test(o.id as string)) out.push('id');
  if (!nonEmpty(o.displayName)) out.push('displayName');
  if (o.description !== undefined && typeof o.description !== 'string') out.push('description');
  if (o.version !== undefined && typeof o.version !== 'string') out.push('version');
  if (o.category !== undefined && !(CATEGORIES as readonly string[]).includes(o.category as string)) out.push('category');
  if (!nonEmpty(o.icon)) out.push('icon');
  if (!Array.isArray(o.activationEvents) || o.activationEvents.length === 0 || !o.activationEvents.every((e) => typeof e === 'string')) out.push('activationEvents');
  if (!nonEmpty(o.main)) out.push('main');
  if (!nonEmpty(o.renderer)) out.push('renderer');
  const c = o.contributes;
  if (typeof c !== 'object' || c === null) out.push('contributes');
  else {
    const settings = (c as Record<string, unknown>).settings;
    if (settings !== undefined) {
      if (!Array.isArray(settings)) out.push('contributes.settings');
      else
        settings.forEach((s: Record<string, unknown>, i) => {
          if (!nonEmpty(s.key)) out.push(`settings[${i}].key`);
          if (!nonEmpty(s.label)) out.push(`settings[${i}].label`);
          if (!(SETTING_TYPES as readonly string[]).includes(s.type as string)) out.push(`settings[${i}].type`);
          if (s.default !== undefined && typeof s.default !== 'string') out.push(`settings[${i}].default`);
          if (s.description !== undefined && typeof s.description !== 'string') out.push(`settings[${i}].description`);
        });
    }
  }
  return out;
}

describe('package.json openorbit manifest', () => {
  it('passes the host schema', () => {
    expect(problems(manifest)).toEqual([]);
  });

  it('the validator rejects what the host rejects', () => {
    expect(problems({ ...manifest, id: 'lm-studio' })).toContain('id');
    expect(problems({ ...manifest, id: 'ext-LM' })).toContain('id');
    expect(problems({ ...manifest, activationEvents: [] })).toContain('activationEvents');
    expect(problems({ ...manifest, contributes: { settings: [{ key: 'k', label: 'l', type: 'secret' }] } })).toContain('settings[0].type');
    expect(problems({ ...manifest, contributes: { settings: [{ key: 'k', label: 'l', type: 'string', default: 1 }] } })).toContain('settings[0].default');
    // What our old declared type allowed and the host rejects.
    expect(problems({ ...manifest, category: 'finance' })).toContain('category');
    expect(problems({ ...manifest, contributes: { settings: [{ key: 'k', label: 'l', type: 'password-list' }] } })).toContain('settings[0].type');
  });

  it('declares the extension as this package ships it', () => {
    expect(manifest).toMatchObject({ id: 'ext-ai-lm-studio', category: 'ai', activationEvents: ['onStartup'] });
    // One the host draws (`cpu` showed a letter); the sibling local provider (Ollama) uses hard-drive too.
    expect(HOST_ICONS).toContain(manifest.icon);
    expect(manifest.icon).toBe('hard-drive');
    // The published package's own entries (the OpenOrbit folder points at its TypeScript files instead).
    expect(JSON.stringify(pkg.exports['./main'])).toContain(manifest.main.replace(/^\.\//, ''));
    expect(JSON.stringify(pkg.exports['./renderer'])).toContain(manifest.renderer.replace(/^\.\//, ''));
  });

  it('contributes exactly the settings the provider reads, with the documented defaults', () => {
    const settings = manifest.contributes.settings ?? [];
    const byKey = new Map(settings.map((s) => [s.key, s]));
    expect(new Set(byKey.keys())).toEqual(
      new Set([SETTING_KEYS.baseUrl, SETTING_KEYS.apiKey, SETTING_KEYS.model.fast, SETTING_KEYS.model.standard, SETTING_KEYS.model.premium]),
    );
    expect(byKey.get('lmstudio_base_url')).toMatchObject({ type: 'string', default: 'http://localhost:1234' });
    for (const tier of ['fast', 'standard', 'premium']) expect(byKey.get(`lmstudio_model_${tier}`)).toMatchObject({ type: 'string', default: '' });
    expect(byKey.get('lmstudio_api_key')?.type).toBe('password');
    expect(byKey.get('lmstudio_api_key')?.default ?? '').toBe('');
  });
});
