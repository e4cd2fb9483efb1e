import { Agency, Office } from './types';

// Illustrative reference data: two Hà Nội wards after the 2025 two-level reorganisation.
// Office codes follow the V1V2V3.Z1Z2.Y1Y2.MX1X2 shape of Circular 10/2016/TT-BTTTT; production
// deployments load their province's real codes as a new catalogue version.
export const agencies: readonly Agency[] = [
  { code: 'CIVIL-BA-DINH', role: 'civil-status', name: { vi: 'UBND phường Ba Đình – Tư pháp hộ tịch', en: 'Ba Đình ward civil-status officer' } },
  { code: 'POLICE-BA-DINH', role: 'police', name: { vi: 'Công an phường Ba Đình', en: 'Ba Đình ward police' } },
  { code: 'CIVIL-HOAN-KIEM', role: 'civil-status', name: { vi: 'UBND phường Hoàn Kiếm – Tư pháp hộ tịch', en: 'Hoàn Kiếm ward civil-status officer' } },
  { code: 'POLICE-HOAN-KIEM', role: 'police', name: { vi: 'Công an phường Hoàn Kiếm', en: 'Hoàn Kiếm ward police' } },
  { code: 'VSS-HA-NOI', role: 'social-insurance', name: { vi: 'Bảo hiểm xã hội thành phố Hà Nội', en: 'Hà Nội Social Insurance' } },
  { code: 'SOCIAL-HA-NOI', role: 'social-protection', name: { vi: 'Cơ quan bảo trợ xã hội thành phố Hà Nội', en: 'Hà Nội social-protection office' } },
  { code: 'MERIT-HA-NOI', role: 'merit', name: { vi: 'Cơ quan quản lý người có công thành phố Hà Nội', en: 'Hà Nội revolutionary-contributors office' } },
];

const cityWide = { 'social-insurance': 'VSS-HA-NOI', 'social-protection': 'SOCIAL-HA-NOI', merit: 'MERIT-HA-NOI' } as const;

export const offices: readonly Office[] = [
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
