import { birthGroup, birthGroupWithIdentityCard } from './birth-group';
import { deathGroup, deathGroupWith } from './death-group';
import { AgencyRole, AdministrativeLevel, LegalSource, LegalVersion } from './types';

// The versions of the law the engine knows, oldest first. A case pins the version in force on its
// receipt date; a new version is appended when the law changes, never edited in place. What each
// source's `confidence` means: domain/catalogue/types.ts (LegalSource). The research notes behind
// them: domain/catalogue/sources.md.

const DECREE_63_2024: LegalSource = {
  document: 'Nghị định 63/2024/NĐ-CP',
  article: 'Art 5–8 (dossiers, online submission, handling; birth registration the same working day, 7 working days to supplement); Art 25(1)',
  date: '2024-06-10',
  effectiveFrom: '2024-07-01',
  about: 'Linked procedures for births (children under 6) and deaths; in force on signing, linked services nationwide from 01/07/2024',
  confidence: 'secondary',
  note: 'Read through the LuatVietnam translation header and lawnet.vn article summaries; the gazette text was not opened.',
};

const DECISION_296_2024: LegalSource = {
  document: 'Quyết định 296/QĐ-VPCP',
  date: '2024-06-12',
  about: 'Procedure sheet of the two groups: combinations, agencies, birth group within 3 working days; portal codes 2.002621 (birth) and 2.002622 (death)',
  confidence: 'secondary',
};

const DECREE_61_2018: LegalSource = {
  document: 'Nghị định 61/2018/NĐ-CP, amended by Nghị định 107/2021/NĐ-CP',
  article: 'Art 15–20 (receipt, transfer, returning results, apology)',
  date: '2018-04-23',
  effectiveFrom: '2018-06-21',
  about: 'One-stop mechanism until 30/06/2025',
  confidence: 'secondary',
};

const DECREE_20_2021: LegalSource = {
  document: 'Nghị định 20/2021/NĐ-CP',
  article: 'Art 11 (funeral support for social-assistance beneficiaries); Art 14 (emergency assistance: funeral support)',
  date: '2021-03-15',
  effectiveFrom: '2021-07-01',
  about: 'Social assistance: who receives funeral support and who decides it',
  confidence: 'secondary',
};

const SOCIAL_INSURANCE_LAW_2024: LegalSource = {
  document: 'Luật Bảo hiểm xã hội 41/2024/QH15',
  article: 'Art 85–86 (funeral allowance), survivor allowances',
  date: '2024-06-29',
  effectiveFrom: '2025-07-01',
  about: 'Social-insurance funeral and survivor allowances',
  confidence: 'secondary',
};

const LOCAL_GOVERNMENT_2025: LegalSource = {
  document: 'Luật Tổ chức chính quyền địa phương 72/2025/QH15; Nghị quyết 202/2025/QH15',
  article: 'Two levels of local government (province, commune); districts end',
  date: '2025-06-16',
  effectiveFrom: '2025-07-01',
  about: 'Structure of local government',
  confidence: 'secondary',
};

const DECREE_118_2025: LegalSource = {
  document: 'Nghị định 118/2025/NĐ-CP',
  article: 'Four steps of handling a dossier; transfer and return of results',
  date: '2025-06-09',
  effectiveFrom: '2025-07-01',
  about: 'One-stop mechanism from 01/07/2025 (replaces Decree 61/2018)',
  confidence: 'secondary',
};

/** Three levels: district People's Committees decide social-assistance support; district social-insurance offices pay. */
const THREE_LEVEL: Readonly<Record<AgencyRole, readonly AdministrativeLevel[]>> = {
  'civil-status': ['commune'],
  police: ['commune', 'district'],
  'social-insurance': ['district', 'province'],
  'social-protection': ['district'],
  merit: ['district', 'province'],
};

/** Two levels: communes decide social-assistance and merit funeral support (no districts remain). */
const TWO_LEVEL: Readonly<Record<AgencyRole, readonly AdministrativeLevel[]>> = {
  'civil-status': ['commune'],
  police: ['commune', 'province'],
  'social-insurance': ['province'],
  'social-protection': ['commune'],
  merit: ['commune'],
};

const DECREE_301_2026: LegalSource = {
  document: 'Nghị định 301/2026/NĐ-CP (amending Nghị định 63/2024/NĐ-CP)',
  date: '2026-07-30',
  effectiveFrom: '2026-09-01',
  about: 'The national public-service portal replaces the linked-service software; the căn cước card for children under 6 joins the birth group; new declaration form; portal codes 2.002913 (death) and 3.000722 (birth)',
  confidence: 'secondary',
  note: 'Three secondary sources agree on number and dates (incl. Hải Phòng Decision 3582/QĐ-UBND of 08/09/2026 as extracted by a third party); the decree text was not read.',
};

const IDENTIFICATION_LAW_2023: LegalSource = {
  document: 'Luật Căn cước 26/2023/QH15; Nghị định 70/2024/NĐ-CP',
  article: 'Art 19, 23, 26 (cards for children under 14 on request; time to issue)',
  date: '2023-11-27',
  effectiveFrom: '2024-07-01',
  about: 'Căn cước card for a child under 6',
  confidence: 'secondary',
};

const COMMON_UNCONFIRMED = [
  {
    item: 'Time limits of residence (de)registration, funeral and survivor benefits inside the linked flow (the engine uses the standalone limits)',
    searched: 'pages/docs: "Nghị định 63/2024 thời hạn xóa đăng ký thường trú liên thông", "thời hạn giải quyết trợ cấp tử tuất liên thông", Decision 296/QĐ-VPCP summaries',
  },
  {
    item: 'Survivor allowance: 15 days (Law 58/2014 Art 112) counted as working days; the article of Law 41/2024/QH15 was not found',
    searched: 'pages: "trợ cấp tử tuất thời hạn giải quyết 41/2024/QH15", "Điều 112 Luật BHXH 2014"',
  },
  {
    item: 'Death-group combinations without residence deregistration: Decision 296 as quoted lists it in every combination; the engine still accepts bundles without it',
    searched: 'lawnet.vn summary of Decision 296/QĐ-VPCP step 1',
  },
  {
    item: 'The priority rule (one funeral benefit; social insurance first; the highest of several supports): clause numbers of Decree 20/2021 Art 11 not read',
    searched: 'pages: "chỉ được hưởng một mức hỗ trợ chi phí mai táng cao nhất", "Nghị định 20/2021 Điều 11 mai táng"',
  },
];

export const LEGAL_VERSIONS: readonly LegalVersion[] = [
  {
    version: '2024-07-01',
    effectiveFrom: '2024-07-01',
    localGovernment: 'three-level',
    agencyLevels: THREE_LEVEL,
    groups: [deathGroup, birthGroup],
    sources: [DECREE_63_2024, DECISION_296_2024, DECREE_61_2018, DECREE_20_2021],
    unconfirmed: [
      ...COMMON_UNCONFIRMED,
      {
        item: 'District-level competence before 01/07/2025 (district People\'s Committee decides social-assistance funeral support; district office for people with merit; district social-insurance office)',
        searched: 'pages: "Chủ tịch UBND cấp huyện quyết định hỗ trợ chi phí mai táng Nghị định 20/2021"; found only for the older Decree 136/2013',
      },
    ],
  },
  {
    version: '2025-07-01',
    effectiveFrom: '2025-07-01',
    localGovernment: 'two-level',
    agencyLevels: TWO_LEVEL,
    groups: [deathGroup, birthGroup],
    sources: [DECREE_63_2024, DECISION_296_2024, DECREE_118_2025, LOCAL_GOVERNMENT_2025, DECREE_20_2021, SOCIAL_INSURANCE_LAW_2024],
    unconfirmed: [
      ...COMMON_UNCONFIRMED,
      {
        item: 'The decree that moved funeral support for social-assistance beneficiaries and people with merit to the commune People\'s Committee from 01/07/2025 (provincial procedure records show commune handling, about 3 working days standalone)',
        searched: 'pages: "phân cấp hỗ trợ chi phí mai táng cấp xã 2025", "Nghị định phân quyền phân cấp lĩnh vực bảo trợ xã hội 2025", "mai táng phí người có công UBND cấp xã 2025"',
      },
      {
        item: 'The articles of Decree 118/2025 on the four steps, the 15:00 transfer rule and returning results',
        searched: 'pages: "Nghị định 118/2025 trả kết quả", "Nghị định 118/2025 sau 15 giờ"',
      },
    ],
  },
  {
    version: '2026-09-01',
    effectiveFrom: '2026-09-01',
    localGovernment: 'two-level',
    agencyLevels: TWO_LEVEL,
    groups: [deathGroupWith({ portalCode: '2.002913', source: 'Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP' }), birthGroupWithIdentityCard],
    sources: [DECREE_63_2024, DECREE_301_2026, IDENTIFICATION_LAW_2023, DECREE_118_2025, LOCAL_GOVERNMENT_2025, DECREE_20_2021, SOCIAL_INSURANCE_LAW_2024],
    unconfirmed: [
      ...COMMON_UNCONFIRMED,
      {
        item: 'Decree 301/2026 itself (read only through secondary sources), and which agency issues the child\'s căn cước in the linked flow (the engine routes it to the commune police) with what limit (the engine uses 7 working days, the standalone limit)',
        searched: 'pages: "Nghị định 301/2026/NĐ-CP", "cấp căn cước trẻ em dưới 6 tuổi liên thông khai sinh 2026"',
      },
      {
        item: 'Group-level limits published under Decree 301/2026 (birth group 3 working days, 5 with verification; death group 18 working days for people with merit, 6 (11) for social assistance) are not yet applied as per-procedure limits',
        searched: 'Hải Phòng Decision 3582/QĐ-UBND (08/09/2026) as extracted by a third party',
      },
      {
        item: 'Decree 335/2026/NĐ-CP on social assistance (reported to replace Decree 20/2021; effective date reported as 01/09/2026 or 05/10/2026)',
        searched: 'pages: "Nghị định 335/2026/NĐ-CP trợ giúp xã hội"',
      },
    ],
  },
];
