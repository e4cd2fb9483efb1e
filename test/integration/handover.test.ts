import { localDateOf } from '../../domain';
import { recordSnapshot } from '../../prisma/cases-write';
import { eventRecord } from '../../prisma/cases-read';
import { deathRequest, OFFICE, OTHER_OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

const DEATH_EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };

describe('the fourth step: the desk records the return of the result (trả kết quả)', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const handover = (code: string, body: unknown, o: { key?: string; idem?: string } = {}) =>
    sys.call('POST', `/v1/cases/${code}/handover`, { key: o.key ?? desk(), body, headers: o.idem ? { 'Idempotency-Key': o.idem } : {} });

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** A case whose two steps are done: its results are ready. */
  async function finishedCase(): Promise<{ caseCode: string; appointmentAt: string; closedAt: string }> {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT })).status).toBe(200);
    expect((await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } })).status).toBe(200);
    const c = await sys.waitForCase(caseCode, ['COMPLETED']);
    return { caseCode, appointmentAt: c.appointmentAt, closedAt: c.closedAt! };
  }

  test('When results are not ready, then a handover is 409 WRONG_STATE and nothing is recorded', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    const res = await handover(caseCode, { method: 'desk', recipient: { relationship: 'applicant' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'WRONG_STATE' });
    const got = await sys.call('GET', `/v1/cases/${caseCode}`, { key: desk() });
    expect(got.body).toMatchObject({ returnedAt: null, returnMethod: null, resultReturn: { state: 'not-ready', onTime: null } });
  });

  test('When the applicant collects the result at the desk, then the case, its timeline, its dossier and the forms 05 and 06 show it; a retry replays, another body with the key is 422', async () => {
    const { caseCode, appointmentAt, closedAt } = await finishedCase();
    const before = await sys.call('GET', `/v1/cases/${caseCode}`, { key: desk() });
    expect(before.body.resultReturn).toMatchObject({ state: 'awaiting-return', returnedAt: null });

    const body = { method: 'desk', recipient: { relationship: 'applicant' }, note: 'Đã kiểm tra căn cước.' };
    const first = await handover(caseCode, body, { idem: 'handover-0001' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ caseCode, status: 'COMPLETED', appointmentAt, resultReturn: { state: 'returned', method: 'desk', onTime: true } });
    // The answer carries no personal data (it is stored with the key).
    expect(JSON.stringify(first.body)).not.toContain('căn cước');
    expect(Date.parse(first.body.resultReturn.returnedAt)).toBeGreaterThanOrEqual(Date.parse(closedAt));

    const again = await handover(caseCode, body, { idem: 'handover-0001' });
    expect(again).toMatchObject({ status: 200, body: first.body });
    const reused = await handover(caseCode, { ...body, note: 'khác' }, { idem: 'handover-0001' });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const twice = await handover(caseCode, body);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'WRONG_STATE', returnedAt: first.body.resultReturn.returnedAt });

    const got = await sys.call('GET', `/v1/cases/${caseCode}`, { key: desk() });
    expect(got.body).toMatchObject({ returnedAt: first.body.resultReturn.returnedAt, returnMethod: 'desk', dossier: { handover: { method: 'desk', recipient: { relationship: 'applicant' }, note: 'Đã kiểm tra căn cước.' } } });
    const last = got.body.timeline.at(-1);
    expect(last).toMatchObject({ type: 'RESULT_RETURNED', actor: `desk:${OFFICE}`, from: `desk:${OFFICE}`, to: 'applicant', details: { method: 'desk', recipient: 'applicant' } });
    // An operator sees the handover but not who received it.
    const op = await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator });
    expect(op.body.dossier).toBeUndefined();
    expect(op.body.resultReturn).toMatchObject({ state: 'returned', method: 'desk' });

    const control = await sys.call('GET', `/v1/cases/${caseCode}/forms/process-control`, { key: desk() });
    const row = control.body.handOvers.at(-1);
    expect(row).toMatchObject({ type: 'RESULT_RETURNED', typeLabel: 'Trả kết quả cho tổ chức, cá nhân', to: { label: 'Nguyễn Văn An' }, dueAt: appointmentAt, onTime: true });
    expect(control.body.resultReturn).toMatchObject({ state: 'returned', onTime: true });

    const received = localDateOf(new Date(got.body.receivedAt));
    const book = await sys.call('GET', `/v1/offices/${OFFICE}/tracking-book?from=${received}&to=${received}`, { key: desk() });
    const bookRow = book.body.rows.find((r: any) => r.caseCode === caseCode);
    expect(bookRow).toMatchObject({ resultReceivedAt: closedAt, returnedAt: first.body.resultReturn.returnedAt, returnMethod: 'desk', dossierSets: 1, signature: null, timeliness: first.body.resultReturn.timeliness });
  });

  test('When the result goes by post or online, then the method is recorded and who received it stays with the dossier', async () => {
    const post = await finishedCase();
    const byPost = await handover(post.caseCode, { method: 'post', trackingNumber: 'EV123456789VN' });
    expect(byPost.status).toBe(200);
    expect(byPost.body.resultReturn).toMatchObject({ method: 'post' });
    const online = await finishedCase();
    const byPortal = await handover(online.caseCode, { method: 'online', channel: 'Cổng Dịch vụ công quốc gia', accountReference: 'G22.99-000123' });
    expect(byPortal.status).toBe(200);
    const got = await sys.call('GET', `/v1/cases/${online.caseCode}`, { key: desk() });
    expect(got.body.timeline.at(-1)).toMatchObject({ type: 'RESULT_RETURNED', details: { method: 'online' } });
    expect(JSON.stringify(got.body.timeline)).not.toContain('G22.99-000123');
    expect(got.body.dossier.handover).toEqual({ method: 'online', channel: 'Cổng Dịch vụ công quốc gia', accountReference: 'G22.99-000123' });
    const events = await sys.db.caseEvent.findMany({ where: { caseCode: post.caseCode, type: 'RESULT_RETURNED' } });
    expect(JSON.stringify(events)).not.toContain('EV123456789VN');
    expect(sys.logLines.join('\n')).not.toContain('EV123456789VN');
  });

  test('When the body is bad, then 422 names every bad field; another office gets 404, agencies and operators 403', async () => {
    const { caseCode, closedAt } = await finishedCase();
    const bad = await handover(caseCode, { method: 'desk', recipient: { relationship: 'con' }, at: 'yesterday', extra: 1 });
    expect(bad.status).toBe(422);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['at', 'recipient.fullName']));
    expect((await handover(caseCode, { method: 'courier' })).status).toBe(422);
    const future = await handover(caseCode, { method: 'post', trackingNumber: 'EV1234', at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future).toMatchObject({ status: 422, body: { errors: [{ path: 'at' }] } });
    const early = await handover(caseCode, { method: 'post', trackingNumber: 'EV1234', at: new Date(Date.parse(closedAt) - 60_000).toISOString() });
    expect(early).toMatchObject({ status: 422, body: { errors: [{ path: 'at' }] } });
    expect((await handover(caseCode, { method: 'post', trackingNumber: 'EV1234' }, { key: sys.keys.desk[OTHER_OFFICE]! })).status).toBe(404);
    expect((await handover(caseCode, { method: 'post', trackingNumber: 'EV1234' }, { key: sys.keys.operator })).status).toBe(403);
    expect((await handover(caseCode, { method: 'post', trackingNumber: 'EV1234' }, { key: sys.keys.agencies['CIVIL-BA-DINH']! })).status).toBe(403);
    // Nothing was recorded by any of them.
    expect((await sys.call('GET', `/v1/cases/${caseCode}`, { key: desk() })).body.returnedAt).toBeNull();
  });

  test('When the result is returned after the appointment, then the case is late though every agency answered on time; the statistics count it', async () => {
    const { caseCode, appointmentAt } = await finishedCase();
    // Move the appointment into the past, as if the applicant came after it: the verdict runs to the handover.
    const appointment = new Date(Date.now() - 3_600_000);
    await sys.db.case.update({ where: { code: caseCode }, data: { appointmentAt: appointment, closedAt: new Date(appointment.getTime() - 3_600_000) } });
    const res = await handover(caseCode, { method: 'desk', recipient: { relationship: 'con', fullName: 'Nguyễn Văn Cường' } });
    expect(res.status).toBe(200);
    expect(res.body.resultReturn).toMatchObject({ timeliness: 'late', onTime: false });
    expect(appointmentAt).not.toBe(appointment.toISOString());
    const control = await sys.call('GET', `/v1/cases/${caseCode}/forms/process-control`, { key: desk() });
    expect(control.body.handOvers.at(-1)).toMatchObject({ type: 'RESULT_RETURNED', to: { label: 'Nguyễn Văn Cường (con)' }, timeliness: 'late', onTime: false });
    const stats = await sys.call('GET', '/v1/statistics/returns', { key: desk() });
    expect(stats.status).toBe(200);
    const mine = stats.body.items.find((i: any) => i.officeCode === OFFICE);
    expect(mine.returnedLate).toBeGreaterThanOrEqual(1);
    expect(mine.returned).toBe(mine.returnedOnTime + mine.returnedLate);
    expect((await sys.call('GET', `/v1/statistics/returns?office=${OTHER_OFFICE}`, { key: desk() })).status).toBe(403);
  });

  test("When a reset run's whole timeline replaces the ledger's, then the handover stays", async () => {
    const { caseCode } = await finishedCase();
    expect((await handover(caseCode, { method: 'post', trackingNumber: 'EV555' })).status).toBe(200);
    const c = await sys.db.case.findUniqueOrThrow({ where: { code: caseCode }, include: { steps: true, events: { orderBy: { seq: 'asc' } } } });
    const events = c.events.filter((e) => e.type !== 'RESULT_RETURNED' && e.seq > 0).map((e) => ({ ...eventRecord(e), id: e.id, stepId: e.stepId ?? undefined })) as never[];
    const { applied } = await recordSnapshot(sys.db, {
      caseCode,
      revision: c.revision + 1,
      status: 'COMPLETED',
      appointmentAt: c.appointmentAt.toISOString(),
      closedAt: c.closedAt!.toISOString(),
      steps: c.steps.map((s) => ({ stepId: s.stepId, procedure: s.procedure, agencyCode: s.agencyCode, status: s.status as never, dependsOn: s.dependsOn, timeLimitWorkingDays: s.timeLimitDays, resubmission: s.resubmission })),
      events,
      run: { id: 'another-run-after-a-reset' },
      complete: true,
    });
    expect(applied).toBe(true);
    const after = await sys.db.case.findUniqueOrThrow({ where: { code: caseCode }, include: { events: { where: { type: 'RESULT_RETURNED' } } } });
    expect(after.returnMethod).toBe('post');
    expect(after.returnedAt).toEqual(c.returnedAt);
    expect(after.events).toHaveLength(1);
  });
});
