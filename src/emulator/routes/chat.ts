// POST /v1/chat/completions: the scripted model's turn, whole or streamed, shaped by the request's faults.
import { deliverBody, deliverStream, overflowed } from '../delivery.js';
import { failureReply, stringError, type Exchange } from '../exchange.js';
import { shapeStream, splitModelFaults } from '../faults.js';
import { activeFaults, answeringModel, preFirstByteFaults } from '../request-faults.js';
import { numberField, resolveModel } from '../resolve-model.js';
import { estimatePromptTokens, planTurn } from '../scripted-model.js';
import { isObject, validateChatRequest } from '../validate.js';
import { chatCompletionBody, chatCompletionEvents, contextOverflowMessage } from '../wire.js';
import { imageRefusal, imageUrls } from '../vision.js';
import type { Route } from './route.js';

async function chat(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const failure = validateChatRequest(body);
  if (failure) return ex.send(failureReply(failure));
  const req = body as Record<string, unknown>;
  const { model: requested, faults: suffixFaults } = splitModelFaults(String(req['model']));
  const active = activeFaults(ex, suffixFaults);
  if (!active.ok) return ex.send(active.reply);
  const faults = active.faults;
  const stream = req['stream'] === true;

  const resolved = await resolveModel(ex, requested, 'llm', numberField(req['ttl']));
  if (!resolved) return;
  if ('reply' in resolved) return ex.send(resolved.reply);
  const instance = resolved.instance;

  const messages = req['messages'] as unknown[];
  const refusedImages = imageRefusal(imageUrls(messages), instance.model.vision);
  if (refusedImages) return ex.send(refusedImages);
  const tools = Array.isArray(req['tools']) ? (req['tools'] as unknown[]) : undefined;
  const promptTokens = estimatePromptTokens({ messages, tools });
  if (await overflowed(ex, stream, promptTokens, instance.contextLength)) return;

  if (!(await preFirstByteFaults(ex, faults))) return;

  const turn = planTurn(
    {
      messages,
      tools,
      tool_choice: req['tool_choice'],
      response_format: req['response_format'],
      max_tokens: req['max_tokens'],
      stop: req['stop'],
      reasoning_effort: req['reasoning_effort'],
    },
    {
      behaviour: instance.model.behaviour ?? 'normal',
      toolUse: instance.model.toolUse,
      vision: instance.model.vision,
      toolQuirk: instance.model.toolQuirk,
    },
  );
  const meta = { id: `chatcmpl-${ex.emu.newId()}`, created: ex.emu.created(), model: answeringModel(ex, instance, faults) };

  if (!stream) {
    if (faults.names.has('error-event')) {
      return ex.send(stringError(400, contextOverflowMessage(instance.contextLength + 1, instance.contextLength)));
    }
    if (faults.names.has('oversize-event')) {
      turn.content = [turn.content.join('') + 'x'.repeat(faults.oversizeBytes)];
    }
    return deliverBody(ex, chatCompletionBody(turn, meta), faults);
  }

  const streamOptions = req['stream_options'];
  const events = chatCompletionEvents(turn, meta, {
    includeUsage: isObject(streamOptions) && streamOptions['include_usage'] === true,
    toolFragments: faults.names.has('tool-call-tokens')
      ? 'token'
      : faults.names.has('tool-call-whole')
        ? 'whole'
        : (ex.emu.options.toolCallFragments ?? 'whole'),
  });
  const shaped = shapeStream(events, faults, contextOverflowMessage(instance.contextLength + 1, instance.contextLength));
  await deliverStream(ex, shaped.events, shaped.ending, shaped.drip, faults);
}

export const CHAT_ROUTES: Route[] = [{ method: 'POST', path: '/v1/chat/completions', handler: chat }];
