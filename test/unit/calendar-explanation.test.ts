import { computeDeadline, OfficeHours } from '../../domain/calendar/deadline';
import { explainDeadline } from '../../domain/calendar/deadline-explanation';
import { DECIDED_OVERRIDES } from '../../domain/calendar/decided-overrides';
import { CalendarOverride, createLegalCalendar } from '../../domain/calendar/legal-calendar';
import { addDays } from '../../domain/calendar/local-time';
import { COUNTING_RULE_SOURCE, CUTOFF_RULE } from '../../domain/calendar/sources';

const hours: OfficeHours = { cutoff: '15:00', closesAt: '17:00' };
/** An instant given as Vietnam local date and time. */
const vn = (date: string, clock: string): Date => new Date(`${date}T${clock}:00+07:00`);
const explain = (from: Date, workingDays: number, overrides: readonly CalendarOverride[] = DECIDED_OVERRIDES, extra: Partial<Parameters<typeof explainDeadline>[0]> = {}) =>
  explainDeadline({ from, workingDays, hours, overrides, ...extra });

describe('explainDeadline: the receipt day', () => {
  test('When a dossier comes in at 15:20 on a Friday, then the cut-off moves it to Monday and both sources are named', () => {
    const e = explain(vn('2026-11-27', '15:20'), 5);
    expect(e.receipt.rule).toBe('after-cutoff');
    expect(e.receipt.cutoff.applied).toBe(true);
    expect(e.effectiveReceiptDate).toBe('2026-11-30');
    expect(e.receipt.skipped.map((d) => [d.date, d.kind])).toEqual([
      ['2026-11-28', 'weekend'],
      ['2026-11-29', 'weekend'],
    ]);
    expect(e.receipt.cutoff.sources.join(' ')).toMatch(/Decree 61\/2018.*transferred.*Law on Civil Status 2014/);
    expect(e.receipt.cutoff.interpretation.en).toMatch(/interpretation/);
    expect(e.sentence.vi).toContain('Hồ sơ nhận lúc 15:20 thứ Sáu 27/11/2026, sau 15:00 nên tính là nhận ngày thứ Hai 30/11/2026');
    expect(e.sentence.en).toContain('after 15:00, so it counts as received on Monday 30/11/2026');
  });

  test('When it comes in at 15:00 exactly, then it counts that day and no cut-off is applied', () => {
    const e = explain(vn('2026-11-27', '15:00'), 1);
    expect(e.receipt.rule).toBe('same-day');
    expect(e.receipt.cutoff.applied).toBe(false);
    expect(e.effectiveReceiptDate).toBe('2026-11-27');
    // Friday + 1 working day: Monday, across the weekend.
    expect(e.dueDate).toBe('2026-11-30');
    expect(e.skipped.map((d) => d.kind)).toEqual(['weekend', 'weekend']);
  });

  test('When it comes in on a Saturday, then the day off and its source are the reason', () => {
    const e = explain(vn('2026-11-28', '09:00'), 1);
    expect(e.receipt.rule).toBe('non-working-day');
    expect(e.receipt.receivedOnDayOff).toMatchObject({ date: '2026-11-28', kind: 'weekend' });
    expect(e.receipt.receivedOnDayOff?.source).toMatch(/188\/1999\/QĐ-TTg/);
    expect(e.effectiveReceiptDate).toBe('2026-11-30');
    expect(e.sentence.vi).toContain('là ngày nghỉ (Nghỉ hằng tuần (Thứ Bảy)) nên tính là nhận ngày thứ Hai 30/11/2026');
  });

  test('When the desk has its own working Saturday, then a Saturday receipt counts that day but counting uses the agencies’ calendar', () => {
    const saturday: CalendarOverride = { date: '2026-11-28', kind: 'working-day', officeCode: 'X', reason: 'desk open', source: 'office decision' };
    const e = explain(vn('2026-11-28', '09:00'), 1, [saturday], { officeCode: 'X' });
    expect(e.receipt.rule).toBe('same-day');
    expect(e.effectiveReceiptDate).toBe('2026-11-28');
    expect(e.dueDate).toBe('2026-11-30');
    expect(explain(vn('2026-11-28', '09:00'), 1, [saturday], { officeCode: 'X', atDesk: false }).effectiveReceiptDate).toBe('2026-11-30');
  });
});

describe('explainDeadline: the days skipped', () => {
  test('When the period runs over Tết 2026, then each Tết day is skipped with the Labour Code as source', () => {
    const e = explain(vn('2026-02-13', '10:00'), 3);
    expect(e.dueDate).toBe('2026-02-25');
    const tet = e.skipped.filter((d) => d.kind === 'holiday');
    expect(tet.map((d) => d.date)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(tet[0]!.name.vi).toBe('Tết Âm lịch');
    expect(tet[0]!.source).toMatch(/Labour Code 2019.*Art 112/);
    expect(e.skipped).toHaveLength(9);
    expect(e.counting.countedDays).toEqual(['2026-02-23', '2026-02-24', '2026-02-25']);
  });

  test('When a holiday falls on a Sunday, then the compensatory Monday is skipped with Art 111(3) as source', () => {
    const e = explain(vn('2026-04-24', '10:00'), 2);
    expect(e.dueDate).toBe('2026-04-29');
    const comp = e.skipped.find((d) => d.kind === 'compensatory');
    expect(comp).toMatchObject({ date: '2026-04-27' });
    expect(comp!.source).toMatch(/Art 111\(3\)/);
    expect(e.skipped.find((d) => d.date === '2026-04-26')?.name.en).toBe("Hùng Kings' Commemoration Day");
  });

  test('When an override makes a day off, then its own reason and source explain it', () => {
    const decision: CalendarOverride = { date: '2026-12-01', kind: 'day-off', reason: 'Nghỉ theo quyết định thử', source: 'Decision 1/2026 (test)' };
    const e = explain(vn('2026-11-30', '10:00'), 2, [decision]);
    expect(e.dueDate).toBe('2026-12-03');
    expect(e.skipped).toEqual([{ date: '2026-12-01', kind: 'day-off', name: { vi: 'Nghỉ theo quyết định thử', en: 'Nghỉ theo quyết định thử' }, source: 'Decision 1/2026 (test)' }]);
    expect(e.sentence.vi).toContain('01/12 (Nghỉ theo quyết định thử)');
  });

  test('When a decided swap gives a working Saturday (10/01/2026), then it is counted, not skipped', () => {
    const e = explain(vn('2026-01-09', '10:00'), 1);
    expect(e.dueDate).toBe('2026-01-10');
    expect(e.skipped).toEqual([]);
  });
});

describe('explainDeadline: the limit and counting', () => {
  test('When the limit is 0 days, then it is due at closing time the same day and nothing is counted', () => {
    const e = explain(vn('2026-11-30', '10:00'), 0, DECIDED_OVERRIDES, { limit: { source: 'Law on Civil Status 2014 Art 34', confirmed: true } });
    expect(e.dueDate).toBe('2026-11-30');
    expect(e.dueAt).toBe('2026-11-30T10:00:00.000Z');
    expect(e.counting.countedDays).toEqual([]);
    expect(e.limit).toEqual({ workingDays: 0, source: 'Law on Civil Status 2014 Art 34', confirmed: true });
    expect(e.sentence.vi).toContain('thời hạn giải quyết trong ngày, nên hạn là 17:00 thứ Hai 30/11/2026');
  });

  test('When no limit source is given, then it says so with nulls; the counting rule cites the Civil Code', () => {
    const e = explain(vn('2026-11-30', '10:00'), 3);
    expect(e.limit).toEqual({ workingDays: 3, source: null, confirmed: null });
    expect(e.counting.source).toBe(COUNTING_RULE_SOURCE);
    expect(e.counting.source).toMatch(/Civil Code 2015.*Art 147.*Art 148/);
    expect(e.receipt.cutoff.sources).toBe(CUTOFF_RULE.sources);
  });

  test('When the start is a step the engine started, then the sentence says so', () => {
    const e = explain(vn('2026-11-30', '10:00'), 3, DECIDED_OVERRIDES, { startKind: 'step-started', atDesk: false });
    expect(e.sentence.vi.startsWith('Bước này bắt đầu tính thời hạn lúc 10:00 thứ Hai 30/11/2026')).toBe(true);
    expect(e.sentence.en.startsWith('This step’s time limit started at 10:00 on Monday 30/11/2026')).toBe(true);
  });

  test('When thousands of random receipts, limits and overrides are explained, then the explanation always agrees with computeDeadline', () => {
    // A small deterministic generator, so a failure reproduces.
    let seed = 20261129;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const from = new Date(Date.UTC(1990 + rand(109), 0, 2) + rand(365 * 24 * 60) * 60_000);
      const workingDays = rand(4) === 0 ? 0 : rand(60);
      const cutoff = `${String(12 + rand(6)).padStart(2, '0')}:${rand(2) ? '00' : '30'}`;
      const h = { cutoff, closesAt: '17:00' };
      const base = new Date(from.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const overrides: CalendarOverride[] = Array.from({ length: rand(6) }, () => ({
        date: addDays(base, rand(40)),
        kind: rand(2) ? 'day-off' : 'working-day',
        ...(rand(3) === 0 ? { officeCode: 'X' } : {}),
        reason: 'r',
        source: 's',
      }));
      const atDesk = rand(2) === 0;
      const calendar = createLegalCalendar(overrides);
      const expected = computeDeadline({ from, workingDays, hours: h, calendar, receiptCalendar: atDesk ? createLegalCalendar(overrides, 'X') : calendar });
      const e = explainDeadline({ from, workingDays, hours: h, overrides, officeCode: 'X', atDesk });
      expect([e.effectiveReceiptDate, e.dueDate, e.dueAt]).toEqual([expected.effectiveReceiptDate, expected.dueDate, expected.dueAt.toISOString()]);
      // Every day after the receipt day up to the due date is either counted or skipped, once.
      const walked = [...e.counting.countedDays, ...e.skipped.map((d) => d.date)].sort();
      const span: string[] = [];
      for (let d = addDays(e.effectiveReceiptDate, 1); d <= e.dueDate; d = addDays(d, 1)) span.push(d);
      expect(walked).toEqual(span);
      expect(e.counting.countedDays).toHaveLength(workingDays);
    }
  });
});
