import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { testDataConverter } from '../helpers/keys';

// Histories recorded from released versions of the case workflow. Every change to the workflow
// must still replay them (use patched() or a new workflow version otherwise); add a history for
// each new behaviour released. They were recorded in plaintext, before payloads were encrypted:
// they replay through the engine's data converter, which passes such payloads through.
const dir = path.join(__dirname, '../fixtures/histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('committed workflow histories replay against the current code', () => {
  test('When the fixtures are listed, then there are histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    // Every released behaviour of caseWorkflow: before the legal clock (v1), with it (v2, patch marker
    // "legal-clock"), with the two doors (v3, patch marker "two-doors"); and the linkedCase workflow
    // before (v4) and since (v5) patch "reassign-stale-delivery".
    for (const v of ['case-v1-', 'case-v2-', 'case-v3-two-doors-', 'case-v4-linked-', 'case-v5-linked-']) expect(files.some((f) => f.startsWith(v))).toBe(true);
  });

  test.each(files)('When %s is replayed, then no nondeterminism is found', async (file) => {
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! }, dataConverter: testDataConverter() }, history, file)).resolves.toBeUndefined();
  });
});
