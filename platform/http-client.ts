import http from 'node:http';
import https from 'node:https';

// Outgoing JSON POSTs (and the GET of a dispatch's status) over kept-alive connections. The global
// fetch costs about three times the CPU per request of node:http here (measured: 0.51 vs 0.17 ms
// per local request, both ends), and the engine posts every dispatch and every answer.

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export interface PostedResponse {
  status: number;
  ok: boolean;
  text: string;
}

/** POSTs `json` (already serialised); resolves with the status and text of any answer, rejects on network failure or abort. */
export function postJson(url: string, headers: Record<string, string>, json: string, signal?: AbortSignal): Promise<PostedResponse> {
  return send('POST', url, { ...headers, 'content-type': 'application/json' }, Buffer.from(json), signal);
}

/** GETs `url` over the same kept-alive connections; resolves like postJson. */
export function getJson(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<PostedResponse> {
  return send('GET', url, { ...headers, accept: 'application/json' }, undefined, signal);
}

function send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload: Buffer | undefined, signal?: AbortSignal): Promise<PostedResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method,
        agent: agents[target.protocol as keyof typeof agents],
        headers: payload ? { ...headers, 'content-length': payload.length } : headers,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The part of fetch the simulators use, over postJson (POST only). */
export async function postFetch(url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> }> {
  if ((init.method ?? 'GET') !== 'POST') throw new Error('postFetch sends POST only');
  const res = await postJson(String(url), Object.fromEntries(Object.entries(init.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-type')), init.body ?? '{}', init.signal);
  return { ok: res.ok, status: res.status, arrayBuffer: async () => new TextEncoder().encode(res.text).buffer as ArrayBuffer, text: async () => res.text };
}
