import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { HTTP_HEADERS, type JobServiceApi } from '@jobtrack/contracts';
import {
  type DevTokenIssuer,
  errorsTotal,
  type Health,
  httpRequestDuration,
  httpRequests,
  httpRouteRecorder,
  type Logger,
  type Messaging,
  serveOperational,
  type TokenVerifier,
} from '@jobtrack/platform';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { requireAuth } from './auth.ts';
import { corsFor } from './cors.ts';
import { demoRoutes } from './demo/routes.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { HttpProblem, sendProblem } from './problem.ts';
import { type RateLimiter, rateLimit } from './rate-limit.ts';
import { devAuthRoutes } from './routes/dev.ts';
import { eventRoutes } from './routes/events.ts';
import { jobRoutes } from './routes/jobs.ts';
import { allowOnly } from './routes/methods.ts';
import type { EventStreams } from './sse.ts';
import { echoTraceparent } from './trace-context.ts';

export interface GatewayAppDeps {
  jobService: JobServiceApi;
  messaging: Messaging;
  verifier: TokenVerifier;
  /** Present only in dev-auth mode. */
  devIssuer?: DevTokenIssuer;
  /** The WebSocket URL of the dev-mode demo page; /ws on the gateway's origin when unset. */
  demoWsUrl?: string;
  logger: Logger;
  health: Health;
  maxBodyBytes: number;
  rateLimiter: RateLimiter;
  /** Browser origins allowed by CORS; empty for none. */
  corsOrigins: readonly string[];
  streams: EventStreams;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Echoes the caller's X-Request-Id when it is sane, or makes one, so a request can be found in logs. */
const requestId: RequestHandler = (request, response, next) => {
  const given = request.get(HTTP_HEADERS.requestId);
  const id = given && REQUEST_ID.test(given) ? given : randomUUID();
  response.locals.requestId = id;
  response.set(HTTP_HEADERS.requestId, id);
  next();
};

/** Counts by route template, not raw path, so job ids do not explode label cardinality. */
const measure: RequestHandler = (request, response, next) => {
  const stop = httpRequestDuration.startTimer();
  const recordSpanRoute = httpRouteRecorder();
  response.on('finish', () => {
    const route = request.route ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
    if (request.route) recordSpanRoute(route);
    stop({ method: request.method, route });
    httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
  });
  next();
};

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    let problem: HttpProblem;
    if (error instanceof HttpProblem) {
      problem = error;
      if (problem.status >= 500) {
        logger.warn({ err: problem.cause ?? problem, requestId: response.locals.requestId }, problem.message);
      }
    } else if (isBodyParserError(error)) {
      problem = bodyProblem(error);
    } else if (isClientError(error)) {
      // e.g. a path with broken percent-encoding, which the router refuses before any route runs.
      problem = new HttpProblem(error.status, STATUS_CODES[error.status] ?? 'Bad Request', error.message);
    } else {
      errorsTotal.inc({ component: 'gateway', kind: 'unhandled' });
      logger.error({ err: error, requestId: response.locals.requestId }, 'request failed');
      problem = new HttpProblem(500, 'Internal Server Error', 'an unexpected error occurred');
    }
    if (response.headersSent) {
      // An event stream already answered 200; all that is left is to end it.
      response.end();
      return;
    }
    sendProblem(response, problem, request.originalUrl);
  };
}

function isClientError(error: unknown): error is { status: number; message: string } {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error as { status: unknown };
  return typeof status === 'number' && status >= 400 && status < 500;
}

function isBodyParserError(error: unknown): error is { type: string; status: number } {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

function bodyProblem(error: { type: string; status: number }): HttpProblem {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'Bad Request', 'the body is not valid JSON', {
        errors: [{ field: '(body)', message: 'malformed JSON' }],
      });
    case 'entity.too.large':
      return new HttpProblem(413, 'Content Too Large', 'the body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'Unsupported Media Type', 'unsupported body encoding');
    default:
      return new HttpProblem(
        error.status >= 400 && error.status < 500 ? error.status : 400,
        'Bad Request',
        error.type,
      );
  }
}

export function createGatewayApp(deps: GatewayAppDeps): Express {
  const openApi = JSON.stringify(buildOpenApiDocument({ devAuth: Boolean(deps.devIssuer) }));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestId, echoTraceparent, measure);
  const cors = corsFor(deps.corsOrigins);
  if (cors) app.use(cors);
  app.use((request, response, next) => {
    serveOperational(deps.health, request, response).then((served) => served || next(), next);
  });
  app.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  const api = express.Router();
  api.get('/v1/openapi.json', (_request, response) => {
    response.type('application/json').set('cache-control', 'public, max-age=300').send(openApi);
  });
  allowOnly(api, '/v1/openapi.json', ['GET']);
  app.use(api);
  if (deps.devIssuer) {
    app.use(devAuthRoutes(deps.devIssuer));
    app.use('/demo', demoRoutes({ wsUrl: deps.demoWsUrl, logger: deps.logger }));
  }
  app.use('/v1/jobs', requireAuth(deps.verifier), rateLimit(deps.rateLimiter));
  app.use(eventRoutes(deps));
  app.use(jobRoutes(deps));
  app.use((request, _response, next) => {
    next(new HttpProblem(404, 'Not Found', `no route for ${request.method} ${request.path}`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
