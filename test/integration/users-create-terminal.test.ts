import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPrismaClient } from '../../prisma/client';
import { createUser, verifyCredentials } from '../../prisma/users';
import { runInTerminal, type TerminalRun, type TerminalStep } from '../helpers/terminal';

// `npm run users:create` at a terminal with no password option asks for the password twice with
// the terminal's echo off, as passwd does: driven through a real pseudo-terminal, so what the test
// sees is what the operator's screen shows.

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(ROOT, 'scripts/create-user.ts');
const run = promisify(execFile);
/** The pseudo-terminal is Python's (python3 with its pty module: .ci/run needs python3 anyway). */
const HAS_PTY = spawnSync('python3', ['-c', 'import pty, termios'], { stdio: 'ignore' }).status === 0;

if (!HAS_PTY) {
  const why = 'no python3 with its pty module on PATH (the tests type into a pseudo-terminal it opens)';
  console.warn(`users:create terminal tests skipped: ${why}`);
  describe('users:create at a terminal', () => {
    test.skip(`When python3 is missing, then the terminal tests are skipped: ${why}`, () => undefined);
  });
} else {
  describe('users:create at a terminal', () => {
    const env = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL! };
    const db = createPrismaClient(process.env.TEST_DATABASE_URL!);
    const suffix = randomUUID().slice(0, 8);
    const exists = async (username: string) => (await db.user.findUnique({ where: { username } })) !== null;
    /** users:create for an operator with this username and no password option, typed into as the steps say. */
    const create = (username: string, steps: TerminalStep[], extra: string[] = []) =>
      runInTerminal([TSX, SCRIPT, '--username', username, '--name', 'Lê Thị Hoa', '--role', 'operator', ...extra], steps, { cwd: ROOT, env });
    const asked = (first: string, again?: string): TerminalStep[] => [
      { expect: 'Password: ', type: first },
      ...(again === undefined ? [] : [{ expect: 'Password (again): ', type: again }]),
    ];
    /**
     * The terminal as the command left it: echoing and line by line again. (Node also restores a
     * raw terminal when it exits, so this is the operator's outcome, not proof of close(): the unit
     * tests of hidden-prompt show close() gives the mode back.)
     */
    const restored = (r: TerminalRun) => expect(r.afterExit).toEqual({ echo: true, canonical: true });

    afterAll(async () => {
      await db.$disconnect();
    });

    test('When the same password is typed twice, then the user is created with it, and neither the typing nor the password ever shows', async () => {
      // The harness sees what a terminal echoes: a shell's plain `read` shows the typing.
      const echoed = await runInTerminal(['sh', '-c', 'printf "Password: "; read line'], asked('typed-in-the-clear\r'));
      expect(echoed).toMatchObject({ code: 0, echoAtSteps: [true], output: expect.stringContaining('typed-in-the-clear') });

      const password = 'Mật-khẩu đúng 1';
      // As npm runs it; typed with a slip mended by Backspace, the diacritics several bytes each.
      const r = await runInTerminal(
        ['npm', 'run', '-s', 'users:create', '--', '--username', `tty-${suffix}`, '--name', 'Lê Thị Hoa', '--role', 'operator'],
        asked(`${password}X\x7f\r`, `${password}\r`),
        { cwd: ROOT, env },
      );
      for (const part of ['Mật', 'khẩu', 'đúng']) expect(r.output).not.toContain(part);
      expect({ code: r.code, echoAtSteps: r.echoAtSteps }).toEqual({ code: 0, echoAtSteps: [false, false] });
      expect(r.output).toMatch(new RegExp(`^Password: \\r\\nPassword \\(again\\): \\r\\nuser id: {2}[0-9a-f-]{36}\\r\\nusername: tty-${suffix}\\r\\nrole: {5}operator\\r\\n$`));
      restored(r);
      expect(await verifyCredentials(db, `tty-${suffix}`, password)).toMatchObject({ username: `tty-${suffix}`, fullName: 'Lê Thị Hoa', role: 'operator' });
    }, 120_000);

    test('When a password is typed before the prompt appears (while the command starts, echoed by the terminal), then it is thrown away and the prompt waits for one typed at it', async () => {
      const early = 'typed too early 1';
      const password = 'typed at the prompt 1';
      const r = await create(`tty-early-${suffix}`, [{ expect: '', type: `${early}\r` }, ...asked(`${password}\r`, `${password}\r`)]);
      expect({ code: r.code, stepsDone: r.stepsDone }).toEqual({ code: 0, stepsDone: 3 });
      expect(await verifyCredentials(db, `tty-early-${suffix}`, early)).toBeUndefined();
      expect(await verifyCredentials(db, `tty-early-${suffix}`, password)).toMatchObject({ username: `tty-early-${suffix}` });
    }, 120_000);

    test('When the two entries differ, then it exits 2 in one line showing neither, and creates nothing', async () => {
      const r = await create(`tty-differ-${suffix}`, asked('first entry 123\r', 'second entry 456\r'));
      expect(r).toMatchObject({ code: 2, echoAtSteps: [false, false] });
      expect(r.output).toBe('Password: \r\nPassword (again): \r\nusers:create: the two passwords typed differ; no user created\r\n');
      restored(r);
      expect(await exists(`tty-differ-${suffix}`)).toBe(false);
    }, 120_000);

    test('When nothing is typed, or Ctrl-C, or Ctrl-D, or a password the rules refuse, then it stops at once with the echo back on, no stack trace, nothing created', async () => {
      const username = `tty-abort-${suffix}`;
      for (const [steps, code, said] of [
        [asked('\r'), 2, 'users:create: no password typed; no user created'],
        [asked('half a passw\x03'), 130, 'users:create: interrupted; no user created'],
        [asked('correct horse 1\r', 'correct\x03'), 130, 'users:create: interrupted; no user created'],
        [asked('correct horse 1\r', '\x04'), 2, 'users:create: no password typed (end of input); no user created'],
        // The rules are the same as for --password, and judged before the entry is asked for again.
        [asked('tiny-pass\r'), 2, 'users:create: the password typed: must have at least 10 characters; no user created'],
        [asked('tab\there-and-more\r'), 2, 'users:create: the password typed: must be a single line (no tab or line break); no user created'],
      ] as const) {
        const r = await create(username, [...steps]);
        const prompts = steps.map((s) => `${s.expect}\r\n`).join('');
        expect({ code: r.code, output: r.output, echoAtSteps: r.echoAtSteps }).toEqual({ code, output: `${prompts}${said}\r\n`, echoAtSteps: steps.map(() => false) });
        restored(r);
      }
      expect(await exists(username)).toBe(false);
    }, 180_000);

    test('When the password cannot be asked for, then the refusal says how to give it: no terminal (a pipe), --password-stdin at a terminal, another argument wrong', async () => {
      // As before the prompt came, but saying how to give one (and naming every other bad argument, as ever).
      for (const [role, also] of [['operator', ''], ['desk', '\n  --office: a desk officer needs --office, one of ']] as const) {
        const piped = run(TSX, [SCRIPT, '--username', `tty-pipe-${suffix}`, '--name', 'Lê Thị Hoa', '--role', role], { env, cwd: ROOT });
        piped.child.stdin!.end('correct horse 1\n');
        const refused = (await piped.catch((e: { code: number; stdout: string; stderr: string }) => e)) as { code: number; stdout: string; stderr: string };
        expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
        expect(refused.stderr).toMatch(/^users:create: --password: none given: pipe it in with --password-stdin, or run users:create at a terminal to be asked for it with the input hidden/);
        expect(refused.stderr.split('\n').length).toBe(role === 'desk' ? 3 : 2);
        expect(refused.stderr).toContain(`hidden${also}`);
      }
      // --password-stdin means a pipe: at a terminal it is refused at once, pointing to the prompt.
      const stdinAtTerminal = await create(`tty-pipe-${suffix}`, [], ['--password-stdin']);
      expect(stdinAtTerminal).toMatchObject({
        code: 2,
        output: `users:create: --password-stdin reads a password piped in (e.g. printf '%s\\n' "$PASSWORD" | npm run users:create -- …); at a terminal, leave it out to be asked for the password with the input hidden\r\n`,
      });
      // Every other argument is checked before the password is asked for.
      const badRole = await runInTerminal([TSX, SCRIPT, '--username', `tty-pipe-${suffix}`, '--name', 'Lê Thị Hoa', '--role', 'desk'], [], { cwd: ROOT, env });
      expect(badRole).toMatchObject({ code: 2, output: expect.stringMatching(/^users:create: --office: a desk officer needs --office, one of .*\r\n$/) });
      expect(badRole.output).not.toContain('Password');
      expect(await exists(`tty-pipe-${suffix}`)).toBe(false);
      // A taken username is said before the password is asked for (exit 3, as when it is taken at the last moment).
      await createUser(db, { username: `tty-taken-${suffix}`, password: 'long enough 123', fullName: 'Lê Thị Hoa', role: 'operator' });
      const taken = await create(`TTY-taken-${suffix}`, []);
      expect(taken).toMatchObject({ code: 3, output: `users:create: --username: tty-taken-${suffix} is taken\r\n` });
    }, 120_000);
  });
}
