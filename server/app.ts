/**
 * buildApp(opts) returns the Fastify instance with every route registered; it never listens, so tests use
 * app.inject(). main.ts starts it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { MAX_UPLOAD_BYTES } from './routes/intake/imports.routes.ts';
import type { Store } from './db/client.ts';
import type { Config } from './config.ts';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from './errors.ts';
import { describeValidationError, validatorCompiler } from './validation.ts';
import { authPlugin } from './routes/auth/auth.plugin.ts';
import { registerRoutes } from './routes/index.ts';

export type App = FastifyInstance & { withTypeProvider: FastifyInstance['withTypeProvider'] };
export type TypedApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

export interface BuildOptions {
  store: Store;
  config: Pick<Config, 'requireTotp' | 'sessionTtlHours' | 'secureCookies' | 'logLevel'>;
  /** Requests per minute per IP for the API (login has its own stricter limit). */
  rateLimitPerMinute?: number;
  loginRateLimitPerMinute?: number;
  logger?: boolean;
  /** Serve the built web UI from this folder when it exists. */
  webDist?: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    settings: BuildOptions['config'];
    /** Per-minute limit for login, second-factor and password endpoints (per client IP). */
    authRateLimit: number;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIST = path.resolve(here, '../web/dist');

function errorBody(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : {
      level: opts.config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    },
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorate('store', opts.store);
  app.decorate('settings', opts.config);
  app.decorate('authRateLimit', opts.loginRateLimitPerMinute ?? 10);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'application error');
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError & { validation?: Parameters<typeof describeValidationError>[0]; validationContext?: string };
    if (fe.validation) {
      const { field, message } = describeValidationError(fe.validation, fe.validationContext ?? 'body');
      return reply.status(400).send(errorBody('VALIDATION_FAILED', `${field} ${message}`, { field, reason: message }));
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(errorBody('MALFORMED_JSON', `The request body is not valid JSON: ${fe.message}`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', fe.message));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', fe.message));
      default:
        break;
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send(errorBody('RATE_LIMITED', ERROR_CATALOGUE.RATE_LIMITED.message));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody('VALIDATION_FAILED', fe.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', ERROR_CATALOGUE.INTERNAL.message, { requestId: request.id }));
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimitPerMinute ?? 600,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => {
      const e = new Error(ERROR_CATALOGUE.RATE_LIMITED.message) as Error & { statusCode: number };
      e.statusCode = ctx.statusCode;
      return e;
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'iren API',
        version: '1.0.0',
        description:
          'REST API of iren, the open platform for customs Port Control Units. Authenticate with the session cookie ' +
          'set by POST /api/v1/auth/login, or with `Authorization: Bearer <token>` (API tokens act with their user\'s rights). ' +
          'Errors have the shape `{ error: { code, message, details } }`; see docs/errors.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'iren_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(authPlugin);
  await registerRoutes(app as unknown as FastifyInstance);

  const webDist = opts.webDist === undefined ? DEFAULT_WEB_DIST : opts.webDist;
  const hasWeb = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send(errorBody('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
    }
    // The single-page app handles its own routes.
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });

  return app as unknown as FastifyInstance;
}
