import type { Payload } from '@temporalio/common';

// The codec server as the Temporal Web UI and CLI call it: JSON payloads (base64), X-Namespace.

export interface PayloadJson {
  metadata?: Record<string, string>;
  data?: string;
}

export const payloadToJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export const jsonText = (p: PayloadJson): string => Buffer.from(p.data ?? '', 'base64').toString('utf8');
export const jsonMetadata = (p: PayloadJson, name: string): string | undefined => (p.metadata?.[name] ? Buffer.from(p.metadata[name]!, 'base64').toString('utf8') : undefined);

export interface CodecAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** POST {apiUrl}/codec/{decode|encode} with a Bearer key or a session cookie. */
export async function callCodec(apiUrl: string, op: 'decode' | 'encode', payloads: PayloadJson[], auth: { key?: string; cookie?: string; origin?: string } = {}): Promise<CodecAnswer> {
  const res = await fetch(`${apiUrl}/codec/${op}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-namespace': 'default',
      ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(auth.origin ? { origin: auth.origin } : {}),
    },
    body: JSON.stringify({ payloads }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
