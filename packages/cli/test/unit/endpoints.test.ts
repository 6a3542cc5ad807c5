import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointsOf } from '../../src/endpoints.ts';

describe('endpointsOf', () => {
  it('defaults to the local gateway and derives the WebSocket URL from its host', () => {
    assert.deepEqual(endpointsOf({}, {}), {
      gatewayUrl: 'http://127.0.0.1:8080',
      wsUrl: 'ws://127.0.0.1:8081/ws',
    });
    assert.deepEqual(endpointsOf({ gateway: 'https://jobs.example/' }, {}), {
      gatewayUrl: 'https://jobs.example',
      wsUrl: 'wss://jobs.example:8081/ws',
    });
  });

  it('takes the environment, with options winning over it', () => {
    const env = { JOBTRACK_GATEWAY_URL: 'http://gw:9000', JOBTRACK_WS_URL: 'ws://push:9001/ws' };
    assert.deepEqual(endpointsOf({}, env), { gatewayUrl: 'http://gw:9000', wsUrl: 'ws://push:9001/ws' });
    assert.equal(endpointsOf({ ws: 'wss://other/ws' }, env).wsUrl, 'wss://other/ws');
  });

  it('refuses URLs of the wrong kind', () => {
    assert.throws(
      () => endpointsOf({ gateway: 'gateway:8080' }, {}),
      /must start with http:\/\/ or https:\/\//,
    );
    assert.throws(() => endpointsOf({ ws: 'http://x/ws' }, {}), /must start with ws:\/\/ or wss:\/\//);
    assert.throws(() => endpointsOf({}, { JOBTRACK_GATEWAY_URL: 'not a url' }), /is not a URL/);
  });
});
