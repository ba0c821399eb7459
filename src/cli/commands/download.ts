// `models download <id>`: starts the download in LM Studio and follows it with a progress bar.
import { LmStudioError } from '../../domain/errors.js';
import type { DownloadProgress } from '../../domain/native.js';
import { UsageError } from '../args.js';
import type { CommandContext } from '../context.js';
import { writeJson } from '../json-output.js';
import { style } from '../output.js';
import { formatBytes, progressDisplay } from '../progress.js';

/** `models download` arguments. */
export interface DownloadArgs {
  model: string;
  quantization: string | undefined;
  json: boolean;
}

/** Downloads a model, showing progress; prints how to load it when done. */
export async function downloadCommand(ctx: CommandContext, args: DownloadArgs): Promise<number> {
  if (args.model.trim() === '') throw new UsageError('usage: lmstudio-provider models download <model id or Hugging Face link> [--quantization Q]');
  const s = style(ctx.err);
  const job = ctx.client.downloadModel(args.model, {
    signal: ctx.signal,
    ...(args.quantization ? { quantization: args.quantization } : {}),
    ...(ctx.timeouts.totalMs !== undefined ? { timeouts: { totalMs: ctx.timeouts.totalMs } } : {}),
  });
  const display = args.json ? undefined : progressDisplay(ctx.err, args.model);
  let last: DownloadProgress | undefined;
  try {
    for await (const progress of job) {
      last = progress;
      if (progress.status !== 'already_downloaded') display?.update(progress);
    }
    last = await job.result();
  } catch (error) {
    display?.done();
    if (error instanceof LmStudioError && error.code === 'aborted') ctx.err.write(`${s.dim('Stopped following the download; it goes on in LM Studio (see its Downloads panel).')}\n`);
    throw error;
  }
  display?.done();
  if (args.json) {
    writeJson(ctx.out, { ok: true, command: 'models download', download: last });
    return 0;
  }
  if (last.status === 'already_downloaded') ctx.out.write(`${args.model} is already downloaded.\n`);
  else ctx.out.write(`downloaded ${args.model}${last.totalBytes ? ` (${formatBytes(last.totalBytes)})` : ''}. Load it with: ${ctx.invocation} models load ${args.model}\n`);
  return 0;
}
