import { operation, queryParam } from './operations';
import { JsonSchema, ref } from './request-schemas';

// The legal calendar and the overdue statistics (api/routes/calendar.ts).

const date = (description: string): JsonSchema => ({ type: 'string', format: 'date', description });
const officeParam = (required: boolean) => ({ ...queryParam('office', 'Office code, e.g. `001.01.01.H29`.', { type: 'string' }), required });

const dayInfo: JsonSchema = {
  type: 'object',
  properties: {
    date: date('The day (Vietnam).'),
    kind: { type: 'string', enum: ['holiday', 'compensatory', 'weekend', 'day-off'] },
    name: { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } },
    source: { type: 'string', description: 'Legal source, or the override’s source.' },
    officeCode: { type: 'string', description: 'Present when an office-specific override caused it.' },
  },
  required: ['date', 'kind'],
};

export function calendarPaths(): Record<string, Record<string, JsonSchema>> {
  return {
    '/v1/calendar': {
      get: operation({
        operationId: 'getCalendarYear',
        tag: 'Calendar',
        summary: 'Non-working days of a year (ngày nghỉ) with their reasons, and the overrides in force',
        description:
          'Weekends (Decision 188/1999/QĐ-TTg), the holidays of Labour Code 2019 Art 112 (1/1, Tết, Hùng Kings day, 30/4, 1/5, 2/9 and the day next to it) computed on the Vietnamese lunar calendar (UTC+7), compensatory days (Art 111(3)), and the yearly decisions stored as overrides. With `office`, that office’s own overrides (e.g. a desk receiving on Saturday) apply too.',
        access: ['desk', 'agency', 'operator'],
        parameters: [{ ...queryParam('year', '1990–2100.', { type: 'integer', minimum: 1990, maximum: 2100 }), required: true }, officeParam(false)],
        ok: {
          status: 200,
          description: 'The year.',
          schema: {
            type: 'object',
            properties: {
              year: { type: 'integer' },
              office: { type: ['string', 'null'] },
              nonWorkingDays: { type: 'array', items: dayInfo },
              workingDayOverrides: { type: 'array', items: ref('CalendarOverride') },
              totals: { type: 'object' },
              overrides: { type: 'array', items: ref('CalendarOverride') },
            },
            required: ['year', 'nonWorkingDays', 'overrides'],
          },
        },
        problems: { 422: 'Missing or out-of-range `year`, or an unknown `office`.' },
      }),
    },
    '/v1/calendar/overrides': {
      put: operation({
        operationId: 'putCalendarOverride',
        tag: 'Calendar',
        summary: 'Record a yearly decision on the calendar (an extra day off, a swapped working day)',
        description: 'Creates or replaces the override for `date` (and `officeCode`, if given). Deadlines computed afterwards use it, including those of running cases.',
        access: ['operator'],
        body: 'CalendarOverride',
        ok: { status: 200, description: 'Replaced an existing override (201 when created).', schema: ref('CalendarOverride') },
        problems: { 403: 'Not an operator key.', 422: 'Invalid fields; every one is listed.' },
      }),
      delete: operation({
        operationId: 'deleteCalendarOverride',
        tag: 'Calendar',
        summary: 'Remove an override',
        description: 'Answers 204 with no body when removed.',
        access: ['operator'],
        parameters: [{ ...queryParam('date', 'The day.', { type: 'string', format: 'date' }), required: true }, officeParam(false)],
        ok: { status: 204, description: 'Removed (no body).', schema: {} },
        problems: { 403: 'Not an operator key.', 404: 'No override on that date (for that office).', 422: 'Invalid query.' },
      }),
    },
    '/v1/calendar/deadline': {
      get: operation({
        operationId: 'getDeadline',
        tag: 'Calendar',
        summary: 'The legal deadline of a period in working days (hạn giải quyết)',
        description:
          'The same function the workflows use (Civil Code 2015 Art 147–148 and the one-stop rules): a dossier received on a non-working day or after the office’s cut-off (15:00 by default) counts as received the next working day; counting starts the working day after; the period ends at closing time of its last working day; times in Asia/Ho_Chi_Minh.',
        access: ['desk', 'agency', 'operator'],
        parameters: [
          { ...queryParam('from', 'ISO instant of valid receipt, with offset.', { type: 'string', format: 'date-time' }), required: true },
          { ...queryParam('workingDays', '0 = within the same working day.', { type: 'integer', minimum: 0, maximum: 365 }), required: true },
          officeParam(true),
        ],
        ok: {
          status: 200,
          description: 'The deadline.',
          schema: {
            type: 'object',
            properties: {
              from: { type: 'string', format: 'date-time' },
              workingDays: { type: 'integer' },
              office: { type: 'string' },
              cutoff: { type: 'string', examples: ['15:00'] },
              effectiveReceiptDate: date('The working day the dossier counts as received on.'),
              dueDate: date('The last day of the period.'),
              dueAt: { type: 'string', format: 'date-time', description: 'Closing time of the last day.' },
            },
            required: ['effectiveReceiptDate', 'dueDate', 'dueAt'],
          },
        },
        problems: { 422: 'Invalid `from`, `workingDays` or `office`; every one is listed.' },
      }),
    },
    '/v1/statistics/overdue': {
      get: operation({
        operationId: 'getOverdueStatistics',
        tag: 'Statistics',
        summary: 'Overdue steps per agency (hồ sơ quá hạn)',
        description: '`openOverdue`: steps past their due date still waiting on the agency; `totalOverdue`: every step that was or is late.',
        access: ['operator'],
        ok: {
          status: 200,
          description: 'Counts, most late first.',
          schema: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', properties: { agencyCode: { type: 'string' }, openOverdue: { type: 'integer' }, totalOverdue: { type: 'integer' } }, required: ['agencyCode', 'openOverdue', 'totalOverdue'] },
              },
            },
            required: ['items'],
          },
        },
        problems: { 403: 'Not an operator key.' },
      }),
    },
  };
}
