import { Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../platform/codec';
import { testKeyRing } from '../helpers/keys';
import { metadataOf, payloadsOf, payloadText, rawDescribe, rawHistory, SDK_MARKER_FIELDS, uniqueId } from '../helpers/raw-temporal';
import { birthRequest, deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// What Temporal stores, read without the keys: every payload is AES-GCM ciphertext under the run's
// current key, and no personal data is readable anywhere in a case's history or description.

describe('payloads in Temporal are encrypted', () => {
  let sys: TestSystem;
  let raw: Connection;
  const ring = testKeyRing();

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
    raw = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  });
  afterAll(async () => {
    await raw?.close();
    await sys?.stop();
  });

  /** Asserts no secret is readable in the workflow's history or description: in any payload's bytes, or in their JSON. */
  async function expectNothingReadable(workflowId: string, secrets: string[]): Promise<void> {
    const history = await rawHistory(raw, workflowId);
    const described = await rawDescribe(raw, workflowId);
    const { payloads, searchAttributes, sdkMarkers } = payloadsOf({ history, described });
    expect(payloads.length).toBeGreaterThanOrEqual(10);
    for (const p of payloads) {
      expect(metadataOf(p, 'encoding')).toBe(ENCRYPTED_ENCODING);
      expect(metadataOf(p, KEY_ID_METADATA)).toBe(ring.current);
    }
    expect(searchAttributes.length).toBeGreaterThan(0);
    // The SDK's patch and local-activity markers keep their own bookkeeping readable, and nothing else.
    expect(sdkMarkers.length).toBeGreaterThan(0);
    for (const p of sdkMarkers) for (const field of Object.keys(JSON.parse(Buffer.from(p.data!).toString('utf8')))) expect(SDK_MARKER_FIELDS).toContain(field);
    const everything = [...payloads, ...searchAttributes, ...sdkMarkers].map(payloadText).join('\n') + historyToJSON(history as never) + JSON.stringify(described);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  }

  test('When a death case and a birth case complete, then their raw histories and descriptions hold no name, personal ID, phone, address, new child ID or card number', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const death = deathRequest();
    const birth = birthRequest();
    const deathCase = await sys.openCase(death, desk);
    const birthCase = await sys.openCase(birth, desk);
    await sys.waitForCase(deathCase.caseCode, ['COMPLETED']);
    await sys.waitForCase(birthCase.caseCode, ['COMPLETED']);
    // The ledger says COMPLETED from inside the last workflow task; the whole history is there once the workflows closed.
    for (const code of [deathCase.caseCode, birthCase.caseCode]) await sys.client.workflow.getHandle(code).result();

    // The results agencies sent, as the receiving desk sees them in the ledger.
    const asDesk = await sys.getCase(birthCase.caseCode, desk);
    const childId = asDesk.steps.find((s: any) => s.stepId === 'birth-registration').result.personalId as string;
    const cardNumber = asDesk.steps.find((s: any) => s.stepId === 'health-insurance-card').result.cardNumber as string;
    expect(childId).toMatch(/^\d{12}$/);
    expect(cardNumber.length).toBeGreaterThanOrEqual(10);

    const people = [death.applicant, death.deceased, birth.applicant, birth.child, birth.child.mother] as Record<string, unknown>[];
    const secrets = people.flatMap((p) => ['fullName', 'personalId', 'phone', 'address', 'residenceAddress', 'placeOfDeath', 'placeOfBirth'].map((k) => p[k]).filter((v): v is string => typeof v === 'string'));
    expect(secrets.length).toBeGreaterThanOrEqual(15);
    await expectNothingReadable(deathCase.caseCode, secrets);
    await expectNothingReadable(birthCase.caseCode, [...secrets, childId, cardNumber]);
  });

  test('When a workflow is started with a memo and a summary and details, then the server stores them encrypted too', async () => {
    const secret = 'Nguyễn Thị Memo 0901234567';
    const workflowId = uniqueId('memo-check');
    // Nobody polls this queue: the start alone is what the server keeps.
    const handle = await sys.client.workflow.start('caseWorkflow', {
      workflowId,
      taskQueue: uniqueId('nobody-polls'),
      args: [{ note: secret }],
      memo: { note: secret },
      staticSummary: secret,
      staticDetails: secret,
    });
    try {
      const described = await rawDescribe(raw, workflowId);
      const memo = described.workflowExecutionInfo?.memo?.fields?.note;
      const summary = described.executionConfig?.userMetadata?.summary;
      const details = described.executionConfig?.userMetadata?.details;
      for (const p of [memo, summary, details]) {
        expect(p).toBeDefined();
        expect(metadataOf(p!, 'encoding')).toBe(ENCRYPTED_ENCODING);
      }
      const history = await rawHistory(raw, workflowId);
      const { payloads } = payloadsOf({ history, described });
      expect(payloads.length).toBeGreaterThanOrEqual(4);
      for (const p of payloads) expect(metadataOf(p, 'encoding')).toBe(ENCRYPTED_ENCODING);
      expect(payloads.map(payloadText).join('\n') + JSON.stringify(described) + historyToJSON(history as never)).not.toContain('0901234567');
      // Through the engine's own client everything reads back.
      expect((await handle.describe()).memo).toEqual({ note: secret });
      expect(await (await handle.describe()).staticSummary()).toBe(secret);
    } finally {
      await handle.terminate('test over');
    }
  });
});
