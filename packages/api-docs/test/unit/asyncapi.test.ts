import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  CLIENT_FRAMES,
  clientFrame,
  SERVER_FRAMES,
  serverFrame,
  WS_CLOSE_CODES,
  WS_ERROR_CODES,
  WS_PATH,
  WS_TOKEN_PARAM,
} from '@jobtrack/contracts';
import type { z } from 'zod';
import { ASYNCAPI_CHANNEL, buildAsyncApiDocument } from '../../src/asyncapi.ts';

type Json = Record<string, unknown>;

const FILE = new URL('../../../../docs/asyncapi.json', import.meta.url);
const committed = JSON.parse(await readFile(FILE, 'utf8')) as Json;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function object(value: unknown, where: string): Json {
  assert.ok(isObject(value), `${where} is an object`);
  return value;
}

function nonEmptyString(value: unknown, where: string): string {
  assert.ok(typeof value === 'string' && value.length > 0, `${where} is a non-empty string`);
  return value;
}

function resolve(ref: unknown, where: string): unknown {
  assert.ok(typeof ref === 'string' && ref.startsWith('#/'), `${where}: only local refs (${String(ref)})`);
  let node: unknown = committed;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  }
  assert.ok(node !== undefined, `${where}: ${ref} resolves`);
  return node;
}

/** Every $ref in the document, with where it was found. */
function refsOf(value: unknown, at = '#'): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsOf(item, `${at}/${index}`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [[child, at] as [string, string]]
      : refsOf(child, `${at}/${key}`),
  );
}

const refOf = (value: unknown, where: string) => nonEmptyString(object(value, where).$ref, `${where}.$ref`);

const channels = object(committed.channels, 'channels');
const operations = object(committed.operations, 'operations');
const components = object(committed.components, 'components');
const channel = object(channels[ASYNCAPI_CHANNEL], `channel ${ASYNCAPI_CHANNEL}`);
const channelMessages = object(channel.messages, 'channel messages');

/** Channel message ids per direction: what operations receive (client frames) and send (server frames). */
function messagesByDirection(): { client: Set<string>; server: Set<string> } {
  const client = new Set<string>();
  const server = new Set<string>();
  const prefix = `#/channels/${ASYNCAPI_CHANNEL}/messages/`;
  const add = (into: Set<string>, refs: unknown) => {
    for (const ref of refs as Json[]) into.add((ref.$ref as string).slice(prefix.length));
  };
  for (const operation of Object.values(operations) as Json[]) {
    add(operation.action === 'receive' ? client : server, operation.messages);
    if (operation.reply) add(server, (operation.reply as Json).messages);
  }
  return { client, server };
}

function examplesOf(messageIds: Iterable<string>): Array<{ where: string; payload: unknown }> {
  return [...messageIds].flatMap((id) => {
    const message = object(resolve(refOf(channelMessages[id], id), id), id);
    return (message.examples as Json[]).map((example) => ({
      where: `${id}/${String(example.name)}`,
      payload: example.payload,
    }));
  });
}

describe('AsyncAPI document of the WebSocket protocol', () => {
  it('is committed in docs/asyncapi.json, up to date', () => {
    assert.deepEqual(committed, buildAsyncApiDocument(), 'stale: run `npm run asyncapi` and commit it');
  });

  it('has what AsyncAPI 3.0 requires: version, info, servers, channel, operations by reference', () => {
    assert.equal(committed.asyncapi, '3.0.0');
    const info = object(committed.info, 'info');
    nonEmptyString(info.title, 'info.title');
    nonEmptyString(info.version, 'info.version');

    const schemes = object(components.securitySchemes, 'securitySchemes');
    for (const [name, server] of Object.entries(object(committed.servers, 'servers')) as Array<
      [string, Json]
    >) {
      const host = nonEmptyString(server.host, `${name}.host`);
      assert.ok(['ws', 'wss'].includes(server.protocol as string), `${name}.protocol`);
      for (const [, variable] of host.matchAll(/\{(\w+)\}/g)) {
        const declared = object(
          object(server.variables, `${name}.variables`)[variable as string],
          variable as string,
        );
        nonEmptyString(declared.default, `${name} variable ${variable} default`);
      }
      const types = (server.security as unknown[]).map(
        (entry) => object(resolve(refOf(entry, `${name}.security`), name), name).type,
      );
      assert.deepEqual(
        types.toSorted(),
        ['http', 'httpApiKey'],
        `${name}: a bearer header or the query token`,
      );
    }
    assert.deepEqual(object(schemes.bearer, 'bearer'), {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: (schemes.bearer as Json).description,
    });
    assert.equal((schemes.accessToken as Json).in, 'query');
    assert.equal((schemes.accessToken as Json).name, WS_TOKEN_PARAM);

    assert.deepEqual(Object.keys(channels), [ASYNCAPI_CHANNEL]);
    assert.equal(channel.address, WS_PATH);
    const binding = object(object(channel.bindings, 'bindings').ws, 'ws binding');
    assert.equal(binding.method, 'GET');
    assert.equal(object(binding.query, 'query').type, 'object');
    assert.ok(WS_TOKEN_PARAM in object((binding.query as Json).properties, 'query properties'));
    assert.equal(object(binding.headers, 'headers').type, 'object');
    nonEmptyString(binding.bindingVersion, 'bindingVersion');

    for (const [id, entry] of Object.entries(channelMessages)) {
      const message = object(resolve(refOf(entry, id), id), id);
      assert.ok(message.payload, `${id} has a payload`);
      for (const example of message.examples as Json[]) {
        assert.deepEqual(
          Object.keys(example).filter((key) => !['headers', 'payload', 'name', 'summary'].includes(key)),
          [],
          `${id}: example fields`,
        );
      }
      if (message.correlationId) {
        const location = (message.correlationId as Json).location as string;
        const field = /^\$message\.payload#\/(\w+)$/.exec(location)?.[1];
        assert.ok(field, `${id}: correlation location ${location}`);
        const schema = object(resolve(refOf(message.payload, id), id), id);
        assert.ok(
          field in object(schema.properties, `${id} properties`),
          `${id}: ${field} is a payload field`,
        );
      }
    }

    const used = new Set<string>();
    for (const [id, operation] of Object.entries(operations) as Array<[string, Json]>) {
      assert.ok(['send', 'receive'].includes(operation.action as string), `${id}.action`);
      const channelRef = refOf(operation.channel, `${id}.channel`);
      assert.equal(channelRef, `#/channels/${ASYNCAPI_CHANNEL}`);
      const ownMessages = [
        [channelRef, operation.messages],
        ...(operation.reply
          ? [[refOf((operation.reply as Json).channel, `${id}.reply`), (operation.reply as Json).messages]]
          : []),
      ] as Array<[string, Json[]]>;
      for (const [ref, messages] of ownMessages) {
        assert.ok(messages.length > 0, `${id} names its messages`);
        for (const message of messages) {
          // AsyncAPI 3: an operation's messages are references to messages of its channel.
          const messageRef = refOf(message, id);
          assert.ok(messageRef.startsWith(`${ref}/messages/`), `${id}: ${messageRef} is a message of ${ref}`);
          resolve(messageRef, id);
          used.add(messageRef.split('/').at(-1) as string);
        }
      }
    }
    assert.deepEqual(
      [...used].toSorted(),
      Object.keys(channelMessages).toSorted(),
      'every message has an operation',
    );

    for (const [ref, at] of refsOf(committed)) resolve(ref, at);
    for (const [kind, entries] of Object.entries(components)) {
      for (const key of Object.keys(entries as Json)) {
        assert.match(key, /^[a-zA-Z0-9.\-_]+$/, `components.${kind} key`);
      }
    }
  });

  it('has examples that the protocol schemas accept: client frames as client frames, server as server', () => {
    const { client, server } = messagesByDirection();
    assert.deepEqual(
      [...client].filter((id) => server.has(id)),
      [],
      'no message goes both ways',
    );
    const check = (ids: Set<string>, schema: z.ZodType) => {
      const examples = examplesOf(ids);
      for (const { where, payload } of examples) {
        const result = schema.safeParse(payload);
        assert.ok(result.success, `${where}: ${result.error?.message}`);
      }
      return examples;
    };
    const clientExamples = check(client, clientFrame);
    const serverExamples = check(server, serverFrame);
    // Every frame the protocol defines is shown at least once, so none goes undocumented.
    const covered = (schemas: readonly z.ZodType[], examples: Array<{ payload: unknown }>) => {
      for (const schema of schemas) {
        assert.ok(
          examples.some(({ payload }) => schema.safeParse(payload).success),
          `an example of ${schema.description}`,
        );
      }
    };
    covered(Object.values(CLIENT_FRAMES).flat(), clientExamples);
    covered(Object.values(SERVER_FRAMES).flat(), serverExamples);
  });

  it('names every close code on the channel and every error code on the error message', () => {
    const description = nonEmptyString(channel.description, 'channel description');
    for (const code of Object.values(WS_CLOSE_CODES))
      assert.match(description, new RegExp(`\\| ${code} \\|`));
    const error = object(resolve(refOf(channelMessages.error, 'error'), 'error'), 'error');
    for (const code of WS_ERROR_CODES)
      assert.match(error.description as string, new RegExp(`\\| \`${code}\` \\|`));
    const payload = object(resolve(refOf(error.payload, 'error'), 'error'), 'error payload');
    assert.deepEqual(((payload.properties as Json).code as Json).enum, [...WS_ERROR_CODES]);
  });
});
