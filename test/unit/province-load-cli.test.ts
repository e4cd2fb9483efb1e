import { spawnSync } from 'node:child_process';
import path from 'node:path';

// `npm run province:load -- [DIR] [--check]` as an operator types it (--check needs no database).

const ROOT = path.resolve(__dirname, '../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/province-load.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROVINCE_DATA_DIR: '' } });

describe('province:load on the command line', () => {
  test('When the command line is wrong, then it says so in one line with exit 2; --check on the sample passes; --help shows the usage', () => {
    expect(run('--check')).toMatchObject({ status: 0, stdout: expect.stringMatching(/ha-noi-sample: 4 office\(s\), .*: valid\n$/) });
    expect(run('README.md', '--check')).toMatchObject({ status: 2, stderr: 'province:load: README.md is not a directory (it holds offices.csv, agencies.csv and services.csv)\n' });
    expect(run('province-data/ha-noi-sample', 'other', '--check')).toMatchObject({ status: 2, stderr: 'province:load: give one directory (or none: PROVINCE_DATA_DIR, else the shipped sample)\n' });
    expect(run('--chek')).toMatchObject({ status: 2, stderr: "province:load: Unknown option '--chek' (--help shows how to use it)\n" });
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: npm run province:load -- \[DIR\] \[--check\]/) });
  }, 60_000);
});
