import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { Problem, problemBody } from '../problem';

// Node's HTTP parser refuses a malformed request (a control character in a header, headers too
// large) before Express sees it, and by default answers a bare "400 Bad Request" with no body.
// Here such a request gets a problem+json like every other refusal; the bytes it carried are
// neither echoed nor logged (a header may hold a key or personal data).

const HEADER_CHARACTER = 'A request header carries a character HTTP does not allow (a control character, or a separator in a name); the request was not read.';

function problemFor(code: string | undefined): Problem {
  switch (code) {
    case 'HPE_INVALID_HEADER_TOKEN':
      return new Problem(400, 'Bad request', HEADER_CHARACTER);
    case 'HPE_HEADER_OVERFLOW':
      return new Problem(431, 'Request header fields too large', 'The request headers are too large; the request was not read.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new Problem(408, 'Request timeout', 'The request did not arrive in time.');
    default:
      return new Problem(400, 'Bad request', 'The request is not valid HTTP/1.1; it was not read.');
  }
}

/** The raw answer: written to the socket, as no response object exists yet; the connection then closes. */
function rawAnswer(p: Problem): string {
  const body = JSON.stringify(problemBody(p));
  const head = [
    `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? ''}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** Answers requests Node's parser refused with problem+json; used by every server the API runs on. */
export function answerMalformedRequests(server: Server, log: { info: (obj: object, msg: string) => void }): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: answer only when nothing of a response was written on this connection yet.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const p = problemFor(err.code);
    log.info({ code: err.code, status: p.status }, 'malformed request refused');
    socket.end(rawAnswer(p));
  });
}
