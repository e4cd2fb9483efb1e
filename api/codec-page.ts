import { createHash } from 'node:crypto';

// GET /codec: where an operator opens a browser session for the Temporal Web UI by pasting an
// operator API key. One self-contained page; its own Content-Security-Policy allows exactly its
// inline style and script (by hash), and calls to this origin only.

const STYLE = `
:root { color-scheme: light; --ink: #1c2430; --muted: #5b6675; --line: #d9dee5; --accent: #a3161a; --accent-ink: #fff; --ok: #17603a; --ok-bg: #e8f4ec; --err: #8a1c1c; --err-bg: #fbeaea; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f4f6f8; }
header { background: var(--accent); color: var(--accent-ink); padding: 14px 24px; }
header p { margin: 0; font-size: 13px; letter-spacing: .04em; text-transform: uppercase; opacity: .9; }
header h1 { margin: 2px 0 0; font-size: 20px; font-weight: 600; }
main { max-width: 640px; margin: 32px auto; padding: 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 24px; margin-bottom: 16px; }
h2 { margin: 0 0 4px; font-size: 18px; }
.en { color: var(--muted); font-size: 14px; margin: 0; }
label { display: block; font-weight: 600; margin: 20px 0 6px; }
label .en { display: inline; font-weight: 400; margin-left: 6px; }
input { width: 100%; padding: 10px 12px; font: inherit; border: 1px solid #aab3bf; border-radius: 6px; }
input:focus { outline: 2px solid #2d6cdf; outline-offset: 1px; }
.row { display: flex; gap: 12px; align-items: center; margin-top: 16px; flex-wrap: wrap; }
button { font: inherit; font-weight: 600; padding: 9px 18px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button[hidden] { display: none; }
#status { margin-top: 16px; padding: 10px 12px; border-radius: 6px; display: none; }
#status.ok { display: block; background: var(--ok-bg); color: var(--ok); }
#status.err { display: block; background: var(--err-bg); color: var(--err); }
ol { margin: 8px 0 0; padding-left: 20px; }
li { margin: 6px 0; }
code { font: 14px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #eef1f4; padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: 13px; text-align: center; margin: 24px 0; }
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('signin');
  var status = document.getElementById('status');
  var signout = document.getElementById('signout');
  document.getElementById('endpoint').textContent = location.origin + '/codec';
  function show(kind, vi, en) {
    status.className = kind;
    status.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = vi;
    status.appendChild(strong);
    status.appendChild(document.createTextNode(' / ' + en));
  }
  function until(iso) {
    return new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) + ' (UTC+7)';
  }
  function signedIn(body) {
    show('ok', 'Đã mở phiên đến ' + until(body.expiresAt) + '.', 'Session open until ' + until(body.expiresAt) + '.');
    signout.hidden = false;
  }
  fetch('/codec/session', { credentials: 'same-origin' }).then(function (r) {
    return r.ok ? r.json().then(signedIn) : undefined;
  }).catch(function () {});
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var key = form.apiKey.value.trim();
    fetch('/codec/session', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: key }) })
      .then(function (r) {
        return r.json().then(function (body) {
          if (r.ok) { form.reset(); signedIn(body); }
          else if (r.status === 403) show('err', 'Khóa này không phải khóa vận hành.', 'This key is not an operator key.');
          else if (r.status === 401) show('err', 'Khóa không đúng hoặc đã bị thu hồi.', 'The key is unknown or revoked.');
          else show('err', 'Không mở được phiên (' + r.status + ').', body.detail || body.title || 'The session could not be opened.');
        });
      })
      .catch(function () { show('err', 'Không kết nối được máy chủ.', 'The server could not be reached.'); });
  });
  signout.addEventListener('click', function () {
    fetch('/codec/session', { method: 'DELETE', credentials: 'same-origin' }).then(function () {
      signout.hidden = true;
      show('ok', 'Đã đóng phiên.', 'Signed out.');
    });
  });
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phiên giải mã dữ liệu Temporal · Codec sign-in</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>Liên thông engine</p><h1>Giải mã dữ liệu Temporal <span lang="en">· Codec server</span></h1></header>
<main>
<section class="card">
<h2>Mở phiên cho Temporal Web UI</h2>
<p class="en" lang="en">Open a session for the Temporal Web UI</p>
<p>Dữ liệu của hồ sơ trong Temporal được mã hóa. Dán khóa API vận hành để Temporal Web UI trong trình duyệt này giải mã được trong 8 giờ. Thông tin cá nhân trong kết quả vẫn được ẩn, và mỗi lần giải mã đều được ghi nhật ký.</p>
<p class="en" lang="en">Case data in Temporal is encrypted. Paste an operator API key so the Temporal Web UI in this browser can decode it for 8 hours. Personal fields of results stay hidden, and every decode is logged.</p>
<form id="signin" autocomplete="off">
<label for="apiKey">Khóa API vận hành <span class="en" lang="en">Operator API key</span></label>
<input id="apiKey" name="apiKey" type="password" required autocomplete="off" spellcheck="false" placeholder="ltk_…">
<div class="row">
<button type="submit">Mở phiên · Sign in</button>
<button type="button" id="signout" class="secondary" hidden>Đóng phiên · Sign out</button>
</div>
</form>
<div id="status" role="status" aria-live="polite"></div>
</section>
<section class="card">
<h2>Cấu hình Temporal Web UI</h2>
<p class="en" lang="en">Set up the Temporal Web UI</p>
<ol>
<li>Mở Web UI bằng cùng tên máy với trang này (ví dụ cùng <code>127.0.0.1</code>), để trình duyệt gửi kèm phiên. <span class="en" lang="en">Open the UI under the same host name as this page, so the browser sends the session along.</span></li>
<li>Bấm biểu tượng Codec Server ở thanh trên cùng, chọn <em>Use my browser setting and ignore Cluster-level setting</em>. <span class="en" lang="en">Click the Codec Server icon in the top bar and choose that option.</span></li>
<li><em>Codec Server browser endpoint</em>: <code id="endpoint">/codec</code></li>
<li>Bật <em>Include cross-origin credentials</em>, rồi bấm <em>Apply</em>. <span class="en" lang="en">Turn on Include cross-origin credentials, then click Apply.</span></li>
</ol>
</section>
<footer>Máy chủ codec của Liên thông engine · <span lang="en">Payloads decrypted here are written to the codec access log.</span></footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

/** The page and the policy that lets exactly its own style and script run. */
export const codecPage = {
  html: PAGE,
  contentSecurityPolicy: [
    "default-src 'none'",
    `style-src ${sha256(STYLE)}`,
    `script-src ${sha256(SCRIPT)}`,
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
};
