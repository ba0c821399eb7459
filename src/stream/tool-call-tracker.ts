import type { components } from '../../generated/lmstudio.js';
import type { ChatEvent, ToolCall } from '../domain/types.js';
import { argumentsText, finishToolCall } from './parse-tool-arguments.js';

type Fragment = components['schemas']['ToolCallFragment'];
type Emit = ((event: ChatEvent) => void) | undefined;

interface Slot {
  index: number;
  id: string;
  name: string;
  parts: string[];
  started: boolean;
  recovered: boolean;
  /** Set when the arguments could not be taken at all (see `argumentsText`). */
  error?: string;
}

/**
 * Correlates streamed tool-call fragments into calls. Each rule is a real server's behaviour:
 * - fragments are matched by `index`; without one, by `id`; without either, to the latest call
 *   (servers that omit `index` on continuation fragments);
 * - the first fragment brings `id` and `name`; continuations may repeat `type`, carry `name: ""` (LM Studio
 *   0.3.16) and no `id`, so a known name is never overwritten and a missing id is generated, stable and non-empty;
 * - arguments are kept as parts and parsed once at the end: partial JSON that happens to parse (`{"a":1}` before
 *   `,"b":2}` arrives) must not finish a call early.
 */
export class ToolCallTracker {
  private slots: Slot[] = [];
  private byIndex = new Map<number, Slot>();
  private finished: ToolCall[] | undefined;

  constructor(private readonly idPrefix: () => string) {}

  get size(): number {
    return this.slots.length;
  }

  push(fragment: Fragment, emit: Emit): void {
    if (this.finished) return;
    const fn = fragment.function;
    const name = typeof fn?.name === 'string' ? fn.name : '';
    const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
    let slot = this.find(fragment.index, id);
    if (!slot) {
      const index = typeof fragment.index === 'number' ? fragment.index : this.nextIndex();
      slot = { index, id: id ?? this.generatedId(index), name, parts: [], started: false, recovered: false };
      this.slots.push(slot);
      this.byIndex.set(index, slot);
    } else if (name !== '' && slot.name === '') {
      slot.name = name;
    }
    if (!slot.started && slot.name !== '') this.start(slot, emit);
    let args: unknown = fn?.arguments;
    if (typeof args === 'object' && args !== null) {
      // Arguments as a JSON value instead of its text: the value is the input, its JSON text the arguments.
      const taken = argumentsText(args);
      if (taken.error !== undefined) slot.error = taken.error;
      args = taken.text;
    }
    if (typeof args === 'string' && args !== '') {
      slot.parts.push(args);
      if (slot.started && emit) emit({ type: 'tool-call-delta', index: slot.index, argumentsDelta: args });
    }
  }

  /** True when some call came as a native fragment (not recovered from text). */
  get hasNative(): boolean {
    return this.slots.some((slot) => !slot.recovered);
  }

  get hasRecovered(): boolean {
    return this.slots.some((slot) => slot.recovered);
  }

  /** Calls recovered from text in `content`: complete on arrival, finalised with the others. */
  addRecovered(calls: readonly { name: string; arguments: string; error?: string }[], emit: Emit): void {
    if (this.finished) return;
    for (const call of calls) {
      const index = this.nextIndex();
      const slot: Slot = { index, id: this.generatedId(index), name: call.name, parts: [call.arguments], started: false, recovered: true };
      if (call.error !== undefined) slot.error = call.error;
      this.slots.push(slot);
      this.byIndex.set(index, slot);
      this.start(slot, emit);
    }
  }

  /** Finalises every call (at a finish reason, `[DONE]` or the end of the body); later calls return the same list. */
  finish(emit: Emit): ToolCall[] {
    if (this.finished) return this.finished;
    const ordered = [...this.slots].sort((a, b) => a.index - b.index);
    this.finished = ordered.map((slot) => {
      if (!slot.started) this.start(slot, emit);
      const call = finishToolCall(slot.id, slot.name, slot.parts.join(''), slot.recovered, slot.error);
      if (emit) emit({ type: 'tool-call-end', index: slot.index, toolCall: call });
      return call;
    });
    return this.finished;
  }

  /** The calls so far without finishing them (for `partial` on an error). */
  snapshot(): ToolCall[] {
    if (this.finished) return this.finished;
    return [...this.slots]
      .sort((a, b) => a.index - b.index)
      .map((slot) => finishToolCall(slot.id, slot.name, slot.parts.join(''), slot.recovered, slot.error));
  }

  private find(index: number | undefined, id: string | undefined): Slot | undefined {
    if (typeof index === 'number') return this.byIndex.get(index);
    if (id !== undefined) return this.slots.find((slot) => slot.id === id);
    return this.slots[this.slots.length - 1];
  }

  private generatedId(index: number): string {
    return `call_${this.idPrefix()}${index}`;
  }

  private nextIndex(): number {
    let next = 0;
    for (const slot of this.slots) next = Math.max(next, slot.index + 1);
    return next;
  }

  private start(slot: Slot, emit: Emit): void {
    slot.started = true;
    if (!emit) return;
    emit({ type: 'tool-call-start', index: slot.index, id: slot.id, name: slot.name });
    // Arguments that arrived before the name are released right after the start.
    if (slot.parts.length > 0) emit({ type: 'tool-call-delta', index: slot.index, argumentsDelta: slot.parts.join('') });
  }
}
