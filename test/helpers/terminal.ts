import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// A command run on a real pseudo-terminal (Python's pty module: no native npm module), typed into
// as an operator would: what a terminal shows, echo included, is what the test sees.

export interface TerminalStep {
  /** Text to wait for in the terminal's output (after the previous step's). */
  expect: string;
  /** What to type then, one character at a time (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D, `\x7f` Backspace). */
  type: string;
}

export interface TerminalRun {
  /** Everything the terminal showed: the command's stdout and stderr, and whatever it echoed of the typing. */
  output: string;
  /** The command's exit code (negative: killed by that signal). */
  code: number | null;
  /** For each step reached: whether the terminal was echoing input when its text appeared. */
  echoAtSteps: boolean[];
  /** The terminal's modes once the command had ended. */
  afterExit: { echo?: boolean; canonical?: boolean };
  stepsDone: number;
  timedOut: boolean;
}

const run = promisify(execFile);

export async function runInTerminal(command: string[], steps: TerminalStep[], o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutSeconds?: number } = {}): Promise<TerminalRun> {
  const spec = JSON.stringify({ command, cwd: o.cwd, steps, timeout: o.timeoutSeconds ?? 60 });
  const { stdout } = await run('python3', [path.join(__dirname, 'terminal.py'), spec], { env: o.env ?? process.env, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as TerminalRun;
}
