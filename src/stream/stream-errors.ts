// Errors and quotes every stream protocol words the same way.
import { LmStudioError } from '../domain/errors.js';
import { redact } from '../http/redact.js';

/** An error the server reported after the stream began, as `stream-error` with the server's message. */
export function midStreamError(classified: LmStudioError, where = 'the stream'): LmStudioError {
  return new LmStudioError('stream-error', {
    message: `LM Studio reported an error in the middle of ${where}: ${classified.serverMessage ?? 'unknown error'}.`,
    hint: "Check LM Studio's server log.",
    ...(classified.serverMessage !== undefined ? { serverMessage: classified.serverMessage } : {}),
  });
}

/** A short, secret-free quote of server data for a message. */
export function preview(text: string, secrets: readonly string[]): string {
  const oneLine = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine);
}
