import { Procedure, ProcedureGroup } from './types';

export const DEATH_REGISTRATION = 'death-registration';
export const RESIDENCE_DEREGISTRATION = 'residence-deregistration';
export const FUNERAL_ALLOWANCE = 'funeral-allowance';
export const SURVIVOR_ALLOWANCE = 'survivor-allowance';

const afterDeath = [DEATH_REGISTRATION] as const;

/**
 * Who pays the funeral benefit, by the regime the deceased belonged to: social insurance
 * (contributors and pensioners), people with merit, social-assistance beneficiaries, and people
 * who died in a disaster or accident and receive emergency assistance (Decree 20/2021 Ch. III).
 */
export const FUNERAL_ROUTES = {
  'social-insurance': 'social-insurance',
  pensioner: 'social-insurance',
  merit: 'merit',
  'social-assistance': 'social-protection',
  'emergency-assistance': 'social-protection',
} as const;

/**
 * One funeral benefit per death. Someone entitled under social insurance gets the insurance's
 * funeral allowance and not the social-assistance support; several supports of different amounts
 * give only the highest, which puts merit before social assistance and emergency assistance.
 */
export const FUNERAL_PRIORITY = {
  rule: 'FUNERAL_BENEFIT_PRIORITY',
  order: ['social-insurance', 'pensioner', 'merit', 'social-assistance', 'emergency-assistance'],
  otherField: 'otherBenefitStatuses',
  source: 'Decree 20/2021/NĐ-CP Art 11(3) and Art 14; Social Insurance Law 2024 Art 85–86',
} as const;

/** Linked death group, Decree 63/2024/NĐ-CP Art 5–6; procedure sheet Decision 296/QĐ-VPCP (12/06/2024). */
export const deathGroup: ProcedureGroup = {
  code: 'death',
  name: {
    vi: 'Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, trợ cấp mai táng phí',
    en: 'Linked death registration, residence deregistration, survivor and funeral benefits',
  },
  // National portal code of the death group until 31/08/2026 (Decision 296/QĐ-VPCP; secondary).
  portalCode: '2.002622',
  subjectField: 'deceased',
  identityFields: ['personalId'],
  source: 'Decree 63/2024/NĐ-CP; Decision 296/QĐ-VPCP',
  procedures: [
    {
      code: DEATH_REGISTRATION,
      name: { vi: 'Đăng ký khai tử', en: 'Death registration' },
      routing: { kind: 'fixed', role: 'civil-status' },
      dependsOn: [],
      // Same working day; received after 15:00 → next working day (the deadline function applies the cut-off).
      timeLimit: { workingDays: 0, source: 'Law on Civil Status 2014 Art 34; Decree 63/2024 Art 6', confirmed: true },
      requiredDocuments: [
        { code: 'death-notice', name: { vi: 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử', en: 'Death notice or substitute document' } },
        { code: 'declaration-form', name: { vi: 'Tờ khai liên thông', en: 'Linked-procedure declaration form' } },
      ],
      resultKind: 'death-extract',
      forwards: ['extractNumber', 'extractDate'],
      essential: true,
      source: 'Law on Civil Status 2014 Art 32–34',
    },
    {
      code: RESIDENCE_DEREGISTRATION,
      name: { vi: 'Xóa đăng ký thường trú', en: 'Permanent-residence deregistration' },
      routing: { kind: 'fixed', role: 'police' },
      dependsOn: afterDeath,
      // Standalone limit; the limit inside the linked flow is not confirmed by any official text.
      timeLimit: { workingDays: 5, source: 'Decree 154/2024/NĐ-CP Art 9 (standalone)', confirmed: false },
      requiredDocuments: [],
      resultKind: 'residence-deregistration',
      forwards: [],
      essential: false,
      source: 'Law on Residence 2020 Art 24; Decree 154/2024/NĐ-CP',
    },
    {
      code: FUNERAL_ALLOWANCE,
      name: { vi: 'Trợ cấp mai táng / hỗ trợ chi phí mai táng', en: 'Funeral allowance' },
      // One funeral benefit per death, insurance first: the desk records the status that pays.
      routing: {
        kind: 'by-subject-field',
        field: 'benefitStatus',
        routes: FUNERAL_ROUTES,
        source: 'Social Insurance Law 2024 Art 85; Decree 20/2021/NĐ-CP Art 11 and Art 14; Ordinance on preferential treatment of revolutionary contributors 2020',
        priority: FUNERAL_PRIORITY,
      },
      dependsOn: afterDeath,
      timeLimit: { workingDays: 5, source: 'UNCONFIRMED default; 3 working days for social-protection support (Decree 176/2025)', confirmed: false },
      requiredDocuments: [
        { code: 'benefit-form-02', name: { vi: 'Tờ khai mẫu số 02 (điện tử)', en: 'Electronic Form 02' } },
      ],
      resultKind: 'benefit-decision',
      forwards: [],
      essential: false,
      source: 'Decision 1449/QĐ-BHXH (2024)',
    },
    {
      code: SURVIVOR_ALLOWANCE,
      name: { vi: 'Trợ cấp tử tuất', en: 'Survivor allowance' },
      routing: {
        kind: 'by-subject-field',
        field: 'benefitStatus',
        routes: { 'social-insurance': 'social-insurance', pensioner: 'social-insurance' },
        source: 'Social Insurance Law 2024 Ch. III §5',
      },
      dependsOn: afterDeath,
      // Law 58/2014/QH13 Art 112: the insurer settles within 15 days of a complete dossier (secondary);
      // counted here as working days. The linked-flow limit and Law 41/2024's are not confirmed.
      timeLimit: { workingDays: 15, source: 'Luật BHXH 58/2014/QH13 Art 112 (15 days; secondary, counted as working days)', confirmed: false },
      requiredDocuments: [
        { code: 'benefit-form-02', name: { vi: 'Tờ khai mẫu số 02 (điện tử)', en: 'Electronic Form 02' } },
      ],
      resultKind: 'benefit-decision',
      forwards: [],
      essential: false,
      source: 'Social Insurance Law 2024; Decision 1449/QĐ-BHXH (2024)',
    },
  ],
  // The applicant chooses 2, 3 or 4 procedures, always including death registration (Decree 63/2024 Art 6).
  allowedCombinations: [
    [DEATH_REGISTRATION, RESIDENCE_DEREGISTRATION],
    [DEATH_REGISTRATION, FUNERAL_ALLOWANCE],
    [DEATH_REGISTRATION, SURVIVOR_ALLOWANCE],
    [DEATH_REGISTRATION, FUNERAL_ALLOWANCE, RESIDENCE_DEREGISTRATION],
    [DEATH_REGISTRATION, RESIDENCE_DEREGISTRATION, SURVIVOR_ALLOWANCE],
    [DEATH_REGISTRATION, FUNERAL_ALLOWANCE, SURVIVOR_ALLOWANCE],
    [DEATH_REGISTRATION, FUNERAL_ALLOWANCE, RESIDENCE_DEREGISTRATION, SURVIVOR_ALLOWANCE],
  ].map((c) => [...c].sort()),
};

/** The death group with some procedures replaced (a later version's limits or sources). */
export function deathGroupWith(changes: Partial<Pick<ProcedureGroup, 'portalCode' | 'source' | 'name'>>, procedures: Readonly<Record<string, Partial<Procedure>>> = {}): ProcedureGroup {
  return {
    ...deathGroup,
    ...changes,
    procedures: deathGroup.procedures.map((p) => ({ ...p, ...procedures[p.code] })),
  };
}
