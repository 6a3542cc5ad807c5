import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choiceOption, parseCommandLine } from '../../src/args.ts';
import { UsageError } from '../../src/errors.ts';

describe('parseCommandLine', () => {
  it('reads a command, its argument and its options', () => {
    assert.deepEqual(
      parseCommandLine(['submit', 'order.place', '--input', '{}', '--watch', '--user', 'ann']),
      {
        help: false,
        command: 'submit',
        args: ['order.place'],
        values: { input: '{}', watch: true, user: 'ann' },
      },
    );
  });

  it('answers help whatever else is on the line', () => {
    assert.deepEqual(parseCommandLine(['--help']), { help: true });
    assert.deepEqual(parseCommandLine(['watch', '-h']), { help: true, command: 'watch' });
  });

  it('refuses what does not fit, saying why', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command given/],
      [['deploy'], /unknown command 'deploy'/],
      [['watch'], /'watch' takes <jobId>, got none/],
      [['watch', 'a', 'b'], /'watch' takes <jobId>, got a b/],
      [['token', 'extra', '--user', 'u'], /'token' takes no arguments/],
      [['token', '--watch'], /--watch does not apply to 'token'/],
      [['watch', 'j', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['watch', 'j', '--level'], /argument missing/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseCommandLine(argv),
        (error: Error) => {
          assert.ok(error instanceof UsageError, argv.join(' '));
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });
});

describe('choiceOption', () => {
  it('accepts a listed value and names the choices otherwise', () => {
    assert.equal(choiceOption({ level: 'detail' }, 'level', ['status', 'detail']), 'detail');
    assert.equal(choiceOption({}, 'level', ['status']), undefined);
    assert.throws(
      () => choiceOption({ level: 'loud' }, 'level', ['status', 'detail']),
      /one of status, detail/,
    );
    assert.throws(() => choiceOption({ level: '' }, 'level', ['status']), /needs a value/);
  });
});
