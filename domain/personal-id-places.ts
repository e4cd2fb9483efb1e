/**
 * The first three digits of a personal identification number (số định danh cá nhân): the code of the
 * province or centrally-run city where the citizen's birth was registered (mã tỉnh, thành phố trực
 * thuộc trung ương nơi công dân đăng ký khai sinh), or, for a birth registered abroad, the code of
 * that country (mã quốc gia nơi công dân đăng ký khai sinh).
 *
 * Structure: Decree 137/2015/NĐ-CP Art 13; the codes: Circular 07/2016/TT-BCA (01/02/2016) Art 7 with
 * Appendix I (provinces) and an appendix of country codes, carried on by Circular 59/2021/TT-BCA
 * (Appendix I provinces, Appendix II countries). The Law on Identification 2023 (26/2023/QH15, in
 * force 01/07/2024) Art 12 keeps the 12-digit number (secondary: a legal-news page quoting it).
 *
 * Confidence (see also the README's "Not done yet"):
 * - Provinces 001–096: secondary — the Appendix I table headed "ban hành kèm theo Thông tư số
 *   07/2016/TT-BCA ngày 01/02/2016" as reproduced on public pages (a 2021 copy and a 2024+ legal-news
 *   page citing Art 12 of the 2023 Law); the official gazette text was not read. Both copies agree
 *   code by code.
 * - Countries 101–295: secondary, not read in any official text — a public decoder's table (195
 *   countries, 101–295 without gaps, citing Circular 07/2016) and a 2026 project note citing Circular
 *   59/2021 Appendix II agree on the range and on 286 = Ukraine. Accepted, so that a citizen born
 *   abroad is not refused on an unconfirmed rule.
 * - Whether Decree 70/2024/NĐ-CP or a 2024 circular re-issued the list, and whether births registered
 *   after the 2025 province merger (Resolution 202/2025/QH15) get other codes: not found. Decision
 *   19/2025/QĐ-TTg numbers each of the 34 provinces with the old code of one of the 63 (secondary),
 *   so if the police reuse those numbers, new IDs still fall inside this list.
 *
 * IDs never change once issued: a code stays valid after its province has been merged (rule 9 of
 * the rules document), so a code is known if any list that has taken effect holds it.
 */

export interface PlaceCodeList {
  /** The date the list was issued (the in-force date of Circular 07/2016 was not confirmed). */
  issued: string;
  sources: readonly string[];
  /** Province-level codes and the name of the province as it was when the list was issued. */
  provinces: Readonly<Record<string, string>>;
  /** Codes for births registered abroad, one per country, without gaps. */
  abroad: { from: number; to: number; confirmed: boolean };
}

// Province names as in Appendix I (63 provinces, 2016–2025); numbered like the statistical codes,
// hence the gaps (003, 005, 007, … are not used).
const PROVINCES_2016: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/** Every list of place codes, oldest first; a new list is added, never edited into an old one. */
export const PLACE_CODE_LISTS: readonly PlaceCodeList[] = [
  {
    issued: '2016-02-01',
    sources: [
      'Decree 137/2015/NĐ-CP Art 13 (structure of the personal identification number)',
      'Circular 07/2016/TT-BCA of 01/02/2016 Art 7 and Appendix I (secondary copies)',
      'Circular 59/2021/TT-BCA Appendix I and II (secondary, not read)',
    ],
    provinces: PROVINCES_2016,
    abroad: { from: 101, to: 295, confirmed: false },
  },
];

export type PlaceOfBirthRegistration = { kind: 'province'; name: string } | { kind: 'abroad' };

/** Where a birth with these three place digits was registered, or undefined for an unknown code. */
export function placeOfBirthRegistration(code: string): PlaceOfBirthRegistration | undefined {
  if (!/^\d{3}$/.test(code)) return undefined;
  for (const list of PLACE_CODE_LISTS) {
    const name = list.provinces[code];
    if (name !== undefined) return { kind: 'province', name };
    const n = Number(code);
    if (n >= list.abroad.from && n <= list.abroad.to) return { kind: 'abroad' };
  }
  return undefined;
}
