// The errors of the Responses API, typed: `previous_response_not_found`, errors reported inside a stream, events
// that cannot be read.
import { LmStudioError } from '../domain/errors.js';
import { classifyServerError, type RequestContext, type ServerError } from '../http/classify.js';
import { redact } from '../http/redact.js';
import { midStreamError, preview } from './stream-errors.js';

const NOT_FOUND = /previous[_ ]response|prediction history node/i;

/** `previous_response_not_found` (by code, or LM Studio's "Prediction history node … not found" wording). */
export function isResponseNotFound(server: ServerError): boolean {
  return server.code === 'previous_response_not_found' || (NOT_FOUND.test(server.message) && /not found/i.test(server.message));
}

export function responseNotFound(server: ServerError, ctx: RequestContext, previousId: string | undefined, status?: number): LmStudioError {
  const message = redact(server.message, ctx.secrets).replace(/\s+/g, ' ').trim();
  return new LmStudioError('response-not-found', {
    message: `LM Studio does not have the earlier response${previousId ? ` "${previousId}"` : ''} that previous_response_id names: ${message.replace(/[.\s]+$/, '')}.`,
    hint: 'LM Studio keeps responses in memory only (not with store: false, not across restarts): start again without previous_response_id, sending the whole input.',
    serverMessage: message,
    ...(status !== undefined ? { status } : {}),
  });
}

/** An error reported inside a Responses stream (`error`, `response.failed`, a chat-style error payload). */
export function responseStreamError(server: ServerError, ctx: RequestContext, previousId: string | undefined): LmStudioError {
  if (isResponseNotFound(server)) return responseNotFound(server, ctx, previousId);
  const classified = classifyServerError(undefined, server, ctx);
  if (classified.code !== 'bad-request') return classified;
  return midStreamError(classified, 'the response');
}

export function badEvent(what: string, data: string, ctx: RequestContext): LmStudioError {
  return new LmStudioError('bad-response', { message: `LM Studio sent an event that ${what} (${preview(data, ctx.secrets)}).` });
}
