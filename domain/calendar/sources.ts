import type { Bilingual } from './holidays';

/**
 * The legal sources a deadline explanation cites, as data (house rule: legal facts live in domain/
 * with their source). Each names the document, the article and what it says in a few words.
 */

/** Counting a period (Civil Code 2015, 91/2015/QH13): the first day is not counted; a period ending on a day off ends on the next working day. */
export const COUNTING_RULE_SOURCE = 'Civil Code 2015 (91/2015/QH13) Art 147 (start of a period: the day after the event), Art 148 (end of a period; a last day that is a day off moves to the next working day)';

/** The weekly rest days of state agencies. */
export const WEEKLY_REST_SOURCE = 'Decision 188/1999/QĐ-TTg (state agencies work Monday–Friday); Labour Code 2019 Art 111';

/**
 * The cut-off rule as this engine applies it: a dossier received after the office's cut-off
 * (15:00 by default) counts as received on the next working day, for every time limit.
 *
 * Two texts stand behind it, and neither says exactly that for multi-day limits:
 * - Decree 61/2018/NĐ-CP Art 19 (as amended by Decree 107/2021/NĐ-CP): a dossier received after
 *   15:00 is TRANSFERRED to the handling agency on the next working day;
 * - Law on Civil Status 2014 (60/2014/QH13) Art 16 (birth) and Art 34 (death): a same-day
 *   civil-status result for a dossier received after 15:00 is given on the next working day.
 * Applying the rule to every limit is an interpretation, kept because released workflows and
 * running cases were computed with it (lien-thong-rules.md, review notes 2026-11-29).
 */
export const CUTOFF_RULE = {
  sources: [
    'Decree 61/2018/NĐ-CP Art 19, as amended by Decree 107/2021/NĐ-CP: a dossier received after 15:00 is transferred to the handling agency on the next working day',
    'Law on Civil Status 2014 (60/2014/QH13) Art 16, Art 34: a same-day civil-status result for a dossier received after 15:00 is returned on the next working day',
  ],
  interpretation: {
    vi: 'Áp dụng quy tắc "sau giờ tiếp nhận cuối ngày thì tính là nhận ngày làm việc tiếp theo" cho mọi thời hạn (kể cả thời hạn nhiều ngày) là cách hiểu của hệ thống này, đã được ghi rõ; hai văn bản trên nói về việc chuyển hồ sơ và về kết quả hộ tịch trong ngày.',
    en: 'Applying "received after the cut-off counts as received on the next working day" to every limit, multi-day limits included, is this engine’s documented interpretation; the two texts concern the transfer of the dossier and same-day civil-status results.',
  } satisfies Bilingual,
} as const;

/** The Vietnamese and English names of the weekdays, Sunday first (as Date#getUTCDay). */
export const WEEKDAYS: readonly Bilingual[] = [
  { vi: 'Chủ nhật', en: 'Sunday' },
  { vi: 'thứ Hai', en: 'Monday' },
  { vi: 'thứ Ba', en: 'Tuesday' },
  { vi: 'thứ Tư', en: 'Wednesday' },
  { vi: 'thứ Năm', en: 'Thursday' },
  { vi: 'thứ Sáu', en: 'Friday' },
  { vi: 'thứ Bảy', en: 'Saturday' },
];
