// `models`: list, load and unload.
import type { LmModel } from '../../domain/types.js';
import { parseOptions, positiveInt, UsageError } from '../args.js';
import type { CommandContext } from '../context.js';
import { writeJson } from '../json-output.js';
import { spinner, table } from '../output.js';
import { downloadCommand } from './download.js';

const MODELS_OPTIONS = { json: { type: 'boolean' }, 'context-length': { type: 'string' }, quantization: { type: 'string' } } as const;

/** `models [download|load|unload]`. */
export async function modelsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('models', args, MODELS_OPTIONS);
  const [action, target, ...extra] = positionals;
  if (action === 'download') {
    if (!target || extra.length > 0) throw new UsageError('usage: lmstudio-provider models download <model id or Hugging Face link> [--quantization Q]');
    return downloadCommand(ctx, { model: target, quantization: values.quantization, json: Boolean(values.json) });
  }
  if (values.quantization !== undefined) throw new UsageError('--quantization goes with `models download <id>`.');
  if (action === 'load' || action === 'unload') {
    if (!target || extra.length > 0) throw new UsageError(`usage: lmstudio-provider models ${action} <${action === 'load' ? 'model id' : 'instance id'}>`);
    if (action === 'load') {
      const contextLength = positiveInt(values['context-length'], '--context-length');
      const stop = values.json ? { stop: () => undefined } : spinner(ctx.err, `loading ${target}`);
      let loaded;
      try {
        loaded = await ctx.client.loadModel(target, { signal: ctx.signal, ...(contextLength ? { contextLength } : {}) });
      } finally {
        stop.stop();
      }
      if (values.json) writeJson(ctx.out, { ok: true, command: 'models load', loaded });
      else ctx.out.write(`loaded ${loaded.instanceId}${loaded.contextLength ? ` (context ${loaded.contextLength})` : ''}${loaded.loadTimeSeconds !== undefined ? ` in ${loaded.loadTimeSeconds.toFixed(1)} s` : ''}\n`);
      return 0;
    }
    const unloaded = await ctx.client.unloadModel(target, { signal: ctx.signal });
    if (values.json) writeJson(ctx.out, { ok: true, command: 'models unload', unloaded });
    else ctx.out.write(`unloaded ${unloaded.instanceId}\n`);
    return 0;
  }
  if (action !== undefined) throw new UsageError(`unknown models action "${action}" (expected download, load or unload, or nothing to list)`);
  if (values['context-length'] !== undefined) throw new UsageError('--context-length goes with `models load <id>`.');
  const models = await ctx.client.listModels({ signal: ctx.signal });
  if (values.json) writeJson(ctx.out, { ok: true, command: 'models', models });
  else ctx.out.write(`${modelTable(models)}\n`);
  return 0;
}

const yesNo = (v: boolean | undefined) => (v === undefined ? '?' : v ? 'yes' : 'no');

/** The models as a table (or a line saying there are none). */
export function modelTable(models: readonly LmModel[]): string {
  if (models.length === 0) return 'No models. Download one in LM Studio, or `lms get <model>`.';
  return table(
    ['ID', 'TYPE', 'LOADED', 'CONTEXT', 'TOOL USE', 'VISION'],
    models.map((m) => [
      m.id,
      m.type,
      yesNo(m.loaded),
      m.contextLength !== undefined ? String(m.contextLength) : m.maxContextLength !== undefined ? `max ${m.maxContextLength}` : '?',
      yesNo(m.toolUse),
      yesNo(m.vision),
    ]),
  );
}
