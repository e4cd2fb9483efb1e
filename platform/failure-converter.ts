import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into an encoded attribute, which the payload codec
 * encrypts: a refusal's text or a stack holding a value would otherwise sit readable in the
 * history. The failure's type (what the API maps refusals by) stays readable. Loaded by path
 * (`failureConverterPath`) in the client, the worker and the workflow bundle alike.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
