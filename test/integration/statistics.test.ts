import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { OFFICE, OTHER_OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// Cases with known dates written straight into the ledger (March 2025, a period no other test
// receives in), then the statistics read through the API: exact counts, timeliness, working days.
// March 2025 has no holiday: Monday 3, Friday 7, Saturday 8, Monday 10 … Vietnam time is UTC+7.

const CIVIL = 'CIVIL-BA-DINH';
const POLICE = 'POLICE-BA-DINH';
const VSS = 'VSS-HA-NOI';
const FAR = '2099-12-31T17:00:00+07:00'; // an appointment not yet passed

/** A local Vietnam time as an instant. */
const vn = (s: string) => new Date(`${s}+07:00`);

interface Fixture {
  code: string;
  office?: string;
  channel?: string;
  status: string;
  received: string;
  appointment: string;
  closed?: string;
}

const seq = (n: number) => String(n).padStart(4, '0');
const code = (office: string, day: string, n: number) => `${office}-${day}-${seq(9000 + n)}`;

// Working days to result in comments (wd): effective receipt → result day.
const CASES: Fixture[] = [
  { code: code(OFFICE, '250303', 1), status: 'COMPLETED', received: '2025-03-03T09:00', appointment: '2025-03-05T17:00', closed: '2025-03-04T10:00' }, // early, wd 1
  { code: code(OFFICE, '250303', 2), status: 'COMPLETED', received: '2025-03-03T16:00', appointment: '2025-03-05T17:00', closed: '2025-03-05T16:00' }, // after 15:00 → from Tue; on time, wd 1
  { code: code(OFFICE, '250307', 3), status: 'COMPLETED', received: '2025-03-07T10:00', appointment: '2025-03-10T17:00', closed: '2025-03-11T09:00' }, // late, wd 2
  { code: code(OFFICE, '250308', 4), status: 'COMPLETED', received: '2025-03-08T10:00', appointment: '2025-03-11T17:00', closed: '2025-03-10T11:00' }, // Saturday → from Mon; early, wd 0
  { code: code(OFFICE, '250312', 5), status: 'IN_PROGRESS', received: '2025-03-12T10:00', appointment: '2025-03-14T17:00' }, // pending overdue
  { code: code(OFFICE, '250312', 6), status: 'AWAITING_SUPPLEMENT', received: '2025-03-12T11:00', appointment: '2025-03-14T17:00' }, // pending in time (paused)
  { code: code(OFFICE, '250313', 7), status: 'IN_PROGRESS', received: '2025-03-13T10:00', appointment: FAR.slice(0, 16) }, // pending in time
  { code: code(OFFICE, '250314', 8), status: 'WITHDRAWN', received: '2025-03-14T10:00', appointment: '2025-03-18T17:00', closed: '2025-03-17T10:00' },
  { code: code(OFFICE, '250317', 9), status: 'REFUSED', received: '2025-03-17T10:00', appointment: '2025-03-19T17:00', closed: '2025-03-18T10:00' },
  { code: code(OFFICE, '250318', 10), status: 'STOPPED', received: '2025-03-18T10:00', appointment: '2025-03-20T17:00', closed: '2025-03-19T10:00' },
  { code: code(OFFICE, '250319', 11), channel: 'online', status: 'PARTIALLY_COMPLETED', received: '2025-03-19T10:00', appointment: '2025-03-21T17:00', closed: '2025-03-21T17:00' }, // on time (at the minute), wd 2
  { code: code(OTHER_OFFICE, '250320', 12), office: OTHER_OFFICE, status: 'COMPLETED', received: '2025-03-20T09:00', appointment: '2025-03-20T17:00', closed: '2025-03-20T11:00' }, // same day: on time, not early, wd 0
  // Outside March: received in February (in Q1), and in December 2024 (carried over into Q1).
  { code: code(OFFICE, '250228', 13), status: 'COMPLETED', received: '2025-02-28T09:00', appointment: '2025-03-04T17:00', closed: '2025-03-03T10:00' }, // early
  { code: code(OFFICE, '241220', 14), status: 'COMPLETED', received: '2024-12-20T09:00', appointment: '2025-01-06T17:00', closed: '2025-01-10T10:00' }, // late
  // July 2025 (no holiday; after Q1 and Q2, which the tests below count): one step awaits a supplement while another agency is late on its own; a step waits for an operator.
  { code: code(OFFICE, '250707', 15), status: 'AWAITING_SUPPLEMENT', received: '2025-07-07T09:00', appointment: '2025-07-14T17:00' }, // pending overdue: the clock runs
  { code: code(OFFICE, '250708', 16), status: 'IN_PROGRESS', received: '2025-07-08T09:00', appointment: FAR.slice(0, 16) }, // pending in time
];

interface StepFixture {
  n: number;
  stepId: string;
  agency: string;
  status: string;
  dispatched?: string;
  due?: string;
  finished?: string;
}
const STEPS: StepFixture[] = [
  { n: 1, stepId: 'death-registration', agency: CIVIL, status: 'COMPLETED', dispatched: '2025-03-03T09:05', due: '2025-03-03T17:00', finished: '2025-03-03T11:00' }, // on time, wd 0
  { n: 1, stepId: 'residence-deregistration', agency: POLICE, status: 'COMPLETED', dispatched: '2025-03-03T11:00', due: '2025-03-10T17:00', finished: '2025-03-04T10:00' }, // early, wd 1
  { n: 5, stepId: 'death-registration', agency: CIVIL, status: 'COMPLETED', dispatched: '2025-03-12T10:00', due: '2025-03-12T17:00', finished: '2025-03-12T16:00' }, // on time
  { n: 5, stepId: 'residence-deregistration', agency: POLICE, status: 'DISPATCHED', dispatched: '2025-03-12T16:00', due: '2025-03-14T17:00' }, // overdue
  { n: 8, stepId: 'death-registration', agency: CIVIL, status: 'COMPLETED', dispatched: '2025-03-14T10:00', due: '2025-03-14T17:00', finished: '2025-03-14T15:00' }, // on time
  { n: 8, stepId: 'residence-deregistration', agency: POLICE, status: 'CANCELLED', dispatched: '2025-03-14T15:00', due: '2025-03-18T17:00', finished: '2025-03-17T10:00' }, // withdrawn
  { n: 9, stepId: 'death-registration', agency: CIVIL, status: 'REJECTED', dispatched: '2025-03-17T10:00', due: '2025-03-17T17:00', finished: '2025-03-18T10:00' }, // refused
  { n: 9, stepId: 'residence-deregistration', agency: POLICE, status: 'SKIPPED' }, // never sent: not counted
  { n: 15, stepId: 'death-registration', agency: CIVIL, status: 'COMPLETED', dispatched: '2025-07-07T09:05', due: '2025-07-07T17:00', finished: '2025-07-07T11:00' }, // on time
  { n: 15, stepId: 'residence-deregistration', agency: POLICE, status: 'AWAITING_SUPPLEMENT', dispatched: '2025-07-07T11:00', due: '2025-07-14T17:00' }, // in time: paused
  { n: 15, stepId: 'funeral-allowance', agency: VSS, status: 'DISPATCHED', dispatched: '2025-07-07T11:00', due: '2025-07-11T17:00' }, // overdue
  // Its dispatch failed for good: never acknowledged (no dispatched_at), yet open work past its due date.
  { n: 16, stepId: 'death-registration', agency: CIVIL, status: 'NEEDS_ATTENTION', due: '2025-07-08T17:00' }, // overdue
  { n: 16, stepId: 'residence-deregistration', agency: POLICE, status: 'WAITING' }, // never sent: not counted
];

const ZERO = { received: 0, finishedEarly: 0, finishedOnTime: 0, finishedLate: 0, pendingInTime: 0, pendingOverdue: 0, withdrawn: 0, refused: 0, stopped: 0 };

describe('statistics: the summary and the quarterly report from the ledger', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const op = () => sys.keys.operator;
  const police = () => sys.keys.agencies[POLICE]!;
  const download = async (path: string, key: string) => {
    const res = await fetch(`${sys.apiUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
    await sys.db.case.createMany({
      data: CASES.map((c) => ({
        code: c.code,
        group: 'death',
        catalogueVersion: '2024-07-01',
        officeCode: c.office ?? OFFICE,
        channel: c.channel ?? 'desk',
        resultDelivery: 'desk',
        status: c.status,
        receivedAt: vn(c.received),
        appointmentAt: vn(c.appointment),
        closedAt: c.closed ? vn(c.closed) : null,
        workflowStartedAt: vn(c.received),
      })),
    });
    await sys.db.step.createMany({
      data: STEPS.map((s) => ({
        caseCode: CASES[s.n - 1]!.code,
        stepId: s.stepId,
        procedure: s.stepId,
        agencyCode: s.agency,
        status: s.status,
        dependsOn: s.stepId === 'death-registration' ? [] : ['death-registration'],
        timeLimitDays: s.stepId === 'death-registration' ? 0 : 5,
        dispatchedAt: s.dispatched ? vn(s.dispatched) : null,
        dueAt: s.due ? vn(s.due) : null,
        finishedAt: s.finished ? vn(s.finished) : null,
      })),
    });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const MARCH = 'from=2025-03-01&to=2025-03-31';

  test('When an operator asks for March by office, then each measure counts the known cases exactly, with working days on the legal calendar', async () => {
    const res = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=office`, { key: op() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2025-03-01', to: '2025-03-31', groupBy: 'office', unit: 'case' });
    const [first, second] = res.body.rows;
    expect(first).toEqual({
      key: OFFICE,
      label: expect.any(String),
      received: 11,
      finishedEarly: 2,
      finishedOnTime: 2,
      finishedLate: 1,
      pendingInTime: 2,
      pendingOverdue: 1,
      withdrawn: 1,
      refused: 1,
      stopped: 1,
      onTimeRate: 0.8,
      avgWorkingDays: 1.2, // 1, 1, 2, 0, 2
      p90WorkingDays: 2,
      ratingCount: 0, // none of these cases was rated (test/integration/tracking.test.ts rates some)
      ratingAverage: null,
    });
    expect(first.label).not.toBe(OFFICE);
    expect(second).toMatchObject({ key: OTHER_OFFICE, received: 1, finishedOnTime: 1, finishedEarly: 0, avgWorkingDays: 0, p90WorkingDays: 0, onTimeRate: 1 });
    expect(res.body.total).toMatchObject({ key: 'total', label: 'Tổng cộng', received: 12, finishedEarly: 2, finishedOnTime: 3, finishedLate: 1, avgWorkingDays: 1, p90WorkingDays: 2 });
  });

  test('When grouped by channel or month, then the rows split the same cases', async () => {
    const channel = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=channel`, { key: op() });
    expect(channel.body.rows.map((r: any) => [r.key, r.received, r.label])).toEqual([
      ['desk', 11, 'Trực tiếp tại Bộ phận một cửa'],
      ['online', 1, 'Trực tuyến'],
    ]);
    const month = await sys.call('GET', `/v1/statistics/summary?from=2025-02-01&to=2025-03-31&groupBy=month`, { key: op() });
    expect(month.body.rows.map((r: any) => [r.key, r.received, r.label])).toEqual([
      ['2025-02', 1, 'Tháng 02/2025'],
      ['2025-03', 12, 'Tháng 03/2025'],
    ]);
    const online = await sys.call('GET', `/v1/statistics/summary?${MARCH}&channel=online`, { key: op() });
    expect(online.body.total).toMatchObject({ received: 1, finishedOnTime: 1 });
  });

  test('When grouped by agency or procedure, then steps are counted: a step never sent is not, a withdrawal cancels it', async () => {
    const res = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=agency`, { key: op() });
    expect(res.body.unit).toBe('step');
    const by = Object.fromEntries(res.body.rows.map((r: any) => [r.key, r]));
    expect(by[CIVIL]).toMatchObject({ ...ZERO, received: 4, finishedOnTime: 3, refused: 1, avgWorkingDays: 0, p90WorkingDays: 0, onTimeRate: 1 });
    expect(by[POLICE]).toMatchObject({ ...ZERO, received: 3, finishedEarly: 1, pendingOverdue: 1, withdrawn: 1, avgWorkingDays: 1 });
    const proc = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=procedure`, { key: op() });
    expect(proc.body.rows.map((r: any) => [r.key, r.received])).toEqual([
      ['death-registration', 4],
      ['residence-deregistration', 3],
    ]);
  });

  test('When one step awaits a supplement while another agency is late, the case counts as overdue; a step whose dispatch failed counts as open work on its clock', async () => {
    const JULY = 'from=2025-07-01&to=2025-07-31';
    const cases = await sys.call('GET', `/v1/statistics/summary?${JULY}&groupBy=office`, { key: op() });
    expect(cases.body.total).toMatchObject({ ...ZERO, received: 2, pendingInTime: 1, pendingOverdue: 1 });
    const steps = await sys.call('GET', `/v1/statistics/summary?${JULY}&groupBy=agency`, { key: op() });
    const by = Object.fromEntries(steps.body.rows.map((r: any) => [r.key, r]));
    expect(by[CIVIL]).toMatchObject({ ...ZERO, received: 2, finishedOnTime: 1, pendingOverdue: 1, avgWorkingDays: 0 });
    expect(by[POLICE]).toMatchObject({ ...ZERO, received: 1, pendingInTime: 1 });
    expect(by[VSS]).toMatchObject({ ...ZERO, received: 1, pendingOverdue: 1 });
    // The quarter's end sees the same: the case awaiting a supplement is late, beside March's three still open (one late, one paused, one far off).
    const q3 = await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=3', { key: op() });
    expect(q3.body.total).toMatchObject({ receivedInPeriod: 2, carriedOver: 3, pendingInTime: 3, pendingOverdue: 2 });
  });

  test('When a desk or an agency asks, then it sees its own office or its own steps only; another one is 403', async () => {
    const mine = await sys.call('GET', `/v1/statistics/summary?${MARCH}`, { key: desk() });
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r: any) => r.key)).toEqual([OFFICE]);
    expect(mine.body.total.received).toBe(11);
    expect((await sys.call('GET', `/v1/statistics/summary?${MARCH}&office=${OTHER_OFFICE}`, { key: desk() })).status).toBe(403);

    const steps = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=procedure`, { key: police() });
    expect(steps.body).toMatchObject({ unit: 'step', filters: { agency: POLICE } });
    expect(steps.body.rows.map((r: any) => [r.key, r.received])).toEqual([['residence-deregistration', 3]]);
    expect((await sys.call('GET', `/v1/statistics/summary?${MARCH}&agency=${CIVIL}`, { key: police() })).status).toBe(403);
    expect((await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=1', { key: police() })).body.rows.map((r: any) => r.key)).toEqual(['residence-deregistration']);
  });

  test('When the input is bad, then 422 names every bad field', async () => {
    const res = await sys.call('GET', '/v1/statistics/summary?from=2025-02-30&groupBy=week&format=pdf', { key: op() });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['format', 'from', 'groupBy', 'to']);
    expect((await sys.call('GET', '/v1/statistics/summary?from=2025-03-02&to=2025-03-01', { key: op() })).status).toBe(422);
    expect((await sys.call('GET', '/v1/statistics/summary?from=2024-01-01&to=2025-03-01', { key: op() })).body.errors).toEqual([{ path: 'to', message: 'the period may span at most 366 days' }]);
    expect((await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=5', { key: op() })).body.errors.map((e: any) => e.path)).toEqual(['quarter']);
  });

  test('When the quarterly report of Q1 2025 is asked, then received, carried over, ended and pending at the quarter’s end add up', async () => {
    const res = await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=1', { key: op() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2025, quarter: 1, from: '2025-01-01', to: '2025-03-31', measuredAt: '2025-03-31T17:00:00.000Z' });
    const expected = { receivedInPeriod: 13, carriedOver: 1, total: 14, finishedEarly: 3, finishedOnTime: 3, finishedLate: 2, refused: 1, withdrawn: 1, stopped: 1, pendingInTime: 2, pendingOverdue: 1 };
    expect(res.body.total).toMatchObject({ key: 'total', ...expected, onTimeRate: 0.75 });
    expect(res.body.rows[0]).toMatchObject({ level: 'group', key: 'death', ...expected });
    expect(res.body.rows.slice(1).map((r: any) => [r.level, r.key, r.total])).toEqual([
      ['procedure', 'death-registration', 4],
      ['procedure', 'residence-deregistration', 3],
    ]);
    // The next quarter starts with what was still open.
    const q2 = await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=2', { key: op() });
    expect(q2.body.total).toMatchObject({ receivedInPeriod: 0, carriedOver: 3, total: 3, pendingInTime: 2, pendingOverdue: 1 });
    expect((await sys.call('GET', `/v1/statistics/quarterly?year=2025&quarter=1&office=${OTHER_OFFICE}`, { key: desk() })).status).toBe(403);
    const deskQ1 = await sys.call('GET', '/v1/statistics/quarterly?year=2025&quarter=1', { key: desk() });
    expect(deskQ1.body).toMatchObject({ office: OFFICE, total: { receivedInPeriod: 12, carriedOver: 1 } });
  });

  test('When CSV is asked, then it is UTF-8 with a BOM, Vietnamese headings and the JSON’s numbers, named by the period', async () => {
    const res = await download(`/v1/statistics/summary?${MARCH}&format=csv`, op());
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.disposition).toContain('attachment; filename="thong-ke-office-2025-03-01-2025-03-31.csv"');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(res.body.toString('utf8').slice(1));
    expect(rows[0]).toEqual(expect.arrayContaining(['Mã', 'Số hồ sơ tiếp nhận', 'Đã giải quyết trước hạn', 'Đang giải quyết quá hạn', 'Tỷ lệ đúng hạn (%)']));
    const col = (name: string) => rows[0]!.indexOf(name);
    const office = rows.find((r) => r[0] === OFFICE)!;
    expect(office[col('Số hồ sơ tiếp nhận')]).toBe('11');
    expect(office[col('Tỷ lệ đúng hạn (%)')]).toBe('80');
    expect(office[col('Số ngày làm việc trung bình')]).toBe('1.2');
    expect(rows[rows.length - 1]!.slice(0, 3)).toEqual(['total', 'Tổng cộng', '12']);
  });

  test('When XLSX is asked, then the workbook reads back with the same table', async () => {
    const res = await download('/v1/statistics/quarterly?year=2025&quarter=1&format=xlsx', op());
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    expect(res.disposition).toContain('bao-cao-quy-1-2025.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('quý 1/2025');
    const headings = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headings).toEqual(expect.arrayContaining(['Số mới tiếp nhận trong kỳ', 'Số kỳ trước chuyển qua', 'Đang giải quyết quá hạn']));
    const last = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    const at = (h: string) => last[headings.indexOf(h)];
    expect(last[0]).toBe('total');
    expect(at('Tổng số hồ sơ')).toBe(14);
    expect(at('Số kỳ trước chuyển qua')).toBe(1);
    expect(at('Tỷ lệ đúng hạn (%)')).toBe(75);
  });

  // Last: the override it adds must not move the other tests' working days.
  test('When a desk receives on a Saturday (an override of its own), then a dossier received that Saturday counts from it, as its deadlines do, while the days after are the agencies\' own; other offices are unchanged', async () => {
    const saturday = { date: '2025-03-08', kind: 'working-day', officeCode: OFFICE, reason: 'Tiếp nhận hồ sơ ngày thứ Bảy', source: 'Quyết định của UBND phường (thử nghiệm)' };
    expect((await sys.call('PUT', '/v1/calendar/overrides', { key: op(), body: saturday })).status).toBe(201);
    try {
      const res = await sys.call('GET', `/v1/statistics/summary?${MARCH}&groupBy=office`, { key: op() });
      const [first, second] = res.body.rows;
      // As its deadlines do: the Saturday is a receipt day of that desk, not a working day of the agencies.
      // Case 4 (received Saturday 10:00, answered Monday) took 1 working day, not 0; case 3 (Friday → Tuesday) still 2.
      expect(first).toMatchObject({ key: OFFICE, avgWorkingDays: 1.4, p90WorkingDays: 2 }); // 1, 1, 2, 1, 2
      expect(second).toMatchObject({ key: OTHER_OFFICE, avgWorkingDays: 0 });
    } finally {
      expect((await sys.call('DELETE', `/v1/calendar/overrides?date=2025-03-08&office=${OFFICE}`, { key: op() })).status).toBe(204);
    }
  });
});
