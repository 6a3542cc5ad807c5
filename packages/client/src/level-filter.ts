import type { SubscriptionLevel } from '@jobtrack/contracts/ws-protocol';
import type { JobUpdate } from './types.ts';

/**
 * The WebSocket server's level rules, applied on the client for the SSE stream, which sends every update:
 * `status` passes an update whose status differs from the last one passed, `progress` also one whose percent does,
 * `detail` passes all.
 */
export function levelFilter(level: SubscriptionLevel): (update: JobUpdate) => boolean {
  let last: JobUpdate | undefined;
  return (update) => {
    const previous = last;
    const pass =
      previous === undefined ||
      level === 'detail' ||
      previous.status !== update.status ||
      (level === 'progress' && previous.progress.percent !== update.progress.percent);
    if (pass) last = update;
    return pass;
  };
}
