/** The command line was wrong: the message says how, and the help is pointed to. */
export class UsageError extends Error {}

/** The command was fine but could not be carried out: the gateway refused it or could not be reached. */
export class CommandError extends Error {}
