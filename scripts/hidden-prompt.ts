import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Why a prompt got no line: Ctrl-C (`interrupted`), or Ctrl-D or the terminal's input ending (`ended`). */
export class PromptAborted extends Error {
  constructor(readonly reason: 'interrupted' | 'ended') {
    super(reason === 'interrupted' ? 'interrupted (Ctrl-C)' : 'no input (Ctrl-D or end of input)');
  }
}

/** A terminal's input, as Node's `tty.ReadStream` (process.stdin at a terminal) is one. */
export interface TerminalInput extends Readable {
  readonly isRaw?: boolean;
  setRawMode(raw: boolean): unknown;
}

export interface HiddenPrompt {
  /**
   * Writes the prompt and reads one line that the terminal does not show; resolves with it
   * (possibly empty), rejects with PromptAborted on Ctrl-C, Ctrl-D or the end of the input.
   * Everything typed after the line (typed ahead, or pasted in one go) waits for the next ask.
   */
  ask(prompt: string): Promise<string>;
  /** Gives the terminal back as it was (its echo on) and stops reading; call it in a `finally`. */
  close(): void;
}

const ENTER = new Set(['\r', '\n']);
const ERASE = new Set(['\x7f', '\b']); // Backspace (DEL or Ctrl-H)
const KILL_LINE = '\x15'; // Ctrl-U
const INTERRUPT = '\x03'; // Ctrl-C
const END_OF_INPUT = '\x04'; // Ctrl-D

/**
 * Lines typed at a terminal without their echo, as `passwd` and psql read a password. The terminal
 * is in raw mode from here to close() (no echo, no line editing: Backspace and Ctrl-U are handled
 * here; Ctrl-C and Ctrl-D arrive as characters and end the prompt instead of signalling the
 * process), so nothing typed shows even between two prompts. Any other character is part of the
 * line, control characters included (the caller's rules judge them).
 */
export function hiddenPrompt(input: TerminalInput, output: Writable, o: { discardTypedBeforeMs?: number } = {}): HiddenPrompt {
  const wasRaw = input.isRaw ?? false;
  // What was typed before the first prompt (while the command started, echoed by the terminal) is
  // thrown away, as passwd's TCSAFLUSH does: it arrives within moments of raw mode, and a password
  // shown on the screen must not be taken silently. Node has no tcflush, so a short window stands in.
  const discardMs = o.discardTypedBeforeMs ?? 100;
  let discarding = discardMs > 0;
  const discarded = discarding ? new Promise<void>((resolve) => setTimeout(() => {
    discarding = false;
    resolve();
  }, discardMs)) : Promise.resolve();
  const decoder = new StringDecoder('utf8');
  const received: string[] = []; // code points not yet taken by a prompt
  let line: string[] = [];
  let afterCarriageReturn = false; // a CR LF pasted ends one line, not two
  let inputEnded = false;
  let failure: Error | undefined; // every ask after an abort or a read error fails the same way
  let waiting: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;

  const fail = (err: Error): void => {
    failure = err;
    output.write('\n'); // the cursor was on the prompt's line
    const w = waiting;
    waiting = undefined;
    w?.reject(err);
  };
  const take = (): void => {
    while (waiting) {
      const ch = received.shift();
      if (ch === undefined) {
        if (inputEnded) fail(new PromptAborted('ended'));
        return;
      }
      if (ch === '\n' && afterCarriageReturn) {
        afterCarriageReturn = false;
        continue;
      }
      afterCarriageReturn = ch === '\r';
      if (ENTER.has(ch)) {
        const w = waiting;
        waiting = undefined;
        const typed = line.join('');
        line = [];
        output.write('\n');
        w.resolve(typed);
      } else if (ch === INTERRUPT) fail(new PromptAborted('interrupted'));
      else if (ch === END_OF_INPUT) fail(new PromptAborted('ended'));
      else if (ERASE.has(ch)) line.pop();
      else if (ch === KILL_LINE) line = [];
      else line.push(ch);
    }
  };
  const receive = (text: string): void => {
    for (const ch of text) received.push(ch);
  };
  const onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (discarding) return;
    receive(text);
    take();
  };
  const onEnd = (): void => {
    receive(decoder.end());
    inputEnded = true;
    take();
  };
  const onError = (err: Error): void => {
    if (waiting) fail(err);
    else failure ??= err;
  };

  input.setRawMode(true);
  input.on('data', onData);
  input.once('end', onEnd);
  input.on('error', onError);
  input.resume();

  let closed = false;
  return {
    ask(prompt) {
      if (closed) return Promise.reject(new Error('the prompt is closed'));
      return discarded.then(() => {
        if (closed) throw new PromptAborted('ended'); // closed while the first prompt waited to be shown
        if (failure) throw failure;
        if (waiting) throw new Error('a prompt is already waiting for a line');
        output.write(prompt);
        return new Promise<string>((resolve, reject) => {
          waiting = { resolve, reject };
          take();
        });
      });
    },
    close() {
      if (closed) return;
      closed = true;
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      input.setRawMode(wasRaw);
      const w = waiting;
      waiting = undefined;
      w?.reject(new PromptAborted('ended'));
    },
  };
}
