import { ProcedureGroup } from './types';

export const BIRTH_REGISTRATION = 'birth-registration';
export const RESIDENCE_REGISTRATION = 'residence-registration';
export const HEALTH_INSURANCE_CARD = 'health-insurance-card';

const afterBirth = [BIRTH_REGISTRATION] as const;

/** Linked birth group for children under 6, Decree 63/2024/NĐ-CP Art 5–6; Decision 296/QĐ-VPCP. */
export const birthGroup: ProcedureGroup = {
  code: 'birth',
  name: {
    vi: 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    en: 'Linked birth registration, residence registration and health-insurance card for children under 6',
  },
  // National portal code of the birth group until 31/08/2026 (Decision 296/QĐ-VPCP; secondary).
  portalCode: '2.002621',
  subjectField: 'child',
  // Without a personal ID yet, the child is told apart by the mother, date of birth and name.
  identityFields: ['mother.personalId', 'dateOfBirth', 'fullName'],
  source: 'Decree 63/2024/NĐ-CP; Decision 296/QĐ-VPCP',
  procedures: [
    {
      code: BIRTH_REGISTRATION,
      name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
      routing: { kind: 'fixed', role: 'civil-status' },
      dependsOn: [],
      timeLimit: { workingDays: 0, source: 'Law on Civil Status 2014 Art 16; Decree 63/2024 Art 6', confirmed: true },
      // Missing items: the applicant has 7 working days to supplement, else the dossier is refused.
      supplementWindowWorkingDays: 7,
      requiredDocuments: [
        { code: 'birth-certificate-medical', name: { vi: 'Giấy chứng sinh', en: 'Medical birth certificate' } },
        { code: 'declaration-form', name: { vi: 'Tờ khai liên thông', en: 'Linked-procedure declaration form' } },
      ],
      resultKind: 'birth-certificate',
      // The new personal ID is what the police and Social Insurance need to act.
      forwards: ['personalId', 'registrationNumber', 'registrationDate'],
      essential: true,
      source: 'Law on Civil Status 2014 Art 13–17',
    },
    {
      code: RESIDENCE_REGISTRATION,
      name: { vi: 'Đăng ký thường trú', en: 'Permanent-residence registration' },
      routing: { kind: 'fixed', role: 'police' },
      dependsOn: afterBirth,
      timeLimit: { workingDays: 7, source: 'Law on Residence 2020 Art 22 (standalone; the linked-flow limit is not confirmed)', confirmed: false },
      requiredDocuments: [],
      resultKind: 'residence-registration',
      forwards: [],
      essential: false,
      source: 'Law on Residence 2020 Art 20–22',
    },
    {
      code: HEALTH_INSURANCE_CARD,
      name: { vi: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', en: 'Health-insurance card for a child under 6' },
      routing: { kind: 'fixed', role: 'social-insurance' },
      dependsOn: afterBirth,
      timeLimit: { workingDays: 2, source: 'Decree 63/2024 Art 6 (≤ 2 working days from the electronic birth certificate)', confirmed: true },
      requiredDocuments: [],
      resultKind: 'health-insurance-card',
      forwards: [],
      essential: false,
      source: 'Law on Health Insurance (amended 2024) Art 12',
    },
  ],
  allowedCombinations: [
    [BIRTH_REGISTRATION, RESIDENCE_REGISTRATION],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD, RESIDENCE_REGISTRATION],
  ].map((c) => [...c].sort()),
};

export const IDENTITY_CARD = 'identity-card';

/**
 * The birth group once the căn cước card for a child under 6 joins it (Decree 63/2024 as amended
 * in 2026 — see the version's sources and unconfirmed items). The card is issued by the police
 * identity office from the new personal ID; it runs beside the residence registration.
 */
export const birthGroupWithIdentityCard: ProcedureGroup = {
  ...birthGroup,
  // From 01/09/2026 (Decree 301/2026/NĐ-CP; secondary: Hải Phòng Decision 3582/QĐ-UBND of 08/09/2026).
  portalCode: '3.000722',
  source: 'Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP',
  name: {
    vi: 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế, cấp thẻ căn cước cho trẻ em dưới 6 tuổi',
    en: 'Linked birth registration, residence registration, health-insurance card and identity card for children under 6',
  },
  procedures: [
    ...birthGroup.procedures,
    {
      code: IDENTITY_CARD,
      name: { vi: 'Cấp thẻ căn cước cho trẻ em dưới 6 tuổi', en: 'Identity card (căn cước) for a child under 6' },
      routing: { kind: 'fixed', role: 'police' },
      dependsOn: afterBirth,
      // Law on Identification 2023 Art 26: 7 working days to issue a card (standalone); the
      // linked-flow limit is not confirmed.
      timeLimit: { workingDays: 7, source: 'Law on Identification 2023 (26/2023/QH15) Art 26(3) (standalone)', confirmed: false },
      requiredDocuments: [],
      resultKind: 'identity-card',
      forwards: [],
      essential: false,
      source: 'Law on Identification 2023 Art 19, 23; Decree 70/2024/NĐ-CP',
    },
  ],
  allowedCombinations: [
    [BIRTH_REGISTRATION, RESIDENCE_REGISTRATION],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD, RESIDENCE_REGISTRATION],
    [BIRTH_REGISTRATION, IDENTITY_CARD],
    [BIRTH_REGISTRATION, IDENTITY_CARD, RESIDENCE_REGISTRATION],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD, IDENTITY_CARD],
    [BIRTH_REGISTRATION, HEALTH_INSURANCE_CARD, IDENTITY_CARD, RESIDENCE_REGISTRATION],
  ].map((c) => [...c].sort()),
};
