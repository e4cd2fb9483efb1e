import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../platform/codec';
import { generateKeyRing, KeyRing } from '../../platform/key-ring';
import { callCodec, jsonMetadata, payloadToJson } from '../helpers/codec-client';
import { metadataOf, payloadsOf, rawHistory } from '../helpers/raw-temporal';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// Keys rotate: a case started under key A goes on after the API and the worker restart with B as
// the current key and A kept; its old history still decodes, through the engine and the codec server.

describe('key rotation', () => {
  const ringA = generateKeyRing('rotation-a');
  const ringB = generateKeyRing('rotation-b');
  const rotated: KeyRing = { current: 'rotation-b', keys: { ...ringA.keys, ...ringB.keys } };
  let first: TestSystem | undefined;
  let second: TestSystem | undefined;
  let raw: Connection;

  beforeAll(async () => {
    raw = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await raw?.close();
  });

  test('When a case started under key A goes on after a restart with key B current and A kept, then it completes, its history holds both keys and all of it decodes', async () => {
    first = await startTestSystem({ mode: 'manual', keyRing: ringA });
    const { caseCode } = await first.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), first.keys.desk[OFFICE]);
    const done = await first.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { extractNumber: '3/2026', extractDate: todayInVietnam() } });
    expect(done.status).toBe(200);
    // The police step is handed over before the restart, so nothing is in flight when the first system stops.
    const sys = first;
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: { stepId: string }) => s.stepId === 'residence-deregistration').status === 'DISPATCHED' ? true : undefined), 'the police step dispatched');

    // Failures cross the server encoded: a refusal's message travels as an encrypted attribute; its type stays readable.
    const refusal = await raw.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: caseCode },
      waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
      request: {
        meta: { updateId: randomUUID(), identity: 'key-rotation test' },
        input: { name: 'completeStep', args: { payloads: [defaultPayloadConverter.toPayload({ stepId: 'residence-deregistration', agencyCode: 'CIVIL-BA-DINH', result: {} })] } },
      },
    });
    const failure = refusal.outcome?.failure;
    expect(failure?.applicationFailureInfo?.type).toBe('NOT_YOUR_STEP');
    expect(failure?.message).toBe('Encoded failure');
    expect(metadataOf(failure!.encodedAttributes!, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(failure!.encodedAttributes!.data!).toString('latin1')).not.toContain('assigned to another agency');

    const taskQueue = first.taskQueue;
    await first.stop();
    first = undefined;

    second = await startTestSystem({ mode: 'manual', keyRing: rotated, taskQueue });
    const police = await second.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } });
    expect(police.status).toBe(200);
    await second.waitForCase(caseCode, ['COMPLETED']);
    // The ledger says COMPLETED from inside the last workflow task; the whole history is there once the workflow closed.
    await second.client.workflow.getHandle(caseCode).result();

    const { payloads } = payloadsOf(await rawHistory(raw, caseCode));
    const keyIds = payloads.map((p) => metadataOf(p, KEY_ID_METADATA));
    expect(keyIds[0]).toBe('rotation-a'); // the start input, written before the restart
    expect(keyIds[keyIds.length - 1]).toBe('rotation-b'); // the result, written after it
    expect(new Set(keyIds)).toEqual(new Set(['rotation-a', 'rotation-b']));

    const decoded = await callCodec(second.apiUrl, 'decode', payloads.map(payloadToJson), { key: second.keys.operator });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toHaveLength(payloads.length);
    for (const p of decoded.body.payloads) expect(jsonMetadata(p, 'encoding')).not.toBe(ENCRYPTED_ENCODING);
    // Without A the old part could not be read: rotation keeps the old key until no history needs it.
    await expect(new EncryptionCodec(ringB).decode(payloads)).rejects.toThrow('unknown encryption key id "rotation-a"');
  });
});
