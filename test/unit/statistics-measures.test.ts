import { toCsv } from '../../api/statistics-files';
import { DECIDED_OVERRIDES } from '../../domain/calendar/decided-overrides';
import { computeDeadline } from '../../domain/calendar/deadline';
import { createLegalCalendar } from '../../domain/calendar/legal-calendar';
import { addDays } from '../../domain/calendar/local-time';
import { onTimeRate, quarterDates, statisticsUnit, workingDayOrdinals } from '../../domain/statistics';

const decided = createLegalCalendar(DECIDED_OVERRIDES);

describe('statistics measures', () => {
  test('When ordinals are built over 30 April – 1 May 2025, then holidays and the swapped days do not count', () => {
    const t = workingDayOrdinals('2025-04-25', '2025-05-06', decided);
    // Fri 25 (1), Sat 26 worked instead of Fri 2 May (2), Sun 27, Mon 28 (3), Tue 29 (4), 30/4 – 4/5 off, Mon 5 (5), Tue 6 (6).
    expect(t.ordinals).toEqual([1, 2, 2, 3, 4, 4, 4, 4, 4, 4, 5, 6]);
    expect(t.working.filter(Boolean)).toHaveLength(6);
  });

  test('When working days are one subtraction of ordinals, then they agree with the deadline function for every receipt day of 2025', () => {
    const t = workingDayOrdinals('2025-01-01', '2026-03-31', decided);
    const ord = new Map(t.days.map((d, i) => [d, t.ordinals[i]!]));
    const work = new Map(t.days.map((d, i) => [d, t.working[i]!]));
    for (let day = '2025-01-01'; day <= '2025-12-31'; day = addDays(day, 1)) {
      for (const [clock, n] of [
        ['09:00', 0],
        ['16:00', 3],
        ['10:00', 12],
      ] as const) {
        const d = computeDeadline({ from: new Date(`${day}T${clock}:00+07:00`), workingDays: n, hours: { cutoff: '15:00', closesAt: '17:00' }, calendar: decided });
        // The SQL's rule: effective receipt = the day itself if working and not after the cut-off, else the next working day.
        const effective = ord.get(day)! + (work.get(day) && clock <= '15:00' ? 0 : 1);
        expect({ day, clock, n, days: ord.get(d.dueDate)! - effective }).toEqual({ day, clock, n, days: n });
      }
    }
  });

  test('When quarters, units and rates are asked, then they follow the definitions', () => {
    expect(quarterDates(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterDates(2024, 4)).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(statisticsUnit('office', {})).toBe('case');
    expect(statisticsUnit('month', { procedure: 'death-registration' })).toBe('step');
    expect(statisticsUnit('agency', {})).toBe('step');
    expect(onTimeRate({ finishedEarly: 1, finishedOnTime: 1, finishedLate: 1 })).toBe(0.6667);
    expect(onTimeRate({ finishedEarly: 0, finishedOnTime: 0, finishedLate: 0 })).toBeNull();
  });

  test('When a label looks like a spreadsheet formula or holds a comma, then the CSV keeps it as text', () => {
    const csv = toCsv({ title: 't', columns: [['label', 'Tên'], ['received', 'Số'], ['onTimeRate', 'Tỷ lệ (%)']], rows: [{ label: '=HYPERLINK("x")', received: 3, onTimeRate: 0.75 }, { label: 'Phường A, B', received: 0, onTimeRate: null }] });
    expect(csv.toString('utf8')).toBe('\uFEFFTên,Số,Tỷ lệ (%)\r\n"\'=HYPERLINK(""x"")",3,75\r\n"Phường A, B",0,\r\n');
  });
});
