import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@jobtrack/platform';
import { participantsEnv } from '../../src/config.ts';

describe('participants configuration', () => {
  it('defaults to all seven participants, 50 ms latency and no random failures', () => {
    assert.deepEqual(loadConfig(participantsEnv, {}), {
      PARTICIPANTS: ['inventory', 'payment', 'shipping', 'storage', 'transcoder', 'album', 'notifier'],
      PARTICIPANT_LATENCY_MS: 50,
      PARTICIPANT_FAILURE_RATE: 0,
    });
  });

  it('reads a comma list and rejects an unknown name or a rate above 1', () => {
    const config = loadConfig(participantsEnv, {
      PARTICIPANTS: ' payment, transcoder ',
      PARTICIPANT_FAILURE_RATE: '0.25',
    });
    assert.deepEqual(config.PARTICIPANTS, ['payment', 'transcoder']);
    assert.equal(config.PARTICIPANT_FAILURE_RATE, 0.25);
    assert.throws(
      () =>
        loadConfig(participantsEnv, { PARTICIPANTS: 'inventory,billing', PARTICIPANT_FAILURE_RATE: '1.5' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /PARTICIPANTS: a comma-separated list of inventory, payment, shipping, storage, transcoder, album, notifier/.test(
          error.message,
        ) &&
        /PARTICIPANT_FAILURE_RATE: /.test(error.message),
    );
  });
});
