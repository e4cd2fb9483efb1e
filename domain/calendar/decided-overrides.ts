import { CalendarOverride } from './legal-calendar';

/**
 * Yearly decisions already published that differ from the statutory default (holidays.ts:
 * Tết = last day of the old lunar year + days 1–4; the day next to 2/9 = 1/9). Seeded into the
 * override store; operators add later decisions the same way. Only decisions whose days are
 * certain are listed; where the default already gives the decided days, nothing is needed:
 * - Tết 2022 (31/01–04/02) and Tết 2026 (16/02–20/02, off 14/02–22/02): the default pattern;
 * - 2/9/2024 (31/08–03/09) and 2/9/2025 (30/08–02/09): the default pattern with compensation.
 */
export const DECIDED_OVERRIDES: CalendarOverride[] = [
  // Tết Giáp Thìn 2024: off Thu 08/02 (29 Chạp) to Wed 14/02 (mùng 5), i.e. two days before Tết.
  {
    date: '2024-02-08',
    kind: 'day-off',
    reason: 'Tết Âm lịch 2024: nghỉ từ 08/02 đến hết 14/02/2024 (29 tháng Chạp – mùng 5 tháng Giêng)',
    source: 'Văn phòng Chính phủ 8662/VPCP-KGVX (03/11/2023), Prime Minister on Tết 2024 and National Day 2024',
  },
  {
    date: '2024-02-15',
    kind: 'working-day',
    reason: 'Tết Âm lịch 2024 ends on 14/02/2024 (the default pattern would give 15/02 as a compensatory day)',
    source: 'Văn phòng Chính phủ 8662/VPCP-KGVX (03/11/2023)',
  },
  // 30/4–1/5/2024: off Sat 27/04 to Wed 01/05, Monday 29/04 swapped with Saturday 04/05.
  {
    date: '2024-04-29',
    kind: 'day-off',
    reason: 'Hoán đổi ngày làm việc dịp 30/4–1/5/2024: nghỉ thứ Hai 29/04/2024',
    source: 'Văn phòng Chính phủ 2450/VPCP-KGVX (12/04/2024), Prime Minister on swapping working days for 30/4–1/5/2024',
  },
  {
    date: '2024-05-04',
    kind: 'working-day',
    reason: 'Làm bù thứ Bảy 04/05/2024 cho ngày 29/04/2024',
    source: 'Văn phòng Chính phủ 2450/VPCP-KGVX (12/04/2024)',
  },
  // Tết Ất Tỵ 2025: nine days off Sat 25/01 to Sun 02/02; the five Tết days are 27/01–31/01.
  {
    date: '2025-01-27',
    kind: 'day-off',
    reason: 'Tết Âm lịch 2025: nghỉ từ 25/01 đến hết 02/02/2025 (5 ngày Tết 27/01–31/01 và 4 ngày nghỉ hằng tuần)',
    source: 'Văn phòng Chính phủ 8726/VPCP-KGVX (26/11/2024), Prime Minister on Tết 2025 and other 2025 holidays',
  },
  {
    date: '2025-02-03',
    kind: 'working-day',
    reason: 'Tết Âm lịch 2025 ends on 02/02/2025 (the default pattern would give 03/02 as a compensatory day)',
    source: 'Văn phòng Chính phủ 8726/VPCP-KGVX (26/11/2024)',
  },
  // 30/4–1/5/2025: five days off Wed 30/04 to Sun 04/05; Friday 02/05 swapped with Saturday 26/04.
  {
    date: '2025-04-26',
    kind: 'working-day',
    reason: 'Làm bù thứ Bảy 26/04/2025 để nghỉ thứ Sáu 02/05/2025 (nghỉ liền 30/4–4/5/2025)',
    source: 'Swap of working days agreed by the Prime Minister for civil servants, 30/4–1/5/2025 (reported by TTXVN/VietnamPlus; lien-thong-rules.md §3); document number not verified',
  },
  {
    date: '2025-05-02',
    kind: 'day-off',
    reason: 'Hoán đổi ngày làm việc dịp 30/4–1/5/2025: nghỉ thứ Sáu 02/05/2025',
    source: 'Swap of working days agreed by the Prime Minister for civil servants, 30/4–1/5/2025 (reported by TTXVN/VietnamPlus; lien-thong-rules.md §3); document number not verified',
  },
];
