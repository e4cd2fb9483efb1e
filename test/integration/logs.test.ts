import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// Logs a pipeline can read: a production worker writes one JSON object per line — its own lines
// and the Temporal SDK's (worker state, activity failures, the Rust core's) alike — with no
// personal data, and stops cleanly on SIGTERM.

const ROOT = path.resolve(__dirname, '../..');

describe('the worker’s logs in production', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
    // Only the production worker of this test runs the task queue.
    await sys.stopWorker();
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a production worker carries a case, then every line it writes is JSON, the SDK’s lines included, none holds personal data, and SIGTERM stops it', async () => {
    const healthPort = 20_000 + Math.floor(Math.random() * 10_000);
    const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'worker/main.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        SUBJECT_KEY_SECRET: 'test-subject-key-secret-0123456789',
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        TASK_QUEUE: sys.taskQueue,
        AGENCY_ENDPOINTS: JSON.stringify(sys.endpoints),
        WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE,
        WORKER_HEALTH_PORT: String(healthPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => ((await fetch(`http://127.0.0.1:${healthPort}/healthz`).catch(() => undefined))?.ok ? true : undefined), 'the worker to run', 60_000);
      const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
      const { caseCode } = await sys.openCase(request, sys.keys.desk[OFFICE]);
      await sys.waitForCase(caseCode, ['COMPLETED']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const lines = out.split('\n').filter((l) => l.trim() !== '');
      const parsed = lines.map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return { notJson: l };
        }
      });
      expect(parsed.filter((p) => 'notJson' in p)).toEqual([]);
      expect(err.trim()).toBe('');
      expect(parsed.every((p) => typeof p.level === 'number' && typeof p.msg === 'string')).toBe(true);
      // The SDK's own lines come through the same logger.
      expect(parsed.some((p) => p.component === 'temporal')).toBe(true);
      expect(parsed.some((p) => p.msg === 'step dispatched' && p.caseCode === caseCode)).toBe(true);
      for (const secret of [request.applicant.fullName, request.applicant.personalId, request.applicant.phone, request.deceased.fullName, request.deceased.personalId]) {
        expect(out).not.toContain(secret);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});
