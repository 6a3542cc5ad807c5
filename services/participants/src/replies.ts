import type { MessageInput, ParticipantCommand } from '@jobtrack/contracts';

export type Reply = MessageInput<'jobtrack.events.v1.ParticipantReply'>;

/** A reply's message id derives from its command's, so a re-sent reply is recognisable downstream. */
export const replyId = (commandId: string): string => `${commandId}:reply`;
export const progressId = (commandId: string, percent: number): string => `${commandId}:progress:${percent}`;

function answering(command: ParticipantCommand, commandId: string) {
  return {
    sagaId: command.sagaId,
    jobId: command.jobId,
    step: command.step,
    action: command.action,
    commandId,
  };
}

export function finalReply(
  command: ParticipantCommand,
  commandId: string,
  outcome: { errorCode: string; reason: string } | { resultJson: string },
): Reply {
  return 'errorCode' in outcome
    ? { ...answering(command, commandId), outcome: 'REPLY_OUTCOME_FAILURE', ...outcome }
    : { ...answering(command, commandId), outcome: 'REPLY_OUTCOME_SUCCESS', ...outcome };
}

export function progressReply(
  command: ParticipantCommand,
  commandId: string,
  percent: number,
  message: string,
): Reply {
  return { ...answering(command, commandId), outcome: 'REPLY_OUTCOME_PROGRESS', percent, message };
}
