import { createHmac } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { sendAction } from '../../api/actions';
import { requestHash } from '../../api/request-hash';
import { completeStepUpdate } from '../../workflows/messages';
import { birthRequest, deathRequest, OFFICE, OTHER_OFFICE, receiptDay } from '../helpers/requests';
import { CaseRequestBody, startTestSystem, SUBJECT_KEY_SECRET, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

// The two doors under retries: a receipt retried concurrently, an agency retrying an answer the
// engine already applied (before and after the case closed, even after the workflow's history is
// gone), a key reused with another body, and the one-open-case rule under other spellings.

/** The extract, dated the day the case was received (never before it, never after today; the same on a retry). */
const extract = (caseCode: string) => ({ extractNumber: '12/2026', extractDate: receiptDay(caseCode), registerBook: 'KT-01' });

describe('retries at the two doors', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const agency = (code: string) => sys.keys.agencies[code]!;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const answer = (caseCode: string, stepId: string, action: string, agencyCode: string, body: unknown, key: string) =>
    sys.call('POST', `/v1/cases/${caseCode}/steps/${stepId}/${action}`, { key: agency(agencyCode), body, headers: { 'Idempotency-Key': key } });

  test('When 60 concurrent retries of one receipt arrive (same key, same body), then every one gets the same case and one case is stored', async () => {
    const body = deathRequest();
    const key = `receipt-burst-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 60 }, () => sys.call('POST', '/v1/cases', { key: desk(), body, headers: { 'Idempotency-Key': key } })));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(201));
    const codes = new Set(answers.map((a) => a.body.caseCode));
    expect(codes.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(59);
    const stored = await sys.db.case.count({ where: { openSubjectKey: { not: null }, code: { in: [...codes] } } });
    expect(stored).toBe(1);
  });

  test('When a receipt is retried with a difference validation trims away, then it is the same request; with a real difference, 422', async () => {
    const body = deathRequest();
    const key = `receipt-trim-${Date.now()}`;
    const first = await sys.call('POST', '/v1/cases', { key: desk(), body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    const spaced = { ...body, applicant: { ...body.applicant, fullName: `  ${body.applicant.fullName}  `, address: body.applicant.address.replace(' ', '   ') } };
    const again = await sys.call('POST', '/v1/cases', { key: desk(), body: spaced, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(201);
    expect(again.body.caseCode).toBe(first.body.caseCode);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, channel: 'postal' }, headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ path: 'Idempotency-Key', message: 'already used with another request body' }]);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('When an agency retries an applied answer, then it gets the original 200 and result before and after the case closed, and from the ledger once the history is gone; the key with another body is 422; each action is recorded once', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const key = `${caseCode}:death-registration:complete`;
    const first = await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: extract(caseCode) }, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stepId: 'death-registration', status: 'COMPLETED', caseStatus: 'IN_PROGRESS' });
    // The reply was lost; the agency retries while the case runs.
    const retry = await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: extract(caseCode) }, key);
    expect(retry).toMatchObject({ status: 200, body: first.body });
    // The same key with another body is a mistake, not a retry.
    const changed = await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { ...extract(caseCode), extractNumber: '13/2026' } }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'residence-deregistration')?.status === 'DISPATCHED' ? true : undefined), 'police dispatch');
    const policeKey = `${caseCode}:residence-deregistration:complete`;
    const police = await answer(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } }, policeKey);
    expect(police.status).toBe(200);
    await sys.waitForCase(caseCode, ['COMPLETED']);

    // After the case closed: both retries get their original answers.
    expect(await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: extract(caseCode) }, key)).toMatchObject({ status: 200, body: first.body });
    expect(await answer(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } }, policeKey)).toMatchObject({ status: 200, body: police.body });
    const closedChanged = await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { ...extract(caseCode), extractNumber: '14/2026' } }, key);
    expect(closedChanged.status).toBe(422);
    // A new action on a closed case is refused as such.
    const late = await answer(caseCode, 'residence-deregistration', 'reject', 'POLICE-BA-DINH', { reasonCode: 'LATE', reason: 'Hồ sơ đến muộn' }, `${caseCode}:late`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CASE_CLOSED');

    // Once the workflow's history is gone (retention), the ledger answers the retry: the same call
    // as the route makes, with a Temporal that no longer knows the workflow.
    const gone = {
      connection: { withDeadline: <T>(_d: number, fn: () => Promise<T>) => fn() },
      workflow: { getHandle: () => ({ executeUpdate: async () => Promise.reject(new WorkflowNotFoundError('workflow not found', caseCode, undefined)) }) },
    } as unknown as Client;
    const retryAfterRetention = (body: unknown) =>
      sendAction({ db: sys.db, temporal: gone }, { caseCode, action: 'complete', stepId: 'death-registration', update: completeStepUpdate, args: { stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', result: extract(caseCode) }, body, idempotencyKey: key, principal: { keyId: 'k', role: 'agency', agencyCode: 'CIVIL-BA-DINH' } });
    await expect(retryAfterRetention({ result: extract(caseCode) })).resolves.toEqual(first.body);
    await expect(retryAfterRetention({ result: { ...extract(caseCode), extractNumber: '15/2026' } })).rejects.toMatchObject({ status: 422, extra: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    // Recorded once: one COMPLETED event per step, one action per key.
    const detail = await sys.getCase(caseCode);
    expect(detail.timeline.filter((e: any) => e.type === 'COMPLETED').map((e: any) => e.stepId).sort()).toEqual(['death-registration', 'residence-deregistration']);
    expect(await sys.db.caseAction.count({ where: { caseCode } })).toBe(2);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-retried-answers.json');
  });

  test('When another party sends an Idempotency-Key someone else used, then it is judged as without a key (403/404), before and after the case closed — never the first answer', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const key = `${caseCode}:shared-key`;
    expect((await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: extract(caseCode) }, key)).status).toBe(200);
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'residence-deregistration')?.status === 'DISPATCHED' ? true : undefined), 'police dispatch');
    const replays = async () => ({
      // The police have a step in this case: they see it, but the civil-status step is not theirs.
      police: (await answer(caseCode, 'death-registration', 'complete', 'POLICE-BA-DINH', { result: extract(caseCode) }, key)).status,
      // Another civil-status office has nothing here: for it the case does not exist.
      otherCivil: (await answer(caseCode, 'death-registration', 'complete', 'CIVIL-HOAN-KIEM', { result: extract(caseCode) }, key)).status,
    });
    expect(await replays()).toEqual({ police: 403, otherCivil: 404 });

    // A desk's withdrawal key, replayed by another office's desk.
    const other = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    const withdrawKey = `${other.caseCode}:withdraw`;
    const withdrawal = { reason: 'Gia đình rút hồ sơ' };
    expect((await sys.call('POST', `/v1/cases/${other.caseCode}/withdraw`, { key: desk(), body: withdrawal, headers: { 'Idempotency-Key': withdrawKey } })).status).toBe(200);
    const otherDesk = await sys.call('POST', `/v1/cases/${other.caseCode}/withdraw`, { key: sys.keys.desk[OTHER_OFFICE]!, body: withdrawal, headers: { 'Idempotency-Key': withdrawKey } });
    expect(otherDesk.status).toBe(404);
    expect(JSON.stringify(otherDesk.body)).not.toContain('WITHDRAWN');

    expect((await answer(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } }, `${caseCode}:police`)).status).toBe(200);
    await sys.waitForCase(caseCode, ['COMPLETED']);
    // After the close the ledger answers: still not the first answer to anyone else.
    const after = await replays();
    expect(after.otherCivil).toBe(404);
    expect(after.police).toBe(409);
  });

  test('When an agency retries an answer recorded before keys were scoped by party (under the key as sent), then it still gets the original answer, before and after the close; another agency does not', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
    // The answer as the API sent it before: the key unscoped, in the Update's identity and id.
    const key = `${caseCode}:before-scoping`;
    const body = { result: extract(caseCode) };
    const hash = requestHash({ action: 'complete', stepId: 'death-registration', body });
    const first = await sys.client.workflow.getHandle(caseCode).executeUpdate(completeStepUpdate, {
      args: [{ stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', result: extract(caseCode), idempotency: { idempotencyKey: key, requestHash: hash } }],
      updateId: `complete:death-registration:${key}:${hash.slice(0, 16)}`,
    });
    const retry = await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', body, key);
    expect(retry).toMatchObject({ status: 200, body: first });
    expect((await answer(caseCode, 'death-registration', 'complete', 'POLICE-BA-DINH', body, key)).status).toBe(403);

    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'residence-deregistration')?.status === 'DISPATCHED' ? true : undefined), 'police dispatch');
    expect((await answer(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } }, `${caseCode}:police`)).status).toBe(200);
    await sys.waitForCase(caseCode, ['COMPLETED']);
    expect(await answer(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', body, key)).toMatchObject({ status: 200, body: first });
    expect((await answer(caseCode, 'death-registration', 'complete', 'POLICE-BA-DINH', body, key)).status).toBe(409);
    expect((await sys.getCase(caseCode)).timeline.filter((e: any) => e.type === 'COMPLETED' && e.stepId === 'death-registration')).toHaveLength(1);
  });

  test('When a desk retries a withdrawal after it closed the case, then it gets the same answer; without a key a second withdrawal is 409', async () => {
    const { caseCode } = await sys.openCase(deathRequest(), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).status === 'IN_PROGRESS' ? true : undefined), 'the case to run');
    const key = `${caseCode}:withdraw`;
    const withdraw = () => sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: { reason: 'Gia đình rút hồ sơ' }, headers: { 'Idempotency-Key': key } });
    const first = await withdraw();
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('WITHDRAWN');
    expect(await withdraw()).toMatchObject({ status: 200, body: first.body });
    const ledger = await sys.getCase(caseCode);
    expect(first.body.revision).toBeLessThanOrEqual((await sys.db.case.findUnique({ where: { code: caseCode } }))!.revision);
    expect(ledger.timeline.filter((e: any) => e.type === 'WITHDRAWN')).toHaveLength(1);
    const keyless = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: { reason: 'Gia đình rút hồ sơ' } });
    expect(keyless.status).toBe(409);
  });

  test.each([
    ['NFD form', (n: string) => n.normalize('NFD')],
    ['a double space', (n: string) => n.replace(' ', '  ')],
    ['upper case', (n: string) => n.toUpperCase()],
    ['a no-break space', (n: string) => n.replace(' ', '\u00a0')],
  ])("When a second birth case names the same child with %s, then it is refused with 409 naming the open case", async (_label, variant) => {
    const body = birthRequest() as CaseRequestBody & ReturnType<typeof birthRequest>;
    const first = await sys.openCase(body, desk());
    const again = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, child: { ...body.child, fullName: variant(body.child.fullName) } } });
    expect(again.status).toBe(409);
    expect(again.body.existingCaseCode).toBe(first.caseCode);
  });

  test('When a second birth case names the child with a zero-width space, then the name itself is refused (422); the child stays one open case', async () => {
    const body = birthRequest();
    const first = await sys.openCase(body, desk());
    const zw = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, child: { ...body.child, fullName: body.child.fullName.replace(' ', ' \u200b') } } });
    expect(zw.status).toBe(422);
    expect(zw.body.errors).toEqual([{ path: 'child.fullName', message: 'must not contain zero-width or other invisible characters' }]);
    expect((await sys.getCase(first.caseCode)).status).not.toBe('WITHDRAWN');
  });

  test('When a birth case opened before identities were normalised (its key made from the name as typed, double space) is still open, then the same child typed the same way is refused with 409', async () => {
    const body = birthRequest({ dateOfBirth: '2026-11-12' });
    const typedName = body.child.fullName.replace(' ', '  ');
    const first = await sys.openCase({ ...body, child: { ...body.child, fullName: typedName } }, desk());
    // The key such a case was stored with then: HMAC of the values only trimmed (see api/start-case.ts).
    const legacyKey = createHmac('sha256', SUBJECT_KEY_SECRET).update(`birth:${body.child.mother.personalId}|${body.child.dateOfBirth}|${typedName}`).digest('hex');
    await sys.db.case.update({ where: { code: first.caseCode }, data: { openSubjectKey: legacyKey } });
    const again = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, child: { ...body.child, fullName: typedName } } });
    expect(again.status).toBe(409);
    expect(again.body.existingCaseCode).toBe(first.caseCode);
  });
});
