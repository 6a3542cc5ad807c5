import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { SilenceWatchdog } from '../../src/watchdog.ts';

describe('SilenceWatchdog', () => {
  it('fires once after the limit of silence, counting from the last time something was heard', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const silence = mock.fn();
    const watchdog = new SilenceWatchdog(silence);
    watchdog.start(1000);
    t.mock.timers.tick(600);
    watchdog.heard();
    t.mock.timers.tick(600);
    assert.equal(silence.mock.callCount(), 0, 'heard 600 ms ago');
    t.mock.timers.tick(399);
    assert.equal(silence.mock.callCount(), 0);
    t.mock.timers.tick(1);
    assert.equal(silence.mock.callCount(), 1);
    t.mock.timers.tick(5000);
    assert.equal(silence.mock.callCount(), 1);
  });

  it('never fires once stopped', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const silence = mock.fn();
    const watchdog = new SilenceWatchdog(silence);
    watchdog.start(1000);
    watchdog.stop();
    t.mock.timers.tick(5000);
    assert.equal(silence.mock.callCount(), 0);
  });
});
