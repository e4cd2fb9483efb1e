import { buildPaths } from './openapi/paths';
import { bearerScheme } from './openapi/operations';
import { requestSchemas } from './openapi/request-schemas';
import { responseSchemas } from './openapi/response-schemas';

const DESCRIPTION = [
  'Durable linked administrative procedures (thủ tục hành chính liên thông) for Vietnamese one-stop desks (bộ phận một cửa),',
  'e.g. đăng ký khai tử – xóa đăng ký thường trú – trợ cấp mai táng, tử tuất (Decree 63/2024/NĐ-CP).',
  '',
  'A desk receives a case; the engine dispatches each step to its competent agency; agencies complete, refuse or ask for a',
  'supplement; the desk submits supplements or withdraws the dossier. Every error is an RFC 9457 problem (`application/problem+json`).',
  '',
  'Every `/v1` call needs `Authorization: Bearer <api key>`; the key is a `desk`, `agency` or `operator` key, and each operation says which may call it.',
].join('\n');

function build(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Liên thông engine API', version: '0.1.0', description: DESCRIPTION, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    tags: [
      { name: 'Cases', description: 'Hồ sơ: receipt, reading, supplements and withdrawal at the desk.' },
      { name: 'Steps', description: 'What competent agencies do with the steps assigned to them.' },
      { name: 'Reference', description: 'The procedure catalogue.' },
      { name: 'Service', description: 'Health and this document; no API key needed.' },
    ],
    paths: buildPaths(),
    components: {
      securitySchemes: { bearerAuth: bearerScheme },
      schemas: { ...requestSchemas(), ...responseSchemas() },
    },
  };
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of every endpoint; built once, since GET /openapi.json serves it on every call. */
export function openApiDocument(): Record<string, unknown> {
  cached ??= build();
  return cached;
}
