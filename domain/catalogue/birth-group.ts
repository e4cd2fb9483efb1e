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
