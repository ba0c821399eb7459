// `chat --image FILE|URL`: each image as a content part LM Studio reads (a PNG or JPEG data URL).
import { readFile } from 'node:fs/promises';
import { imagePart } from '../../client/image-part.js';
import type { ImageContentPart } from '../../domain/native.js';
import { LmStudioError } from '../../domain/errors.js';
import { UsageError } from '../args.js';
import { explain } from '../errors.js';

/** Image parts for files and URLs; an unreadable or unsupported file is a `UsageError`. */
export async function readImages(sources: readonly string[], signal: AbortSignal): Promise<ImageContentPart[]> {
  const parts: ImageContentPart[] = [];
  for (const source of sources) {
    if (/^(https?|data):/i.test(source)) {
      parts.push(await imagePart(source, { signal }));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read the image ${source}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`);
    }
    try {
      parts.push(await imagePart(bytes, { signal, convert: false }));
    } catch (error) {
      if (!(error instanceof LmStudioError) || error.code !== 'bad-request') throw error;
      // The library's hint names its options; the fix here is the file.
      throw new UsageError(`cannot send the image ${source}: ${explain(error, { hadToken: false }).message} Use a PNG or JPEG file.`);
    }
  }
  return parts;
}
