import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

describe('the legal calendar through the API', () => {
  let sys: TestSystem;
  const op = () => sys.keys.operator;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a desk asks for a deadline received Friday 16:00, then counting starts Monday and the answer is the working-day count after it', async () => {
    // Friday 6 March 2026, 16:00 in Vietnam (09:00Z): after the 15:00 cut-off.
    const res = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-06T09:00:00Z&workingDays=5&office=${OFFICE}`, { key: sys.keys.desk[OFFICE] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ effectiveReceiptDate: '2026-03-09', dueDate: '2026-03-16', dueAt: '2026-03-16T10:00:00.000Z' });
  });

  test('When an operator adds and removes a day off, then deadlines and the year listing follow, and desks may not change the calendar', async () => {
    const override = { date: '2026-03-12', kind: 'day-off', reason: 'Ngày nghỉ bù theo quyết định (thử nghiệm)', source: 'test' };
    expect((await sys.call('PUT', '/v1/calendar/overrides', { key: sys.keys.desk[OFFICE], body: override })).status).toBe(403);
    const put = await sys.call('PUT', '/v1/calendar/overrides', { key: op(), body: override });
    expect(put.status).toBe(201);
    expect((await sys.call('PUT', '/v1/calendar/overrides', { key: op(), body: override })).status).toBe(200);
    const later = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-09T02:00:00Z&workingDays=5&office=${OFFICE}`, { key: op() });
    expect(later.body.dueDate).toBe('2026-03-17');
    const year = await sys.call('GET', '/v1/calendar?year=2026', { key: op() });
    expect(year.status).toBe(200);
    expect(JSON.stringify(year.body)).toContain('2026-03-12');
    expect(year.body.overrides).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2026-03-12', kind: 'day-off' })]));
    expect((await sys.call('DELETE', '/v1/calendar/overrides?date=2026-03-12', { key: op() })).status).toBe(204);
    expect((await sys.call('DELETE', '/v1/calendar/overrides?date=2026-03-12', { key: op() })).status).toBe(404);
    const back = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-09T02:00:00Z&workingDays=5&office=${OFFICE}`, { key: op() });
    expect(back.body.dueDate).toBe('2026-03-16');
  });

  test('When calendar input is bad, then every bad field is named', async () => {
    const bad = await sys.call('PUT', '/v1/calendar/overrides', { key: op(), body: { date: '2026-02-30', kind: 'holiday', officeCode: '999.99.99.X99' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['date', 'kind', 'officeCode', 'reason', 'source']);
    const q = await sys.call('GET', '/v1/calendar/deadline?from=yesterday&workingDays=-1', { key: op() });
    expect(q.status).toBe(422);
    expect(q.body.errors.map((e: any) => e.path).sort()).toEqual(['from', 'office', 'workingDays']);
    expect((await sys.call('GET', '/v1/calendar?year=1989', { key: op() })).status).toBe(422);
  });

  test('When statistics are read, then overdue steps are counted per agency and listing overdue cases works', async () => {
    const count = async () => ((await sys.call('GET', '/v1/statistics/overdue', { key: op() })).body.items.find((i: any) => i.agencyCode === 'SOCIAL-BA-DINH')?.totalOverdue ?? 0) as number;
    const before = await count();
    // The workflow's marking is proven on the time-skipping server; here the ledger read side.
    const { caseCode } = (await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequest({ procedures: ['death-registration', 'funeral-allowance'], benefitStatus: 'social-assistance' }) })).body;
    // Quiet point: the death registration is out and nothing else will write until an agency answers.
    await sys.waitForCase(caseCode, ['IN_PROGRESS']);
    await sys.db.step.update({ where: { caseCode_stepId: { caseCode, stepId: 'funeral-allowance' } }, data: { isOverdue: true } });
    await sys.db.case.update({ where: { code: caseCode }, data: { isOverdue: true } });
    expect(await count()).toBe(before + 1);
    expect((await sys.call('GET', '/v1/statistics/overdue', { key: sys.keys.desk[OFFICE] })).status).toBe(403);
    const overdue = await sys.call('GET', '/v1/cases?overdue=true&limit=200', { key: op() });
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((c: any) => c.caseCode)).toContain(caseCode);
    expect(overdue.body.items.every((c: any) => c.isOverdue === true)).toBe(true);
    const onTime = await sys.call('GET', '/v1/cases?overdue=false&limit=200', { key: op() });
    expect(onTime.body.items.map((c: any) => c.caseCode)).not.toContain(caseCode);
  });
});
