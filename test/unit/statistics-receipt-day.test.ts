import { createLegalCalendar, workingDayOrdinals } from '../../domain';
import { receiptOrdinals } from '../../prisma/statistics';

// March 2025: Friday 7, Saturday 8, Sunday 9, Monday 10, Tuesday 11; no holiday.
const OFFICE = '001.01.01.H26';
const override = (date: string, kind: 'working-day' | 'day-off') => ({ date, kind, officeCode: OFFICE, reason: 'thử nghiệm', source: 'thử nghiệm' });

describe('the day a dossier counts as received, for a desk with days of its own', () => {
  const overrides = [override('2025-03-08', 'working-day'), override('2025-03-11', 'day-off')];
  const general = workingDayOrdinals('2025-03-07', '2025-03-14', createLegalCalendar(overrides));
  const office = workingDayOrdinals('2025-03-07', '2025-03-14', createLegalCalendar(overrides, OFFICE));
  const { before, after } = receiptOrdinals(general, office);
  const day = (d: string) => general.days.indexOf(d);
  const ord = (d: string) => general.ordinals[day(d)]!;

  test('When received on its Saturday before the cut-off, then it counts from that Saturday: a Monday result is 1 working day (the agencies do not work Saturdays)', () => {
    expect(ord('2025-03-10') - before[day('2025-03-08')]!).toBe(1);
  });

  test('When received on Friday after the cut-off, then it counts from the Saturday the desk receives on: Monday is 1 working day', () => {
    expect(ord('2025-03-10') - after[day('2025-03-07')]!).toBe(1);
    // On Friday before the cut-off it counts from Friday: Tuesday is 2.
    expect(ord('2025-03-11') - before[day('2025-03-07')]!).toBe(2);
  });

  test('When the desk is closed on a day the agencies work (its own day off), then a dossier left that day counts from its next receiving day', () => {
    // Received Tuesday 11 (the desk's day off): counts from Wednesday 12; a Thursday result is 1 working day.
    expect(ord('2025-03-13') - before[day('2025-03-11')]!).toBe(1);
  });
});
