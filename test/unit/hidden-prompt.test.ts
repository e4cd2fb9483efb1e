import { PassThrough } from 'node:stream';
import { hiddenPrompt, PromptAborted } from '../../scripts/hidden-prompt';

// The hidden prompt's line handling, on a stand-in terminal: what is typed never reaches the
// output, the terminal's raw mode is set while it reads and given back after, and every way out
// (Enter, Ctrl-C, Ctrl-D, the input ending) settles the prompt.

function terminal(raw = false) {
  const modes: boolean[] = [];
  const input = Object.assign(new PassThrough(), {
    isRaw: raw,
    setRawMode(on: boolean) {
      modes.push(on);
      input.isRaw = on;
      return input;
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString('utf8')));
  return { input, output, modes, shown: () => shown };
}

describe('hidden prompt', () => {
  test('When a line is typed with corrections, then the prompt reads it as corrected and shows only the prompts and line breaks', async () => {
    const t = terminal();
    const prompt = hiddenPrompt(t.input, t.output, { discardTypedBeforeMs: 0 });
    expect(t.modes).toEqual([true]);
    const first = prompt.ask('Password: ');
    // Backspace (DEL and Ctrl-H) removes one character, even one of several bytes; Ctrl-U the whole line.
    t.input.write('wrong\x15Mật');
    t.input.write(Buffer.from('khẩu').subarray(0, 3)); // "kh" and the first byte of "ẩ"
    t.input.write(Buffer.from('khẩu').subarray(3));
    t.input.write('X\x7fY\bZ\b đúng\r');
    expect(await first).toBe('Mậtkhẩu đúng');
    // Typed ahead (or pasted in one go, CR LF included): the next ask takes it, the LF is no empty line.
    t.input.write('again 1\r\nagain 2\n');
    expect(await prompt.ask('Password (again): ')).toBe('again 1');
    expect(await prompt.ask('Third: ')).toBe('again 2');
    // Any other character is the line's: its rules judge it.
    t.input.write('a\tb\x1b[D\r');
    expect(await prompt.ask('Fourth: ')).toBe('a\tb\x1b[D');
    t.input.write('\r');
    expect(await prompt.ask('Fifth: ')).toBe('');
    prompt.close();
    prompt.close();
    expect(t.modes).toEqual([true, false]);
    expect(t.shown()).toBe('Password: \nPassword (again): \nThird: \nFourth: \nFifth: \n');
  });

  test('When Ctrl-C, Ctrl-D or the end of the input comes, then the prompt is aborted (the line ended on the terminal) and every later ask too', async () => {
    for (const [typed, reason] of [['secret\x03', 'interrupted'], ['secret\x04', 'ended'], [undefined, 'ended']] as const) {
      const t = terminal();
      const prompt = hiddenPrompt(t.input, t.output, { discardTypedBeforeMs: 0 });
      const asked = prompt.ask('Password: ');
      if (typed) t.input.write(typed);
      else t.input.end('secret');
      await expect(asked).rejects.toEqual(new PromptAborted(reason));
      await expect(asked).rejects.toMatchObject({ reason });
      await expect(prompt.ask('Again: ')).rejects.toMatchObject({ reason });
      prompt.close();
      expect({ modes: t.modes, shown: t.shown() }).toEqual({ modes: [true, false], shown: 'Password: \n' });
    }
  });

  test('When the terminal was raw already, then closing leaves it raw; a prompt closed while waiting is aborted', async () => {
    const t = terminal(true);
    const prompt = hiddenPrompt(t.input, t.output, { discardTypedBeforeMs: 0 });
    const asked = prompt.ask('Password: ');
    prompt.close();
    await expect(asked).rejects.toMatchObject({ reason: 'ended' });
    expect(t.modes).toEqual([true, true]);
    await expect(prompt.ask('Again: ')).rejects.toThrow('the prompt is closed');
  });

  test('When something was typed before the first prompt (shown by the terminal while the command started), then it is thrown away, not taken as the password', async () => {
    const t = terminal();
    const prompt = hiddenPrompt(t.input, t.output, { discardTypedBeforeMs: 30 });
    t.input.write('typed too early\r');
    const asked = prompt.ask('Password: ');
    // The prompt is shown only once the early input is gone.
    expect(t.shown()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(t.shown()).toBe('Password: ');
    t.input.write('typed at the prompt\r');
    expect(await asked).toBe('typed at the prompt');
    prompt.close();
  });
});
