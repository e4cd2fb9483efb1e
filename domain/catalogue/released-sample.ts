import { Agency, Office } from './types';

// The sample offices and agencies the engine shipped in source before province data files
// existed. Frozen: cases received with them (and the committed workflow histories) name these
// codes, and a workflow started before offices were passed in its input reads its office hours
// here. Never offered for new receipts; new data comes from a province's files
// (province-data/, `npm run db:migrate`). Their `.H29` suffix was a mistake (it is not Hà Nội's).
export const RELEASED_SAMPLE_AGENCIES: readonly Agency[] = [
  { code: 'CIVIL-BA-DINH', role: 'civil-status', name: { vi: 'UBND phường Ba Đình – Tư pháp hộ tịch', en: 'Ba Đình ward civil-status officer' } },
  { code: 'POLICE-BA-DINH', role: 'police', name: { vi: 'Công an phường Ba Đình', en: 'Ba Đình ward police' } },
  { code: 'CIVIL-HOAN-KIEM', role: 'civil-status', name: { vi: 'UBND phường Hoàn Kiếm – Tư pháp hộ tịch', en: 'Hoàn Kiếm ward civil-status officer' } },
  { code: 'POLICE-HOAN-KIEM', role: 'police', name: { vi: 'Công an phường Hoàn Kiếm', en: 'Hoàn Kiếm ward police' } },
  { code: 'VSS-HA-NOI', role: 'social-insurance', name: { vi: 'Bảo hiểm xã hội thành phố Hà Nội', en: 'Hà Nội Social Insurance' } },
  { code: 'SOCIAL-HA-NOI', role: 'social-protection', name: { vi: 'Cơ quan bảo trợ xã hội thành phố Hà Nội', en: 'Hà Nội social-protection office' } },
  { code: 'MERIT-HA-NOI', role: 'merit', name: { vi: 'Cơ quan quản lý người có công thành phố Hà Nội', en: 'Hà Nội revolutionary-contributors office' } },
];

const cityWide = { 'social-insurance': 'VSS-HA-NOI', 'social-protection': 'SOCIAL-HA-NOI', merit: 'MERIT-HA-NOI' } as const;

export const RELEASED_SAMPLE_OFFICES: readonly Office[] = [
  {
    code: '001.01.01.H29',
    name: 'Bộ phận Một cửa phường Ba Đình',
    province: 'Hà Nội',
    cutoff: '15:00',
    opensAt: '08:00',
    closesAt: '17:00',
    agencies: { 'civil-status': 'CIVIL-BA-DINH', police: 'POLICE-BA-DINH', ...cityWide },
  },
  {
    code: '002.01.01.H29',
    name: 'Bộ phận Một cửa phường Hoàn Kiếm',
    province: 'Hà Nội',
    cutoff: '15:00',
    opensAt: '08:00',
    closesAt: '17:00',
    agencies: { 'civil-status': 'CIVIL-HOAN-KIEM', police: 'POLICE-HOAN-KIEM', ...cityWide },
  },
];
