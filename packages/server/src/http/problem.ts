import { DomainError, type ErrorCode, errorCatalogue, errorMessage, type FieldIssue } from '@shuyun/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { negotiateLanguage } from './language.ts';
import { loggableError } from './loggable-error.ts';

/** RFC 9457 problem details, with the platform's stable code and a message in the caller's language. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), reason: z.string(), message: z.string().optional() })).optional(),
  })
  .meta({ id: 'Problem' });

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: readonly FieldIssue[]): FastifyReply {
  const lang = negotiateLanguage(request.headers['accept-language']);
  const status = errorCatalogue[code].status;
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', lang)
    .serializer(JSON.stringify)
    .send({
      type: `https://shuyun.futian.gov.cn/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: errorMessage(code, lang),
      status,
      code,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(details && details.length > 0 ? { errors: details } : {}),
    });
}

// Fastify's own 4xx errors, mapped to catalogue codes. Anything not listed here with a 4xx status is a bad request.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) return sendProblem(request, reply, error.code, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const details = error.validation.flatMap((v) => validationToFields(where, v.keyword, v.instancePath, v.params));
      return sendProblem(request, reply, 'VALIDATION_FAILED', details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ error: loggableError(error) }, 'response does not match its schema');
      return sendProblem(request, reply, 'INTERNAL');
    }
    if (error instanceof SyntaxError && /JSON/.test(error.message)) return sendProblem(request, reply, 'MALFORMED_JSON');
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = fastifyCodes[error.code] ?? (status === 429 ? 'RATE_LIMITED' : status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
      return sendProblem(request, reply, code);
    }
    // 5xx: log everything with the request id, show nothing of it
    request.log.error({ error: loggableError(error) }, 'request failed');
    return sendProblem(request, reply, status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL');
  });
}

/** Field-level details from a zod issue, without echoing the rejected value. */
function validationToFields(where: string, code: string, instancePath: string, params: Record<string, unknown>): FieldIssue[] {
  const base = `/${where}${instancePath === '/' ? '' : instancePath}`;
  if (code === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return params.keys.map((k) => ({ path: `${base}/${String(k)}`, reason: 'unrecognized_key', message: 'unknown field' }));
  }
  const message =
    code === 'invalid_type' ? `expected ${String(params.expected)}`
    : code === 'invalid_value' ? 'not an allowed value'
    : code === 'invalid_format' ? `expected ${String(params.format)}`
    : code === 'too_small' ? `must be at least ${String(params.minimum)}`
    : code === 'too_big' ? `must be at most ${String(params.maximum)}`
    : undefined;
  return [{ path: base, reason: code, ...(message ? { message } : {}) }];
}
