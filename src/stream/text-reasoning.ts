import type { ChatEvent } from '../domain/types.js';
import { TextBuffer } from './text-buffer.js';

/**
 * The answer text and the reasoning of one OpenAI-style turn (chat completions and Responses), with the one rule
 * they share: an answer's leading whitespace is held until real text decides (after reasoning it is dropped,
 * otherwise kept). One instance per accumulator; no allocation per delta beyond the event handed to `emit`.
 */
export class TextReasoning {
  readonly text = new TextBuffer();
  readonly reasoning = new TextBuffer();
  private sawReasoning = false;
  private textStarted = false;
  private heldWhitespace = '';

  /** `emit` receives text and reasoning events; `undefined` only accumulates. */
  constructor(public emit: ((event: ChatEvent) => void) | undefined) {}

  addReasoning(text: string): void {
    this.sawReasoning = true;
    this.reasoning.push(text);
    this.emit?.({ type: 'reasoning', delta: text });
  }

  addText(text: string): void {
    if (!this.textStarted) {
      // Answers after reasoning usually open with "\n" or "\n\n": hold leading whitespace until real text decides.
      if (text.trim() === '') {
        this.heldWhitespace += text;
        return;
      }
      this.textStarted = true;
      text = this.sawReasoning ? text.trimStart() : this.heldWhitespace + text;
      this.heldWhitespace = '';
    }
    this.text.push(text);
    this.emit?.({ type: 'text', delta: text });
  }

  /**
   * End of content. A whitespace-only answer with no reasoning and no tool call around it (`calledTools` false)
   * is still what the model said: it becomes the text; otherwise held whitespace is dropped.
   */
  finish(calledTools: boolean): void {
    if (!this.textStarted && this.heldWhitespace !== '' && !this.sawReasoning && !calledTools) {
      this.textStarted = true;
      this.text.push(this.heldWhitespace);
      this.emit?.({ type: 'text', delta: this.heldWhitespace });
    }
    this.heldWhitespace = '';
  }
}
