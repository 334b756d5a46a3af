import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger.ts';

/**
 * Errors that happen before GraphQL execution (body too large, malformed JSON, unknown route) answered
 * in the GraphQL response shape, so clients handle every failure the same way:
 * `{ "errors": [{ "message": ..., "extensions": { "code": ... } }] }`.
 */
export function httpErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

interface BodyParserError extends Error {
  status?: number;
  type?: string;
  limit?: number;
}

const BODY_ERRORS: Record<string, { status: number; code: string; message: (e: BodyParserError) => string }> = {
  'entity.too.large': {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: (e) => `The request body is larger than the gateway accepts (${e.limit ?? '?'} bytes).`,
  },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body is not valid JSON.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'Send the body as UTF-8 JSON.' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'Unsupported content encoding.' },
};

export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error.type !== undefined ? BODY_ERRORS[error.type] : undefined;
    if (known) {
      res.status(known.status).json(httpErrorBody(known.message(error), known.code));
      return;
    }
    const status = error.status !== undefined && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error, path: req.path }, 'unhandled error in HTTP layer');
    res
      .status(status)
      .json(
        httpErrorBody(status === 500 ? 'Internal server error.' : error.message, status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
      );
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(httpErrorBody(`Nothing at ${req.method} ${req.path}. The GraphQL endpoint is /graphql.`, 'NOT_FOUND'));
};
