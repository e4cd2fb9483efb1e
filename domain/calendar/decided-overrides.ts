import { CalendarOverride } from './legal-calendar';

/**
 * Yearly decisions already published that differ from the statutory default (holidays.ts:
 * Tết = last day of the old lunar year + days 1–4; the day next to 2/9 = 1/9). Seeded into the
 * override store; operators add later decisions the same way. Only decisions whose days are
 * certain are listed; where the default already gives the decided days, nothing is needed:
 * - Tết 2022 (31/01–04/02) and Tết Bính Ngọ 2026 (16/02–20/02, off Sat 14/02 to Sun 22/02): the
 *   default pattern. For 2026 the press reports the Ministry of Home Affairs' proposal and the
 *   decision (congan.com.vn, daidoanket.vn, baomoi); the decision's document number was not found
 *   (searched: "lịch nghỉ Tết Nguyên đán 2026 cán bộ công chức thông báo Bộ Nội vụ", "Thủ tướng
 *   đồng ý nghỉ Tết Âm lịch 2026 công văn số VPCP-KGVX") — nothing to store, the days are the default's.
 * - 2/9/2024 (31/08–03/09) and 2/9/2025 (30/08–02/09): the default pattern with compensation.
 * - 30/4–1/5/2026 (Thursday–Friday) and Hùng Kings day 2026 (Sunday 26/04, compensated Monday
 *   27/04): the default pattern.
 * - 2/9/2026 (Wednesday): the default gives Tuesday 01/09 + Wednesday 02/09. The press reports a
 *   proposal of five days off (a swapped Monday 31/08); no decision with a number was found
 *   (searched: "lịch nghỉ lễ Quốc khánh 2/9/2026", "phương án nghỉ lễ Quốc khánh năm 2026"), so
 *   nothing is stored: an operator enters the decision (PUT /v1/calendar/overrides, dry run first).
 * - 24/11 (Ngày Văn hóa Việt Nam) is NOT a holiday here: the Politburo chose the day and the
 *   Government (Resolution 30/NQ-CP, reported 26/02/2026) asked for Labour Code Art 112(1) to be
 *   amended; no enacted amendment was found (searched: "Ngày Văn hóa Việt Nam 24/11 ngày nghỉ lễ
 *   hưởng nguyên lương sửa đổi Bộ luật Lao động", vneconomy.vn, znews.vn, dantri.com.vn, Jan–Feb 2026).
 */
const SWAP_2025_SOURCE =
  'Swap of working days agreed by the Prime Minister for civil servants, 30/4–1/5/2025 (reported by TTXVN/VietnamPlus; lien-thong-rules.md §3); ' +
  'probably part of Văn phòng Chính phủ 8726/VPCP-KGVX (26/11/2024) on Tết and other 2025 holidays, but the swap was not read in its text: document number not verified ' +
  '(searched: "hoán đổi ngày làm việc dịp 30/4 1/5 2025 công văn Văn phòng Chính phủ")';

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
    source: SWAP_2025_SOURCE,
  },
  {
    date: '2025-05-02',
    kind: 'day-off',
    reason: 'Hoán đổi ngày làm việc dịp 30/4–1/5/2025: nghỉ thứ Sáu 02/05/2025',
    source: SWAP_2025_SOURCE,
  },
  // Tết Dương lịch 2026: four days off Thu 01/01 to Sun 04/01; Friday 02/01 swapped with Saturday 10/01.
  {
    date: '2026-01-02',
    kind: 'day-off',
    reason: 'Hoán đổi ngày làm việc dịp Tết Dương lịch 2026: nghỉ thứ Sáu 02/01/2026 (nghỉ liền 01/01–04/01/2026)',
    source: 'Văn phòng Chính phủ 12729/VPCP-KGVX (25/12/2025), Deputy Prime Minister on New Year 2026 (as reported; text not read)',
  },
  {
    date: '2026-01-10',
    kind: 'working-day',
    reason: 'Làm bù thứ Bảy 10/01/2026 cho ngày 02/01/2026',
    source: 'Văn phòng Chính phủ 12729/VPCP-KGVX (25/12/2025) (as reported; text not read)',
  },
];
