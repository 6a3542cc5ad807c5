import type { ParticipantCommand } from '@jobtrack/contracts';
import { BoundedMap } from './bounded-map.ts';
import type { Reply } from './replies.ts';

/** What a command got: its final reply, or none when the simulation made it hang. */
export interface Answer {
  readonly reply: Reply | undefined;
}

const REMEMBERED = 10_000;

/**
 * A participant's idempotency records, at two levels. By message id: a redelivered command gets the answer it
 * got before. By (saga, step, action), the business key: a new attempt after a success replays that success, so
 * an orchestrator retrying after a lost reply never makes a step apply twice; after a failure or a hang nothing
 * was applied, so a new attempt runs afresh.
 *
 * Kept in memory and bounded here, as retries and redeliveries come soon after the original. A real participant
 * keeps both in its own database, written in the same transaction as the change the command makes, so that a
 * crash can neither apply without recording nor record without applying.
 */
export class IdempotencyRecords {
  readonly #byMessageId = new BoundedMap<Answer>(REMEMBERED);
  readonly #successes = new BoundedMap<Reply>(REMEMBERED);

  answerTo(messageId: string): Answer | undefined {
    return this.#byMessageId.get(messageId);
  }

  successOf(command: ParticipantCommand): Reply | undefined {
    return this.#successes.get(businessKey(command));
  }

  remember(messageId: string, command: ParticipantCommand, answer: Answer): void {
    this.#byMessageId.set(messageId, answer);
    if (answer.reply?.outcome === 'REPLY_OUTCOME_SUCCESS') {
      this.#successes.set(businessKey(command), answer.reply);
    }
  }
}

const businessKey = (command: ParticipantCommand): string =>
  JSON.stringify([command.sagaId, command.step, command.action]);
