import { caseReturnView, findAgency, findGroup, findOffice, findProcedure, getCatalogue, UNSHOWABLE_TEXT, type CaseStatus, type Catalogue } from '../../domain';
import { formatDateTime } from '../../forms/format';
import type { PublicCase } from '../../prisma/tracking-read';

// The applicant's tracking page (/tra-cuu), rendered on the server: no script at all, one served
// stylesheet, Vietnamese with an English version (`lang=en`). It shows states, dates, procedure and
// agency names — never a name, an ID, an address, a result or the free text of a reason.

export type Lang = 'vi' | 'en';
export const TRACKING_PATH = '/tra-cuu';
export const RATING_PATH = '/tra-cuu/danh-gia';
export const STYLESHEET_PATH = '/tra-cuu/tracking.css';
export const COMMENT_MAX = 500;

/** The page's policy: its stylesheet from this origin, forms posted here, nothing else (no script may run); `data:` images for the empty icon that stops browsers asking for /favicon.ico. */
export const TRACKING_CSP = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

const CASE_STATUS: Record<Lang, Record<CaseStatus, [string, string]>> = {
  vi: {
    RECEIVED: ['Mới tiếp nhận', 'Hồ sơ đã được tiếp nhận và đang được chuyển đến cơ quan có thẩm quyền giải quyết.'],
    IN_PROGRESS: ['Đang giải quyết', 'Các cơ quan có thẩm quyền đang giải quyết hồ sơ.'],
    AWAITING_SUPPLEMENT: ['Chờ bổ sung hồ sơ', 'Hồ sơ cần được bổ sung. Ông/Bà vui lòng liên hệ nơi đã nộp hồ sơ để được hướng dẫn.'],
    COMPLETED: ['Đã giải quyết xong', 'Các thủ tục của hồ sơ đã được giải quyết xong.'],
    PARTIALLY_COMPLETED: ['Giải quyết một phần', 'Một phần các thủ tục đã được giải quyết; thông tin chi tiết có tại nơi đã nộp hồ sơ.'],
    REFUSED: ['Từ chối giải quyết', 'Hồ sơ bị từ chối giải quyết. Thông báo nêu rõ lý do được trả tại nơi đã nộp hồ sơ.'],
    WITHDRAWN: ['Đã rút hồ sơ', 'Hồ sơ đã được rút theo yêu cầu.'],
    STOPPED: ['Dừng xử lý trên hệ thống', 'Hồ sơ đã dừng xử lý trên hệ thống. Ông/Bà vui lòng liên hệ nơi đã nộp hồ sơ.'],
  },
  en: {
    RECEIVED: ['Received', 'The application was received and is being sent to the competent agencies.'],
    IN_PROGRESS: ['In progress', 'The competent agencies are processing the application.'],
    AWAITING_SUPPLEMENT: ['Documents needed', 'The application needs more documents. Please contact the office where you applied.'],
    COMPLETED: ['Completed', 'Every procedure of the application has been completed.'],
    PARTIALLY_COMPLETED: ['Partly completed', 'Some procedures were completed; the office where you applied has the details.'],
    REFUSED: ['Refused', 'The application was refused. The written notice with the reasons is handed out at the office where you applied.'],
    WITHDRAWN: ['Withdrawn', 'The application was withdrawn at your request.'],
    STOPPED: ['Stopped', 'Processing stopped in the system. Please contact the office where you applied.'],
  },
};

const STEP_STATUS: Record<Lang, Record<string, string>> = {
  vi: {
    PENDING: 'Chờ thủ tục trước',
    SENDING: 'Đang chuyển hồ sơ',
    DISPATCHED: 'Đang giải quyết',
    NEEDS_ATTENTION: 'Đang chuyển hồ sơ',
    AWAITING_SUPPLEMENT: 'Chờ bổ sung hồ sơ',
    COMPLETED: 'Đã có kết quả',
    REJECTED: 'Từ chối giải quyết',
    SKIPPED: 'Không thực hiện',
    CANCELLED: 'Đã hủy',
  },
  en: {
    PENDING: 'Waiting for an earlier procedure',
    SENDING: 'Being sent to the agency',
    DISPATCHED: 'In progress',
    NEEDS_ATTENTION: 'Being sent to the agency',
    AWAITING_SUPPLEMENT: 'Documents needed',
    COMPLETED: 'Done',
    REJECTED: 'Refused',
    SKIPPED: 'Not carried out',
    CANCELLED: 'Cancelled',
  },
};

const SCORE_LABELS: Record<Lang, string[]> = {
  vi: ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'],
  en: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
};

const T = {
  vi: {
    htmlLang: 'vi',
    site: 'Dịch vụ công liên thông',
    title: 'Tra cứu hồ sơ',
    other: 'English',
    intro: 'Nhập mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả, hoặc quét mã QR trên giấy.',
    codeLabel: 'Mã hồ sơ',
    codeHint: 'Ví dụ: 001.01.01.H26-261125-0001',
    lookup: 'Tra cứu',
    another: 'Tra cứu hồ sơ khác',
    invalid: 'Mã hồ sơ không đúng định dạng. Mã gồm mã cơ quan, ngày tiếp nhận và số thứ tự, ví dụ 001.01.01.H26-261125-0001.',
    notFoundTitle: 'Không tìm thấy hồ sơ',
    notFound: 'Không tìm thấy hồ sơ với mã này. Ông/Bà vui lòng kiểm tra lại mã in trên giấy tiếp nhận.',
    tooManyTitle: 'Quá nhiều lượt tra cứu',
    tooMany: (s: number) => `Có quá nhiều lượt tra cứu từ địa chỉ này. Ông/Bà vui lòng thử lại sau ${s} giây.`,
    caseCode: 'Mã hồ sơ',
    group: 'Thủ tục',
    office: 'Nơi tiếp nhận',
    receivedAt: 'Thời gian tiếp nhận',
    status: 'Tình trạng',
    appointment: 'Hẹn trả kết quả',
    apology: (next: string, previous: string) => `Cơ quan giải quyết đã xin lỗi và hẹn lại ngày trả kết quả: ${next} (hẹn ban đầu: ${previous}).`,
    overdue: 'Hồ sơ đã quá hạn giải quyết.',
    result: 'Kết quả',
    returned: (at: string) => `Đã trả kết quả lúc ${at}.`,
    ready: 'Đã có kết quả. Mời Ông/Bà nhận kết quả theo hình thức đã đăng ký.',
    notReady: 'Chưa có kết quả.',
    noResult: 'Không có kết quả để trả.',
    steps: 'Các thủ tục',
    agency: 'Cơ quan giải quyết',
    state: 'Trạng thái',
    due: (at: string) => `hạn ${at}`,
    done: (at: string) => `xong lúc ${at}`,
    privacy: 'Trang này không hiển thị thông tin cá nhân. Giờ theo múi giờ Việt Nam (UTC+7).',
    rateTitle: 'Đánh giá mức độ hài lòng',
    rateIntro: 'Ông/Bà đã nhận kết quả. Xin vui lòng cho biết mức độ hài lòng với việc giải quyết hồ sơ (mỗi hồ sơ được đánh giá một lần).',
    scoreLegend: 'Mức độ hài lòng',
    commentLabel: 'Góp ý (không bắt buộc, tối đa 500 ký tự)',
    commentHint: 'Xin đừng ghi họ tên, số định danh hay địa chỉ.',
    ratingCodeLabel: 'Mã đánh giá (in trên giấy tiếp nhận)',
    send: 'Gửi đánh giá',
    rated: 'Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà đã góp ý.',
    alreadyRated: 'Hồ sơ này đã được đánh giá trước đó; mỗi hồ sơ chỉ được đánh giá một lần.',
    notReturned: 'Chỉ có thể đánh giá sau khi đã nhận kết quả.',
    wrongCode: 'Mã đánh giá không đúng. Mã gồm 10 ký tự, in trên giấy tiếp nhận hồ sơ.',
    fix: 'Vui lòng sửa các mục được đánh dấu.',
    scoreMissing: 'Vui lòng chọn một mức từ 1 đến 5.',
    commentTooLong: `Góp ý dài tối đa ${COMMENT_MAX} ký tự.`,
    commentBad: 'Góp ý có ký tự điều khiển không hợp lệ.',
    crossSite: 'Biểu mẫu phải được gửi từ chính trang tra cứu.',
    formInvalid: 'Biểu mẫu gửi lên không hợp lệ (có mục lặp lại hoặc ký tự không hợp lệ). Vui lòng chọn mức đánh giá và gửi lại từ trang này.',
  },
  en: {
    htmlLang: 'en',
    site: 'Linked public services',
    title: 'Track your application',
    other: 'Tiếng Việt',
    intro: 'Enter the case code printed on your receipt, or scan the QR code on it.',
    codeLabel: 'Case code',
    codeHint: 'For example: 001.01.01.H26-261125-0001',
    lookup: 'Look up',
    another: 'Look up another application',
    invalid: 'This is not a case code. A code holds the office code, the date of receipt and a number, e.g. 001.01.01.H26-261125-0001.',
    notFoundTitle: 'Application not found',
    notFound: 'No application was found with this code. Please check the code printed on your receipt.',
    tooManyTitle: 'Too many lookups',
    tooMany: (s: number) => `Too many lookups came from this address. Please try again in ${s} seconds.`,
    caseCode: 'Case code',
    group: 'Procedure',
    office: 'Received at',
    receivedAt: 'Received on',
    status: 'Status',
    appointment: 'Result due',
    apology: (next: string, previous: string) => `The agencies apologised for the delay and set a new date: ${next} (first date: ${previous}).`,
    overdue: 'The application is past its time limit.',
    result: 'Result',
    returned: (at: string) => `The result was handed over on ${at}.`,
    ready: 'The result is ready. Please collect it the way you chose when you applied.',
    notReady: 'No result yet.',
    noResult: 'There is no result to hand over.',
    steps: 'Procedures',
    agency: 'Agency',
    state: 'State',
    due: (at: string) => `due ${at}`,
    done: (at: string) => `done ${at}`,
    privacy: 'This page shows no personal data. Times are Vietnam time (UTC+7).',
    rateTitle: 'Rate the service',
    rateIntro: 'You have received the result. Please tell us how satisfied you are with how your application was handled (once per application).',
    scoreLegend: 'Satisfaction',
    commentLabel: 'Comment (optional, at most 500 characters)',
    commentHint: 'Please do not write names, ID numbers or addresses.',
    ratingCodeLabel: 'Rating code (printed on your receipt)',
    send: 'Send rating',
    rated: 'This application has been rated. Thank you for your feedback.',
    alreadyRated: 'This application was rated already; each application can be rated once.',
    notReturned: 'You can rate the service once you have received the result.',
    wrongCode: 'The rating code is wrong. It has 10 characters and is printed on your receipt.',
    fix: 'Please correct the marked fields.',
    scoreMissing: 'Please choose a level from 1 to 5.',
    commentTooLong: `A comment has at most ${COMMENT_MAX} characters.`,
    commentBad: 'The comment contains control characters.',
    crossSite: 'The form must be sent from the tracking page itself.',
    formInvalid: 'The form sent was not valid (a repeated field or characters that are not allowed). Please choose a level and send it again from this page.',
  },
};
export type Texts = (typeof T)['vi'];
export const texts = (lang: Lang): Texts => T[lang];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Control and bidirectional characters a form sent back are shown as U+FFFD, never written raw into the page. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(UNSHOWABLE_TEXT, '\uFFFD');

/** A link to this page in the given language (the code and rating code kept). */
function pageHref(lang: Lang, code?: string, k?: string): string {
  const q = new URLSearchParams();
  if (code) q.set('ma', code);
  if (k) q.set('k', k);
  if (lang === 'en') q.set('lang', 'en');
  const s = q.toString();
  return s ? `${TRACKING_PATH}?${s}` : TRACKING_PATH;
}

function layout(lang: Lang, title: string, body: string, switchTo: { code?: string; k?: string } = {}): string {
  const t = texts(lang);
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} · ${esc(t.site)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<header class="top">
<div class="wrap">
<p class="site">${esc(t.site)}</p>
<h1>${esc(t.title)}</h1>
<a class="lang" href="${esc(pageHref(other, switchTo.code, switchTo.k))}" hreflang="${other}" lang="${other}">${esc(t.other)}</a>
</div>
</header>
<main class="wrap">
${body}
<p class="privacy">${esc(t.privacy)}</p>
</main>
</body>
</html>
`;
}

/** The lookup form: on every page, filled with the code asked for. */
function lookupForm(lang: Lang, code: string, error?: string): string {
  const t = texts(lang);
  const described = error ? 'ma-hint ma-error' : 'ma-hint';
  return `<form id="lookup" class="card lookup" method="get" action="${TRACKING_PATH}" role="search">
${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<label for="ma">${esc(t.codeLabel)}</label>
<p id="ma-hint" class="hint">${esc(t.codeHint)}</p>
${error ? `<p id="ma-error" class="error">${esc(error)}</p>` : ''}
<div class="row">
<input id="ma" name="ma" type="text" inputmode="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required value="${esc(code)}" aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''}>
<button type="submit">${esc(t.lookup)}</button>
</div>
</form>`;
}

export function lookupPage(lang: Lang, code = '', error?: 'invalid', notice?: string): string {
  const t = texts(lang);
  const intro = `${notice ? `<p class="error" role="alert">${esc(notice)}</p>\n` : ''}<p class="intro">${esc(t.intro)}</p>`;
  return layout(lang, t.title, `${intro}\n${lookupForm(lang, code, error ? t.invalid : undefined)}`, { code: code || undefined });
}

export function notFoundPage(lang: Lang, code: string): string {
  const t = texts(lang);
  return layout(lang, t.notFoundTitle, `<section class="card notice" aria-labelledby="nf"><h2 id="nf">${esc(t.notFoundTitle)}</h2><p>${esc(t.notFound)}</p></section>\n${lookupForm(lang, code)}`);
}

export function tooManyPage(lang: Lang, retryAfterSeconds: number): string {
  const t = texts(lang);
  return layout(lang, t.tooManyTitle, `<section class="card notice" aria-labelledby="tm"><h2 id="tm">${esc(t.tooManyTitle)}</h2><p>${esc(t.tooMany(retryAfterSeconds))}</p></section>`);
}

/** What the rating part of the page shows, and with what the applicant sent (after a refused attempt). */
export type RatingState =
  | { kind: 'none' }
  | { kind: 'form'; k: string; score?: number; comment?: string; errors?: Partial<Record<'k' | 'score' | 'comment' | 'form', string>> }
  | { kind: 'rated' }
  | { kind: 'already-rated' }
  | { kind: 'not-returned' };

function ratingSection(lang: Lang, c: PublicCase, state: RatingState): string {
  const t = texts(lang);
  if (state.kind === 'none') return '';
  if (state.kind !== 'form') {
    const message = state.kind === 'rated' ? t.rated : state.kind === 'already-rated' ? t.alreadyRated : t.notReturned;
    return `<section id="danh-gia" class="card rating" aria-labelledby="rate-h"><h2 id="rate-h">${esc(t.rateTitle)}</h2><p class="${state.kind === 'rated' ? 'ok' : 'error'}" role="status">${esc(message)}</p></section>`;
  }
  const e = state.errors ?? {};
  const fieldError = (id: string, message?: string) => (message ? `<p id="${id}-error" class="error">${esc(message)}</p>` : '');
  const scores = SCORE_LABELS[lang]
    .map((label, i) => {
      const n = i + 1;
      return `<div class="score"><input type="radio" id="score-${n}" name="score" value="${n}" required${state.score === n ? ' checked' : ''}><label for="score-${n}"><span class="stars" aria-hidden="true">${'★'.repeat(n)}${'☆'.repeat(5 - n)}</span> <span class="n">${n}</span> – ${esc(label)}</label></div>`;
    })
    .join('\n');
  // The rating code arrives with the QR code's address (k); without it the applicant types it from the slip.
  const codeField = state.k && !e.k
    ? `<input type="hidden" name="k" value="${esc(state.k)}">`
    : `<label for="k">${esc(t.ratingCodeLabel)}</label>${fieldError('k', e.k)}<input id="k" name="k" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" required value="${esc(state.k)}"${e.k ? ' aria-invalid="true" aria-describedby="k-error"' : ''}>`;
  return `<section id="danh-gia" class="card rating" aria-labelledby="rate-h">
<h2 id="rate-h">${esc(t.rateTitle)}</h2>
<p>${esc(t.rateIntro)}</p>
${e.form ? `<p class="error" role="alert">${esc(e.form)}</p>` : Object.keys(e).length ? `<p class="error" role="alert">${esc(t.fix)}</p>` : ''}
<form id="rating" method="post" action="${RATING_PATH}">
<input type="hidden" name="ma" value="${esc(c.caseCode)}">
<input type="hidden" name="lang" value="${lang}">
<fieldset${e.score ? ' aria-describedby="score-error"' : ''}>
<legend>${esc(t.scoreLegend)}</legend>
${fieldError('score', e.score)}
${scores}
</fieldset>
<label for="comment">${esc(t.commentLabel)}</label>
<p id="comment-hint" class="hint">${esc(t.commentHint)}</p>
${fieldError('comment', e.comment)}
<textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint${e.comment ? ' comment-error' : ''}"${e.comment ? ' aria-invalid="true"' : ''}>${esc(state.comment ?? '')}</textarea>
${codeField}
<button type="submit">${esc(t.send)}</button>
</form>
</section>`;
}

interface Names {
  group: string;
  office: string;
  procedure(code: string): string;
  agency(code: string): string;
}

/** Names from the catalogue version the case pinned (as the slips name them), in the page's language. */
function namesOf(c: PublicCase, lang: Lang): Names {
  let catalogue: Catalogue | undefined;
  try {
    catalogue = getCatalogue(c.catalogueVersion);
  } catch {
    catalogue = undefined;
  }
  const group = catalogue && findGroup(catalogue, c.group);
  return {
    group: group?.name[lang] ?? c.group,
    office: (catalogue && findOffice(catalogue, c.officeCode)?.name) ?? c.officeCode,
    procedure: (code) => (group && findProcedure(group, code)?.name[lang]) ?? code,
    agency: (code) => (catalogue && findAgency(catalogue, code)?.name[lang]) ?? code,
  };
}

export function casePage(lang: Lang, c: PublicCase, rating: RatingState): string {
  const t = texts(lang);
  const names = namesOf(c, lang);
  const [statusWord, statusText] = CASE_STATUS[lang][c.status as CaseStatus] ?? [c.status, ''];
  // The fourth step as the desk's case view states it (domain/handover.ts).
  const { state } = caseReturnView({ status: c.status as CaseStatus, appointmentAt: c.appointmentAt, returnedAt: c.returnedAt, returnMethod: null });
  const resultText = state === 'returned' ? t.returned(formatDateTime(c.returnedAt!)) : state === 'awaiting-return' ? t.ready : state === 'none' ? t.noResult : t.notReady;
  const resultClass = state === 'returned' || state === 'awaiting-return' ? 'ok' : '';
  const steps = c.steps
    .map((s) => {
      const when = s.finishedAt ? t.done(formatDateTime(s.finishedAt)) : s.dueAt ? t.due(formatDateTime(s.dueAt)) : '';
      return `<li class="step" data-step="${esc(s.stepId)}" data-state="${esc(s.status)}">
<p class="proc">${esc(names.procedure(s.procedure))}</p>
<p class="agency"><span class="label">${esc(t.agency)}:</span> ${esc(names.agency(s.agencyCode))}</p>
<p class="state"><span class="label">${esc(t.state)}:</span> <strong>${esc(STEP_STATUS[lang][s.status] ?? s.status)}</strong>${when ? ` <span class="when">(${esc(when)})</span>` : ''}${s.isOverdue && !s.finishedAt ? ` <span class="late">${esc(t.overdue)}</span>` : ''}</p>
</li>`;
    })
    .join('\n');
  const open = !c.closedAt;
  const body = `<section class="card case" aria-labelledby="case-h">
<h2 id="case-h"><span class="label">${esc(t.caseCode)}</span> <span class="code">${esc(c.caseCode)}</span></h2>
<dl>
<div><dt>${esc(t.group)}</dt><dd>${esc(names.group)}</dd></div>
<div><dt>${esc(t.office)}</dt><dd>${esc(names.office)}</dd></div>
<div><dt>${esc(t.receivedAt)}</dt><dd>${esc(formatDateTime(c.receivedAt))}</dd></div>
<div><dt>${esc(t.status)}</dt><dd id="status" data-status="${esc(c.status)}"><strong class="badge">${esc(statusWord)}</strong> ${esc(statusText)}</dd></div>
<div><dt>${esc(t.appointment)}</dt><dd id="appointment">${esc(formatDateTime(c.appointmentAt))}${c.apology ? `<span class="apology">${esc(t.apology(formatDateTime(c.apology.newAppointmentAt), formatDateTime(c.apology.previousAppointmentAt)))}</span>` : ''}${open && c.isOverdue ? ` <span class="late">${esc(t.overdue)}</span>` : ''}</dd></div>
<div><dt>${esc(t.result)}</dt><dd id="result" class="${resultClass}" data-returned="${c.returnedAt ? 'true' : 'false'}">${esc(resultText)}</dd></div>
</dl>
</section>
<section class="card" aria-labelledby="steps-h">
<h2 id="steps-h">${esc(t.steps)}</h2>
<ol class="steps">
${steps}
</ol>
</section>
${ratingSection(lang, c, rating)}
<p class="another"><a href="${esc(pageHref(lang))}">${esc(t.another)}</a></p>`;
  return layout(lang, `${t.title} ${c.caseCode}`, body, { code: c.caseCode, k: rating.kind === 'form' && !rating.errors?.k ? rating.k || undefined : undefined });
}

export const STYLESHEET = `:root { color-scheme: light; --ink: #1c2430; --muted: #55606e; --line: #d6dce3; --accent: #a3161a; --ok: #17603a; --ok-bg: #e8f4ec; --err: #8a1c1c; --err-bg: #fbeaea; --late: #8a4b00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f3f5f7; }
.wrap { max-width: 720px; margin: 0 auto; padding: 0 16px; }
.top { background: var(--accent); color: #fff; padding: 12px 0 14px; }
.top .wrap { position: relative; }
.top .site { margin: 0; font-size: 13px; letter-spacing: .04em; text-transform: uppercase; opacity: .9; }
.top h1 { margin: 2px 0 0; font-size: 22px; font-weight: 600; padding-right: 120px; }
.top .lang { position: absolute; right: 16px; top: 4px; color: #fff; font-size: 14px; border: 1px solid rgba(255,255,255,.7); border-radius: 999px; padding: 4px 12px; text-decoration: none; }
.top .lang:focus, .top .lang:hover { background: rgba(255,255,255,.15); }
main.wrap { padding-top: 16px; padding-bottom: 24px; }
.intro { margin: 4px 0 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin: 0 0 14px; }
h2 { margin: 0 0 10px; font-size: 18px; line-height: 1.3; }
.label { color: var(--muted); font-weight: 400; font-size: 14px; }
.code { display: block; font: 600 18px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
dl { margin: 0; }
dl > div { padding: 8px 0; border-top: 1px solid var(--line); }
dl > div:first-child { border-top: 0; padding-top: 0; }
dt { color: var(--muted); font-size: 14px; }
dd { margin: 2px 0 0; }
.badge { display: inline-block; background: #eef1f5; border-radius: 6px; padding: 1px 8px; margin-right: 4px; }
dd.ok { color: var(--ok); font-weight: 600; }
.apology { display: block; margin-top: 4px; padding: 8px 10px; background: #fff6e5; border-left: 4px solid #d99400; border-radius: 4px; }
.late { color: var(--late); font-weight: 600; }
.steps { list-style: none; margin: 0; padding: 0; counter-reset: step; }
.step { position: relative; padding: 10px 0 10px 36px; border-top: 1px solid var(--line); counter-increment: step; }
.step:first-child { border-top: 0; padding-top: 0; }
.step::before { content: counter(step); position: absolute; left: 0; top: 10px; width: 26px; height: 26px; border-radius: 50%; background: #eef1f5; text-align: center; font-weight: 600; line-height: 26px; font-size: 14px; }
.step:first-child::before { top: 0; }
.step[data-state="COMPLETED"]::before { background: var(--ok-bg); color: var(--ok); }
.step[data-state="REJECTED"]::before { background: var(--err-bg); color: var(--err); }
.step p { margin: 0; }
.proc { font-weight: 600; }
.when { color: var(--muted); font-size: 14px; }
label { display: block; font-weight: 600; margin: 14px 0 6px; }
.lookup label { margin-top: 0; }
.hint { margin: -2px 0 6px; color: var(--muted); font-size: 14px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
.row input { flex: 1 1 220px; min-width: 0; }
input[type=text], textarea { width: 100%; padding: 10px 12px; font: inherit; border: 1px solid #9aa4b1; border-radius: 6px; background: #fff; color: var(--ink); }
input:focus, textarea:focus, button:focus, a:focus { outline: 3px solid #2d6cdf; outline-offset: 1px; }
[aria-invalid=true] { border-color: var(--err); }
button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 44px; }
.rating button { margin-top: 14px; width: 100%; }
fieldset { border: 0; margin: 8px 0 0; padding: 0; min-width: 0; }
legend { font-weight: 600; margin-bottom: 6px; padding: 0; }
.score { position: relative; }
.score input { position: absolute; left: 12px; top: 50%; transform: translateY(-50%); width: 20px; height: 20px; margin: 0; accent-color: var(--accent); }
.score label { margin: 0 0 6px; padding: 9px 12px 9px 42px; border: 1px solid var(--line); border-radius: 8px; font-weight: 400; cursor: pointer; min-height: 44px; }
.score input:checked + label { border-color: var(--accent); background: #fdf0f0; font-weight: 600; }
.score input:focus-visible + label { outline: 3px solid #2d6cdf; outline-offset: 1px; }
.stars { color: #c88a00; letter-spacing: 1px; }
.score .n { font-weight: 600; }
.error { color: var(--err); background: var(--err-bg); border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
.ok { color: var(--ok); }
p.ok { background: var(--ok-bg); border-radius: 6px; padding: 8px 10px; margin: 0; }
.notice h2 { color: var(--err); }
.another { margin: 4px 0 12px; }
a { color: #1d4f9c; }
.privacy { color: var(--muted); font-size: 13px; text-align: center; margin: 18px 0 0; }
`;
