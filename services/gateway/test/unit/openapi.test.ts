import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { JOB_TYPES } from '@jobtrack/contracts';
import { MemoryJobStore } from '@jobtrack/job-service';
import { MemoryBus } from '@jobtrack/platform';
import { z } from 'zod';
import { OPENAPI_FILE, openApiDocument } from '../../scripts/openapi.ts';
import { buildOpenApiDocument } from '../../src/openapi.ts';
import { submitJobBody } from '../../src/schemas.ts';
import { type GatewayStack, startGatewayStack } from '../support/stack.ts';

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Every $ref in the document, with where it was found. */
function refsOf(value: unknown, at = '#'): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsOf(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [[child, at] as [string, string]]
      : refsOf(child, `${at}/${key}`),
  );
}

function resolve(document: Json, ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `only local refs: ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) node = (node as Json | undefined)?.[part.replaceAll('~1', '/')];
  return node;
}

const withoutDialect = (schema: Json) => {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
};

describe('OpenAPI document', () => {
  let stack: GatewayStack;
  let document: Json;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore(), devAuth: false });
    const response = await fetch(`${stack.baseUrl}/v1/openapi.json`);
    assert.equal(response.status, 200, 'public: no token needed');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    document = (await response.json()) as Json;
  });
  after(() => stack.stop());

  it('is OpenAPI 3.1 with bearer JWT security', () => {
    assert.equal(document.openapi, '3.1.0');
    assert.equal(typeof (document.info as Json).title, 'string');
    assert.equal(typeof (document.info as Json).version, 'string');
    const components = document.components as Json;
    assert.deepEqual((components.securitySchemes as Json).bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'Permissions: jobs:read, jobs:write (from the permissions claim or the OAuth scope).',
    });
    assert.deepEqual(document.security, [{ bearerAuth: [] }]);
  });

  it('describes every route, and only dev routes when dev auth is on', () => {
    const paths = document.paths as Record<string, Json>;
    const operations = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(operations.toSorted(), [
      'GET /v1/jobs',
      'GET /v1/jobs/{id}',
      'GET /v1/jobs/{id}/events',
      'GET /v1/openapi.json',
      'POST /v1/jobs',
      'POST /v1/jobs/{id}:cancel',
    ]);
    const dev = buildOpenApiDocument({ devAuth: true }).paths as Json;
    assert.ok('/v1/dev/token' in dev);
  });

  it('is well formed: unique operation ids, declared path parameters, resolvable refs, documented errors', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const [method, operation] of Object.entries(item) as Array<[string, Json]>) {
        if (!METHODS.includes(method)) continue;
        const where = `${method} ${path}`;
        assert.ok(typeof operation.operationId === 'string' && !ids.has(operation.operationId), where);
        ids.add(operation.operationId as string);
        const parameters = ((operation.parameters ?? []) as Json[]).map(
          (parameter) => (parameter.$ref ? resolve(document, parameter.$ref as string) : parameter) as Json,
        );
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          assert.ok(
            parameters.some((p) => p.name === name && p.in === 'path' && p.required === true),
            `${where} declares ${name}`,
          );
        }
        const responses = operation.responses as Record<string, Json>;
        assert.ok(
          Object.keys(responses).some((status) => status.startsWith('2')),
          `${where} has a success`,
        );
        if (path !== '/v1/openapi.json') {
          for (const status of ['401', '403', '429'])
            assert.ok(status in responses, `${where} documents ${status}`);
        }
      }
    }
    for (const [ref, at] of refsOf(document))
      assert.ok(resolve(document, ref) !== undefined, `${ref} at ${at}`);
    const responses = (document.components as Json).responses as Record<string, Json>;
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '429', '503']) {
      const problem = responses[`Problem${status}`] as Json;
      assert.deepEqual(problem.content, {
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
  });

  it('has one submit branch per registered job type, each with that type’s own input schema', () => {
    const schemas = (document.components as Json).schemas as Record<string, Json>;
    const branches = schemas.SubmitJobRequest?.oneOf as Json[];
    assert.equal(branches.length, Object.keys(JOB_TYPES).length);
    for (const definition of Object.values(JOB_TYPES)) {
      const branch = branches.find(
        (candidate) => ((candidate.properties as Json).type as Json).const === definition.type,
      );
      assert.ok(branch, definition.type);
      assert.deepEqual(
        (branch.properties as Json).input,
        withoutDialect(z.toJSONSchema(definition.input, { io: 'input' }) as Json),
      );
      assert.deepEqual(branch.required, ['type', 'input']);
    }
    // The document is generated from the very schema the submit route validates with.
    assert.equal(submitJobBody.options.length, Object.keys(JOB_TYPES).length);
    assert.deepEqual(
      schemas.SubmitJobRequest,
      withoutDialect(z.toJSONSchema(submitJobBody, { io: 'input' }) as Json),
    );
  });

  it('documents the list query and the job resource from the schemas that validate and describe them', () => {
    const list = ((document.paths as Json)['/v1/jobs'] as Json).get as Json;
    const names = (list.parameters as Json[]).map((parameter) => parameter.name);
    assert.deepEqual(names, ['status', 'type', 'page_size', 'page_token']);
    const pageSize = (list.parameters as Json[])[2] as Json;
    assert.deepEqual(pageSize.schema, { default: 50, type: 'integer', minimum: 1, maximum: 200 });
    const job = ((document.components as Json).schemas as Json).Job as Json;
    assert.deepEqual((job.required as string[]).toSorted(), [
      'cancelRequested',
      'createdAt',
      'done',
      'expiresAt',
      'id',
      'links',
      'owner',
      'progress',
      'seq',
      'status',
      'traceId',
      'type',
      'updatedAt',
    ]);
  });

  it('is committed in docs/api/openapi.json, up to date', async () => {
    const committed = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as unknown;
    assert.deepEqual(committed, openApiDocument(), 'run `npm run openapi -w services/gateway` and commit it');
    assert.deepEqual(committed, document, 'and it is what the gateway serves');
  });
});
