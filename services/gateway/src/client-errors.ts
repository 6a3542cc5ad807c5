import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const REASONS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_URI_TOO_LONG: [414, 'URI Too Long'],
};

/**
 * Requests Node refuses before express sees them (headers over the size limit, a malformed request line) still
 * get an RFC 9457 answer rather than Node's bare one; the connection is closed, since its framing is unknown.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.readyState !== 'open') {
      socket.destroy();
      return;
    }
    const [status, title] = REASONS[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = JSON.stringify({
      type: 'about:blank',
      title,
      status,
      detail: 'the request could not be read',
    });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
