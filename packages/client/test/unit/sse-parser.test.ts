import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SseMessage, SseParser } from '../../src/sse-parser.ts';

const parseAll = (chunks: string[]) => {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.feed(chunk));
};

const STREAM = [
  'retry: 2000',
  '',
  ': heartbeat',
  '',
  'id: 1',
  'event: job.update',
  'data: {"seq":1}',
  '',
  'id: 2',
  'event: job.update',
  'data: {"seq":2,',
  'data: "multi":true}',
  '',
  '',
].join('\n');

const EXPECTED: SseMessage[] = [
  { event: 'job.update', data: '{"seq":1}', lastEventId: '1' },
  { event: 'job.update', data: '{"seq":2,\n"multi":true}', lastEventId: '2' },
];

describe('SseParser', () => {
  it('parses events, joining multi-line data and skipping comments and data-less blocks', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed(STREAM), EXPECTED);
    assert.equal(parser.retryMs, 2000);
    assert.equal(parser.lastEventId, '2');
  });

  it('gives the same events however the stream is split into chunks', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      assert.deepEqual(parseAll(chunks), EXPECTED, `chunks of ${size}`);
    }
  });

  it('holds a partial line until its end arrives', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed('event: job.up'), []);
    assert.deepEqual(parser.feed('date\ndata: x'), []);
    assert.deepEqual(parser.feed('\n\n'), [{ event: 'job.update', data: 'x', lastEventId: '' }]);
  });

  it('accepts CRLF and CR line endings, with a CRLF split between chunks', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    assert.deepEqual(parseAll([crlf]), EXPECTED);
    assert.deepEqual(parseAll([STREAM.replaceAll('\n', '\r')]), EXPECTED);
    const cut = crlf.indexOf('\r\n', crlf.indexOf('data')) + 1;
    assert.deepEqual(parseAll([crlf.slice(0, cut), crlf.slice(cut)]), EXPECTED);
    assert.deepEqual(parseAll([crlf.slice(0, cut), '', crlf.slice(cut)]), EXPECTED);
  });

  it('names an unnamed event message and keeps the id across events', () => {
    assert.deepEqual(parseAll(['id: 7\ndata: a\n\ndata: b\n\n']), [
      { event: 'message', data: 'a', lastEventId: '7' },
      { event: 'message', data: 'b', lastEventId: '7' },
    ]);
  });

  it('drops one leading space only, and reads a field without a colon as empty', () => {
    assert.deepEqual(parseAll(['data:  two spaces\ndata\ndata:none\n\n']), [
      { event: 'message', data: ' two spaces\n\nnone', lastEventId: '' },
    ]);
  });

  it('ignores a byte order mark, unknown fields, an id with NUL and a bad retry', () => {
    const parser = new SseParser();
    const events = parser.feed('\uFEFFretry: soon\nfoo: bar\nid: a\0b\ndata: x\n\n');
    assert.deepEqual(events, [{ event: 'message', data: 'x', lastEventId: '' }]);
    assert.equal(parser.retryMs, undefined);
  });
});
