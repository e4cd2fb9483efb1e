// Dates as the desks read them: dd/mm/yyyy, Vietnam time (UTC+7), whatever the browser's zone.

const TZ = 'Asia/Ho_Chi_Minh';
const dateFmt = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  // A plain date (YYYY-MM-DD) is a calendar day, not an instant.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return dateFmt.format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${timeFmt.format(d)} ${dateFmt.format(d)}`;
}

/** Today in Vietnam as YYYY-MM-DD. */
export function todayVn(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

export const formatNumber = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export const formatPercent = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${(r * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`);
