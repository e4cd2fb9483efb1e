import { catalogueInForceOn, localDateOf } from '../../domain';
import { deathRequest, OFFICE, OTHER_OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

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
    // The explanation: same dates, the cut-off with both sources, the weekend skipped, a sentence for the citizen.
    const e = res.body.explanation;
    expect(e).toMatchObject({ effectiveReceiptDate: '2026-03-09', dueDate: '2026-03-16', dueAt: '2026-03-16T10:00:00.000Z' });
    expect(e.receipt).toMatchObject({ rule: 'after-cutoff', cutoff: { time: '15:00', applied: true } });
    expect(e.receipt.cutoff.sources.join(' ')).toMatch(/Decree 61\/2018.*Law on Civil Status 2014/);
    expect(e.receipt.skipped.map((d: any) => d.date)).toEqual(['2026-03-07', '2026-03-08']);
    expect(e.skipped.map((d: any) => [d.date, d.kind])).toEqual([
      ['2026-03-14', 'weekend'],
      ['2026-03-15', 'weekend'],
    ]);
    expect(e.counting.source).toMatch(/Civil Code 2015/);
    expect(e.limit).toEqual({ workingDays: 5, source: null, confirmed: null });
    expect(e.sentence.vi).toContain('Hồ sơ nhận lúc 16:00 thứ Sáu 06/03/2026, sau 15:00 nên tính là nhận ngày thứ Hai 09/03/2026');
    expect(e.sentence.en).toContain('due at 17:00 on Monday 16/03/2026');
  });

  test('When a deadline is asked for a procedure, then the explanation cites its limit; a number of days that is not its limit is refused', async () => {
    const procedure = catalogueInForceOn('2026-03-06').groups.flatMap((g) => g.procedures).find((p) => p.code === 'residence-deregistration')!;
    const days = procedure.timeLimit.workingDays;
    const ok = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-06T02:00:00Z&workingDays=${days}&office=${OFFICE}&procedure=residence-deregistration`, { key: op() });
    expect(ok.status).toBe(200);
    expect(ok.body.explanation.limit).toEqual({ workingDays: days, source: procedure.timeLimit.source, confirmed: procedure.timeLimit.confirmed });
    const wrong = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-06T02:00:00Z&workingDays=${days + 1}&office=${OFFICE}&procedure=residence-deregistration`, { key: op() });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: any) => e.path)).toEqual(['workingDays']);
    const unknown = await sys.call('GET', `/v1/calendar/deadline?from=2026-03-06T02:00:00Z&workingDays=1&office=${OFFICE}&procedure=no-such-procedure`, { key: op() });
    expect(unknown.body.errors.map((e: any) => e.path)).toEqual(['procedure']);
  });

  describe('a case’s dates and the dry run of an override', () => {
    let caseCode: string;
    beforeAll(async () => {
      ({ caseCode } = (await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequest({ procedures: ['death-registration', 'funeral-allowance'], benefitStatus: 'social-assistance' }) })).body);
      await sys.waitForCase(caseCode, ['IN_PROGRESS']);
    });

    test('When the desk asks why its case’s dates are what they are, then each dated step and the appointment are explained and agree with the ledger', async () => {
      const res = await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: sys.keys.desk[OFFICE] });
      expect(res.status).toBe(200);
      const detail = await sys.getCase(caseCode);
      const registration = res.body.steps.find((s: any) => s.stepId === 'death-registration');
      const stored = detail.steps.find((s: any) => s.stepId === 'death-registration');
      expect(registration).toMatchObject({ clockStartBasis: 'receipt', clockStart: detail.receivedAt, storedDueAt: stored.dueAt, matchesStored: true, note: null });
      expect(registration.explanation.dueAt).toBe(stored.dueAt);
      expect(registration.explanation.limit).toMatchObject({ workingDays: 0, confirmed: true });
      expect(registration.explanation.limit.source).toMatch(/Law on Civil Status 2014/);
      // Not handed over yet: no due date to explain.
      expect(res.body.steps.find((s: any) => s.stepId === 'funeral-allowance')).toMatchObject({ storedDueAt: null, explanation: null, matchesStored: null });
      expect(res.body.appointment).toMatchObject({ storedAt: detail.appointmentAt, originalAt: detail.appointmentAt, recomputedAt: detail.appointmentAt, matchesOriginal: true, moves: [] });
      expect(res.body.appointment.path.map((p: any) => p.stepId)).toEqual(['death-registration', 'funeral-allowance']);
      expect(res.body.appointment.path[1].explanation.sentence.vi).toMatch(/^Bước này bắt đầu tính thời hạn lúc/);
    });

    test('When another office or an agency without a handed-over step asks, then the case is not found; its agency sees its own step only', async () => {
      expect((await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: sys.keys.desk[OTHER_OFFICE] })).status).toBe(404);
      expect((await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: sys.keys.agencies['SOCIAL-BA-DINH'] })).status).toBe(404);
      const civil = await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: sys.keys.agencies['CIVIL-BA-DINH'] });
      expect(civil.status).toBe(200);
      expect(civil.body.appointment).toBeNull();
      expect(civil.body.steps.map((s: any) => s.stepId)).toEqual(['death-registration']);
      expect((await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: op() })).status).toBe(200);
    });

    test('When the first step completes, then the next step’s due date is explained from its clock start and agrees with the ledger', async () => {
      const done = await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { extractNumber: '11/2026', extractDate: localDateOf(new Date()) } });
      expect(done.status).toBe(200);
      await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'funeral-allowance').dueAt as string | null) ?? undefined, 'the funeral step handed over');
      const detail = await sys.getCase(caseCode);
      const stored = detail.steps.find((s: any) => s.stepId === 'funeral-allowance');
      const res = await sys.call('GET', `/v1/cases/${caseCode}/deadlines`, { key: sys.keys.agencies['SOCIAL-BA-DINH'] });
      expect(res.status).toBe(200);
      expect(res.body.steps).toHaveLength(1);
      expect(res.body.steps[0]).toMatchObject({ stepId: 'funeral-allowance', storedDueAt: stored.dueAt, matchesStored: true });
      expect(['dependencies-completed', 'handed-over']).toContain(res.body.steps[0].clockStartBasis);
      expect(res.body.steps[0].explanation.limit.source).toEqual(expect.any(String));
      // The case stays open on the funeral step for the dry run below.
      expect(detail.status).toBe('IN_PROGRESS');
    });

    test('When an operator dry-runs a day off on the case’s due date, then the case’s step and appointment are listed and nothing is saved', async () => {
      const detail = await sys.getCase(caseCode);
      const due = detail.steps.find((s: any) => s.stepId === 'funeral-allowance').dueAt as string;
      const date = localDateOf(new Date(due));
      const override = { date, kind: 'day-off', reason: 'Ngày nghỉ theo quyết định (thử nghiệm dry run)', source: 'test dry run' };
      const before = (await sys.call('GET', `/v1/calendar?year=${date.slice(0, 4)}`, { key: op() })).body.overrides;
      expect((await sys.call('PUT', '/v1/calendar/overrides?dryRun=true', { key: sys.keys.desk[OFFICE], body: override })).status).toBe(403);
      const res = await sys.call('PUT', '/v1/calendar/overrides?dryRun=true', { key: op(), body: override });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, change: { action: 'put', date, officeCode: null }, capped: expect.any(Boolean) });
      expect(res.body.scannedCases).toBeGreaterThanOrEqual(1);
      const mine = res.body.moves.filter((m: any) => m.caseCode === caseCode);
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ stepId: 'funeral-allowance', storedAt: due, currentAt: due }),
          expect.objectContaining({ stepId: null, storedAt: detail.appointmentAt, currentAt: detail.appointmentAt }),
        ]),
      );
      for (const m of mine) expect(Date.parse(m.newAt)).toBeGreaterThan(Date.parse(m.currentAt));
      // Nothing was written: the override list is as before, the case's dates unchanged, and there is nothing to delete.
      expect((await sys.call('GET', `/v1/calendar?year=${date.slice(0, 4)}`, { key: op() })).body.overrides).toEqual(before);
      expect((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'funeral-allowance').dueAt).toBe(due);
      expect((await sys.call('DELETE', `/v1/calendar/overrides?date=${date}&dryRun=true`, { key: op() })).status).toBe(404);
      expect((await sys.call('PUT', '/v1/calendar/overrides?dryRun=maybe', { key: op(), body: override })).body.errors.map((e: any) => e.path)).toEqual(['dryRun']);
    });
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
